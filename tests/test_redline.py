"""The changes between two agenda versions for the boards: one page with every changed
part's deleted and inserted words, and the same as a PDF made in the background."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from agenda.governance.services import agenda_step
from agenda.models import RedlinePdf
from agenda.selectors.comparisons import redline
from tests import factories
from tests.agenda_helpers import approve_chapter, approve_everything, approve_network_texts
from tests.test_agenda_compare import compile_, reapprove_chapter

OLD_TEXT = "<p>De bibliotheek leest voor aan peuters in de wijk.</p>"
NEW_TEXT = "<p>De bibliotheek leest elke week voor aan peuters en ouders.</p>"


@pytest.fixture
def coordinator(db):
    return factories.coordinator(username="carla")


@pytest.fixture
def versions(coordinator):
    """Version 0.1; version 0.2 with chapter 1's context rewritten, chapter 3 unchanged."""
    approve_network_texts(coordinator)
    approve_chapter(1, coordinator, text=OLD_TEXT)
    approve_chapter(3, coordinator)
    old = compile_(coordinator)
    reapprove_chapter(1, coordinator, NEW_TEXT)
    return old, compile_(coordinator)


def test_only_changed_parts_and_aspects_are_in_the_redline(versions, django_assert_max_num_queries):
    old, new = versions
    with django_assert_max_num_queries(7):
        parts = redline(old, new)
    assert [item["part"].slug for item in parts] == ["1"]
    [changed] = [a for a in parts[0]["aspects"] if a["changed"]]
    assert "<del" in changed["diff"] and "in de wijk" in changed["diff"]
    assert "<ins" in changed["diff"] and "elke week" in changed["diff"]


def test_the_page_shows_words_marked_for_screen_readers_and_links_the_pdf(
    as_user, coordinator, versions
):
    old, new = versions
    html = as_user(coordinator).get(reverse("agenda:redline", args=[old.pk, new.pk])).content
    html = html.decode()
    assert "toegevoegd:" in html and "verwijderd:" in html  # said in words, not only colour
    assert reverse("agenda:redline_pdf", args=[old.pk, new.pk]) in html
    assert "Ambitie" not in html  # an unchanged aspect is left out
    assert "hoofdstuk 3" not in html.lower()


def test_a_partner_reads_no_redline_of_versions_they_do_not_see(as_user, versions):
    old, new = versions
    partner = factories.partner_rep("VOB", username="vob")
    response = as_user(partner).get(reverse("agenda:redline", args=[old.pk, new.pk]))
    assert response.status_code == 404


@pytest.mark.pdf
def test_the_redline_pdf_holds_the_deleted_and_inserted_words(
    as_user, coordinator, versions, django_capture_on_commit_callbacks
):
    old, new = versions
    url = reverse("agenda:redline_pdf", args=[old.pk, new.pk])
    client = as_user(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        waiting = client.get(url)
    assert waiting.status_code == 200 and "data-pdf-status" in waiting.content.decode()
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert "wijzigingen-v0.1-v0.2.pdf" in response["Content-Disposition"]
    data = b"".join(response.streaming_content)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    text = " ".join(text.split())
    assert "TOEGEVOEGD:" in text and "elke week" in text  # inserted, labelled in words
    assert "VERWIJDERD:" in text and "in de wijk" in text  # deleted, labelled in words
    assert "Ambitie" not in text
    assert RedlinePdf.objects.get().pdf.pages >= 2


def test_a_partner_reads_the_changes_since_the_version_the_boards_were_shown(as_user, coordinator):
    approve_everything(coordinator)
    shown = walk(compile_(coordinator), coordinator, "to_feedback", "to_definitive")
    reapprove_chapter(1, coordinator, NEW_TEXT)
    newer = walk(compile_(coordinator), coordinator, "to_feedback", "to_definitive")
    client = as_user(factories.partner_rep("VOB", username="vob"))
    assert client.get(reverse("agenda:agenda_version", args=[shown.pk])).status_code == 404
    page = client.get(reverse("agenda:agenda_version", args=[newer.pk])).content.decode()
    url = reverse("agenda:redline", args=[shown.pk, newer.pk])
    assert url in page  # next to the clean version, although the older one is replaced
    assert "elke week" in client.get(url).content.decode()


def walk(version, coordinator, *steps):
    for step in steps:
        version = agenda_step(version=version, user=coordinator, step=step)
    return version
