"""A progress update may carry a document (a report, minutes): checked by its bytes, its
size and its name like the documents of the library, stored under a random name and
downloaded only by those who follow the actions."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agenda.errors import AgendaError
from agenda.models import ProgressUpdate
from agenda.tracking.services import update_post
from tests.test_tracking import action_of, ratify

PDF_BYTES = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def action(cast):
    return action_of(ratify(cast["coordinator"]), "Leesoffensief")


def pdf(name="verslag kwartaal 2.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_a_writer_posts_an_update_with_a_report_and_followers_download_it(action, cast, as_user):
    url = reverse("agenda:tracked_action", args=[action.pk])
    response = as_user(cast["writer"]).post(
        url, {"text": "Verslag van de bijeenkomst.", "status": "running", "document": pdf()}
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get()
    assert update.document_name == "verslag kwartaal 2.pdf"
    assert update.document_type == "application/pdf"
    assert update.document_size == len(PDF_BYTES)
    assert update.document.name.startswith("voortgang/") and "verslag" not in update.document.name

    page = as_user(cast["partner"]).get(url).content.decode()
    link = reverse("agenda:progress_update_document", args=[update.pk])
    assert f'href="{link}"' in page and "verslag kwartaal 2.pdf" in page
    download = as_user(cast["partner"]).get(link)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert as_user(cast["outsider"]).get(link).status_code == 404


def test_a_page_renamed_pdf_is_refused_and_what_was_typed_is_kept(action, cast, as_user):
    typed = "Twee bijeenkomsten gehouden."
    response = as_user(cast["writer"]).post(
        reverse("agenda:tracked_action", args=[action.pk]),
        {"text": typed, "status": "running", "document": pdf(content=b"<html><script>")},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert typed in html
    summary = re.search(r"data-error-summary.*?</div>", html, re.S).group(0)
    assert 'href="#id_document"' in summary
    assert "Dit bestand is niet van een van de toegestane soorten" in html
    assert not ProgressUpdate.objects.exists()


def test_a_good_file_is_asked_for_again_after_another_error(action, cast, as_user):
    response = as_user(cast["writer"]).post(
        reverse("agenda:tracked_action", args=[action.pk]),
        {"text": "", "status": "running", "document": pdf()},
    )
    html = response.content.decode()
    summary = re.search(r"data-error-summary.*?</div>", html, re.S).group(0)
    assert 'href="#id_text"' in summary and 'href="#id_document"' in summary
    assert not ProgressUpdate.objects.exists()


def test_the_service_refuses_a_file_too_large_or_of_the_wrong_kind(action, cast, settings):
    settings.DOCUMENT_MAX_MB = 1
    too_large = pdf(content=PDF_BYTES + b"0" * (1024 * 1024))
    for document in (too_large, pdf(content=b"MZ\x90\x00"), pdf(name="verslag.docx")):
        with pytest.raises(AgendaError):
            update_post(action=action, user=cast["writer"], text="Stand.", document=document)
    assert not ProgressUpdate.objects.exists()


def test_a_document_gone_from_storage_is_404_not_500(action, cast, as_user):
    update = update_post(action=action, user=cast["writer"], text="Stand.", document=pdf())
    update.document.storage.delete(update.document.name)  # a restore without the media
    link = reverse("agenda:progress_update_document", args=[update.pk])
    assert as_user(cast["writer"]).get(link).status_code == 404
