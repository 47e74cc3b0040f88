"""`SearchDocument.search_vector` stops being a generated column: the indexer writes it.

The database parsed every document's words again to compute the vector on insert, a third of a
rebuild's database time; the indexer now builds the same vector from the words it has just found
(tidtam.search.vectors) and sends it by binary COPY.

- PostgreSQL: DROP EXPRESSION keeps every stored vector and the GIN index as they are.
- SQLite: the column was a constant NULL (virtual); it becomes a plain column that stays NULL.
Backwards, the generated column of migration 0004 comes back (PostgreSQL recomputes every vector).
"""

import django.contrib.postgres.search
from django.db import migrations

PG_INDEX = "search_document_vector_gin"
PG_VECTOR = "to_tsvector('simple'::regconfig, COALESCE(tokens, '') || ' ' || COALESCE(subwords, ''))"


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE search_searchdocument ALTER COLUMN search_vector DROP EXPRESSION IF EXISTS")
        elif connection.vendor == "sqlite":
            cursor.execute("ALTER TABLE search_searchdocument DROP COLUMN search_vector")
            cursor.execute("ALTER TABLE search_searchdocument ADD COLUMN search_vector text NULL")


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")
            cursor.execute("ALTER TABLE search_searchdocument DROP COLUMN search_vector")
            cursor.execute(
                "ALTER TABLE search_searchdocument ADD COLUMN search_vector tsvector "
                f"GENERATED ALWAYS AS ({PG_VECTOR}) STORED"
            )
            cursor.execute(f"CREATE INDEX {PG_INDEX} ON search_searchdocument USING gin (search_vector)")
        elif connection.vendor == "sqlite":
            cursor.execute("ALTER TABLE search_searchdocument DROP COLUMN search_vector")
            cursor.execute(
                "ALTER TABLE search_searchdocument ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (NULL) VIRTUAL"
            )


class Migration(migrations.Migration):
    dependencies = [("search", "0004_subwords_vocabulary_theme_results")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="searchdocument", name="search_vector"),
                migrations.AddField(
                    model_name="searchdocument",
                    name="search_vector",
                    field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
                ),
            ],
            database_operations=[migrations.RunPython(forwards, backwards)],
        ),
    ]
