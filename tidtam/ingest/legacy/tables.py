"""The two kinds of table in a report: X.1 results (numbers per agency) and X.2 problem rows."""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from tidtam.common.thai import parse_number
from tidtam.formdefs.labels import strip_years, years_named

from .textutil import (
    clean,
    enumerate_segments,
    is_empty_marker,
    join_broken,
    leading_number,
    similarity,
    starts_with_marker,
)

_LEADING_NUMBER = re.compile(r"^\s*([+-]?[0-9๐-๙][0-9๐-๙,]*(?:\.[0-9๐-๙]+)?)(.*)$", re.S)
_UNIT_WORDS = ("คน", "ราย", "แห่ง", "บาท", "โรงเรียน", "ชุด", "เครื่อง", "%", "ร้อยละ")


def parse_cell(text: str) -> tuple[Decimal | None, str, bool]:
    """'4,111 คน* * ข้าราชการประจำ 2,022 คน' → (4111, 'ข้าราชการประจำ 2,022 คน', ok).
    Returns (value, note, ok); ok is False when the cell held text but no number."""
    t = clean(text)
    if not t or is_empty_marker(t):
        return None, "", True
    m = _LEADING_NUMBER.match(t)
    if not m:
        return None, t, False
    value = parse_number(m.group(1))
    if value is None:
        return None, t, False
    rest = m.group(2).strip()
    for unit in _UNIT_WORDS:
        if rest.startswith(unit):
            rest = rest[len(unit) :].strip()
            break
    rest = rest.lstrip("*").strip().lstrip("*").strip()
    return value, rest, True


@dataclass
class ColumnMatch:
    printed: str
    key: str | None
    score: float
    # Why a header was left unmapped when a column looked like it (shown in the anomaly).
    reason: str = ""


def label_score(printed: str, label: str, *, fiscal_year_be: int | None = None) -> float:
    """How alike a printed header and a template label (rendered for the document's year) are.

    Years are compared, never scored by likeness: a header naming a year matches only a label naming the
    same years ("ปี 2568" is never "ปี 2567", however alike the words), and the rest of the text is compared
    without them. A header may name its year short ("ปี 68") or, given the document's fiscal year, relative
    to it ("ปีก่อน")."""
    printed_years = set(years_named(printed, fiscal_year_be=fiscal_year_be))
    label_years = set(years_named(label))
    if printed_years and label_years:
        if printed_years != label_years:
            return 0.0
        return similarity(strip_years(printed), strip_years(label))
    return similarity(printed, label)


def _same_but_year(a: dict, b: dict) -> bool:
    """Two columns whose labels differ only in the year they name ("ปี 2567" / "ปี 2568")."""
    return (
        a is not b
        and bool(years_named(a["label"]))
        and years_named(a["label"]) != years_named(b["label"])
        and similarity(strip_years(a["label"]), strip_years(b["label"])) >= 0.9
    )


def match_columns(
    printed: list[str], columns: list[dict], *, fiscal_year_be: int | None = None
) -> list[ColumnMatch]:
    """Map printed header cells to template columns by label; equal labels first, then the closest.
    `columns` carry labels rendered for the document's own fiscal year (formdefs.spec), and may carry
    `former_labels`: what the columns they continue were called (without years), so that a report still
    printing a renamed column's old name finds it.

    A header that names no year is never given one of several columns that differ only in their year:
    which year it means is unknown, so it stays unmapped (an anomaly) rather than land under a year."""
    matches: list[ColumnMatch] = []
    free = list(columns)
    for label in printed:
        best, best_score = None, 0.0
        for col in free:
            score = max(
                label_score(label, text, fiscal_year_be=fiscal_year_be)
                for text in (col["label"], *(col.get("former_labels") or ()))
            )
            if score > best_score:
                best, best_score = col, score
        if best is not None and best_score >= 0.55:
            if not years_named(label, fiscal_year_be=fiscal_year_be) and any(
                _same_but_year(best, other) for other in columns
            ):
                reason = "หัวคอลัมน์ไม่ระบุปี จึงไม่ทราบว่าเป็นคอลัมน์ของปีใด"
                matches.append(ColumnMatch(label, None, best_score, reason))
                continue
            free.remove(best)
            matches.append(ColumnMatch(label, best["key"], best_score))
        else:
            matches.append(ColumnMatch(label, None, best_score))
    return matches


