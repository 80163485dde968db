"""The site page that explains the Netwerkagenda, shown on the welcome page; the admin
edits it from here on."""

from django.db import migrations

ABOUT = """\
De Netwerkagenda is de gezamenlijke agenda van het netwerk van openbare bibliotheken. De zes partijen van het Bibliotheekconvenant 2020-2023 ondertekenen haar: het ministerie van OCW, het IPO (de provincies), de VNG (de gemeenten), de VOB (de bibliotheken), de SPN (de provinciale ondersteuningsinstellingen) en de KB (de nationale bibliotheek).

De agenda beschrijft wat het netwerk de komende jaren samen doet: drie maatschappelijke opgaven (de geletterde samenleving, participatie in de informatiesamenleving en een leven lang ontwikkelen) en negen uitdagingen van het bibliotheekstelsel, zoals toegankelijkheid, de digitale bibliotheek en de collectie.

Twaalf programmateams schrijven elk een hoofdstuk, steeds in vier onderdelen: de context van de opgave of uitdaging, de gezamenlijke ambitie, de bijdrage van elke stelselvoorziening en het jaarprogramma met concrete acties. De coördinatoren stellen de hoofdstukken samen tot een versie van de agenda, die daarna de besluitvorming van de convenantpartners doorloopt: feedback, een definitief concept, de raadpleging van de achterban, de vaststelling door het netwerkoverleg en het besluit van de besturen van VOB, SPN en KB. Het bestuurlijk overleg bekrachtigt de agenda."""


def seed(apps, schema_editor):
    SitePage = apps.get_model("partners", "SitePage")
    SitePage.objects.get_or_create(
        slug="over-de-netwerkagenda",
        defaults={"title": "Over de Netwerkagenda", "body": ABOUT},
    )


class Migration(migrations.Migration):
    dependencies = [("partners", "0004_seed_site_pages")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
