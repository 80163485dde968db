"""Every page costs the same number of queries with 3 and with 30 of what grows with use:
history versions, comments, proposals, action rows, members and agenda versions
(``bench/grow.py``)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agenda.models import AgendaVersion, Contribution, Edition
from bench.grow import grow, grow_tracked_actions
from tests import factories


def main_pages(cast):
    """The main pages as (role, url), one of each kind; `make bench` times the same list."""
    contribution = factories.contribution(1)
    history = list(contribution.history.order_by("history_id").values_list("history_id", flat=True))
    versions = AgendaVersion.objects.filter(edition=Edition.objects.current())
    newest, oldest = versions.order_by("-sequence")[:2]
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
        "reading a chapter (partner)": (
            "partner",
            reverse("agenda:agenda_version_read_chapter", args=[newest.pk, 1]),
        ),
        "colophon and annex (partner)": (
            "partner",
            reverse("agenda:agenda_version_read_annex", args=[newest.pk]),
        ),
        "agenda compare": ("coordinator", reverse("agenda:agenda_compare")),
        "agenda compare, chosen": (
            "coordinator",
            reverse("agenda:agenda_compare") + f"?van={oldest.pk}&naar={newest.pk}",
        ),
        "check a PDF": ("partner", reverse("agenda:pdf_check")),
        "chapter PDF, being made": (
            "partner",
            reverse("agenda:chapter_pdf", args=[newest.pk, 1]),
        ),
        "propose": ("read_along", reverse("agenda:proposal_create", args=[contribution.pk])),
        "proposals on a text": (
            "writer",
            reverse("agenda:text_proposals", args=[contribution.pk, open_proposal.text_name]),
        ),
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
        "team participants": ("member", reverse("portal:team_participants", args=[1])),
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
    lists = ["home (writer)", "versions", "overview", "agenda version (coordinator)"]
    for name in [*lists, "reading view (partner)"]:
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


def tracking_pages(version):
    from agenda.models import TrackedAction

    action = TrackedAction.objects.filter(version=version, team__number=1).order_by("row").first()
    return {
        "actions overview": ("coordinator", reverse("agenda:tracking_overview")),
        "actions of a team": ("writer", reverse("agenda:tracking_team", args=[1])),
        "actions of a partner": ("partner", reverse("agenda:tracking_partner", args=["KB"])),
        "actions per quarter": ("member", reverse("agenda:tracking_quarter") + "?kwartaal=2"),
        "tracked action (writer)": ("writer", reverse("agenda:tracked_action", args=[action.pk])),
        "tracked action (partner)": (
            "partner",
            reverse("agenda:tracked_action", args=[action.pk]),
        ),
        "home, actions waiting (writer)": ("writer", reverse("home")),
        "tracked actions export": ("partner", reverse("agenda:tracking_export", args=["xlsx"])),
        "import of updates": ("coordinator", reverse("agenda:tracking_import")),
        "home, actions waiting (partner)": ("partner", reverse("home")),
    }


def _tracking_counts(as_user, cast, version):
    counts = {}
    for name, (role, url) in tracking_pages(version).items():
        client = as_user(cast[role])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(queries)
    return counts


@pytest.mark.django_db
def test_tracked_action_pages_cost_the_same_with_many_actions_and_updates(as_user, cast):
    """3 actions x 1 update per team against 40 x 8 (issue 28), the same count."""
    from agenda.models import TrackedAction
    from tests.test_tracking import ratify

    version = ratify(cast["coordinator"])
    grow_tracked_actions(version, per_team=3, updates=1)
    little = _tracking_counts(as_user, cast, version)
    grow_tracked_actions(version, per_team=40, updates=8)
    assert TrackedAction.objects.filter(version=version).count() == 12 * 40
    much = _tracking_counts(as_user, cast, version)
    grown = {name: (little[name], much[name]) for name in little if little[name] != much[name]}
    assert not grown, f"queries (3 x 1 → 40 x 8): {grown}"


def _link_counts(client, coordinator, version, token) -> dict:
    pages = {
        "answer link": (client, reverse("agenda:answer_link", args=[token])),
        "version page with invitations": (
            coordinator,
            reverse("agenda:agenda_version", args=[version.pk]),
        ),
    }
    counts = {}
    for name, (browser, url) in pages.items():
        browser.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = browser.get(url)
        assert response.status_code == 200, (name, response.status_code)
        counts[name] = len(queries)
    return counts


@pytest.mark.django_db
def test_answer_link_pages_cost_the_same_with_many_invitations(client, as_user, cast):
    """The link's page and the version page's list of invitations (issue 29): 2 against
    20 invitations, the same count."""
    from tests.test_answer_links import invite
    from tests.test_permissions import version_in

    version = version_in(cast, AgendaVersion.State.CONSULTATION)
    coordinator = as_user(cast["coordinator"])
    _first, token = invite(version, cast["coordinator"], "VOB")
    invite(version, cast["coordinator"], "VNG", email="a@vng.test")
    little = _link_counts(client, coordinator, version, token)
    for number in range(18):
        invite(version, cast["coordinator"], "IPO", email=f"p{number}@ipo.test")
    much = _link_counts(client, coordinator, version, token)
    assert little == much, f"queries (2 → 20 invitations): {little} → {much}"


@pytest.mark.django_db
def test_voor_u_and_the_public_progress_page_cost_the_same_with_many_actions(
    client, as_user, cast, settings
):
    """*Voor u* with 3 against 40 actions per team waiting (their updates older than the
    quarter), and the public progress page with 1 against 8 updates each (issue 28)."""
    import datetime

    from django.utils import timezone

    from agenda.models import ProgressUpdate
    from tests.test_tracking import ratify

    settings.PUBLIC_FINAL_AGENDA = True
    kb = factories.partner_rep("KB", username="kb")
    version = ratify(cast["coordinator"])
    long_ago = timezone.now() - datetime.timedelta(days=400)

    def counts():
        ProgressUpdate.objects.update(created_at=long_ago, public=True)
        found = {}
        for name, user, url in [
            ("home (writer)", cast["writer"], reverse("home")),
            ("home (KB)", kb, reverse("home")),
            ("public progress", None, reverse("agenda:tracking_public")),
        ]:
            if user is None:
                client.logout()
            browser = client if user is None else as_user(user)
            browser.get(url)
            with CaptureQueriesContext(connection) as queries:
                response = browser.get(url)
            assert response.status_code == 200, name
            found[name] = len(queries)
        return found

    grow_tracked_actions(version, per_team=3, updates=1)
    little = counts()
    grow_tracked_actions(version, per_team=40, updates=8)
    much = counts()
    home = as_user(kb).get(reverse("home")).content.decode()
    assert home.count('data-for-you-item="tracked_action"') > 12 * 3
    assert little == much


@pytest.mark.django_db
def test_the_carry_over_page_costs_the_same_with_many_unfinished_actions(as_user, cast):
    """The previous edition's unfinished actions, 3 against 40 per team (issue 28)."""
    from tests.agenda_helpers import open_next_edition
    from tests.test_tracking import ratify

    version = ratify(cast["coordinator"])
    open_next_edition()
    client = as_user(cast["coordinator"])
    url = reverse("agenda:carry_over")

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries), response.content.decode().count("data-carry-over-action")

    grow_tracked_actions(version, per_team=3, updates=1)
    little, shown = count()
    grow_tracked_actions(version, per_team=40, updates=8)
    much, shown_much = count()
    assert shown_much > shown > 12
    assert little == much


