"""X.1 results tables: the header mapped to the template's columns, rows of numbers per agency."""

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from tidtam.formdefs.aggregation import to_json_number

from .agencies import AgencyRef, AgencyResolver
from .document import OFFICE, ParsedItem, load_provinces
from .lines import SourceLine
from .marks import NOTE_SEPARATOR, OFFICE_LABEL_PREFIX, column_note, read_printed_total
from .tables import match_columns, parse_cell
from .textutil import clean, is_separator, join_broken, key


class ResultsTableMixin:
    """Part of ReportParser: reads a results table's header and rows."""

    # State and helpers this mixin reads from ReportParser (set in its __init__ / defined there).
    item: ParsedItem | None
    lines: list[SourceLine]
    t_items: dict[int, dict[str, Any]]
    meta: dict[str, Any]
    agencies: AgencyResolver
    heading_open: bool
    table: str | None

    if TYPE_CHECKING:

        def note(self, line: SourceLine | None, severity: str, kind: str, message: str) -> None: ...

        def placed_line(self, line: SourceLine) -> None: ...

    def results_header(self, i: int, line: SourceLine) -> int:
        assert self.item is not None
        self.heading_open = False
        printed = [clean(c) for c in line.cell_texts()[1:]]
        i = self._header_continued(i, line, printed)
        while printed and not printed[-1]:
            printed.pop()
        self.item.header = printed
        t_cols = (self.t_items.get(self.item.number) or {}).get("table", {}) or {}
        columns = t_cols.get("columns") or []
        matches = match_columns(printed, columns, fiscal_year_be=self.meta.get("fiscal_year_be"))
        self.item.column_keys = [mt.key for mt in matches]
        for idx, mt in enumerate(matches):
            col = next((c for c in columns if c["key"] == mt.key), None)
            if col is None:
                self.note(
                    line,
                    "error",
                    "unknown_column",
                    f'คอลัมน์ "{mt.printed}" ไม่มีในแบบฟอร์ม ค่าในคอลัมน์นี้จะไม่ถูกนำเข้า'
                    + (f" ({mt.reason})" if mt.reason else ""),
                )
            elif key(col["label"]) != key(mt.printed):
                self.note(
                    line,
                    "warning",
                    "renamed_column",
                    f'คอลัมน์ "{mt.printed}" ถือเป็น "{col["label"]}" ของแบบฟอร์ม (ความคล้าย {mt.score:.0%})',
                )
            elif columns.index(col) != idx:
                self.note(line, "warning", "reordered_column", f'คอลัมน์ "{mt.printed}" อยู่ผิดลำดับจากแบบฟอร์ม')
        found = {mt.key for mt in matches}
        for col in columns:
            if col["key"] not in found:
                self.note(line, "warning", "missing_column", f'ไม่พบคอลัมน์ "{col["label"]}" ของแบบฟอร์มในตาราง')
        if not columns:
            self.note(line, "error", "table_not_in_template", "แบบฟอร์มรุ่นที่ใช้เทียบไม่มีตารางผลการดำเนินงานในข้อนี้")
        self.table = "results"
        return i + 1

    def _header_continued(self, i: int, line: SourceLine, printed: list[str]) -> int:
        """Rows under the header with an empty first cell and no number are the rest of its labels:
        a header cut by a page break, or wrapped lines a PDF reader gave as rows of their own."""
        j = i + 1
        while j < len(self.lines):
            if self.lines[j].is_blank:
                j += 1
                continue
            cells = self.lines[j].cell_texts() if self.lines[j].cells is not None else []
            texts = [clean(c) for c in cells]
            if (
                len(texts) != len(line.cell_texts())
                or texts[0]
                or not any(texts)
                or any(parse_cell(t)[0] is not None for t in texts[1:])
            ):
                break
            for k, text in enumerate(texts[1:]):
                if text:
                    printed[k] = join_broken(printed[k], text) if printed[k] else text
            i = j
            j += 1
        return i

    def _misread_label(self, line: SourceLine, label: str) -> AgencyRef | None:
        """An unknown label matched to the one known agency it is clearly a misreading of (OCR), unless
        that agency already has its row in this table: two rows are never merged into one agency."""
        assert self.item is not None
        province = load_provinces().get(self.meta.get("province_name") or "")
        before = set(self.agencies.refs)
        found = self.agencies.match_label(label, line.no, province)
        if found is None:
            return None
        ref, match = found
        if any(r["agency"] == ref.ident for r in self.item.rows):
            if ref.ident not in before:
                del self.agencies.refs[ref.ident]
            return None
        kind = self.agencies.kind_info(ref.kind)
        self.note(
            line,
            "warning",
            "agency_label_matched",
            _('ชื่อหน่วยงานในตารางอ่านได้เป็น "%(read)s" ซึ่งไม่ตรงกับหน่วยงานใด จึงถือเป็น "%(known)s" (%(name)s) '
              "ที่ใกล้เคียงที่สุด ควรตรวจสอบกับต้นฉบับ")
            % {"read": label, "known": match.candidate.text, "name": kind["name"]},
        )  # fmt: skip
        return ref

    def results_row(self, i: int, line: SourceLine) -> int:
        assert self.item is not None
        cells = line.cell_texts()
        if is_separator(cells):
            return i + 1
        label = clean(cells[0])
        is_total = label.startswith("รวม")
        values: dict[str, Decimal | None] = {}
        notes: list[str] = []
        header = self.item.header or []
        for idx, cell in enumerate(cells[1:]):
            col_key = self.item.column_keys[idx] if idx < len(self.item.column_keys) else None
            printed = read_printed_total(cell) if is_total else None
            if printed is not None:
                # Our own export: the computed total, then the total the source printed (kept for comparison).
                if col_key is not None:
                    values[col_key] = printed
                continue
            value, note, ok = parse_cell(cell)
            if not ok:
                self.note(
                    line, "warning", "not_a_number", f'ค่า "{clean(cell)[:40]}" ไม่ใช่ตัวเลข เก็บไว้เป็นหมายเหตุ'
                )
            if note:
                if ok:
                    self.note(line, "info", "cell_footnote", "แยกเชิงอรรถออกจากตัวเลขในช่อง เก็บเป็นหมายเหตุของแถว")
                # Kept with its column's printed label, so that an export puts it back on its own cell.
                notes.append(column_note(header[idx] if idx < len(header) else "", note))
            if col_key is None:
                if clean(cell) and idx >= len(self.item.column_keys):
                    self.note(line, "warning", "extra_cell", "แถวมีช่องเกินจำนวนคอลัมน์")
                continue
            values[col_key] = value
        if is_total:
            self.item.total_label = label
            self.item.printed_total = {k: to_json_number(v) for k, v in values.items()}
            self.placed_line(line)
            return i + 1
        ref = self.agencies.from_label(label, line.no)
        if ref is None and not label.replace(" ", "").startswith(OFFICE_LABEL_PREFIX):
            ref = self._misread_label(line, label)
        who = ref.ident if ref else OFFICE
        if ref is None and not label.replace(" ", "").startswith(OFFICE_LABEL_PREFIX):
            self.note(
                line,
                "warning",
                "row_not_agency",
                f'แถว "{label}" ไม่ใช่ชื่อหน่วยงาน จึงบันทึกเป็นข้อมูลของสำนักงานศึกษาธิการจังหวัด',
            )
        if any(r["agency"] == who for r in self.item.rows):
            self.note(line, "warning", "duplicate_row", f"หน่วยงาน {label} มีมากกว่าหนึ่งแถว ใช้แถวหลังสุด")
            self.item.rows = [r for r in self.item.rows if r["agency"] != who]
        self.item.rows.append(
            {
                "agency": who,
                "label": label,
                "values": values,
                "notes": NOTE_SEPARATOR.join(notes),
                "line": line.no,
            }
        )
        self.placed_line(line)
        return i + 1
