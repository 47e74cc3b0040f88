"""The regional and national consolidated reports in the official layout, as report blocks.

The blocks are those of a province's report (`reports.exporters.layout`), so the same DOCX writer and
the same PDF print page produce them with the same Thai typography: cover · table of contents · per
item the form header (with the region or the ministry), "N. title", "N.1 …", the per-province table
with the rolled-up total, its chart, the texts grouped by province then agency (X.1 sub-topics, X.2,
X.3–X.5) and a closing note. A province is a `GroupHeading` over its agencies' texts, and a heading
row over its agencies' rows in the X.2 table.
"""

from django.utils.translation import gettext as _

from tidtam.formdefs.models import Column
from tidtam.orgs.models import OrgUnit
from tidtam.reports.assembly import Table, TableRow
from tidtam.reports.charts import ChartGroup, chart_groups
from tidtam.reports.exporters.layout import (
    DEFAULT_RESULTS_HEADING,
    EMPTY,
    FORM_TITLE,
    PROBLEMS_COLUMNS,
    PROBLEMS_HEADING,
    TEXT_SECTIONS,
    AsOf,
    Block,
    Chart,
    Footnote,
    FormHeader,
    GroupHeading,
    ItemLayout,
    ItemTitle,
    LayoutOptions,
    Numbers,
    Paragraph,
    ProblemGroupRows,
    ProblemsTable,
    ReportLayout,
    ResultsTable,
    SectionHeading,
    SubtopicHeading,
    agency_blocks,
    clean_text,
    item_title,
    problem_groups,
)

from ..charts import Breakdown
from ..consolidated import ConsolidatedItem, ConsolidatedReport, ProvinceTexts

AVERAGED = (Column.Aggregation.MEAN, Column.Aggregation.WEIGHTED_MEAN)
MEAN_MARK = "†"
# Provinces whose official name is not said with "จังหวัด" in front.
NO_PROVINCE_PREFIX = ("กรุงเทพมหานคร",)


def province_heading(province: OrgUnit) -> str:
    name = clean_text(province.name)
    if name.startswith("จังหวัด") or name in NO_PROVINCE_PREFIX:
        return name
    return _("จังหวัด%(name)s") % {"name": name}


def report_title(report: ConsolidatedReport) -> str:
    if report.level == "nation":
        return _("รายงานสรุปผลการตรวจราชการและติดตามประเมินผลการจัดการศึกษาของกระทรวงศึกษาธิการ ระดับประเทศ")
    return _("รายงานสรุปผลการตรวจราชการและติดตามประเมินผลการจัดการศึกษาของกระทรวงศึกษาธิการ ระดับภาค")


def mean_note(column: Column) -> str:
    """Why a mean column's total is not the sum of the rows above it (same words as the web page)."""
    if column.aggregation == Column.Aggregation.WEIGHTED_MEAN:
        text = _("ยอดรวมของ “%(label)s” เป็นค่าเฉลี่ยถ่วงน้ำหนักของทุกหน่วยงาน ไม่ใช่ผลบวก")
    else:
        text = _("ยอดรวมของ “%(label)s” เป็นค่าเฉลี่ยของทุกหน่วยงาน ไม่ใช่ผลบวก")
    return text % {"label": clean_text(column.label)}


def breakdown_as_table(breakdown: Breakdown) -> Table:
    """The per-province breakdown in the shape of a round's results table (rows = provinces), which
    is what the chart helpers draw."""
    return Table(
        columns=breakdown.columns,
        rows=[TableRow(agency=r.unit, label=r.label, values=r.values) for r in breakdown.rows],
        total=breakdown.total,
    )


def breakdown_table(breakdown: Breakdown, num: Numbers) -> ResultsTable:
    """Rows = provinces, a column per form column with its unit, the rolled-up total. Province values
    of mean columns are themselves means: printed with two decimals, like every mean total."""
    columns = breakdown.columns
    header = [
        f"{clean_text(c.label)} {MEAN_MARK}" if c.aggregation in AVERAGED else clean_text(c.label)
        for c in columns
    ]
    return ResultsTable(
        header=[_("จังหวัด"), *header],
        units=["", *[clean_text(c.unit) for c in columns]],
        rows=[
            [clean_text(r.label), *[num.total(r.values.get(c.key), c) for c in columns]]
            for r in breakdown.rows
        ],
        total=[_("รวม"), *[num.total(breakdown.total.get(c.key), c) for c in columns]],
    )


