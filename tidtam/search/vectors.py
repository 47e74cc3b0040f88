"""PostgreSQL's search vector of a document, built here instead of by the database.

The index's vector is to_tsvector('simple', tokens || ' ' || subwords). The database used to compute
it on insert (a generated column), and that parse was about a quarter of a rebuild's database time:
its parser reads the text character by character through the locale's wide-character classes, to find
words that are already found (segmentation.index_terms). Here the words are known, so the vector is assembled
directly in PostgreSQL's binary form and sent by COPY:

- each distinct word is a lexeme, in byte order (PostgreSQL's order for lexemes);
- its positions are the 1-based places where it occurs, weight D (the default).

This is what to_tsvector gives for plain words (Thai letters and marks, ASCII lowercase letters and
digits, joined by single spaces): tests/test_vectors.py compares the two over generated words and
tests/test_vectors_seed.py over the seed, and `matches_database` checks it on the connection's own
server and locale before the first use.
Anything else gets no vector here (None) and the database computes it (`SQL_VECTOR`): words with other
characters (accented Latin letters, decimal points, which its parser may read otherwise), words mixing
Thai letters and digits, words starting on a tone mark (no word start for the parser), a word said
more than 255 times or a text of 16,383 words or more (where to_tsvector stops counting positions),
a word longer than 80 characters (the database skips words of 2 KB or more).
"""

import re
import struct
from functools import lru_cache

from django.db import connection

# What the database computes; written exactly as the generated column was (migration 0004).
SQL_VECTOR = "to_tsvector('simple'::regconfig, COALESCE(tokens, '') || ' ' || COALESCE(subwords, ''))"

# A plain word: ASCII digits, ASCII lowercase letters, or Thai letters, vowels and marks that do not
# start on a tone mark or another sign PostgreSQL's parser cannot start a word with (U+0E47-U+0E4E);
# at most 80 characters (tails are cut at 32).
_WORD = r"(?:[0-9]{1,80}|[a-z]{1,80}|[\u0E01-\u0E3A\u0E40-\u0E46][\u0E01-\u0E3A\u0E40-\u0E4E]{0,79})"
_PLAIN = re.compile(rf"(?:{_WORD}(?: {_WORD})*)?")
_MAX_POSITIONS = 255  # to_tsvector keeps at most this many positions of one word
_MAX_POSITION = 16383  # positions beyond this are all recorded as 16383
_COUNT = struct.Struct("!i")
TSVECTOR_OID = 3614  # pg_type.oid of tsvector, fixed in PostgreSQL's catalogue


def tsvector_binary(words: list[str]) -> bytes | None:
    """to_tsvector('simple', ' '.join(words)) in PostgreSQL's binary wire form; None where the
    database must compute it (see the module's docstring)."""
    if len(words) >= _MAX_POSITION or not _PLAIN.fullmatch(" ".join(words)):
        return None
    first: dict[str, int] = {}  # each word's first place; most words occur once
    more: dict[str, list[int]] = {}  # the places of words that occur again
    for place, word in enumerate(words, 1):
        if word in first:
            at = more.get(word)
            if at is None:
                more[word] = [first[word], place]
            elif len(at) < _MAX_POSITIONS:
                at.append(place)
            else:
                return None
        else:
            first[word] = place
    parts = [_COUNT.pack(len(first))]
    # In code-point order, which is UTF-8's byte order: PostgreSQL's order for lexemes.
    for word in sorted(first):
        parts.append(_lexeme(word))
        at = more.get(word)
        parts.append(_ONE_PLACE[first[word]] if at is None else _places(at))
    return b"".join(parts)


@lru_cache(maxsize=200_000)
def _lexeme(word: str) -> bytes:
    # The lexeme then a zero byte (plain words only: at most 80 characters, see _WORD).
    return word.encode("utf-8") + b"\0"


def _places(at: list[int]) -> bytes:
    return struct.pack(f"!{len(at) + 1}H", len(at), *at)


# A word's position data when it occurs once, at place p (< _MAX_POSITION): count 1, then p.
_ONE_PLACE = [struct.pack("!HH", 1, p) for p in range(_MAX_POSITION)]


class Vector(bytes):
    """A vector built by `tsvector_binary`: sent to PostgreSQL as a binary tsvector."""


def send_vectors_binary(cursor) -> None:
    """Let this psycopg cursor send `Vector` values in a binary COPY."""
    cursor.adapters.register_dumper(Vector, _vector_dumper())


@lru_cache(maxsize=1)
def _vector_dumper() -> type:
    """The psycopg dumper of `Vector`: its bytes as they are, as a binary tsvector (made once; psycopg
    is imported only where PostgreSQL is used)."""
    from psycopg.adapt import Dumper
    from psycopg.pq import Format

    class VectorDumper(Dumper):
        format = Format.BINARY
        oid = TSVECTOR_OID

        def dump(self, obj: bytes) -> bytes:
            return obj

    return VectorDumper


def matches_database() -> bool:
    """Whether this server's to_tsvector gives what `tsvector_binary` builds, on words of each kind.

    Checked once per database: a server whose parser or locale reads these words otherwise gets its
    vectors computed by itself (`SQL_VECTOR`), as before.
    """
    return _matches(connection.alias, str(connection.settings_dict.get("NAME") or ""))


# Plain words of every kind the index holds (each probe must build: test_vectors checks it): Thai
# words with leading vowels, tone marks, sara am and signs, a lone vowel or sign, digits, Latin
# letters, a word said again, and as many places of one word as a vector keeps.
_PROBES = (
    ("งบประมาณ", "ปี", "2567", "ครู", "ปี", "dpa", "กคศ", "ข้อมูล", "ซ้ำซ้อน", "ฤๅษี", "ำ", "ั", "ะ", "ๆ", "ฯ"),
    ("เรียน", "ไม้", "ใจ", "แก้ไข", "โครงการ", "ก็", "น้ำ", "ปีงบประมาณ", "e", "learning", "0", "007"),
    ("ครู",) * _MAX_POSITIONS,
    (),
)


@lru_cache(maxsize=8)
def _matches(alias: str, name: str) -> bool:
    with connection.cursor() as cursor:
        for words in _PROBES:
            built = tsvector_binary(list(words))
            if built is None:
                return False  # a probe the builder refuses: it would vouch for nothing
            cursor.execute("SELECT to_tsvector('simple', %s)::text", [" ".join(words)])
            row = cursor.fetchone()
            if not row or row[0] != as_text(built):
                return False
    return True


def as_text(built: bytes) -> str:
    """A built vector in PostgreSQL's text form ('word':1,3 'other':2), to compare with the server's."""
    (count,) = _COUNT.unpack_from(built)
    at, out = _COUNT.size, []
    for _ in range(count):
        end = built.index(b"\0", at)
        lexeme = built[at:end].decode("utf-8")
        (n,) = struct.unpack_from("!H", built, end + 1)
        places = struct.unpack_from(f"!{n}H", built, end + 3)
        at = end + 3 + 2 * n
        out.append("'" + lexeme.replace("'", "''") + "':" + ",".join(str(p & 0x3FFF) for p in places))
    return " ".join(out)
