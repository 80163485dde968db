"""Stored PDFs keep the SHA-256 of their file (the check page recognises a published PDF
by it) and, for the signed ratified agenda, who signed it and when."""

import hashlib

from django.db import migrations, models


def hash_stored_files(apps, schema_editor):
    """The SHA-256 of every stored file still there (a missing one is made again later,
    and hashed then)."""
    PdfDocument = apps.get_model("agenda", "PdfDocument")
    for document in PdfDocument.objects.filter(sha256="").iterator():
        try:
            with document.file.open("rb") as handle:
                digest = hashlib.file_digest(handle, "sha256").hexdigest()
        except (FileNotFoundError, OSError, ValueError):
            continue
        PdfDocument.objects.filter(pk=document.pk).update(sha256=digest)


class Migration(migrations.Migration):
    dependencies = [
        ("agenda", "0024_comment_threads"),
    ]

    operations = [
        migrations.AddField(
            model_name="pdfdocument",
            name="sha256",
            field=models.CharField(blank=True, db_index=True, max_length=64, verbose_name="SHA-256"),
        ),
        migrations.AddField(
            model_name="pdfdocument",
            name="signed_by",
            field=models.CharField(blank=True, max_length=500, verbose_name="signed by"),
        ),
        migrations.AddField(
            model_name="pdfdocument",
            name="signed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="signed"),
        ),
        migrations.RunPython(hash_stored_files, migrations.RunPython.noop),
    ]
