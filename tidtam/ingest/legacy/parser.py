"""Parse a legacy consolidated report into the canonical round form (round-export.md).

Nothing is hard-coded to one province: the office, province, round, fiscal year and as-of date come
from the document, agencies are recognised by kind (agency_kinds.yaml), and structure is checked
against the nearest form template. Every content line lands in a field or in an anomaly.
The parts: document.py (patterns and results), results.py (X.1 tables), problems_section.py (X.2),
tables.py (cells and rows), agencies.py, assemble.py (the canonical form)."""

from typing import Any

from tidtam.common.thai import parse_thai_date, to_arabic_digits

from .agencies import AgencyResolver
from .document import (  # noqa: F401 - re-exported for callers of the parser
    ADDITIONAL,
    AGENCY_LINE,
    AS_OF_LINE,
    FORM_HEADER,
    ITEM_LINE,
    OFFICE,
    OFFICE_LINE,
    POLICY_LINE,
    ROUND_LINE,
    SECTION_FIELDS,
    SECTION_KEYWORDS,
    SECTION_LINE,
    SECTION_NAMES,
    SUBTOPIC_LINE,
    Anomaly,
    ParsedItem,
    ParseResult,
    load_provinces,
    scan_header,
)
from .headings import HeadingsMixin, SectionHeading
from .lines import SourceLine
from .problems_section import ProblemsSectionMixin
from .results import ResultsTableMixin
from .textutil import clean, is_empty_marker, is_separator, join_broken, key, prefix_similarity, similarity


