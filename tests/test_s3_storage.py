"""Files on S3-compatible object storage, against a real S3 server started here (moto's
server mode, from PyPI) with the portal's database: a document is uploaded and
downloaded, an agenda PDF is stored and downloaded, and the health check asks the bucket.
The bucket stays private: every download goes through the portal."""

import json

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto.server import ThreadedMotoServer

from agenda.governance.compiling import agenda_compile
from agenda.models import AgendaVersion, Edition, PdfDocument
from portal.models import Document
from tests.agenda_helpers import approve_chapter

BUCKET = "netwerkagenda-test"
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture(scope="module")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(s3_server, settings):
    """The portal's default storage in a fresh private bucket of the test server."""
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = settings.STORAGES | {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_server,
                "region_name": "us-east-1",
                "access_key": "test",
                "secret_key": "test",
                "default_acl": None,
                "file_overwrite": False,
            },
        }
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client) -> list[str]:
    return [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_a_document_goes_to_the_bucket_and_comes_back_through_the_portal(as_user, cast, s3):
    coordinator = as_user(cast["coordinator"])
    response = coordinator.post(
        reverse("portal:document_create"),
        {
            "kind": "file",
            "title": "Verslag",
            "date": "2026-11-26",
            "audience": "signed_in",
            "file": SimpleUploadedFile("verslag.pdf", PDF),
        },
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert keys(s3) == [document.file.name]  # in the bucket, under its random name
    download = as_user(cast["member"]).get(reverse("portal:document_file", args=[document.pk]))
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"] == 'attachment; filename="verslag.pdf"'


def test_a_stored_agenda_pdf_is_served_from_the_bucket(as_user, cast, s3):
    approve_chapter(1, cast["coordinator"])
    version = agenda_compile(edition=Edition.objects.current(), user=cast["coordinator"])
    document = PdfDocument(key="a" * 64, pages=1, size=len(PDF))
    document.file.save("agenda.pdf.storage", ContentFile(PDF), save=True)
    AgendaVersion.objects.filter(pk=version.pk).update(
        pdf=document, pdf_status=AgendaVersion.PdfStatus.READY
    )
    assert any(key.startswith("pdf/") for key in keys(s3))
    response = as_user(cast["read_along"]).get(reverse("agenda:agenda_pdf", args=[version.pk]))
    assert b"".join(response.streaming_content) == PDF


def test_the_health_check_asks_the_bucket(client, db, s3):
    assert json.loads(client.get(reverse("health")).content)["storage"] == "ok"
    s3.delete_bucket(Bucket=BUCKET)  # the bucket is gone: not ready
    try:
        response = client.get(reverse("health"))
    finally:
        s3.create_bucket(Bucket=BUCKET)
    assert response.status_code == 503


@pytest.mark.pdf
@pytest.mark.django_db(transaction=True)
def test_a_rendered_pdf_in_the_bucket_survives_backup_and_restore(client, s3, tmp_path):
    """Render (the real renderer, as the worker does), download, back up, lose the
    database and the bucket's files, restore, download again."""
    from django.core.management import call_command

    from tests import factories
    from tests.conftest import reseed_domain_facts

    reseed_domain_facts()
    coordinator = factories.coordinator(username="carla")
    read_along = factories.read_along(username="rita")
    approve_chapter(1, coordinator)
    version = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    version.refresh_from_db()
    assert version.pdf_ready and version.pdf.file.name in keys(s3)
    client.force_login(read_along)
    first = b"".join(client.get(reverse("agenda:agenda_pdf", args=[version.pk])).streaming_content)
    assert first.startswith(b"%PDF")

    backup = tmp_path / "backup.tar.gz"
    call_command("backup", str(backup))
    for key in keys(s3):
        s3.delete_object(Bucket=BUCKET, Key=key)
    call_command("flush", interactive=False)
    call_command("restore", str(backup), "--yes")

    assert version.pdf.file.name in keys(s3)
    client.force_login(type(read_along).objects.get(username="rita"))
    again = client.get(reverse("agenda:agenda_pdf", args=[version.pk]))
    assert b"".join(again.streaming_content) == first
