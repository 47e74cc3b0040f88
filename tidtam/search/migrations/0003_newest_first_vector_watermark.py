"""Faster search on a national dataset (tidtam/search/selectors.py explains the query).

- `SearchDocument.round`, `.fiscal_year_be`, `.round_number`: copied from the submission's round, filled
  here for the documents already indexed. An index on (fiscal year, round number, id), newest first.
- `SearchDocument.search_vector`: PostgreSQL computes to_tsvector('simple', tokens) once, on insert (a
  generated column); the GIN index moves from the expression of 0002 to the column, so matching and
  ts_rank read the stored vector instead of parsing the tokens again. On SQLite the column is NULL.
- `IndexWatermark` and an index on submissions_submission (updated_at): "what changed since the index
  was last known complete" becomes an index range instead of a join of every submission. The index is
  created here because only search reads submissions by updated_at; it is no part of the submissions
  app's model state and changes nothing there.

On SQLite, adding a NOT NULL column rebuilds the table, which drops the FTS5 triggers of 0002: they are
created again at the end (same statements, IF NOT EXISTS, then an FTS 'rebuild'), and again at the end
of unapplying.
"""

import importlib

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

import tidtam.search.models

OLD_PG_INDEX = "search_document_tokens_gin"
PG_INDEX = "search_document_vector_gin"
UPDATED_AT_INDEX = "search_submission_updated_at"

fulltext = importlib.import_module("tidtam.search.migrations.0002_fulltext")


def drop_expression_index(apps, schema_editor):
    # Before the UPDATE below: otherwise every updated row re-parses its tokens for this index.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {OLD_PG_INDEX}")


def restore_0002(apps, schema_editor):
    # The last step when unapplying: 0002's structures as they were (the table rebuilds of SQLite on
    # the way back dropped the FTS triggers again).
    fulltext.create(apps, schema_editor)


def copy_rounds(apps, schema_editor):
    # UPDATE … FROM: PostgreSQL, and SQLite since 3.33.
    schema_editor.execute(
        "UPDATE search_searchdocument SET round_id = s.round_id, fiscal_year_be = r.fiscal_year_be, "
        "round_number = r.number FROM submissions_submission s JOIN formdefs_round r ON r.id = s.round_id "
        "WHERE s.id = search_searchdocument.submission_id"
    )


def add_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE search_searchdocument ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
            "(to_tsvector('simple'::regconfig, COALESCE(tokens, ''))) STORED"
        )
    else:
        schema_editor.execute(
            "ALTER TABLE search_searchdocument ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (NULL) VIRTUAL"
        )


def drop_vector(apps, schema_editor):
    schema_editor.execute("ALTER TABLE search_searchdocument DROP COLUMN search_vector")


def create_fulltext(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON search_searchdocument USING gin (search_vector)")
        elif connection.vendor == "sqlite" and fulltext._sqlite_has_fts5(cursor):
            for sql in fulltext.SQLITE_CREATE:
                cursor.execute(sql)


def drop_fulltext(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("formdefs", "0002_initial"),
        ("search", "0002_fulltext"),
        ("submissions", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(drop_expression_index, restore_0002),
        migrations.AddField(
            model_name="searchdocument",
            name="round",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="formdefs.round"
            ),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="fiscal_year_be",
            field=models.PositiveSmallIntegerField(default=0),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="round_number",
            field=models.PositiveSmallIntegerField(default=0),
            preserve_default=False,
        ),
        migrations.RunPython(copy_rounds, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="searchdocument",
            name="round",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="formdefs.round"
            ),
        ),
        # By hand, not AddField: SQLite refuses to ADD a STORED column to a table that has rows, and
        # there the column is a constant NULL anyway, so a VIRTUAL one (the model's state says stored;
        # a later rebuild of the table would make it a stored NULL: no difference).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="searchdocument",
                    name="search_vector",
                    field=models.GeneratedField(
                        db_persist=True,
                        expression=tidtam.search.models.TokensVector("tokens", config="simple"),
                        null=True,
                        output_field=django.contrib.postgres.search.SearchVectorField(),
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(add_vector, drop_vector)],
        ),
        migrations.AddIndex(
            model_name="searchdocument",
            index=models.Index(fields=["-fiscal_year_be", "-round_number", "-id"], name="searchdoc_newest_first"),
        ),
        migrations.RunPython(create_fulltext, drop_fulltext),
        migrations.CreateModel(
            name="IndexWatermark",
            fields=[
                ("id", models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                ("complete_through", models.DateTimeField()),
                ("max_submission_id", models.BigIntegerField()),
                ("checked_at", models.DateTimeField()),
            ],
            options={
                "constraints": [
                    models.CheckConstraint(condition=models.Q(("id", 1)), name="indexwatermark_single_row")
                ],
            },
        ),
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {UPDATED_AT_INDEX} ON submissions_submission (updated_at)",
            f"DROP INDEX IF EXISTS {UPDATED_AT_INDEX}",
        ),
    ]