def chart_alt(number: int, groups: list[ChartGroup], *, by_region: bool) -> str:
    names = ", ".join(s.name for g in groups for s in g.series)
    if by_region:
        text = _(
            "แผนภูมิแท่งผลการดำเนินงานข้อ %(number)s แยกตามสำนักงานศึกษาธิการภาค (%(names)s) "
            "ตัวเลขรายจังหวัดอยู่ในตารางด้านบน"
        )
    else:
        text = _("แผนภูมิแท่งผลการดำเนินงานข้อ %(number)s แยกตามจังหวัด (%(names)s) ตัวเลขอยู่ในตารางด้านบน")
    return text % {"number": number, "names": names}


REGION_PREFIX = "ศธภ."


def region_chart_note(*, numbered: bool = False) -> str:
    if numbered:
        return _(
            "แผนภูมิแสดงผลรวมรายสำนักงานศึกษาธิการภาค (เลขใต้แท่งคือภาคที่ ยอดรวมของค่าเฉลี่ยเป็นค่าเฉลี่ยของทุกหน่วยงานในภาค)"
        )
    return _("แผนภูมิแสดงผลรวมรายสำนักงานศึกษาธิการภาค (ยอดรวมของค่าเฉลี่ยเป็นค่าเฉลี่ยของทุกหน่วยงานในภาค)")


def chart_source(block: ConsolidatedItem) -> Breakdown | None:
    """What the chart shows: the provinces, or for the nation (when assembled with `region_totals`)
    the regions: 77 bars of several series on an A4 page leave no room for a readable label."""
    return block.by_region if block.by_region is not None and block.by_region.rows else block.breakdown


def province_blocks(groups: list[ProvinceTexts]) -> list[Block]:
    """Texts under a heading per province, then per agency as in a province's report."""
    blocks: list[Block] = []
    for group in groups:
        inner = [
            b for b in agency_blocks(group.entries) if not (isinstance(b, Paragraph) and b.text == EMPTY)
        ]
        if inner:
            blocks.append(GroupHeading(province_heading(group.province)))
            blocks.extend(inner)
    return blocks or [Paragraph(EMPTY)]


def _problems(block: ConsolidatedItem) -> ProblemsTable | None:
    groups: list[ProblemGroupRows] = []
    for pp in block.problems:
        rows = problem_groups(pp.groups)
        if rows:
            groups.append(ProblemGroupRows(heading=province_heading(pp.province), rows=[]))
            groups.extend(rows)
    return ProblemsTable(header=PROBLEMS_COLUMNS, groups=groups) if groups else None