@dataclass
class ProblemRows:
    """Collects X.2 rows per agency, repairing rows the extraction split across pages."""

    rows: dict[str | None, list[list[str]]] = field(default_factory=dict)
    lines: dict[str | None, list[list[int]]] = field(default_factory=dict)
    current: str | None = None
    last: int | None = None
    page_break: bool = False
    repairs: list[tuple[int, str]] = field(default_factory=list)

    def set_agency(self, ident: str | None) -> None:
        self.current = ident
        self.rows.setdefault(ident, [])
        self.lines.setdefault(ident, [])
        self.last = None
        self.page_break = False

    def mark_break(self) -> None:
        if self.last is not None:
            self.page_break = True

    @staticmethod
    def _normalise(cells: list[list[str]]) -> list[list[str]]:
        cells = [c for c in cells]
        while len(cells) > 3 and not cells[-1]:
            cells.pop()
        if len(cells) > 3:
            cells = cells[:2] + [sum(cells[2:], [])]
        while len(cells) < 3:
            cells.append([])
        return cells

    @staticmethod
    def _segments(paragraphs: list[str]) -> list[tuple[int | None, str]]:
        if len(paragraphs) > 1:
            segs: list[tuple[int | None, str]] = []
            for p in paragraphs:
                n = leading_number(p)
                if n is None and segs and segs[-1][0] is not None:
                    segs[-1] = (segs[-1][0], segs[-1][1] + "\n" + p)
                else:
                    segs.append((n, p))
            return segs
        return enumerate_segments(paragraphs[0]) if paragraphs else []

    def _append(self, index: int, texts: list[str], line: int) -> None:
        row = self.rows[self.current][index]
        for i, t in enumerate(texts):
            if t:
                row[i] = join_broken(row[i], t) if row[i] else t
        self.lines[self.current][index].append(line)

    def _new(self, texts: list[str], line: int) -> None:
        self.rows[self.current].append(list(texts))
        self.lines[self.current].append([line])
        self.last = len(self.rows[self.current]) - 1

    def add(self, cells: list[list[str]], line: int, *, exact: bool = False) -> None:
        self.rows.setdefault(self.current, [])
        self.lines.setdefault(self.current, [])
        cells = self._normalise(cells)
        texts = ["\n".join(c) for c in cells]
        if all(not t or is_empty_marker(t) for t in texts):
            return
        if exact:
            self._new(texts, line)
            self.page_break = False
            return
        segs = [self._segments(c) for c in cells]
        number_sets = [{n for n, _ in s if n is not None} for s in segs if s]
        split = (
            number_sets
            and all(ns == number_sets[0] for ns in number_sets)
            and (len(number_sets[0]) >= 2 or (any(len(c) > 1 for c in cells) and number_sets[0]))
        )
        if split:
            prefix = ["\n".join(t for n, t in s if n is None) for s in segs]
            if any(prefix):
                if self.last is not None:
                    self._append(self.last, prefix, line)
                    self.repairs.append((line, "continued"))
                else:
                    self._new(prefix, line)
            numbers = sorted(number_sets[0])
            for n in numbers:
                self._new(["\n".join(t for m, t in s if m == n) for s in segs], line)
            self.repairs.append((line, f"split:{len(numbers)}"))
        else:
            # A row continues the previous one when its first cell is empty or it follows a page break.
            if self.last is not None and (
                not texts[0] or (self.page_break and not starts_with_marker(texts[0]))
            ):
                self._append(self.last, texts, line)
                self.repairs.append((line, "continued"))
            else:
                self._new(texts, line)
        self.page_break = False
