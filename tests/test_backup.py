"""Backup and restore of everything: a restore into an empty database and an empty
storage brings back every history row, agenda version and PDF (a database-only restore
used to leave every agenda PDF as a 500)."""

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse

from agenda.governance.compiling import agenda_compile
from agenda.models import AgendaVersion, Contribution, Edition, PdfDocument
from portal.models import Document
from tests import factories
from tests.agenda_helpers import approve_chapter

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.mark.django_db(transaction=True)
def test_a_restore_brings_back_rows_and_files(client, settings, tmp_path):
    from tests.conftest import reseed_domain_facts

    reseed_domain_facts()
    settings.MEDIA_ROOT = tmp_path / "media"
    coordinator = factories.coordinator(username="carla")
    member = factories.member(username="mila")
    approve_chapter(1, coordinator)
    version = agenda_compile(edition=Edition.objects.current(), user=coordinator)
    document = PdfDocument(key="b" * 64, pages=1, size=len(PDF))
    document.file.save("agenda.pdf.storage", ContentFile(PDF), save=True)
    AgendaVersion.objects.filter(pk=version.pk).update(
        pdf=document, pdf_status=AgendaVersion.PdfStatus.READY
    )
    library = Document(
        edition=version.edition,
        kind="file",
        title="Verslag",
        date=version.compiled_at.date(),
        audience="signed_in",
        filename="verslag.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=coordinator,
    )
    library.file.save("verslag.pdf", ContentFile(PDF), save=True)
    history = Contribution.history.count()
    backup = tmp_path / "backup.tar.gz"
    call_command("backup", str(backup))

    settings.MEDIA_ROOT = tmp_path / "fresh-media"  # an empty storage
    call_command("flush", interactive=False)  # an empty database
    assert not AgendaVersion.objects.exists()
    call_command("restore", str(backup), "--yes")

    assert Contribution.history.count() == history
    restored = AgendaVersion.objects.get(pk=version.pk)
    assert restored.pdf_ready and restored.pdf.file.name == document.file.name
    client.force_login(type(member).objects.get(username="mila"))
    response = client.get(reverse("agenda:agenda_pdf", args=[version.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    response = client.get(reverse("portal:document_file", args=[library.pk]))
    assert b"".join(response.streaming_content) == PDF
    assert (tmp_path / "fresh-media" / document.file.name).exists()


def test_restore_asks_before_replacing(db, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "x.tar.gz"))
