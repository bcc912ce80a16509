"""PostgreSQL only: a stored, GIN-indexed `search_vector` on contributions.

Computing the vectors at query time cost 1.5 s per search at 20,000 contributions. The column
is kept up to date by a trigger, so every way of writing a contribution (the form, the wall's
close, a bulk import, `manage.py reindex_contributions`) keeps it right without Python code:

- title (weight A), then description, partners and resources needed (B), in the
  contribution's language (`cultiva_hu`, `cultiva_ro` from meetings 0002, `english`);
- the folded, stemmed `search_document` words (D, configuration `simple`) for the word-prefix
  match across languages; until that document is written (a bulk import indexes afterwards),
  the texts themselves, lower-cased and without accents.

The column is not declared on the model: SQLite has no tsvector and searches
`search_document` instead. `cultiva.ideas.selectors` queries the column by name. On other
databases this migration does nothing.
"""

from django.db import migrations

# Constant identifiers only: nothing from outside reaches the SQL below.
TABLE = "ideas_contribution"
FUNCTION = "cultiva_contribution_search_vector"
TRIGGER_FUNCTION = "cultiva_contribution_search_vector_trigger"
INDEX = "ideas_contribution_search_vector_gin"

CREATE_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}(
    title text, body text, partners text, resources text, language text, document text
) RETURNS tsvector LANGUAGE sql STABLE AS $$
  SELECT
    setweight(to_tsvector(config, coalesce(title, '')), 'A')
    || setweight(
      to_tsvector(
        config,
        concat_ws(' ', coalesce(body, ''), coalesce(partners, ''), coalesce(resources, ''))
      ),
      'B'
    )
    || setweight(
      to_tsvector(
        'simple'::regconfig,
        CASE
          WHEN coalesce(document, '') <> '' THEN document
          ELSE unaccent(lower(concat_ws(' ', title, body, partners, resources)))
        END
      ),
      'D'
    )
  FROM (
    SELECT CASE language
      WHEN 'hu' THEN 'cultiva_hu'::regconfig
      WHEN 'ro' THEN 'cultiva_ro'::regconfig
      WHEN 'en' THEN 'english'::regconfig
      ELSE 'cultiva_hu'::regconfig
    END AS config
  ) AS language_config
$$
"""  # noqa: S608 - constant identifiers

CREATE_TRIGGER_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {TRIGGER_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector := {FUNCTION}(
    NEW.title, NEW.body, NEW.partners, NEW.resources_needed, NEW.language, NEW.search_document
  );
  RETURN NEW;
END
$$
"""

# Django's save() writes every column: recompute only when a searched text really changed.
CHANGED = " OR ".join(
    f"OLD.{column} IS DISTINCT FROM NEW.{column}"
    for column in (
        "title",
        "body",
        "partners",
        "resources_needed",
        "language",
        "search_document",
    )
)

FORWARD = [
    f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS search_vector tsvector",
    CREATE_FUNCTION,
    CREATE_TRIGGER_FUNCTION,
    f"DROP TRIGGER IF EXISTS {TABLE}_search_vector_insert ON {TABLE}",
    f"""CREATE TRIGGER {TABLE}_search_vector_insert BEFORE INSERT ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION {TRIGGER_FUNCTION}()""",
    f"DROP TRIGGER IF EXISTS {TABLE}_search_vector_update ON {TABLE}",
    f"""CREATE TRIGGER {TABLE}_search_vector_update BEFORE UPDATE ON {TABLE}
        FOR EACH ROW WHEN ({CHANGED}) EXECUTE FUNCTION {TRIGGER_FUNCTION}()""",
    f"""UPDATE {TABLE} SET search_vector = {FUNCTION}(
        title, body, partners, resources_needed, language, search_document)""",  # noqa: S608
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} USING gin (search_vector)",
]

BACKWARD = [
    f"DROP INDEX IF EXISTS {INDEX}",
    f"DROP TRIGGER IF EXISTS {TABLE}_search_vector_update ON {TABLE}",
    f"DROP TRIGGER IF EXISTS {TABLE}_search_vector_insert ON {TABLE}",
    f"DROP FUNCTION IF EXISTS {TRIGGER_FUNCTION}()",
    f"DROP FUNCTION IF EXISTS {FUNCTION}(text, text, text, text, text, text)",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector",
]


def add_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in FORWARD:
        schema_editor.execute(statement)


def remove_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in BACKWARD:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0004_contribution_merged_into_wallcard_hidden_at_and_more"),
        ("meetings", "0002_fulltext_search"),
    ]

    operations = [
        migrations.RunPython(add_search_vector, remove_search_vector),
    ]
