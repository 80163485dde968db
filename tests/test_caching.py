"""What is computed from things that cannot change is cached under their ids
(``infra.caching``): the key changes with every input the result depends on (a new
record, other texts, another proposal, another language) and with nothing else, and a
cached result never carries what one user may see to another."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from agenda.selectors import comparisons, proposals
from agenda.services import ProposalInput, proposal_add
from infra.caching import MAX_KEY, cache_key, remembered
from tests import factories
from tests.agenda_helpers import approve_chapter, approve_network_texts, fill
from tests.test_agenda_compare import compile_, reapprove_chapter

TEXT = "<p>De bibliotheek helpt mensen met lezen.</p><p>Lezen is fijn en lezen helpt.</p>"


@pytest.fixture
def chapter(cast):
    return fill(factories.contribution(1), cast["writer"], context=TEXT)


def propose(contribution, user, exact="helpt mensen"):
    return proposal_add(
        contribution=contribution,
        user=user,
        data=ProposalInput(
            text_name="context", exact=exact, kind="replace", text="steunt", reason="Korter."
        ),
    )


def counting(monkeypatch, module, name):
    """Count the calls of ``module.name`` (still doing its work)."""
    calls = []
    original = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_a_key_names_the_kind_the_language_and_every_id():
    with translation.override("nl"):
        dutch = cache_key("compare", 1, "2026-01-01", 2)
        assert cache_key("compare", 1, "2026-01-01", 2) == dutch
        assert cache_key("compare", 1, "2026-01-01", 3) != dutch
        assert cache_key("redline", 1, "2026-01-01", 2) != dutch
    with translation.override("en"):
        assert cache_key("compare", 1, "2026-01-01", 2) != dutch
    long = cache_key("proposal-passages", *range(200))
    assert len(long) <= MAX_KEY and long != cache_key("proposal-passages", *range(201))


def test_remembered_computes_once_per_key():
    calls = []
    for _ in range(3):
        assert remembered("sum", 1, 2, compute=lambda: calls.append(1) or 3) == 3
    assert len(calls) == 1
    remembered("sum", 1, 3, compute=lambda: calls.append(1) or 4)
    assert len(calls) == 2


def test_passages_are_located_once_until_the_text_or_the_proposals_change(
    as_user, cast, chapter, monkeypatch
):
    propose(chapter, cast["read_along"])
    located = counting(monkeypatch, proposals, "shown")
    client = as_user(cast["writer"])
    for _ in range(2):
        assert "Korter." in client.get(chapter.get_absolute_url()).content.decode()
    assert len(located) == 1
    propose(chapter, cast["read_along"], exact="fijn")  # another proposal: a new key
    client.get(chapter.get_absolute_url())
    assert len(located) == 2
    fill(chapter, cast["writer"], context=TEXT + "<p>Nieuw.</p>")  # other texts: a new key
    client.get(chapter.get_absolute_url())
    assert len(located) == 3
    with translation.override("en"):
        proposals.chapter_proposals(chapter)
    assert len(located) == 4


def test_a_cached_chapter_never_shows_one_users_choices_to_another(as_user, cast, chapter):
    propose(chapter, cast["read_along"])
    accept = reverse("agenda:proposals_accept", args=[chapter.pk])
    writer_page = as_user(cast["writer"]).get(chapter.get_absolute_url()).content.decode()
    assert accept in writer_page and "<mark" in writer_page
    reader_page = as_user(cast["read_along"]).get(chapter.get_absolute_url()).content.decode()
    assert accept not in reader_page and "<mark" in reader_page and "Korter." in reader_page
    again = as_user(cast["writer"]).get(chapter.get_absolute_url()).content.decode()
    assert accept in again


def test_a_comparison_of_two_records_is_computed_once_per_pair_and_language(
    cast, chapter, monkeypatch
):
    fill(chapter, cast["writer"], context=TEXT.replace("fijn", "heerlijk"))
    fill(chapter, cast["writer"], context=TEXT.replace("fijn", "heerlijk") + "<p>En meer.</p>")
    new, old, older = chapter.history.order_by("-history_date", "-history_id")[:3]
    computed = counting(monkeypatch, comparisons, "compare_aspects")
    with translation.override("nl"):
        first = comparisons.compare_records(old, new)
        with CaptureQueriesContext(connection) as queries:
            assert comparisons.compare_records(old, new) == first
        assert len(queries) == 0 and len(computed) == 1
        comparisons.compare_records(older, new)
        assert len(computed) == 2
    with translation.override("en"):
        comparisons.compare_records(old, new)
    assert len(computed) == 3
    assert "En meer." in str(first["aspects"])


def test_the_changes_between_two_versions_are_computed_once(cast, monkeypatch):
    coordinator = cast["coordinator"]
    approve_network_texts(coordinator)
    approve_chapter(1, coordinator, text="<p>De bibliotheek leest voor.</p>")
    old = compile_(coordinator)
    reapprove_chapter(1, coordinator, "<p>De bibliotheek leest elke week voor.</p>")
    new = compile_(coordinator)
    computed = counting(monkeypatch, comparisons, "_redline")
    first = comparisons.redline(old, new)
    with CaptureQueriesContext(connection) as queries:
        assert comparisons.redline(old, new) == first
    assert len(computed) == 1 and len(queries) == 0
    assert "elke week" in str(first)
    comparisons.redline(new, old)  # the other way round: another pair
    assert len(computed) == 2
