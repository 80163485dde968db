"""Co-editing has one name in code: the live document's updates become
``CoeditingUpdate`` (the same rows, renamed table and index)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("agenda", "0019_live_updates")]

    operations = [
        migrations.RenameModel(old_name="LiveUpdate", new_name="CoeditingUpdate"),
        migrations.AlterModelOptions(
            name="coeditingupdate",
            options={
                "ordering": ["pk"],
                "verbose_name": "co-editing update",
                "verbose_name_plural": "co-editing updates",
            },
        ),
        migrations.AlterField(
            model_name="coeditingupdate",
            name="contribution",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="coediting_updates",
                to="agenda.contribution",
                verbose_name="contribution",
            ),
        ),
        migrations.RenameIndex(
            model_name="coeditingupdate",
            new_name="agenda_coed_contrib_a1866c_idx",
            old_name="agenda_live_contrib_37cb9e_idx",
        ),
    ]
