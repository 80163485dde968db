"""Domain facts: the six convention partners, their organisations and the system provisions."""

from django.db import migrations

PARTNERS = [
    ("OCW", "Ministerie van Onderwijs, Cultuur en Wetenschap", "government"),
    ("IPO", "Interprovinciaal Overleg", "government"),
    ("VNG", "Vereniging van Nederlandse Gemeenten", "government"),
    ("VOB", "Vereniging van Openbare Bibliotheken", "library_system"),
    ("SPN", "Samenwerkende POI's Nederland", "library_system"),
    ("KB", "Koninklijke Bibliotheek", "library_system"),
]

PROVISIONS = [
    ("BIB", "Lokale bibliotheken", "VOB"),
    ("POI", "Provinciale ondersteuningsinstellingen (POI's)", "SPN"),
    ("KB", "Koninklijke Bibliotheek", "KB"),
]


def seed(apps, schema_editor):
    Partner = apps.get_model("partners", "Partner")
    Organisation = apps.get_model("partners", "Organisation")
    SystemProvision = apps.get_model("partners", "SystemProvision")
    for position, (code, name, kind) in enumerate(PARTNERS, 1):
        partner, _ = Partner.objects.update_or_create(
            code=code, defaults={"name": name, "kind": kind, "position": position}
        )
        Organisation.objects.update_or_create(
            name=name, defaults={"kind": "partner", "partner": partner}
        )
    for position, (code, name, partner_code) in enumerate(PROVISIONS, 1):
        SystemProvision.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "position": position,
                "represented_by": Partner.objects.get(code=partner_code),
            },
        )
    Organisation.objects.get_or_create(name="Kwinkgroep", defaults={"kind": "advisory"})


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
