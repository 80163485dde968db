"""Domain facts: the motto and the manifesto of the current edition, owned by team 7."""

from django.db import migrations


def seed(apps, schema_editor):
    Edition = apps.get_model("agenda", "Edition")
    NetworkText = apps.get_model("agenda", "NetworkText")
    for edition in Edition.objects.all():
        for kind in ("motto", "manifesto"):
            NetworkText.objects.get_or_create(edition=edition, kind=kind)


class Migration(migrations.Migration):
    dependencies = [("agenda", "0004_agenda_versions")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
