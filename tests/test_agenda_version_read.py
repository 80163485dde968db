"""The reading view of an agenda version: who may open it and what it shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from agenda.governance.compiling import agenda_compile
from agenda.governance.services import agenda_step
from agenda.models import AgendaVersion, Edition, PdfDocument
from tests import factories
from tests.agenda_helpers import approve_chapter, approve_everything


@pytest.fixture
def coordinator(db):
    return factories.coordinator(username="carla")


def url(version):
    return reverse("agenda:agenda_version_read", args=[version.pk])


def compile_(coordinator):
    return agenda_compile(edition=Edition.objects.current(), user=coordinator)


def test_partner_gets_404_on_a_rough_version(coordinator, as_user):
    approve_chapter(1, coordinator)
    version = compile_(coordinator)
    assert (
        as_user(factories.partner_rep("VOB", username="vob")).get(url(version)).status_code == 404
    )
    assert as_user(factories.outsider(username="olga")).get(url(version)).status_code == 404


@pytest.mark.parametrize("role", ["writer", "member", "read_along", "coordinator"])
def test_participants_read_a_rough_version(cast, as_user, role):
    approve_chapter(1, cast["coordinator"])
    version = compile_(cast["coordinator"])
    assert as_user(cast[role]).get(url(version)).status_code == 200


def test_partner_reads_the_definitive_concept_with_contents_and_chapters(coordinator, as_user):
    approve_everything(coordinator)
    version = compile_(coordinator)
    for step in ["to_feedback", "to_definitive"]:
        version = agenda_step(version=version, user=coordinator, step=step)
    response = as_user(factories.partner_rep("VOB", username="vob")).get(url(version))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    assert 'href="#hoofdstuk-12"' in page and 'id="hoofdstuk-12"' in page  # contents → chapter
    assert "Hoofdstuk van team 3" in page  # the frozen chapter text
    assert "Samen sterker" in page  # the motto
    assert 'lang="nl"' in page
    assert "<script>" not in page and "style=" not in page


def test_anonymous_visitor_is_sent_to_log_in(coordinator, client):
    approve_chapter(1, coordinator)
    version = compile_(coordinator)
    response = client.get(url(version))
    assert response.status_code == 302 and "/inloggen/" in response["Location"]


def test_version_page_links_to_the_reading_view_and_says_the_pdf_size(coordinator, as_user):
    approve_chapter(1, coordinator)
    version = compile_(coordinator)
    document = PdfDocument.objects.create(key="b" * 64, file="pdf/x.pdf", pages=2, size=95_400)
    AgendaVersion.objects.filter(pk=version.pk).update(
        pdf=document, pdf_status=AgendaVersion.PdfStatus.READY
    )
    page = as_user(coordinator).get(reverse("agenda:agenda_version", args=[version.pk]))
    html = page.content.decode()
    assert f'href="{url(version)}"' in html
    assert "95 kB" in html


@pytest.mark.parametrize(
    ("size", "label"), [(0, ""), (400, "1 kB"), (95_400, "95 kB"), (1_234_567, "1,2 MB")]
)
def test_pdf_size_label(size, label):
    with translation.override("nl"):
        assert PdfDocument(size=size).size_label == label


def test_a_stored_pdf_records_its_size(db, monkeypatch, settings, tmp_path):
    from agenda.pdf import storage as pdf

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(pdf, "render_pdf", lambda html: (b"%PDF-1.7 " + b"x" * 2_000, 1))
    document = pdf.store_pdf("<html><body>Agenda</body></html>")
    assert document.size == 2_009 and document.size_label == "2 kB"


def test_the_reading_view_builds_chapters_from_their_records_alone(coordinator, as_user):
    """Frozen chapters come from their history records: no query per chapter (a
    record's ``instance`` would read today's word counts for each)."""
    approve_everything(coordinator)
    version = compile_(coordinator)
    client = as_user(coordinator)
    client.get(url(version))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(version))
    assert response.status_code == 200
    assert not [q["sql"] for q in queries if "word_counts" in q["sql"]]
    assert "Hoofdstuk van team 12" in response.content.decode()
