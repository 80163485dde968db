"""Whose deadline each milestone is; the seeded timeline gets its roles."""

from django.db import migrations, models

# The seeded milestones (0002) by the start of their title, and who acts by that date.
ROLES = {
    "Teams starten": "writers",
    "Eerste ruwe versies": "coordinators",
    "Feedback en bespreking": "writers",
    "Definitief concept": "coordinators",
    "Deelnemers raadplegen hun achterban": "partners",
    "Besluitvorming in de besturen": "boards",
    "Het bestuurlijk overleg bekrachtigt": "coordinators",
}


def seed(apps, schema_editor):
    Milestone = apps.get_model("agenda", "Milestone")
    for start, role in ROLES.items():
        Milestone.objects.filter(title__startswith=start, role="").update(role=role)


class Migration(migrations.Migration):
    dependencies = [("agenda", "0012_comment_feedback_on_version")]

    operations = [
        migrations.AddField(
            model_name="milestone",
            name="role",
            field=models.CharField(
                blank=True,
                choices=[
                    ("writers", "the teams' writers"),
                    ("coordinators", "the coordinators"),
                    ("partners", "the partners' representatives"),
                    ("boards", "the boards of VOB, SPN and KB"),
                ],
                help_text="Whose deadline the date is.",
                max_length=20,
                verbose_name="who acts",
            ),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
