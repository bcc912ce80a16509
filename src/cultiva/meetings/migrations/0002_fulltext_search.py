"""PostgreSQL full-text search for the materials library: unaccent and two configurations.

`cultiva_hu` and `cultiva_ro` copy PostgreSQL's `hungarian` and `romanian` configurations
and fold diacritics (unaccent) before stemming, so "kozmuvelodes" finds "Közművelődés".
Idempotent; does nothing on other databases (SQLite searches `Material.search_document`).
"""

from django.db import migrations

# Constant names only: nothing from outside reaches the SQL below.
CONFIGS = {
    "cultiva_hu": ("hungarian", "hungarian_stem"),
    "cultiva_ro": ("romanian", "romanian_stem"),
}


def create_search_configurations(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    for name, (parent, stemmer) in CONFIGS.items():
        schema_editor.execute(
            f"""
            DO $$
            BEGIN
              IF NOT EXISTS (
                SELECT 1 FROM pg_catalog.pg_ts_config c
                JOIN pg_catalog.pg_namespace n ON n.oid = c.cfgnamespace
                WHERE c.cfgname = '{name}' AND n.nspname = current_schema()
              ) THEN
                CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{parent});
              END IF;
            END
            $$;
            """  # noqa: S608 - constant identifiers, see CONFIGS
        )
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {name} "
            f"ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {stemmer}"
        )


def drop_search_configurations(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in CONFIGS:
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [
        migrations.RunPython(create_search_configurations, drop_search_configurations),
    ]
