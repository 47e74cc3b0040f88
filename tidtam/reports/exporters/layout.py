"""The official layout of the consolidated report, as a flat sequence of blocks per item.

The DOCX writer and the PDF print template walk the same blocks, so both documents carry the same
text in the same order. Order and wording follow the legacy reports, which is also what the import
parser reads back (tidtam/ingest/legacy/parser.py): the form header, "N. title", "N.1 …", the results
table, sub-topics "1) …" with "หน่วยงาน …" headings, "N.2" as a three-column table, N.3–N.5, footnotes and
the as-of note. Text written by the office itself (the provincial office is a participant) comes first
and without a "หน่วยงาน" heading, as in the originals.

Only numbers that the system formats (numbering, table values, dates) follow `thai_digits`; what people
wrote is printed as they wrote it.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from tidtam.common.textsafety import text_clean
from tidtam.common.thai import format_date_be, to_thai_digits
from tidtam.followups.report import SECTION_HEADING as FOLLOWUP_HEADING
from tidtam.followups.report import FollowUpLine, followup_lines
from tidtam.formdefs.models import Column, Item, Round
from tidtam.orgs.models import OrgUnit

from ..assembly import AgencyText, ItemBlock, ProblemGroup, RoundReport
from ..charts import ChartGroup, chart_groups
from .table_cells import table_cells

FORM_TITLE = "แบบตรวจราชการและติดตามประเมินผลการจัดการศึกษาของกระทรวงศึกษาธิการ"
REPORT_TITLE = "รายงานผลการตรวจราชการและติดตามประเมินผลการจัดการศึกษาของกระทรวงศึกษาธิการ"
ADDITIONAL_MARK = "(นโยบายเพิ่มเติม)"
DEFAULT_RESULTS_HEADING = "ผลการดำเนินงาน"
PROBLEMS_HEADING = "ปัญหาอุปสรรค แนวทางการแก้ไขปัญหา และผลที่คาดว่าจะได้รับ"
PROBLEMS_COLUMNS = ("ปัญหา/อุปสรรค", "แนวทางการแก้ไขปัญหา", "ผลที่คาดว่าจะได้รับ")
TEXT_SECTIONS = (
    (3, "ปัจจัยแห่งความสำเร็จ", "success_factors"),
    (4, "ข้อเสนอแนะ", "recommendations"),
    (5, "รูปแบบ แนวทาง หรือนวัตกรรม ที่คิดว่าเป็นต้นแบบหรือแบบอย่างที่ดี (ถ้ามี)", "best_practices"),
)
TABLE_FIRST_COLUMN = "รายการ"
EMPTY = "-"


def clean_text(text: str) -> str:
    """Without the characters XML 1.0 forbids (text saved before they were stripped at entry may carry
    them) and with tabs as spaces, which the importer would fold into a space anyway."""
    return text_clean(text.replace("\t", " "))


def text_lines(text: str) -> list[str]:
    """One paragraph per line of what was written; blank lines carry nothing."""
    return [line for line in (clean_text(x).strip() for x in (text or "").splitlines()) if line]


@dataclass
class LayoutOptions:
    thai_digits: bool = False
    charts: bool = True
    # The per-item section "ผลการติดตามจากรอบก่อน" (printed only where an item has follow-up answers).
    followups: bool = True


# -- blocks ---------------------------------------------------------------------------------------------
@dataclass
class FormHeader:
    title: str
    round_line: str
    office: str
    policy: str
    kind: str = "form_header"


@dataclass
class ItemTitle:
    text: str
    anchor: str
    kind: str = "item_title"


@dataclass
class SectionHeading:
    text: str
    kind: str = "section_heading"


@dataclass
class ResultsTable:
    header: list[str]
    units: list[str]
    rows: list[list[str]]
    total: list[str]
    kind: str = "results_table"

    @property
    def header_cells(self) -> list[tuple[str, str]]:
        return list(zip(self.header, self.units, strict=True))


@dataclass
class Chart:
    item_number: int
    groups: list[ChartGroup]
    alt: str
    kind: str = "chart"


@dataclass
class SubtopicHeading:
    text: str
    kind: str = "subtopic_heading"


@dataclass
class GroupHeading:
    """A heading over several agencies' texts (a province, in the regional and national reports)."""

    text: str
    kind: str = "group_heading"


@dataclass
class AgencyHeading:
    text: str
    kind: str = "agency_heading"


@dataclass
class Paragraph:
    text: str
    kind: str = "paragraph"


@dataclass
class ProblemGroupRows:
    heading: str | None  # None for the office's own rows: printed first, without a heading row
    rows: list[tuple[str, str, str]]


