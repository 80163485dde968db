"""The site pages leave ``partners`` for ``infra`` (state only: ``infra.0001`` holds them
now, on the same tables)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0006_site_page_history"),
        ("infra", "0001_site_pages_from_partners"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="historicalsitepage", name="history_user"),
                migrations.DeleteModel(name="SitePage"),
                migrations.DeleteModel(name="HistoricalSitePage"),
            ],
            database_operations=[],
        ),
    ]
