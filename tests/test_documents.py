"""Documents and videos: coordinators upload, the type is read from the bytes, files are
stored under random names and always served as downloads; who sees what follows the
item's audience."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from portal.models import Document

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
VTT = b"WEBVTT\n\n00:00.000 --> 00:02.000\nWelkom bij de Netwerkagenda.\n"


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def upload(client, name, data, **fields):
    values = {
        "kind": "file",
        "title": "Verslag",
        "description": "",
        "date": "2026-11-26",
        "audience": "everyone",
        "file": SimpleUploadedFile(name, data),
    } | fields
    return client.post(reverse("portal:document_create"), values)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("verslag.pdf", PDF),
        ("Verslag (def).docx", docx()),
    ],
)
def test_a_coordinator_uploads_a_document_that_is_stored_under_a_random_name(
    as_user, cast, name, data
):
    response = upload(as_user(cast["coordinator"]), name, data)
    assert response.status_code == 302
    document = Document.objects.get()
    assert "verslag" not in document.file.name.lower()  # stored under a random name
    assert document.filename in {"verslag.pdf", "Verslag_def.docx"}
    assert document.size == len(data)


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("rapport.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "toegestane"),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "toegestane",
        ),
        ("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "toegestane"),
        ("verslag.docx", PDF, "moet eindigen op .pdf"),
        ("archief.zip", b"PK\x03\x04" + b"\x00" * 40, "toegestane"),
    ],
)
def test_files_that_are_not_what_they_claim_are_refused(as_user, cast, name, data, says):
    response = upload(as_user(cast["coordinator"]), name, data, title="Mijn titel")
    page = response.content.decode()
    assert response.status_code == 200
    assert says in page and 'href="#id_file"' in page  # an error summary linked to the field
    assert 'value="Mijn titel"' in page  # what was typed is kept
    assert not Document.objects.exists()


def test_a_file_over_the_limit_is_refused(as_user, cast, settings):
    settings.DOCUMENT_MAX_MB = 1
    response = upload(as_user(cast["coordinator"]), "groot.pdf", PDF + b"0" * (1024 * 1024))
    assert "de grootste toegestane" in response.content.decode()
    assert not Document.objects.exists()


def test_only_coordinators_upload(as_user, cast):
    for role in ["writer", "member", "partner"]:
        assert upload(as_user(cast[role]), "verslag.pdf", PDF).status_code == 403, role
    assert not Document.objects.exists()


def test_a_download_is_an_attachment_of_the_type_found_and_never_sniffed(as_user, cast, client):
    upload(as_user(cast["coordinator"]), "verslag.pdf", PDF)
    document = Document.objects.get()
    response = client.get(reverse("portal:document_file", args=[document.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="verslag.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize(
    ("audience", "team", "seen_by"),
    [
        (
            "everyone",
            None,
            {"anonymous", "writer", "read_along", "partner", "outsider", "coordinator"},
        ),
        ("signed_in", None, {"writer", "read_along", "partner", "outsider", "coordinator"}),
        ("team", 1, {"writer", "read_along", "coordinator"}),  # team 1's readers and coordinators
    ],
)
def test_the_audience_decides_who_sees_and_downloads(
    as_user, cast, client, audience, team, seen_by
):
    coordinator = as_user(cast["coordinator"])
    upload(coordinator, "verslag.pdf", PDF, audience=audience, team=team or "")
    document = Document.objects.get()
    client.logout()
    for role in ["anonymous", "writer", "read_along", "partner", "outsider", "coordinator"]:
        visitor = client if role == "anonymous" else as_user(cast[role])
        listed = "Verslag" in visitor.get(reverse("portal:documents")).content.decode()
        status = visitor.get(reverse("portal:document_file", args=[document.pk])).status_code
        expected = role in seen_by
        assert listed == expected, role
        # Not seen: logged in, they learn nothing (404); a visitor is asked to log in.
        refused = 302 if role == "anonymous" else 404
        assert status == (200 if expected else refused), role
        client.logout()


def test_a_team_document_needs_its_team(as_user, cast):
    response = upload(as_user(cast["coordinator"]), "verslag.pdf", PDF, audience="team")
    assert "Kies het team" in response.content.decode()
    assert not Document.objects.exists()


def test_a_video_with_captions_and_a_video_link(as_user, cast):
    client = as_user(cast["coordinator"])
    response = client.post(
        reverse("portal:document_create"),
        {
            "kind": "video",
            "title": "Uitleg",
            "date": "2026-11-26",
            "audience": "everyone",
            "file": SimpleUploadedFile("uitleg.mp4", MP4),
            "captions": SimpleUploadedFile("uitleg.vtt", VTT),
        },
    )
    assert response.status_code == 302
    refused = upload(client, "x.mp4", MP4, kind="link", url="http://video.example/1", title="Link")
    assert "https://" in refused.content.decode()
    upload(client, "x.mp4", MP4, kind="link", url="https://video.example/1", title="Link")
    page = client.get(reverse("portal:documents")).content.decode()
    assert "<video" in page and 'kind="captions"' in page and "<iframe" not in page
    assert 'href="https://video.example/1"' in page
    link = Document.objects.get(kind="link")
    assert not link.file  # a link stores no file


def test_removing_asks_first(as_user, cast):
    client = as_user(cast["coordinator"])
    upload(client, "verslag.pdf", PDF)
    document = Document.objects.get()
    url = reverse("portal:document_delete", args=[document.pk])
    assert "Ja, verwijderen" in client.get(url).content.decode()
    assert Document.objects.exists()
    client.post(url)
    assert not Document.objects.exists()
    assert as_user(cast["writer"]).post(url).status_code == 403


def test_the_demo_library_has_something_for_every_role(client, settings, db):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_portal_demo", stdout=io.StringIO())
    call_command("seed_portal_demo", stdout=io.StringIO())  # a second run adds nothing
    assert Document.objects.count() == 4
    from teams.models import Team

    assert not Team.objects.filter(memberships__isnull=True).exists()  # every team has people
    public = client.get(reverse("portal:documents")).content.decode()
    assert "Startnotitie Netwerkagenda" in public and "Werkplan van team 1" not in public
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="writer"))
    mine = client.get(reverse("portal:documents")).content.decode()
    assert "Werkplan van team 1" in mine and "Verslag van de online feedbacksessie" in mine
    document = Document.objects.get(title="Startnotitie Netwerkagenda")
    assert b"".join(client.get(document.get_file_url()).streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(
    ("asked", "status", "part", "content_range"),
    [
        ("bytes=2-5", 206, PDF[2:6], f"bytes 2-5/{len(PDF)}"),
        ("bytes=-4", 206, PDF[-4:], f"bytes {len(PDF) - 4}-{len(PDF) - 1}/{len(PDF)}"),
        ("bytes=10-", 206, PDF[10:], f"bytes 10-{len(PDF) - 1}/{len(PDF)}"),
        ("bytes=999-", 416, b"", f"bytes */{len(PDF)}"),
    ],
)
def test_a_range_request_gets_its_part(as_user, cast, client, asked, status, part, content_range):
    upload(as_user(cast["coordinator"]), "verslag.pdf", PDF)
    document = Document.objects.get()
    client.logout()
    response = client.get(
        reverse("portal:document_file", args=[document.pk]), headers={"Range": asked}
    )
    assert response.status_code == status
    assert response["Content-Range"] == content_range
    if status == 206:
        assert response.content == part
        assert response["Content-Disposition"].startswith("attachment;")


# The form: the fields of the chosen kind, Dutch answers, nothing typed lost.


@pytest.mark.parametrize(
    ("kind", "kept"),
    [
        ("file", {"file"}),
        ("video", {"file", "captions"}),
        ("link", {"url"}),
    ],
)
def test_the_form_reads_only_the_fields_of_the_chosen_kind(db, kind, kept):
    """Without JavaScript every field shows; what was filled in for another kind is
    neither checked nor kept (here: captions with a document, a file with a link, and
    "geen adres" as the address of anything but a link)."""
    from agenda.models import Edition
    from portal.forms import DocumentForm

    data = {"kind": kind, "title": "Uitleg", "date": "2026-11-26", "audience": "everyone"}
    files = {
        "file": SimpleUploadedFile(
            "uitleg.mp4" if kind == "video" else "verslag.pdf", MP4 if kind == "video" else PDF
        ),
        "captions": SimpleUploadedFile("uitleg.vtt", VTT),
    }
    form = DocumentForm(
        data | {"url": "https://video.example/1" if kind == "link" else "geen adres"},
        files,
        edition=Edition.objects.current(),
    )
    assert form.is_valid(), form.errors
    filled = {name for name in ("file", "captions", "url") if form.cleaned_data[name]}
    assert filled == kept


def test_a_link_without_its_address_names_the_address_only(db):
    from agenda.models import Edition
    from portal.forms import DocumentForm

    form = DocumentForm(
        {"kind": "link", "title": "Uitleg", "date": "2026-11-26", "audience": "everyone"},
        {"file": SimpleUploadedFile("verslag.pdf", b"niet eens een pdf")},
        edition=Edition.objects.current(),
    )
    assert set(form.errors) == {"url"}


def inputs(page: str, name: str) -> list[dict]:
    """The attributes of the page's inputs named ``name`` (a valueless one maps to "")."""
    return [
        dict(re.findall(r'([\w-]+)(?:="([^"]*)")?', tag[len("<input") :]))
        for tag in re.findall(rf'<input [^>]*name="{name}"[^>]*>', page)
    ]