@dataclass
class ProblemsTable:
    header: tuple[str, str, str]
    groups: list[ProblemGroupRows]
    kind: str = "problems_table"


@dataclass
class Footnote:
    """One footnote entry: its first line starts with "*", further lines stay in the same paragraph."""

    lines: list[str]
    kind: str = "footnote"


@dataclass
class AsOf:
    text: str
    kind: str = "as_of"


Block = (
    FormHeader
    | ItemTitle
    | SectionHeading
    | ResultsTable
    | Chart
    | SubtopicHeading
    | GroupHeading
    | AgencyHeading
    | Paragraph
    | ProblemsTable
    | Footnote
    | AsOf
)


@dataclass
class ItemLayout:
    number: int
    title: str  # "N. title" as in the table of contents
    anchor: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class ReportLayout:
    round: Round | None  # None for a report over several rounds (a region, the nation)
    office_name: str
    title: str
    round_line: str
    as_of_line: str
    agencies: list[str]
    items: list[ItemLayout]
    options: LayoutOptions
    agencies_heading: str = ""  # the cover's heading over `agencies` (default: "หน่วยงานที่รายงาน")


# -- numbers --------------------------------------------------------------------------------------------
class Numbers:
    def __init__(self, thai_digits: bool) -> None:
        self.thai = thai_digits

    def digits(self, text: str) -> str:
        return to_thai_digits(text) if self.thai else text

    def value(self, value: Decimal | None) -> str:
        """A stored value exactly as stored (no rounding), with thousands separators; "-" when empty."""
        if value is None:
            return EMPTY
        d = Decimal(value).normalize()
        if d == d.to_integral_value():
            d = d.quantize(Decimal(1))
        return self.digits(f"{d:,f}")

    def total(self, value: Decimal | None, column: Column) -> str:
        if value is None:
            return EMPTY
        if column.aggregation in (Column.Aggregation.MEAN, Column.Aggregation.WEIGHTED_MEAN):
            d = Decimal(value).quantize(Decimal("0.01"))
            return self.digits(f"{d:,f}")
        return self.value(value)

    def date(self, value) -> str:
        return format_date_be(value, thai_digits=self.thai)


# -- building -------------------------------------------------------------------------------------------
def _office_first(entries: list[AgencyText]) -> list[AgencyText]:
    return sorted(entries, key=lambda e: e.agency.kind != OrgUnit.Kind.PROVINCIAL_OFFICE)


def agency_blocks(entries: list[AgencyText]) -> list[Block]:
    blocks: list[Block] = []
    for entry in _office_first(entries):
        lines = text_lines(entry.text)
        if not lines:
            continue
        if entry.agency.kind != OrgUnit.Kind.PROVINCIAL_OFFICE:
            blocks.append(AgencyHeading(f"หน่วยงาน {clean_text(entry.agency.name)}"))
        blocks.extend(Paragraph(line) for line in lines)
    return blocks or [Paragraph(EMPTY)]


def _footnotes(text: str) -> list[Footnote]:
    """Footnote entries start with "*"; a line that does not continues the entry before it."""
    notes: list[Footnote] = []
    for line in text_lines(text):
        if line.startswith("*") or not notes:
            notes.append(Footnote([line]))
        else:
            notes[-1].lines.append(line)
    return notes


def _results_table(block: ItemBlock, num: Numbers) -> ResultsTable | None:
    table = block.table
    if table is None or not table.rows:
        return None
    value_rows, total = table_cells(table, num)
    rows = [
        [clean_text(row.label), *map(clean_text, cells)]
        for row, cells in zip(table.rows, value_rows, strict=True)
    ]
    label = table.total_label or "รวม"
    if not label.startswith("รวม"):
        label = f"รวม{label}"  # the importer knows the total row by its first word
    return ResultsTable(
        header=[TABLE_FIRST_COLUMN, *[clean_text(c.label) for c in table.columns]],
        units=["", *[clean_text(c.unit) for c in table.columns]],
        rows=rows,
        total=[label, *total],
    )


def _problems_table(block: ItemBlock) -> ProblemsTable | None:
    groups = problem_groups(block.problems)
    return ProblemsTable(header=PROBLEMS_COLUMNS, groups=groups) if groups else None