class ReportParser(HeadingsMixin, ResultsTableMixin, ProblemsSectionMixin):
    def __init__(
        self, lines: list[SourceLine], template: dict[str, Any], *, own_layout: bool = False
    ) -> None:
        self.lines = lines
        # Our own export: text before any agency heading is the office's by that layout, not a doubt.
        self.own_layout = own_layout
        self.template = template
        self.t_items = {it["number"]: it for p in template["policies"] for it in p["items"]}
        self.agencies = AgencyResolver()
        self.anomalies: list[Anomaly] = []
        self.content: set[int] = set()
        self.placed: set[int] = set()
        self.items: dict[int, ParsedItem] = {}
        self.meta: dict[str, Any] = {}
        self.policy = ""
        self.item: ParsedItem | None = None
        self.section = 0
        self.agency: str | None = None
        self.subtopic: int | None = None
        self.table: str | None = None  # "results" | "problems" | None
        self.seen_blank = True
        self.last_target: tuple | None = None
        self.footnote_mode = False
        self.heading_open = False  # the line after a heading may continue it
        self.seen_subtopics: set[int] = set()
        self.seen_sections: set[int] = set()
        self.label = ""  # the item number as printed: "6" or, in a version numbered so, "1.6"
        self.init_headings()

    # -- bookkeeping -------------------------------------------------------------------------
    def note(self, line: SourceLine | None, severity: str, kind: str, message: str) -> None:
        self.anomalies.append(
            Anomaly(
                line=line.no if line else None,
                severity=severity,
                kind=kind,
                message=message,
                excerpt=(line.text[:160] if line else ""),
                item=self.item.number if self.item else None,
            )
        )

    def placed_line(self, line: SourceLine) -> None:
        self.content.add(line.no)
        self.placed.add(line.no)

    def unplaced_line(self, line: SourceLine, message: str) -> None:
        self.content.add(line.no)
        self.note(line, "error", "unplaced", message)

    def add_text(self, target: tuple, line: SourceLine, text: str) -> None:
        assert self.item is not None
        paragraphs = self.item.texts[target]
        if paragraphs and self.last_target == target and not self.seen_blank:
            joined = join_broken(paragraphs[-1], text)
            if "\n" not in joined[len(paragraphs[-1]) :]:
                self.note(line, "info", "joined_line", "ต่อบรรทัดที่ถูกตัดกลางประโยคเข้ากับบรรทัดก่อนหน้า")
            paragraphs[-1] = joined
        else:
            paragraphs.append(text)
        self.last_target = target
        self.placed_line(line)

    def who(self) -> str:
        return self.agency or OFFICE

    # -- main loop ---------------------------------------------------------------------------
    def parse(self) -> ParseResult:
        i = 0
        n = len(self.lines)
        while i < n:
            line = self.lines[i]
            if line.is_blank:
                self.seen_blank = True
                self.heading_open = False
                self.footnote_mode = False
                if self.table == "problems" and self.item:
                    self.item.problems.mark_break()
                i += 1
                continue
            if line.had_html:
                self.note(line, "info", "html_removed", "ลบแท็ก HTML ที่ติดมาจากการแปลงไฟล์")
            i = self.handle(i, line)
            self.seen_blank = False
        return self.result()

    def handle(self, i: int, line: SourceLine) -> int:
        text = line.text if line.cells is None else ""
        flat = to_arabic_digits(text)
        if line.cells is None:
            if FORM_HEADER.match(text):
                self.table = None
                return i + 1
            if m := ROUND_LINE.match(flat):
                self.check_meta(line, "round", int(m.group(1)))
                self.check_meta(line, "fiscal_year_be", int(m.group(2)))
                return i + 1
            if (m := OFFICE_LINE.match(text)) and (
                self.item is None or self.section == 0 or self.table is None
            ):
                if self.item is None or self.meta.get("province_name") in (None, m.group(1)):
                    self.check_meta(line, "province_name", m.group(1))
                    return i + 1
            if m := POLICY_LINE.match(text):
                self.policy = clean(m.group(1))
                self.table = None
                return i + 1
            if m := AS_OF_LINE.match(text):
                date = parse_thai_date(m.group(1))
                if date is None:
                    self.note(line, "warning", "as_of_unreadable", "อ่านวันที่ของข้อมูลไม่ได้")
                else:
                    self.check_meta(line, "data_as_of", date)
                self.table = None
                return i + 1
            if heading := self.item_heading(i, line):
                return self.start_item(i, line, *heading)
            if (policy := self.policy_heading(line)) is not None:
                self.policy = policy
                self.table = None
                return i + 1
            if self.item and (section := self.section_heading(line)):
                return self.start_section(i, line, section)
        if self.item is None:
            self.unplaced_line(line, "ข้อความอยู่ก่อนหัวข้อแรกของแบบรายงาน จึงไม่ทราบว่าเป็นของข้อใด")
            return i + 1
        if (
            self.heading_open
            and line.cells is None
            and not AGENCY_LINE.match(text)
            and not SUBTOPIC_LINE.match(flat)
        ):
            # A wrapped heading (N.1 title running onto the next line).
            self.item.results_heading = join_broken(self.item.results_heading, text)
            return i + 1
        if self.section == 0:
            self.unplaced_line(line, "ข้อความอยู่ระหว่างชื่อข้อกับหัวข้อ X.1")
            return i + 1
        if self.section == 2:
            return self.handle_problems(i, line)
        return self.handle_narrative(i, line)

    def check_meta(self, line: SourceLine, name: str, value: Any) -> None:
        if name not in self.meta:
            self.meta[name] = value
        elif self.meta[name] != value:
            self.note(
                line,
                "warning",
                "header_mismatch",
                f"หัวแบบรายงานไม่ตรงกับหน้าแรก: {name} = {value} (หน้าแรก {self.meta[name]})",
            )

    # -- items and sections -------------------------------------------------------------------
    def start_item(self, i: int, line: SourceLine, number: int, title: str, label: str) -> int:
        j = i + 1
        while j < len(self.lines):
            nxt = self.lines[j]
            if not nxt.is_blank:
                heading = self.section_heading(nxt)
                if heading is not None and heading.section == 1:
                    break
                title = join_broken(title, nxt.text)
            j += 1
        additional = bool(ADDITIONAL.search(title))
        title = ADDITIONAL.sub("", title).strip()
        if number in self.items:
            self.note(line, "warning", "duplicate_item", f"พบหัวข้อที่ {label} ซ้ำ เนื้อหาจะต่อท้ายข้อเดิม")
            self.item = self.items[number]
        else:
            self.item = ParsedItem(
                number=number, title=title, policy=self.policy, additional_policy=additional
            )
            self.items[number] = self.item
        t_item = self.t_items.get(number)
        if t_item is None:
            self.note(line, "warning", "item_not_in_template", f"ข้อ {number} ไม่มีในแบบฟอร์มรุ่นที่ใช้เทียบ")
        elif key(t_item["title"]) != key(title):
            self.note(
                line,
                "warning",
                "item_title_differs",
                f"ชื่อข้อ {label} ต่างจากแบบฟอร์ม (ความคล้าย {similarity(t_item['title'], title):.0%})",
            )
        self.label = label
        self.section = 0
        self.agency = None
        self.subtopic = None
        self.table = None
        self.seen_subtopics = set()
        self.seen_sections = set()
        self.last_target = None
        return j

    def start_section(self, i: int, line: SourceLine, heading: SectionHeading) -> int:
        assert self.item is not None
        section, title = heading.section, heading.title
        # Under item 6 printed "1.6", its sections may be printed "1.6.2", "6.2" or "(2)".
        prefixes = {str(self.item.number), self.printed_label(self.item.number), None}
        if heading.prefix not in prefixes or heading.digit != section:
            self.note(
                line,
                "info",
                "misnumbered_heading",
                f"หัวข้อพิมพ์เป็น {heading.printed} แต่เป็นหัวข้อ {self.label}.{section} "
                f"({SECTION_NAMES[section]}) ของข้อ {self.label}",
            )
        if section in self.seen_sections:
            self.note(
                line, "info", "duplicate_heading", f"หัวข้อ {self.label}.{section} ซ้ำ เนื้อหาจะต่อท้ายหัวข้อเดิม"
            )
        self.seen_sections.add(section)
        self.section = section
        self.agency = None
        self.subtopic = None
        self.table = "problems" if section == 2 else None
        self.last_target = None
        self.footnote_mode = False
        if section == 1:
            self.item.results_heading = title
            self.heading_open = True
        else:
            self.heading_open = False
        if section == 2:
            self.item.problems.set_agency(None)
        return i + 1

    # -- X.1 and X.3–X.5 -----------------------------------------------------------------------
    def handle_narrative(self, i: int, line: SourceLine) -> int:
        assert self.item is not None
        if line.cells is not None:
            first = clean(line.cell_texts()[0]) if line.cells else ""
            if self.section == 1 and key(first) == key("รายการ"):
                return self.results_header(i, line)
            if self.table == "results":
                return self.results_row(i, line)
            if is_separator(line.cell_texts()):
                return i + 1
            if len([c for c in line.cells if c]) == 1 and (m := AGENCY_LINE.match(first)):
                return self.agency_heading(i, line, m.group(1))
            text = " ".join(t for t in (clean(c) for c in line.cell_texts()) if t)
        else:
            text = line.text
        self.heading_open = False
        self.table = None if self.table == "results" else self.table
        if m := AGENCY_LINE.match(text):
            return self.agency_heading(i, line, m.group(1))
        if self.section == 1 and (m := SUBTOPIC_LINE.match(to_arabic_digits(text))):
            matched = self.match_subtopic(int(m.group(1)), m.group(2))
            if matched is not None:
                return self.start_subtopic(i, line, int(m.group(1)), matched, m.group(2))
        if is_empty_marker(text):
            return i + 1
        if text.startswith("*") or (self.footnote_mode and not self.seen_blank):
            self.footnote_mode = True
            if self.item.footnotes and not self.seen_blank:
                self.item.footnotes[-1] = join_broken(self.item.footnotes[-1], text)
            else:
                self.item.footnotes.append(text)
            self.placed_line(line)
            return i + 1
        if (
            self.agency is None
            and not self.own_layout
            and (self.last_target is None or self.last_target[1] != OFFICE)
        ):
            self.note(
                line,
                "warning",
                "no_agency",
                "ข้อความไม่อยู่ใต้ชื่อหน่วยงานใด จึงบันทึกเป็นข้อมูลภาพรวมของสำนักงานศึกษาธิการจังหวัด",
            )
        target: tuple[str, str] | tuple[str, str, int | None]
        if self.section == 1:
            target = ("narrative", self.who(), self.subtopic)
        else:
            target = (SECTION_FIELDS[self.section], self.who())
        self.add_text(target, line, text)
        return i + 1

    def agency_heading(self, i: int, line: SourceLine, name: str) -> int:
        ref = self.agencies.from_name(name, line.no)
        self.heading_open = False
        if ref is None:
            self.note(
                line,
                "warning",
                "unknown_agency",
                "ไม่รู้จักชื่อหน่วยงานนี้ ข้อความที่ตามมาบันทึกเป็นภาพรวมของสำนักงานศึกษาธิการจังหวัด",
            )
            self.agency = None
        else:
            self.agency = ref.ident
        if self.section == 2 and self.item:
            self.item.problems.set_agency(self.who())
        self.last_target = None
        return i + 1

    def match_subtopic(self, printed: int, title: str) -> int | None:
        assert self.item is not None
        t_item = self.t_items.get(self.item.number) or {}
        best, best_score = None, 0.0
        for st in t_item.get("subtopics") or []:
            score = prefix_similarity(title, st["title"])
            if score > best_score or (score == best_score and st["number"] == printed):
                best, best_score = st, score
        if best is not None and best_score >= 0.8:
            return int(best["number"])
        return None

    def start_subtopic(self, i: int, line: SourceLine, printed: int, number: int, title: str) -> int:
        assert self.item is not None
        t_title = next(
            st["title"] for st in self.t_items[self.item.number]["subtopics"] if st["number"] == number
        )
        j = i + 1
        # A wrapped sub-topic title continues on the next line(s) until it is as long as the template's.
        while j < len(self.lines) and not self.lines[j].is_blank and len(key(title)) < len(key(t_title)):
            nxt = self.lines[j]
            if nxt.cells is not None or AGENCY_LINE.match(nxt.text):
                break
            candidate = join_broken(title, nxt.text)
            if prefix_similarity(candidate, t_title) < 0.8:
                break
            title = candidate
            j += 1
        if printed != number:
            self.note(
                line,
                "info",
                "misnumbered_subtopic",
                f"ประเด็นย่อยพิมพ์เป็น {printed}) แต่ตรงกับประเด็นที่ {number}) ของแบบฟอร์ม",
            )
        if number in self.seen_subtopics:
            self.note(line, "info", "duplicate_heading", f"ประเด็นย่อย {number}) ซ้ำ เนื้อหาจะต่อท้ายประเด็นเดิม")
        self.seen_subtopics.add(number)
        self.subtopic = number
        self.agency = None
        self.table = None
        self.last_target = None
        return j

    # -- result ----------------------------------------------------------------------------------
    def result(self) -> ParseResult:
        from .assemble import canonical_from_parser  # assemble needs the parser's type: import late

        return canonical_from_parser(self)
