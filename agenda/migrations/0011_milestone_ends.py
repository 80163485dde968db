"""Which agenda state each milestone ends, instead of guessing it from the title's words;
the seeded timeline gets its states."""

import agenda.models.editions
from django.db import migrations, models

# The seeded milestones (0002) by the start of their title, and the state each one ends.
ENDS = {
    "Eerste ruwe versies": "rough",
    "Feedback en bespreking": "feedback",
    "Definitief concept": "definitive_concept",
    "Deelnemers raadplegen hun achterban": "consultation",
    "Besluitvorming in de besturen": "decision",
    "Het bestuurlijk overleg bekrachtigt": "ratified",
}


def seed(apps, schema_editor):
    Milestone = apps.get_model("agenda", "Milestone")
    for start, state in ENDS.items():
        Milestone.objects.filter(title__startswith=start, ends="").update(ends=state)


class Migration(migrations.Migration):
    dependencies = [("agenda", "0010_structured_responses")]

    operations = [
        migrations.AddField(
            model_name="milestone",
            name="ends",
            field=models.CharField(
                blank=True,
                choices=agenda.models.editions.agenda_states,
                help_text=(
                    "The agenda state that should be over by this date (its date is then "
                    "the deadline shown to whoever acts in that state)."
                ),
                max_length=30,
                verbose_name="deadline of",
            ),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="milestone",
            constraint=models.UniqueConstraint(
                condition=models.Q(("ends", ""), _negated=True),
                fields=("edition", "ends"),
                name="one_deadline_per_state",
                violation_error_message="Another milestone of this edition ends that state.",
            ),
        ),
    ]