def problem_groups(problems: list[ProblemGroup]) -> list[ProblemGroupRows]:
    """X.2 rows per agency, the office's own first (without a heading); agencies with nothing left out."""
    groups = []
    for group in sorted(problems, key=lambda g: g.agency.kind != OrgUnit.Kind.PROVINCIAL_OFFICE):
        rows = [
            (
                clean_text(r.problem).strip(),
                clean_text(r.solution).strip(),
                clean_text(r.expected_result).strip(),
            )
            for r in group.rows
        ]
        rows = [r for r in rows if any(r)]
        if not rows:
            continue
        heading = None
        if group.agency.kind != OrgUnit.Kind.PROVINCIAL_OFFICE:
            heading = f"หน่วยงาน {clean_text(group.agency.name)}"
        groups.append(ProblemGroupRows(heading=heading, rows=rows))
    return groups


def item_title(item: Item, num: Numbers) -> str:
    extra = f" {ADDITIONAL_MARK}" if item.additional_policy and "นโยบายเพิ่มเติม" not in item.title else ""
    return f"{num.digits(str(item.number))}. {clean_text(item.title)}{extra}"


def item_layout(
    block: ItemBlock,
    round_line: str,
    office: str,
    as_of: str,
    options: LayoutOptions,
    followups: list[FollowUpLine] | None = None,
) -> ItemLayout:
    num = Numbers(options.thai_digits)
    item = block.item
    anchor = f"item-{item.number}"
    title = item_title(item, num)
    blocks: list[Block] = [
        FormHeader(FORM_TITLE, round_line, office, f"นโยบายการตรวจ : {clean_text(item.policy.title)}"),
        ItemTitle(title, anchor),
        SectionHeading(
            f"{num.digits(f'{item.number}.1')} {clean_text(item.results_heading) or DEFAULT_RESULTS_HEADING}"
        ),
    ]
    results = _results_table(block, num)
    if results is not None:
        blocks.append(results)
        groups = chart_groups(block.table) if options.charts and block.table else []
        if groups:
            blocks.append(Chart(item.number, groups, alt=chart_alt(item.number, groups)))
    narrative = [b for b in block.subtopics if b.number is None]
    subtopics = [b for b in block.subtopics if b.number is not None]
    for general in narrative:
        blocks.extend(agency_blocks(general.entries))
    for sub in subtopics:
        blocks.append(SubtopicHeading(f"{num.digits(str(sub.number))}) {clean_text(sub.title)}"))
        blocks.extend(agency_blocks(sub.entries))
    if results is None and not narrative and not subtopics:
        blocks.append(Paragraph(EMPTY))

    blocks.append(SectionHeading(f"{num.digits(f'{item.number}.2')} {PROBLEMS_HEADING}"))
    problems = _problems_table(block)
    blocks.append(problems if problems is not None else Paragraph(EMPTY))
    for number, heading, attr in TEXT_SECTIONS:
        blocks.append(SectionHeading(f"{num.digits(f'{item.number}.{number}')} {heading}"))
        blocks.extend(agency_blocks(getattr(block, attr)))
    if followups:
        blocks.append(SectionHeading(FOLLOWUP_HEADING))
        agency: str | None = None
        for line in followups:
            if line.agency_label != agency:
                agency = line.agency_label
                blocks.append(AgencyHeading(f"หน่วยงาน {clean_text(agency)}"))
            blocks.append(Paragraph(num.digits(clean_text(line.text))))
    blocks.extend(_footnotes(block.footnotes))
    if as_of:
        blocks.append(AsOf(f"หมายเหตุ สรุปในภาพรวมของหน่วยงาน (ข้อมูล ณ วันที่ {as_of})"))
    return ItemLayout(number=item.number, title=title, anchor=anchor, blocks=blocks)


def chart_alt(number: int, groups: list[ChartGroup]) -> str:
    names = ", ".join(s.name for g in groups for s in g.series)
    return f"แผนภูมิแท่งผลการดำเนินงานข้อ {number} แยกตามหน่วยงาน ({names}) ตัวเลขอยู่ในตารางด้านบน"


def report_layout(report: RoundReport, options: LayoutOptions | None = None) -> ReportLayout:
    options = options or LayoutOptions()
    num = Numbers(options.thai_digits)
    round_ = report.round
    office = clean_text(round_.office.name)
    round_line = num.digits(f"รอบที่ {round_.number} ประจำปีงบประมาณ พ.ศ. {round_.fiscal_year_be}")
    as_of = num.date(round_.data_as_of) if round_.data_as_of else ""
    lines = followup_lines(report=report) if options.followups else {}
    items = [
        item_layout(block, round_line, office, as_of, options, lines.get(block.item.number))
        for block in report.items
    ]
    return ReportLayout(
        round=round_,
        office_name=office,
        title=REPORT_TITLE,
        round_line=round_line,
        as_of_line=f"ข้อมูล ณ วันที่ {as_of}" if as_of else "",
        agencies=[clean_text(p.agency.name) for p in report.participants],
        items=items,
        options=options,
    )