def test_the_empty_form_speaks_dutch_offers_no_empty_kind_and_dates_today(as_user, cast):
    from django.utils import timezone

    page = as_user(cast["coordinator"]).get(reverse("portal:document_create")).content.decode()
    assert "Select an option" not in page and "---------" not in page
    kinds = inputs(page, "kind")
    assert [radio["value"] for radio in kinds] == ["file", "video", "link"]
    assert not any("checked" in radio for radio in kinds)  # GOV.UK: no answer chosen for you
    assert '<option value="" selected>Geen team</option>' in page
    assert '<option value="" selected>Geen mijlpaal</option>' in page
    [date] = inputs(page, "date")
    assert date["type"] == "date" and date["value"] == timezone.localdate().isoformat()


def test_each_kind_reveals_its_own_fields(as_user, cast):
    """GOV.UK conditional reveal: each kind's radio names the parts it shows, and those
    parts are on the page (js/conditional-reveal.js hides the others)."""
    page = as_user(cast["coordinator"]).get(reverse("portal:document_create")).content.decode()
    reveals = {radio["value"]: radio["data-aria-controls"] for radio in inputs(page, "kind")}
    assert reveals == {
        "file": "document-kind-parts field-id_file",
        "video": "document-kind-parts field-id_file field-id_captions",
        "link": "document-kind-parts field-id_url",
    }
    for part in {"document-kind-parts", "field-id_file", "field-id_captions", "field-id_url"}:
        assert f'id="{part}"' in page
    assert "js/conditional-reveal.js" in page


