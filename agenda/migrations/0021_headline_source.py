"""What a search result's headline is cut from: the plain text of a chapter or a network
text and the offset of each Dutch stem's first word in it (``agenda.texts.excerpts``),
kept on every save from now on and filled here for the texts saved before."""

from django.db import migrations, models

from agenda.texts import aspects, excerpts

SEARCHED = {"Contribution": aspects.FIELDS, "NetworkText": ("body",)}


def fill(apps, schema_editor):
    for name, fields in SEARCHED.items():
        model = apps.get_model("agenda", name)
        for row in model.objects.only("pk", *fields).iterator(chunk_size=50):
            row.search_text, row.stem_offsets = excerpts.source(
                getattr(row, field) for field in fields
            )
            row.save(update_fields=["search_text", "stem_offsets"])


class Migration(migrations.Migration):
    dependencies = [("agenda", "0020_coediting_updates")]

    operations = [
        migrations.AddField(
            model_name="contribution",
            name="search_text",
            field=models.TextField(blank=True, editable=False, verbose_name="plain text"),
        ),
        migrations.AddField(
            model_name="contribution",
            name="stem_offsets",
            field=models.JSONField(
                blank=True, default=dict, editable=False, verbose_name="first offset of each stem"
            ),
        ),
        migrations.AddField(
            model_name="networktext",
            name="search_text",
            field=models.TextField(blank=True, editable=False, verbose_name="plain text"),
        ),
        migrations.AddField(
            model_name="networktext",
            name="stem_offsets",
            field=models.JSONField(
                blank=True, default=dict, editable=False, verbose_name="first offset of each stem"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