def item_layout(
    block: ConsolidatedItem,
    *,
    round_line: str,
    unit_name: str,
    closing_note: str,
    num: Numbers,
    options: LayoutOptions,
) -> ItemLayout:
    item = block.item
    anchor = f"item-{item.number}"
    title = item_title(item, num)
    heading = clean_text(item.results_heading) or DEFAULT_RESULTS_HEADING
    blocks: list[Block] = [
        FormHeader(FORM_TITLE, round_line, unit_name, f"นโยบายการตรวจ : {clean_text(item.policy.title)}"),
        ItemTitle(title, anchor),
        SectionHeading(f"{num.digits(f'{item.number}.1')} {heading}"),
    ]
    breakdown = block.breakdown
    has_table = breakdown is not None and bool(breakdown.columns) and bool(breakdown.rows)
    if breakdown is not None and has_table:
        blocks.append(breakdown_table(breakdown, num))
        blocks.extend(
            Footnote([f"{MEAN_MARK} {mean_note(c)}"]) for c in breakdown.columns if c.aggregation in AVERAGED
        )
        source = chart_source(block)
        assert source is not None  # the regions, or else this block's own breakdown
        groups = chart_groups(breakdown_as_table(source)) if options.charts and source else []
        by_region = source is not breakdown
        if groups and by_region:
            # "ศธภ.10" under each of 18 bars runs into its neighbours at A4 width; the number does not.
            numbers = [num.digits(r.label.removeprefix(REGION_PREFIX)) for r in source.rows]
            for group in groups:
                group.categories = numbers
        if groups:
            blocks.append(Chart(item.number, groups, alt=chart_alt(item.number, groups, by_region=by_region)))
            if by_region:
                blocks.append(Footnote([region_chart_note(numbered=True)]))

    if block.with_texts:
        general = [s for s in block.subtopics if s.number is None]
        numbered = [s for s in block.subtopics if s.number is not None]
        for sub in general:
            blocks.extend(province_blocks(sub.provinces))
        for sub in numbered:
            blocks.append(SubtopicHeading(f"{num.digits(str(sub.number))}) {clean_text(sub.title)}"))
            blocks.extend(province_blocks(sub.provinces))
        if not has_table and not general and not numbered:
            blocks.append(Paragraph(EMPTY))
        blocks.append(SectionHeading(f"{num.digits(f'{item.number}.2')} {PROBLEMS_HEADING}"))
        problems = _problems(block)
        blocks.append(problems if problems is not None else Paragraph(EMPTY))
        for number, section, attr in TEXT_SECTIONS:
            blocks.append(SectionHeading(f"{num.digits(f'{item.number}.{number}')} {section}"))
            blocks.extend(province_blocks(getattr(block, attr)))
    else:
        if not has_table:
            blocks.append(Paragraph(EMPTY))
        blocks.append(
            Footnote(
                [
                    _(
                        "เอกสารนี้มีเฉพาะตารางสรุป ผลการดำเนินงานที่เป็นข้อความ ปัญหาอุปสรรค และข้อเสนอแนะ"
                        "รายจังหวัด อยู่ในรายงานระดับภาคและรายงานของแต่ละจังหวัด"
                    )
                ]
            )
        )
    blocks.append(AsOf(closing_note))
    return ItemLayout(number=item.number, title=title, anchor=anchor, blocks=blocks)


def consolidated_layout(report: ConsolidatedReport, options: LayoutOptions | None = None) -> ReportLayout:
    options = options or LayoutOptions()
    num = Numbers(options.thai_digits)
    slot = report.slot
    unit_name = clean_text(report.unit.name)
    round_line = num.digits(
        _("รอบที่ %(number)s ประจำปีงบประมาณ พ.ศ. %(year)s")
        % {"number": slot.number, "year": slot.fiscal_year_be}
    )
    counts = {"reported": report.reported_count, "total": len(report.provinces)}
    coverage = num.digits(_("มีข้อมูลรอบนี้ %(reported)s จาก %(total)s จังหวัด") % counts)
    closing = num.digits(
        _(
            "หมายเหตุ สรุปจากรายงานที่ได้รับการยอมรับแล้วหรือนำเข้าจากรายงานเดิม "
            "(มีข้อมูลรอบนี้ %(reported)s จาก %(total)s จังหวัด)"
        )
        % counts
    )
    items = [
        item_layout(
            block, round_line=round_line, unit_name=unit_name, closing_note=closing, num=num, options=options
        )
        for block in report.items
    ]
    # A region's cover lists its provinces; the nation's 77 would fill pages, so it gives the count only.
    provinces = []
    if report.level == "region":
        for p in report.provinces:
            name = province_heading(p.province)
            provinces.append(name if p.round else _("%(name)s (ยังไม่มีข้อมูลรอบนี้)") % {"name": name})
    return ReportLayout(
        round=None,
        office_name=unit_name,
        title=report_title(report),
        round_line=round_line,
        as_of_line=coverage,
        agencies=provinces,
        items=items,
        options=options,
        agencies_heading=_("จังหวัดในรายงาน"),
    )
