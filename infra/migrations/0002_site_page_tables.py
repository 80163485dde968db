"""The site pages' tables take the names of their new app."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("infra", "0001_site_pages_from_partners"),
        ("partners", "0007_site_pages_to_infra"),
    ]

    operations = [
        migrations.AlterModelTable(name="sitepage", table=None),
        migrations.AlterModelTable(name="historicalsitepage", table=None),
    ]
