"""Backup and restore of everything: a restore into an empty database and an empty
storage brings back every row of every backed-up model, field by field and every
timestamp to the microsecond, and every stored file (a database-only restore used to
leave every agenda PDF as a 500; Django's JSON format used to cut timestamps to
milliseconds, so history saved within one millisecond came back in another order)."""

import datetime
import io
import tarfile

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import models
from django.urls import reverse

import infra.backup
from agenda.governance.compiling import agenda_compile
from agenda.models import AgendaVersion, Contribution, Edition, PdfDocument
from partners.models import User
from portal.models import Document
from tests import factories
from tests.agenda_helpers import approve_chapter

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
# Two history records of one chapter, saved within one millisecond by two transactions
# at once: the one that took the lower id was dated later, so only the microseconds
# say which is the newest.
NEWEST, JUST_BEFORE = 743727, 743101


def backed_up(model) -> bool:
    meta = model._meta
    left_out = meta.app_label in infra.backup.LEFT_OUT or meta.label_lower in infra.backup.LEFT_OUT
    return meta.managed and not meta.proxy and not left_out


def _named(obj):
    """A related row as the backup names it: by natural key where it has one (content
    types and permissions are made again by ``migrate``, under other ids perhaps)."""
    return obj.natural_key() if hasattr(obj, "natural_key") else obj.pk


def _value(obj, field):
    if field.many_to_many:
        return sorted(_named(related) for related in getattr(obj, field.name).all())
    if field.is_relation:
        related = getattr(obj, field.name)
        return None if related is None else _named(related)
    value = field.value_from_object(obj)
    return value.name if isinstance(value, models.fields.files.FieldFile) else value


def everything(*, by_natural_key: bool = False) -> dict:
    """Every row of every backed-up model, field by field: {(model, pk): {field: value}}.

    ``by_natural_key``: rows that have a natural key (users, groups) under that key, not
    their id, as backups made before the exact format kept them.
    """
    rows = {}
    for model in filter(backed_up, apps.get_models()):
        natural = by_natural_key and hasattr(model, "natural_key")
        fields = [*model._meta.concrete_fields, *model._meta.many_to_many]
        if natural:
            fields.remove(model._meta.pk)
        for obj in model._base_manager.order_by("pk"):
            key = obj.natural_key() if natural else obj.pk
            rows[model._meta.label, key] = {field.name: _value(obj, field) for field in fields}
    return rows


def to_the_millisecond(rows: dict) -> dict:
    """``rows`` as Django's own JSON format keeps them."""

    def cut(value):
        if isinstance(value, datetime.datetime | datetime.time):
            return value.replace(microsecond=value.microsecond // 1000 * 1000)
        return value

    return {key: {name: cut(value) for name, value in row.items()} for key, row in rows.items()}


def newest_record(contribution):
    return contribution.history.order_by("-history_date", "-history_id").first().history_id


def build_portal(settings, tmp_path):
    """An approved chapter with its history, a compiled agenda with its PDF, a document
    in the library, a user who left (a gap in the users' ids); two history records of
    the chapter within one millisecond."""
    from tests.conftest import reseed_domain_facts

    reseed_domain_facts()
    settings.MEDIA_ROOT = tmp_path / "media"
    factories.outsider(username="gone").delete()
    coordinator = factories.coordinator(username="carla")
    factories.member(username="mila")
    contribution = approve_chapter(1, coordinator)
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
    lower_id, higher_id = contribution.history.order_by("-history_id")[:2][::-1]
    second = higher_id.history_date.replace(microsecond=0) + datetime.timedelta(seconds=1)
    lower_id.history_date = second.replace(microsecond=NEWEST)
    lower_id.save()
    higher_id.history_date = second.replace(microsecond=JUST_BEFORE)
    higher_id.save()
    assert newest_record(contribution) == lower_id.history_id
    return version, library


@pytest.mark.django_db(transaction=True)
def test_a_restore_brings_back_every_row_exactly_and_every_file(client, settings, tmp_path):
    version, library = build_portal(settings, tmp_path)
    before = everything()
    held = {label for label, _ in before}
    assert held >= {"partners.User", "agenda.HistoricalContribution", "agenda.PdfDocument"}
    newest = newest_record(factories.contribution(1))
    backup = tmp_path / "backup.tar.gz"
    call_command("backup", str(backup))

    settings.MEDIA_ROOT = tmp_path / "fresh-media"  # an empty storage
    call_command("flush", interactive=False)  # an empty database
    assert not AgendaVersion.objects.exists()
    call_command("restore", str(backup), "--yes")

    assert everything() == before
    assert newest_record(factories.contribution(1)) == newest
    assert Contribution.history.get(history_id=newest).history_date.microsecond == NEWEST
    restored = AgendaVersion.objects.get(pk=version.pk)
    assert restored.pdf_ready and (tmp_path / "fresh-media" / restored.pdf.file.name).exists()
    client.force_login(User.objects.get(username="mila"))
    response = client.get(reverse("agenda:agenda_pdf", args=[version.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    response = client.get(reverse("portal:document_file", args=[library.pk]))
    assert b"".join(response.streaming_content) == PDF


def backup_as_made_before(path):
    """The rows as ``manage.py backup`` wrote them before the exact format: Django's JSON
    format, and users and groups under their natural keys instead of their ids."""
    rows = io.StringIO()
    call_command(
        "dumpdata",
        exclude=infra.backup.LEFT_OUT,
        natural_foreign=True,
        natural_primary=True,
        stdout=rows,
    )
    data = rows.getvalue().encode()
    with tarfile.open(path, "w:gz") as archive:
        info = tarfile.TarInfo(infra.backup.DATA)
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))


@pytest.mark.django_db(transaction=True)
def test_a_backup_made_before_the_exact_format_still_restores(settings, tmp_path):
    """Every row comes back, to the millisecond those backups kept; users and groups
    come back numbered anew, as they did then."""
    build_portal(settings, tmp_path)
    before = everything(by_natural_key=True)
    backup = tmp_path / "backup.tar.gz"
    backup_as_made_before(backup)

    call_command("restore", str(backup), "--yes")

    restored = everything(by_natural_key=True)
    assert restored == to_the_millisecond(before)
    assert restored != before  # the rows held microseconds that format cuts


def test_restore_asks_before_replacing(db, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "x.tar.gz"))