@pytest.mark.django_db
def test_progress_reports_cost_the_same_with_many_actions_and_updates(as_user, cast):
    """The progress reports' pages, taking a report's figures and its print HTML (the
    worker's side), with 3 actions x 1 update per team against 40 x 8 (issue 28)."""
    from agenda.models import PdfDocument, ProgressReport
    from agenda.pdf.reports import progress_report_html
    from agenda.tracking.reports import progress_report_request, report_content
    from tests.test_tracking import ratify

    version = ratify(cast["coordinator"])

    def counts():
        report = progress_report_request(version=version, quarter=2, user=cast["coordinator"])
        document, _new = PdfDocument.objects.get_or_create(key="report", defaults={"size": 9000})
        ProgressReport.objects.filter(pk=report.pk).update(pdf=document, pdf_status="ready")
        report.refresh_from_db()
        found = {}
        with CaptureQueriesContext(connection) as queries:
            report_content(version, 2)
        found["taking the figures"] = len(queries)
        with CaptureQueriesContext(connection) as queries:
            html = progress_report_html(ProgressReport.objects.get(pk=report.pk))
        found["print HTML"] = len(queries)
        for name, role, url in [
            ("reports (coordinator)", "coordinator", reverse("agenda:progress_reports")),
            ("reports (partner)", "partner", reverse("agenda:progress_reports")),
            ("report (coordinator)", "coordinator", report.get_absolute_url()),
            ("report (partner)", "partner", report.get_absolute_url()),
            (
                "making it final",
                "coordinator",
                reverse("agenda:progress_report_final", args=[report.pk]),
            ),
        ]:
            client = as_user(cast[role])
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, name
            found[name] = len(queries)
        return found, html.count("<tr>")

    grow_tracked_actions(version, per_team=3, updates=1)
    little, rows = counts()
    grow_tracked_actions(version, per_team=40, updates=8)
    much, rows_much = counts()
    assert rows_much > rows > 12 * 3
    grown = {name: (little[name], much[name]) for name in little if little[name] != much[name]}
    assert not grown, f"queries (3 x 1 → 40 x 8): {grown}"
