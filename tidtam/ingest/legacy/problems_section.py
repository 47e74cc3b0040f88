"""X.2 sections: (problem, solution, expected result) rows grouped by agency."""

from typing import TYPE_CHECKING

from .document import AGENCY_LINE, OFFICE, ParsedItem
from .lines import SourceLine
from .textutil import clean, is_empty_marker, is_separator, key


class ProblemsSectionMixin:
    """Part of ReportParser: reads an X.2 table, agency rows and page-split rows included."""

    # State and helpers this mixin reads from ReportParser (set in its __init__ / defined there).
    item: ParsedItem | None
    agency: str | None
    own_layout: bool

    if TYPE_CHECKING:

        def note(self, line: SourceLine | None, severity: str, kind: str, message: str) -> None: ...

        def placed_line(self, line: SourceLine) -> None: ...

        def agency_heading(self, i: int, line: SourceLine, name: str) -> int: ...

    def handle_problems(self, i: int, line: SourceLine) -> int:
        assert self.item is not None
        rows = self.item.problems
        if line.cells is None:
            if m := AGENCY_LINE.match(line.text):
                return self.agency_heading(i, line, m.group(1))
            if is_empty_marker(line.text):
                return i + 1
            cells = [[line.text]]
        else:
            cells = line.cells
            texts = [clean(c) for c in line.cell_texts()]
            if is_separator(texts):
                rows.mark_break()
                return i + 1
            if texts and key(texts[0]).startswith(key("ปัญหา")) and len(texts) > 1 and "แนวทาง" in texts[1]:
                rows.mark_break()
                return i + 1
            non_empty = [t for t in texts if t]
            if len(non_empty) == 1 and (m := AGENCY_LINE.match(non_empty[0])):
                return self.agency_heading(i, line, m.group(1))
        if rows.current is None and self.agency is None:
            rows.set_agency(OFFICE)
            if not self.own_layout:
                self.note(
                    line,
                    "warning",
                    "no_agency",
                    "แถวปัญหาอุปสรรคไม่อยู่ใต้ชื่อหน่วยงานใด จึงบันทึกเป็นของสำนักงานศึกษาธิการจังหวัด",
                )
        before = len(rows.repairs)
        rows.add(cells, line.no, exact=line.exact)
        for _, what in rows.repairs[before:]:
            if what == "continued":
                self.note(line, "info", "row_continued", "แถวนี้ต่อจากแถวก่อนหน้าที่ถูกตัดข้ามหน้า จึงรวมเข้าด้วยกัน")
            elif what.startswith("split:"):
                self.note(
                    line,
                    "info",
                    "row_split",
                    f"ช่องเดียวมีหลายรายการที่มีหมายเลขตรงกัน จึงแยกเป็น {what.split(':')[1]} แถว",
                )
        self.placed_line(line)
        return i + 1
