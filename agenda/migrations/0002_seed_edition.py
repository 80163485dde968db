"""Domain facts: the edition Netwerkagenda 2021-2023, its timeline and one contribution per team."""

import datetime

from django.db import migrations

MILESTONES = [
    (datetime.date(2020, 11, 30), "okt-nov 2020",
     "Teams starten; elk team levert een eerste conceptbijdrage"),
    (datetime.date(2020, 12, 18), "dec 2020",
     "Eerste ruwe versies van motto, manifest en netwerkagenda"),
    (datetime.date(2021, 1, 8), "dec 2020 - jan 2021",
     "Feedback en bespreking in online sessies"),
    (datetime.date(2021, 1, 29), "jan 2021", "Definitief concept van de netwerkagenda"),
    (datetime.date(2021, 2, 26), "feb 2021",
     "Deelnemers raadplegen hun achterban; het netwerkoverleg stelt de eindversie vast"),
    (datetime.date(2021, 3, 12), "mrt 2021", "Besluitvorming in de besturen van VOB, SPN en KB"),
    (datetime.date(2021, 3, 26), "mrt 2021", "Het bestuurlijk overleg bekrachtigt de netwerkagenda"),
]


def seed(apps, schema_editor):
    Edition = apps.get_model("agenda", "Edition")
    Milestone = apps.get_model("agenda", "Milestone")
    Contribution = apps.get_model("agenda", "Contribution")
    Team = apps.get_model("teams", "Team")
    edition, _ = Edition.objects.update_or_create(
        slug="netwerkagenda-2021-2023",
        defaults={
            "name": "Netwerkagenda 2021-2023",
            "start_year": 2021,
            "end_year": 2023,
            "programme_year": 2021,
            "is_current": True,
        },
    )
    for date, period, title in MILESTONES:
        Milestone.objects.get_or_create(
            edition=edition, title=title, defaults={"date": date, "period": period}
        )
    for team in Team.objects.all():
        Contribution.objects.get_or_create(edition=edition, team=team)


class Migration(migrations.Migration):
    dependencies = [("agenda", "0001_initial"), ("teams", "0002_seed_teams")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
