"""Words found inside compounds, the indexed vocabulary, stored theme results.

- `SearchDocument.subwords` (segmentation.subwords): the full-text structures now cover it too.
  PostgreSQL: the generated `search_vector` becomes to_tsvector('simple', tokens || ' ' || subwords)
  (a generated column's expression cannot be altered before PostgreSQL 17: dropped and added again,
  with its GIN index). SQLite: the FTS5 table gets a second column, `subwords`, and its triggers follow.
  Documents indexed before have no sub-words until they are indexed again: `tidtam search_reindex`.
- `SearchWord`: the vocabulary that "did you mean" suggestions come from (filled by indexing).
- `ThemeResult`: themes computed by the theme recomputation service, read by the themes page.
"""

import django.contrib.postgres.search
from django.db import migrations, models

import tidtam.search.models

PG_INDEX = "search_document_vector_gin"
FTS_TABLE = "search_document_fts"
PG_VECTOR = {
    "new": "to_tsvector('simple'::regconfig, COALESCE(tokens, '') || ' ' || COALESCE(subwords, ''))",
    "old": "to_tsvector('simple'::regconfig, COALESCE(tokens, ''))",
}


def _fts_statements(columns: list[str]) -> list[str]:
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    return [
        f"""CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(
            {names}, content='search_searchdocument', content_rowid='id',
            tokenize="unicode61 categories 'L* N* Co M*'")""",
        f"""CREATE TRIGGER search_document_fts_ai AFTER INSERT ON search_searchdocument BEGIN
            INSERT INTO {FTS_TABLE}(rowid, {names}) VALUES (new.id, {new});
        END""",
        f"""CREATE TRIGGER search_document_fts_ad AFTER DELETE ON search_searchdocument BEGIN
            INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {names}) VALUES ('delete', old.id, {old});
        END""",
        f"""CREATE TRIGGER search_document_fts_au AFTER UPDATE ON search_searchdocument BEGIN
            INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {names}) VALUES ('delete', old.id, {old});
            INSERT INTO {FTS_TABLE}(rowid, {names}) VALUES (new.id, {new});
        END""",
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
    ]


def _sqlite_has_fts5(cursor) -> bool:
    cursor.execute("PRAGMA compile_options")
    return any("ENABLE_FTS5" in row[0] for row in cursor.fetchall())


def _rebuild(schema_editor, version: str) -> None:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")
            cursor.execute("ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS search_vector")
            cursor.execute(
                "ALTER TABLE search_searchdocument ADD COLUMN search_vector tsvector "
                f"GENERATED ALWAYS AS ({PG_VECTOR[version]}) STORED"
            )
            cursor.execute(f"CREATE INDEX {PG_INDEX} ON search_searchdocument USING gin (search_vector)")
        elif connection.vendor == "sqlite" and _sqlite_has_fts5(cursor):
            for name in ("ai", "ad", "au"):
                cursor.execute(f"DROP TRIGGER IF EXISTS search_document_fts_{name}")
            cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
            for sql in _fts_statements(["tokens", "subwords"] if version == "new" else ["tokens"]):
                cursor.execute(sql)


def forwards(apps, schema_editor):
    _rebuild(schema_editor, "new")


def backwards(apps, schema_editor):
    _rebuild(schema_editor, "old")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_newest_first_vector_watermark")]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("word", models.CharField(max_length=64, primary_key=True, serialize=False)),
                ("documents", models.PositiveIntegerField(default=0)),
            ],
        ),
        migrations.CreateModel(
            name="ThemeResult",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("scope_key", models.CharField(max_length=64, unique=True)),
                ("kind", models.CharField(max_length=24)),
                ("computed_at", models.DateTimeField()),
                ("source_updated_at", models.DateTimeField(blank=True, null=True)),
                ("submission_count", models.PositiveIntegerField(default=0)),
                ("report", models.JSONField()),
            ],
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="subwords",
            field=models.TextField(blank=True, default=""),
        ),
        # By hand (RunPython below): the generated column is dropped and added again on PostgreSQL;
        # on SQLite it stays a constant NULL.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="searchdocument",
                    name="search_vector",
                    field=models.GeneratedField(
                        db_persist=True,
                        expression=tidtam.search.models.TokensVector("tokens", "subwords", config="simple"),
                        null=True,
                        output_field=django.contrib.postgres.search.SearchVectorField(),
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(forwards, backwards)],
        ),
    ]