def test_a_missing_kind_is_asked_for_in_words(as_user, cast):
    response = upload(as_user(cast["coordinator"]), "verslag.pdf", PDF, kind="")
    page = response.content.decode()
    assert "Kies een document, een video of een video op een andere website." in page
    assert 'href="#id_kind"' in page
    assert not Document.objects.exists()


def test_after_an_error_everything_typed_is_kept_and_the_file_is_asked_for_again(as_user, cast):
    response = upload(
        as_user(cast["coordinator"]),
        "verslag.pdf",
        PDF,
        title="",
        description="Wat er besproken is",
        date="2026-11-20",
        audience="team",
        team=2,
    )
    page = response.content.decode()
    assert [radio["value"] for radio in inputs(page, "kind") if "checked" in radio] == ["file"]
    assert "Wat er besproken is</textarea>" in page
    assert inputs(page, "date")[0]["value"] == "2026-11-20"
    assert [radio["value"] for radio in inputs(page, "audience") if "checked" in radio] == ["team"]
    assert '<option value="2" selected>' in page
    # The file was fine, but the browser does not keep it: the error says so.
    assert "Kies het bestand opnieuw: uw browser bewaart een gekozen bestand niet" in page
    assert 'href="#id_file"' in page and 'href="#id_title"' in page
    assert not Document.objects.exists()
