"""Full-text structures that only one database vendor has.

- PostgreSQL: a GIN index on to_tsvector('simple', tokens). The expression is exactly what
  django.contrib.postgres' SearchVector("tokens", config="simple") compiles to, so the planner uses it.
- SQLite: an FTS5 table over the tokens (external content: the text lives only in search_searchdocument),
  kept in step by triggers. unicode61 with the M* categories added keeps Thai vowel and tone marks
  inside words (by default they would split a word). Where the SQLite build lacks FTS5 nothing is
  created and search falls back to one LIKE per word (tidtam/search/backends.py).
"""

from django.db import migrations

PG_INDEX = "search_document_tokens_gin"
FTS_TABLE = "search_document_fts"

SQLITE_CREATE = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        tokens, content='search_searchdocument', content_rowid='id',
        tokenize="unicode61 categories 'L* N* Co M*'")""",
    f"""CREATE TRIGGER IF NOT EXISTS search_document_fts_ai AFTER INSERT ON search_searchdocument BEGIN
        INSERT INTO {FTS_TABLE}(rowid, tokens) VALUES (new.id, new.tokens);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS search_document_fts_ad AFTER DELETE ON search_searchdocument BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, tokens) VALUES ('delete', old.id, old.tokens);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS search_document_fts_au AFTER UPDATE ON search_searchdocument BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, tokens) VALUES ('delete', old.id, old.tokens);
        INSERT INTO {FTS_TABLE}(rowid, tokens) VALUES (new.id, new.tokens);
    END""",
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_document_fts_ai",
    "DROP TRIGGER IF EXISTS search_document_fts_ad",
    "DROP TRIGGER IF EXISTS search_document_fts_au",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]


def _sqlite_has_fts5(cursor) -> bool:
    cursor.execute("PRAGMA compile_options")
    return any("ENABLE_FTS5" in row[0] for row in cursor.fetchall())


def create(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON search_searchdocument "
                "USING gin (to_tsvector('simple'::regconfig, COALESCE(tokens, '')))"
            )
        elif connection.vendor == "sqlite" and _sqlite_has_fts5(cursor):
            for sql in SQLITE_CREATE:
                cursor.execute(sql)


def drop(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")
        elif connection.vendor == "sqlite":
            for sql in SQLITE_DROP:
                cursor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
