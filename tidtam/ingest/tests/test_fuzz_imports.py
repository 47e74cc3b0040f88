"""Importer fuzz: mutated copies of a small seed report (.txt), of its .docx and of its JSON export.

Whatever the mutation (truncated, lines deleted, duplicated or swapped, random bytes, Thai digits,
huge numbers, control characters, impossible years, keys removed, values of the wrong type), an
import either succeeds or fails with the project's own Thai `ImportFailed`; and a failed import
leaves the database exactly as it was (the round imported before stays intact, nothing partial).

Deterministic (derandomized, no example database) and small, so the whole module runs in well under
a minute; `TIDTAM_FUZZ_EXAMPLES=500` runs a longer, random exploration.
"""

import copy
import hashlib
import io
import json
import os
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tidtam.formdefs.models import Round
from tidtam.ingest.services import ImportFailed, report_import
from tidtam.orgs.models import OrgUnit
from tidtam.reports.exporters.json import round_to_dict
from tidtam.submissions.models import NarrativeEntry, ProblemRow, Submission, TableValue
from tidtam.testing import SEED

from .docx_layout import write_legacy_docx

SMALL_LINES = 170  # the header and item 1 of the seed: a whole report in miniature
# TIDTAM_FUZZ_EXAMPLES=500 explores further, with fresh random examples each run.
EXPLORE = int(os.environ.get("TIDTAM_FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    max_examples=EXPLORE or 30,
    deadline=None,
    derandomize=not EXPLORE,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CONTROL = ["\x00", "\x01", "\x0b", "\x0c", "\x1f", "\x7f"]
idx = st.integers(0, 10_000)

LINE_OPS = st.one_of(
    st.tuples(st.just("truncate"), idx),
    st.tuples(st.just("delete"), idx),
    st.tuples(st.just("duplicate"), idx),
    st.tuples(st.just("swap"), idx, idx),
    st.tuples(st.just("insert"), idx, st.text(max_size=60)),
    st.tuples(st.just("thai_digits"), idx),
    st.tuples(st.just("huge"), idx),
    st.tuples(st.just("control"), idx, st.sampled_from(CONTROL)),
    st.tuples(st.just("year"), st.integers(-(10**6), 10**9)),
)
NOISE = st.none() | st.tuples(idx, st.binary(min_size=1, max_size=40))


def mutate_lines(lines: list[str], ops: list[tuple]) -> list[str]:
    lines = list(lines)
    for op, *args in ops:
        if not lines:
            break
        at = args[0] % len(lines) if args and isinstance(args[0], int) else 0
        if op == "truncate":
            lines = lines[:at]
        elif op == "delete":
            del lines[at]
        elif op == "duplicate":
            lines.insert(at, lines[at])
        elif op == "swap":
            other = args[1] % len(lines)
            lines[at], lines[other] = lines[other], lines[at]
        elif op == "insert":
            lines.insert(at, args[1])
        elif op == "thai_digits":
            lines[at] = lines[at].translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
        elif op == "huge":
            lines[at] = re.sub(r"\d+", "9" * 40, lines[at], count=1)
        elif op == "control":
            middle = len(lines[at]) // 2
            lines[at] = lines[at][:middle] + args[1] + lines[at][middle:]
        elif op == "year":
            lines = [re.sub(r"พ\.ศ\. \d{4}", f"พ.ศ. {args[0]}", line, count=1) for line in lines]
    return lines


def spliced(content: bytes, noise: tuple[int, bytes] | None) -> bytes:
    if noise is None or not content:
        return content
    at = noise[0] % len(content)
    return content[:at] + noise[1] + content[at:]


def fingerprint() -> tuple:
    """Everything an import writes, in a form two states can be compared by."""
    texts = hashlib.sha256()
    for text in sorted(NarrativeEntry.objects.values_list("text", flat=True)):
        texts.update(text.encode("utf-8", "surrogatepass"))
    return (
        sorted(Round.objects.values_list("key", "status", "origin")),
        Submission.objects.count(),
        sorted(str(v) for v in TableValue.objects.values_list("value", flat=True)),
        ProblemRow.objects.count(),
        OrgUnit.objects.count(),
        texts.hexdigest(),
    )


def attempt(path: Path) -> None:
    """Import `path`: success, or ImportFailed with the database as it was before."""
    before = fingerprint()
    try:
        report_import(path=path)
    except ImportFailed as exc:
        assert str(exc).strip(), "an ImportFailed without a message"
        assert fingerprint() == before, f"a failed import changed the database: {exc}"


@pytest.fixture
def small(loaded, tmp_path) -> tuple[list[str], dict[str, Any]]:
    """The small seed's lines, imported once (the round a failed import must leave intact), and its JSON."""
    lines = SEED.read_text(encoding="utf-8").splitlines()[:SMALL_LINES]
    path = tmp_path / "small.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    exported = round_to_dict(report_import(path=path).round)
    return lines, exported


@FUZZ
@given(ops=st.lists(LINE_OPS, min_size=1, max_size=4), noise=NOISE)
def test_a_mutated_text_report_imports_or_fails_in_thai_without_a_trace(small, tmp_path, ops, noise):
    lines, _ = small
    path = tmp_path / "fuzz.txt"
    path.write_bytes(spliced("\n".join(mutate_lines(lines, ops)).encode("utf-8"), noise))
    attempt(path)


# -- JSON ----------------------------------------------------------------------------------------
ODD_VALUES = st.sampled_from(
    [None, "", "x", -1, 0, 10**30, 1e308, True, [], {}, "๒๕๖๗", "\x00", "ก" * 400, 9567, "2024-99-99"]
)
JSON_OPS = st.one_of(
    st.tuples(st.just("delete"), idx),
    st.tuples(st.just("replace"), idx, ODD_VALUES | st.text(max_size=20) | st.integers()),
    st.tuples(st.just("duplicate"), idx),
)


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    out = []
    if isinstance(node, dict):
        items = list(node.items())
    elif isinstance(node, list):
        items = list(enumerate(node))
    else:
        return out
    for key, value in items:
        out.append((*prefix, key))
        out.extend(_paths(value, (*prefix, key)))
    return out


def mutate_json(data: dict, ops: list[tuple]) -> dict:
    data = copy.deepcopy(data)
    for op, at, *rest in ops:
        paths = _paths(data)
        if not paths:
            break
        *parents, last = paths[at % len(paths)]
        parent = data
        for key in parents:
            parent = parent[key]
        if op == "delete":
            del parent[last]
        elif op == "replace":
            parent[last] = rest[0]
        elif op == "duplicate" and isinstance(parent, list):
            parent.insert(last, copy.deepcopy(parent[last]))
    return data


@FUZZ
@given(
    ops=st.lists(JSON_OPS, min_size=1, max_size=3),
    line_ops=st.lists(st.tuples(st.just("truncate"), idx) | st.tuples(st.just("delete"), idx), max_size=1),
)
def test_a_mutated_json_export_imports_or_fails_in_thai_without_a_trace(small, tmp_path, ops, line_ops):
    _, exported = small
    text = json.dumps(mutate_json(exported, ops), ensure_ascii=False, indent=1)
    path = tmp_path / "fuzz.json"
    path.write_text(
        "\n".join(mutate_lines(text.splitlines(), line_ops)), encoding="utf-8", errors="surrogatepass"
    )
    attempt(path)


# -- .docx ---------------------------------------------------------------------------------------
PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.S)
DOCX_OPS = st.one_of(
    st.tuples(st.just("year"), st.integers(-(10**6), 10**9)),
    st.tuples(st.just("drop_paragraph"), idx),
    st.tuples(st.just("duplicate_paragraph"), idx),
    st.tuples(st.just("text"), idx, st.text(max_size=30)),
    st.tuples(st.just("cut"), idx, idx),
    st.tuples(st.just("doctype"), st.just(0)),
    st.tuples(st.just("truncate_zip"), idx),
)


@pytest.fixture
def small_docx(small, tmp_path) -> bytes:
    path = tmp_path / "small.docx"
    write_legacy_docx(small[1], path)
    return path.read_bytes()


def mutate_docx(content: bytes, ops: list[tuple]) -> bytes:
    with zipfile.ZipFile(io.BytesIO(content)) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    truncate = None
    for op, at, *rest in ops:
        paragraphs = PARAGRAPH.findall(xml)
        if op == "year":
            xml = xml.replace("2567", str(at), 1)
        elif op == "drop_paragraph" and paragraphs:
            xml = xml.replace(paragraphs[at % len(paragraphs)], "", 1)
        elif op == "duplicate_paragraph" and paragraphs:
            p = paragraphs[at % len(paragraphs)]
            xml = xml.replace(p, p + p, 1)
        elif op == "text":
            escaped = rest[0].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            xml = xml.replace("<w:t>", f"<w:t>{escaped}", 1 + at % 3)
        elif op == "cut":
            a, b = sorted((at % len(xml), rest[0] % len(xml)))
            xml = xml[:a] + xml[b : b + 1 + (b - a) % 200]
        elif op == "doctype":
            xml = xml.replace("?>", '?><!DOCTYPE d [<!ENTITY e "x">]>', 1)
        elif op == "truncate_zip":
            truncate = at
    parts["word/document.xml"] = xml.encode("utf-8", "surrogatepass")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    data = out.getvalue()
    return data[: truncate % len(data)] if truncate is not None else data


@FUZZ
@given(ops=st.lists(DOCX_OPS, min_size=1, max_size=3), noise=NOISE)
def test_a_mutated_docx_imports_or_fails_in_thai_without_a_trace(small_docx, tmp_path, ops, noise):
    path = tmp_path / "fuzz.docx"
    path.write_bytes(spliced(mutate_docx(small_docx, ops), noise))
    attempt(path)
