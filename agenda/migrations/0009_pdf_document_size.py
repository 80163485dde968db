"""PdfDocument.size: the file's size, stored when it is written ("PDF, 95 kB")."""

from django.db import migrations, models


def backfill(apps, schema_editor):
    """Read the size of the PDFs stored before this column (a missing file stays 0)."""
    PdfDocument = apps.get_model("agenda", "PdfDocument")
    for document in PdfDocument.objects.filter(size=0).iterator():
        try:
            document.size = document.file.size
        except OSError:
            continue
        document.save(update_fields=["size"])


class Migration(migrations.Migration):
    dependencies = [("agenda", "0008_history_order_indexes")]

    operations = [
        migrations.AddField(
            model_name="pdfdocument",
            name="size",
            field=models.PositiveIntegerField(default=0, verbose_name="size in bytes"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
