"""Every page costs the same number of queries with 3 and with 30 of what grows with use:
history versions, comments, proposals, action rows, members and agenda versions
(``bench/grow.py``)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agenda.models import AgendaVersion, Contribution
from bench.grow import grow
from tests import factories


def main_pages(cast):
    """The main pages as (role, url), one of each kind; `make bench` times the same list."""
    contribution = factories.contribution(1)
    history = list(contribution.history.order_by("history_id").values_list("history_id", flat=True))
    newest, oldest = AgendaVersion.objects.order_by("-sequence", "pk")[:2]
    open_proposal = contribution.proposals.filter(state="open").first()
    return {
        "home (writer)": ("writer", reverse("home")),
        "home (partner)": ("partner", reverse("home")),
        "home (coordinator)": ("coordinator", reverse("home")),
        "chapter (writer)": ("writer", contribution.get_absolute_url()),
        "chapter (coordinator)": ("coordinator", contribution.get_absolute_url()),
        "chapter (reader)": ("read_along", contribution.get_absolute_url()),
        "edit": ("writer", reverse("agenda:contribution_edit", args=[contribution.pk])),
        "submit check": ("writer", reverse("agenda:contribution_submit", args=[contribution.pk])),
        "revision": ("writer", reverse("agenda:contribution_revision", args=[contribution.pk])),
        "versions": ("writer", reverse("agenda:history", args=[contribution.pk])),
        "versions, last page": (
            "writer",
            reverse("agenda:history", args=[contribution.pk]) + "?pagina=last",
        ),
        "old version": (
            "writer",
            reverse("agenda:history_record", args=[contribution.pk, history[1]]),
        ),
        "restore": (
            "writer",
            reverse("agenda:history_restore", args=[contribution.pk, history[1]]),
        ),
        "compare": ("writer", reverse("agenda:history_compare", args=[contribution.pk])),
        "compare, chosen": (
            "writer",
            reverse("agenda:history_compare", args=[contribution.pk])
            + f"?van={history[1]}&naar={history[-1]}",
        ),
        "overview": ("coordinator", reverse("agenda:overview")),
        "compile page": ("coordinator", reverse("agenda:agenda_compile")),
        "agenda versions (coordinator)": ("coordinator", reverse("agenda:agenda_versions")),
        "agenda versions (partner)": ("partner", reverse("agenda:agenda_versions")),
        "agenda version (coordinator)": (
            "coordinator",
            reverse("agenda:agenda_version", args=[newest.pk]),
        ),
        "agenda version (partner)": ("partner", reverse("agenda:agenda_version", args=[newest.pk])),
        "reading view (partner)": (
            "partner",
            reverse("agenda:agenda_version_read", args=[newest.pk]),
        ),
        "agenda compare": ("coordinator", reverse("agenda:agenda_compare")),
        "agenda compare, chosen": (
            "coordinator",
            reverse("agenda:agenda_compare") + f"?van={oldest.pk}&naar={newest.pk}",
        ),
        "chapter PDF, being made": (
            "partner",
            reverse("agenda:chapter_pdf", args=[newest.pk, 1]),
        ),
        "propose": ("read_along", reverse("agenda:proposal_create", args=[contribution.pk])),
        "reject a proposal": (
            "writer",
            reverse("agenda:proposal_reject", args=[contribution.pk, open_proposal.pk]),
        ),
        "changes between versions": (
            "coordinator",
            reverse("agenda:redline", args=[oldest.pk, newest.pk]),
        ),
        "motto": ("coordinator", reverse("agenda:network_text", args=["motto"])),
        "team (coordinator)": ("coordinator", reverse("teams:detail", args=[1])),
        "team (writer)": ("writer", reverse("teams:detail", args=[1])),
        "programme teams": ("member", reverse("portal:teams")),
        "timeline": ("partner", reverse("portal:timeline")),
        "search": ("coordinator", reverse("portal:search") + "?q=Reactie"),
        "documents": ("member", reverse("portal:documents")),
        "about": ("coordinator", reverse("portal:about")),
    }


def _counts(as_user, cast):
    counts = {}
    for name, (role, url) in main_pages(cast).items():
        client = as_user(cast[role])
        client.get(url)  # what a process reads once (content types, …) is not counted
        cache.clear()  # but comparisons are made again, as for a pair never asked before
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(queries)
    return counts


@pytest.mark.django_db
def test_every_page_costs_the_same_with_ten_times_the_data(as_user, cast):
    grow(3)
    little = _counts(as_user, cast)
    grow(27)
    assert Contribution.history.filter(id=factories.contribution(1).pk).count() > 60
    much = _counts(as_user, cast)
    grown = {name: (little[name], much[name]) for name in little if little[name] != much[name]}
    assert not grown, f"queries (3 → 30 of everything): {grown}"


@pytest.mark.django_db
def test_lists_read_no_chapter_text(as_user, cast):
    """Pages that list chapters or versions show states and dates: they never load the
    texts (a chapter may hold 17,000 words)."""
    grow(2)
    pages = main_pages(cast)
    for name in ["home (writer)", "versions", "overview", "agenda version (coordinator)"]:
        role, url = pages[name]
        with CaptureQueriesContext(connection) as queries:
            as_user(cast[role]).get(url)
        texts = [q["sql"] for q in queries if '."ambition"' in q["sql"]]
        assert not texts, f"{name} reads chapter text: {texts}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["chapter (writer)", "edit"])
def test_system_provisions_are_read_once_per_request(as_user, cast, name):
    grow(2)
    role, url = main_pages(cast)[name]
    client = as_user(cast[role])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    reads = [q for q in queries if 'FROM "partners_systemprovision"' in q["sql"]]
    assert len(reads) == 1
