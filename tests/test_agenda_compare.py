"""Agenda compare: the list of parts that changed between two versions, and each
part's word diff on its own page."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from agenda.governance.compiling import agenda_compile
from agenda.models import AgendaVersion, Edition, NetworkText
from agenda.review.services import take_review_step
from agenda.selectors.comparisons import compare_chapters, compare_texts
from agenda.services import network_text_save
from bench.grow import add_agenda_versions
from tests import factories
from tests.agenda_helpers import approve_chapter, approve_network_texts

PARTS_CHANGED = "%(changed)s of %(total)s parts changed. Open a changed part to see its changes."
FIRST_CONTEXT = "<p>Eerste versie van de context.</p>"
SECOND_CONTEXT = "<p>Tweede versie van de context.</p>"


@pytest.fixture
def coordinator(db):
    return factories.coordinator(username="carla")


def site_text(msgid: str, **values) -> str:
    """``msgid`` as the site shows it (in Dutch once translated)."""
    with translation.override(settings.LANGUAGE_CODE):
        return translation.gettext(msgid) % values


def compile_(coordinator) -> AgendaVersion:
    return agenda_compile(edition=Edition.objects.current(), user=coordinator)


def approve_motto(coordinator, body: str) -> None:
    text = NetworkText.objects.get(edition=Edition.objects.current(), kind="motto")
    if text.state == NetworkText.State.APPROVED:
        text = take_review_step(obj=text, user=coordinator, step="reopen")
    writer = factories.team_user("writer", number=7)
    network_text_save(text=text, user=writer, body=body, base_revision=text.revision)
    take_review_step(obj=text, user=writer, step="submit")
    take_review_step(obj=text, user=coordinator, step="approve")


def reapprove_chapter(number: int, coordinator, text: str) -> None:
    take_review_step(obj=factories.contribution(number), user=coordinator, step="reopen")
    approve_chapter(number, coordinator, text=text)


@pytest.fixture
def two_versions(coordinator):
    """Version 1 with everything approved; version 2 with chapter 1 and the motto changed."""
    approve_network_texts(coordinator)
    approve_chapter(1, coordinator, text=FIRST_CONTEXT)
    approve_chapter(3, coordinator)
    old = compile_(coordinator)
    reapprove_chapter(1, coordinator, SECOND_CONTEXT)
    approve_motto(coordinator, "<p>Samen sterker door lezen</p>")
    approve_chapter(2, coordinator)  # a placeholder in version 1
    new = compile_(coordinator)
    return old, new


def item_url(old, new, item) -> str:
    return reverse("agenda:agenda_compare_item", args=[old.pk, new.pk, item])


def list_url(old, new) -> str:
    return reverse("agenda:agenda_compare") + f"?van={old.pk}&naar={new.pk}"


# The list of parts.


def test_parts_are_motto_manifesto_and_the_twelve_chapters_with_what_changed(two_versions):
    old, new = two_versions
    parts = compare_chapters(old, new)
    assert [p.slug for p in parts] == ["motto", "manifesto", *map(str, range(1, 13))]
    assert [p.slug for p in parts if p.changed] == ["motto", "1", "2"]
    chapter_2 = parts[3]
    assert chapter_2.placeholder_before and not chapter_2.placeholder_after
    assert not chapter_2.comparable
    assert parts[0].comparable and parts[2].comparable


def test_parts_are_read_in_two_queries_without_any_text(two_versions, django_assert_num_queries):
    old, new = two_versions
    with django_assert_num_queries(2) as queries:
        compare_chapters(old, new)
    assert all("context" not in q["sql"] for q in queries.captured_queries)


def test_list_shows_changed_parts_with_links_and_no_diff(as_user, coordinator, two_versions):
    old, new = two_versions
    html = as_user(coordinator).get(list_url(old, new)).content.decode()
    assert html.count('portal-tag--changed">gewijzigd</span>') == 3
    assert html.count('portal-tag--unchanged">ongewijzigd</span>') == 11
    for item in ["motto", 1, 2]:
        assert f'href="{item_url(old, new, item)}"' in html
    assert item_url(old, new, "manifesto") not in html
    assert "Nieuw in deze versie (was een plaatshouder)." in html
    assert site_text(PARTS_CHANGED, changed=3, total=14) in html
    assert "toegevoegd:" not in html and "Tweede" not in html and "lezen" not in html


def test_list_first_shows_the_newest_two_versions(as_user, coordinator, two_versions):
    old, new = two_versions
    html = as_user(coordinator).get(reverse("agenda:agenda_compare")).content.decode()
    assert f'href="{item_url(old, new, 1)}"' in html
    assert html.count("<h1") == 1


# One part's page.


def test_chapter_page_shows_inserted_and_deleted_words(as_user, coordinator, two_versions):
    old, new = two_versions
    html = as_user(coordinator).get(item_url(old, new, 1)).content.decode()
    assert "toegevoegd: </span>Tweede" in html and "verwijderd: </span>Eerste" in html
    assert html.count("<h1") == 1
    assert "Jaarprogramma" in html  # every aspect, as on a chapter's own compare page
    assert f'href="{list_url(old, new).replace("&", "&amp;")}"' in html
    # Changed parts: motto, 1, 2; chapter 1 lies between the other two.
    assert f'href="{item_url(old, new, "motto")}" rel="prev"' in html
    assert f'href="{item_url(old, new, 2)}" rel="next"' in html
    assert site_text("Changed part %(number)s of %(total)s", number=2, total=3) in html


def test_motto_page_shows_its_word_diff(as_user, coordinator, two_versions):
    old, new = two_versions
    html = as_user(coordinator).get(item_url(old, new, "motto")).content.decode()
    assert "toegevoegd: </span>door lezen" in html
    assert 'rel="prev"' not in html
    assert f'href="{item_url(old, new, 1)}" rel="next"' in html


def test_a_placeholder_that_became_a_chapter_says_so(as_user, coordinator, two_versions):
    old, new = two_versions
    client = as_user(coordinator)
    html = client.get(item_url(old, new, 2)).content.decode()
    assert "Nieuw in deze versie (was een plaatshouder)." in html
    assert "portal-diff" not in html.split("<h1", 1)[1].replace("portal-diff-legend", "")
    html = client.get(item_url(new, old, 2)).content.decode()
    assert "Nu een plaatshouder." in html


def test_unchanged_part_says_so_and_links_back(as_user, coordinator, two_versions):
    old, new = two_versions
    html = as_user(coordinator).get(item_url(old, new, 3)).content.decode()
    assert 'portal-tag--unchanged">ongewijzigd</span>' in html
    same = "This part is the same in version %(old)s and version %(new)s."
    assert site_text(same, old=old.number, new=new.number) in html
    assert f'href="{list_url(old, new).replace("&", "&amp;")}"' in html
    assert "toegevoegd:" not in html


@pytest.mark.parametrize("item", ["13", "0", "motto-en-manifest", "team"])
def test_unknown_part_is_404(as_user, coordinator, two_versions, item):
    old, new = two_versions
    assert as_user(coordinator).get(item_url(old, new, item)).status_code == 404


def test_unknown_version_is_404(as_user, coordinator, two_versions):
    old, _new = two_versions
    url = reverse("agenda:agenda_compare_item", args=[old.pk, 999999, 1])
    assert as_user(coordinator).get(url).status_code == 404


def test_partner_cannot_open_a_part_of_a_version_they_may_not_see(as_user, coordinator):
    add_agenda_versions(1)  # a definitive concept: partners read it
    definitive = AgendaVersion.objects.get()
    partner = as_user(factories.partner_rep("VOB"))
    assert partner.get(item_url(definitive, definitive, 1)).status_code == 200
    reapprove_chapter(1, coordinator, SECOND_CONTEXT)
    rough = compile_(coordinator)  # for participants only; the definitive one is superseded
    assert partner.get(item_url(definitive, rough, 1)).status_code == 404
    assert partner.get(item_url(rough, definitive, "motto")).status_code == 404
    assert partner.get(item_url(definitive, definitive, 1)).status_code == 404
    assert as_user(coordinator).get(item_url(definitive, rough, 1)).status_code == 200


def test_outsider_gets_404(as_user, two_versions):
    old, new = two_versions
    assert as_user(factories.outsider()).get(item_url(old, new, "motto")).status_code == 404


# The comparison of a network text.


def test_texts_are_compared_once_per_pair(coordinator, django_assert_num_queries):
    approve_motto(coordinator, "<p>Samen sterker</p>")
    approve_motto(coordinator, "<p>Samen veel sterker</p>")
    motto = NetworkText.objects.get(kind="motto", edition=Edition.objects.current())
    records = list(motto.history.filter(state="approved").order_by("history_date"))
    result = compare_texts(records[0], records[-1])
    assert result["changed"] and "toegevoegd: </span>veel" in str(result["diff"])
    with django_assert_num_queries(0):
        assert compare_texts(records[0], records[-1]) == result


# Query budget: the part's page costs the same with 3 and with 30 agenda versions.


def _item_counts(as_user, user):
    newest, older = AgendaVersion.objects.order_by("-sequence")[:2]
    client = as_user(user)
    counts = {}
    for item in ["1", "motto"]:
        url = item_url(older, newest, item)
        client.get(url)  # what a process reads once is not counted
        cache.clear()  # the comparison is made again
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts[item] = len(queries)
    return counts


@pytest.mark.django_db
def test_part_page_costs_the_same_with_ten_times_the_versions(as_user, cast):
    add_agenda_versions(3)
    little = _item_counts(as_user, cast["read_along"])
    add_agenda_versions(27)
    assert AgendaVersion.objects.count() == 30
    much = _item_counts(as_user, cast["read_along"])
    assert little == much
