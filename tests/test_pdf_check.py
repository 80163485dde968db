"""The check page: a PDF this portal published is recognised by its SHA-256 (which
version, which state), its signature is checked, an altered byte breaks both, and what
is not a PDF gets a form error, never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agenda.governance.compiling import agenda_compile
from agenda.management.commands.make_demo_certificate import DEMO_NAME
from agenda.models import AgendaVersion, Edition
from agenda.pdf.tasks import render_version_pdf
from tests import factories
from tests.agenda_helpers import approve_chapter
from tests.test_signing import certificate, ratified, stored_bytes  # noqa: F401 (fixture)

pytestmark = pytest.mark.pdf

URL = "agenda:pdf_check"


@pytest.fixture
def coordinator(db):
    return factories.coordinator(username="carla")


def upload(client, data: bytes, name: str = "agenda.pdf"):
    return client.post(reverse(URL), {"document": SimpleUploadedFile(name, data)})


def test_ratified_pdf_is_recognised_with_an_intact_signature_and_an_altered_byte_is_not(
    certificate,  # noqa: F811
    coordinator,
    as_user,
):
    version = ratified(coordinator)
    data = stored_bytes(version)
    client = as_user(factories.outsider(username="olga"))  # reads only the ratified agenda

    response = upload(client, data)
    assert response.status_code == 200
    check = response.context["check"]
    assert [(item.version, item.kind) for item in check.publications] == [(version, "agenda")]
    assert check.signature.intact and check.signature.covers_all and check.signature.ours
    assert DEMO_NAME in response.text and version.pdf.sha256 in response.text
    assert str(version.get_state_display()) in response.text

    altered = bytearray(data)
    altered[data.index(b"/Lang") + 2] ^= 0x01  # one bit of the document's language
    response = upload(client, bytes(altered))
    assert response.status_code == 200
    check = response.context["check"]
    assert not check.published
    assert not check.signature.intact
    assert "utrecht-alert--error" in response.text


def test_an_unsigned_version_is_recognised_only_by_those_who_read_it(coordinator, as_user):
    approve_chapter(1, coordinator)
    version = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    render_version_pdf.call(version_id=version.pk)
    version = AgendaVersion.objects.select_related("pdf").get(pk=version.pk)
    data = stored_bytes(version)

    seen = upload(as_user(coordinator), data).context["check"]
    assert [item.version for item in seen.publications] == [version]
    assert seen.signature is None
    # A partner does not read a rough version: the page tells them nothing of it.
    unseen = upload(as_user(factories.partner_rep("VOB", username="piet")), data)
    assert not unseen.context["check"].published
    assert f"/agenda/{version.pk}/" not in unseen.text


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"Dit is geen PDF, wat de naam ook zegt.", "agenda.pdf"),
        (b"%PDF-1.7\nrommel zonder trailer of paginaboom\n", "agenda.pdf"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "plaatje.pdf"),
    ],
    ids=["text", "header-only", "png"],
)
def test_what_is_not_a_pdf_gets_a_form_error_with_a_summary(db, as_user, data, name):
    response = upload(as_user(factories.member(username="mia")), data, name)
    assert response.status_code == 200
    assert response.context["check"] is None
    assert response.context["form"].errors["document"]
    assert 'href="#id_document"' in response.text  # the summary links to the field
    assert response.context["error_list"]
    assert "data-error-summary" in response.text


def test_a_file_above_the_limit_is_refused_before_it_is_read_as_pdf(db, as_user, settings):
    settings.PDF_CHECK_MAX_MB = 1
    response = upload(as_user(factories.member(username="mia")), b"%PDF-1.7\n" + b"0" * 2**20)
    assert response.status_code == 200
    assert "1,0" in str(response.context["form"].errors["document"]) or "MB" in str(
        response.context["form"].errors["document"]
    )


def test_no_file_asks_for_one(db, as_user):
    response = as_user(factories.member(username="mia")).post(reverse(URL), {})
    assert response.status_code == 200
    assert response.context["form"].errors["document"]


def test_the_form_is_a_multipart_upload_for_pdfs(db, as_user):
    response = as_user(factories.member(username="mia")).get(reverse(URL))
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.text
    assert 'accept="application/pdf,.pdf"' in response.text
