"""Domain facts: the twelve programme teams in agenda order."""

from django.db import migrations

SOCIETAL = "societal_task"
SYSTEM = "system_challenge"
TEAMS = [
    (1, SOCIETAL, "Geletterde samenleving"),
    (2, SOCIETAL, "Participatie in de informatiesamenleving"),
    (3, SOCIETAL, "Leven lang ontwikkelen"),
    (4, SYSTEM, "Toegankelijkheid & bereikbaarheid - robuuste lokale bibliotheek"),
    (5, SYSTEM, "Medewerkers en vrijwilligers"),
    (6, SYSTEM, "Digitale netwerkinfrastructuur (CLB/LDI)"),
    (7, SYSTEM, "Samenwerking (netwerkmanifest en motto)"),
    (8, SYSTEM, "Kwaliteit (certificering en monitoring) en kennis"),
    (9, SYSTEM, "Innovatie (R&D)"),
    (10, SYSTEM, "Collectie"),
    (11, SYSTEM, "Gezamenlijke klantbenadering"),
    (12, SYSTEM, "Digitale bibliotheek"),
]


def seed(apps, schema_editor):
    Team = apps.get_model("teams", "Team")
    for number, kind, name in TEAMS:
        Team.objects.update_or_create(
            number=number,
            defaults={"kind": kind, "name": name, "owns_network_texts": number == 7},
        )


class Migration(migrations.Migration):
    dependencies = [("teams", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
