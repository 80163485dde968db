"""Full-text search in Dutch on PostgreSQL: a stored, generated tsvector column per
searchable table (the current chapter texts, network texts and comments), each with a GIN
index. The models do not know the columns; ``agenda/search.py`` queries them. On SQLite
nothing is made and search falls back to a simple match."""

from django.db import migrations

COLUMNS = {
    "agenda_contribution": (
        "coalesce(context, '') || ' ' || coalesce(ambition, '') || ' ' || "
        "coalesce(programme_intro, '') || ' ' || coalesce(provision_texts::text, '') || ' ' || "
        "coalesce(actions::text, '')"
    ),
    "agenda_networktext": "coalesce(body, '')",
    "agenda_comment": "coalesce(body, '')",
}


def add(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, text in COLUMNS.items():
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_nl tsvector "
            f"GENERATED ALWAYS AS (to_tsvector('dutch', {text})) STORED"
        )
        schema_editor.execute(f"CREATE INDEX {table}_search_nl ON {table} USING GIN (search_nl)")


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in COLUMNS:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN search_nl")


class Migration(migrations.Migration):
    dependencies = [("agenda", "0013_milestone_role")]
    operations = [migrations.RunPython(add, remove)]
