"""The site pages move from ``partners`` to ``infra`` with their rows and history.

The tables stay where they are while the model changes app (state only), and their
content types follow, so that permissions and the admin's log keep pointing at them;
the tables get the new app's names afterwards (0002).
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

MODELS = ["sitepage", "historicalsitepage"]


def content_types_follow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        if not ContentType.objects.filter(app_label="infra", model=model).exists():
            ContentType.objects.filter(app_label="partners", model=model).update(app_label="infra")


def content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="infra", model__in=MODELS).update(app_label="partners")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("partners", "0006_site_page_history"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SitePage",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("slug", models.SlugField(unique=True, verbose_name="slug")),
                        ("title", models.CharField(max_length=200, verbose_name="title")),
                        ("body", models.TextField(help_text="Plain text. An empty line starts a new paragraph; web and e-mail addresses become links.", verbose_name="text")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="last changed")),
                        ("rich", models.BooleanField(default=False, help_text="Rich text is edited in the portal by coordinators (sanitised there), not here.", verbose_name="rich text")),
                        ("revision", models.PositiveIntegerField(default=0, editable=False, verbose_name="revision")),
                    ],
                    options={
                        "verbose_name": "site page",
                        "verbose_name_plural": "site pages",
                        "ordering": ["title"],
                        "db_table": "partners_sitepage",
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalSitePage",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        ("slug", models.SlugField(verbose_name="slug")),
                        ("title", models.CharField(max_length=200, verbose_name="title")),
                        ("body", models.TextField(help_text="Plain text. An empty line starts a new paragraph; web and e-mail addresses become links.", verbose_name="text")),
                        ("updated_at", models.DateTimeField(blank=True, editable=False, verbose_name="last changed")),
                        ("rich", models.BooleanField(default=False, help_text="Rich text is edited in the portal by coordinators (sanitised there), not here.", verbose_name="rich text")),
                        ("revision", models.PositiveIntegerField(default=0, editable=False, verbose_name="revision")),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.TextField(null=True)),
                        ("history_type", models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1)),
                        ("history_user", models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "verbose_name": "historical site page",
                        "verbose_name_plural": "historical site pages",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                        "db_table": "partners_historicalsitepage",
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_follow, content_types_back),
    ]
