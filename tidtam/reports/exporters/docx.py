"""The consolidated report as a Word document in the official layout.

The body is written as WordprocessingML text and parsed once (much faster than building it through
python-docx call by call). The layout (exporters/layout.py) is the one the importer reads back, so
`tidtam import-report` on an exported file gives the same round again. What the importer must not read
as content lives in content controls (w:sdt), which it skips: the cover page, the table of contents
and the units under the column headings.
"""

import io
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

from django.utils import timezone
from docx import Document
from docx.oxml import parse_xml
from docx.shared import Twips
from lxml import etree

from ..assembly import RoundReport
from .docx_chart import ChartParts, inline_chart_xml
from .docx_package import Properties, finish_package
from .docx_pages import item_pages
from .docx_styles import (
    FONT,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PAGE_H,
    PAGE_W,
    TEXT_WIDTH,
    styles_xml,
)
from .layout import (
    AgencyHeading,
    AsOf,
    Chart,
    Footnote,
    FormHeader,
    GroupHeading,
    ItemLayout,
    ItemTitle,
    LayoutOptions,
    Numbers,
    Paragraph,
    ProblemsTable,
    ReportLayout,
    ResultsTable,
    SectionHeading,
    SubtopicHeading,
    report_layout,
)

NSMAP = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
}
_DECLS = " ".join(f'xmlns:{k}="{v}"' for k, v in NSMAP.items())
W = "{%s}" % NSMAP["w"]
CHART_HEIGHT = 4000  # twips, about 7 cm
FIRST_COLUMN_WIDTH = 2300


def _t(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _attr(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def _p(text: str = "", style: str = "", *, ppr: str = "", runs: str = "") -> str:
    props = (f'<w:pStyle w:val="{style}"/>' if style else "") + ppr
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{runs or (_t(text) if text else '')}</w:p>"


class _Ids:
    def __init__(self) -> None:
        self.n = 0

    def next(self) -> int:
        self.n += 1
        return self.n


class DocxWriter:
    def __init__(self, layout: ReportLayout, *, editable_charts: bool = True) -> None:
        self.layout = layout
        self.num = Numbers(layout.options.thai_digits)
        self.doc = Document()
        self.charts = ChartParts(
            self.doc.part, editable=editable_charts, thai_digits=layout.options.thai_digits
        )
        self.ids = _Ids()
        self.out: list[str] = []

    # -- whole document ----------------------------------------------------------------------------
    def build(self) -> None:
        self._styles()
        self._settings()
        self._section()
        self._cover()
        self._toc()
        for item in self.layout.items:
            self._item(item)
        body = self.doc.element.body
        fragment = etree.fromstring(f"<w:body {_DECLS}>{''.join(self.out)}</w:body>".encode())
        sect = body.find(f"{W}sectPr")
        for child in list(body):
            if child is not sect:
                body.remove(child)
        for child in list(fragment):
            sect.addprevious(child)
        self.properties = Properties(
            title=f"{self.layout.title} {self.layout.round_line}",
            subject=self.layout.office_name,
            created=timezone.now(),
        )

    def save(self, target: str | Path | BinaryIO) -> None:
        buf = io.BytesIO()
        self.doc.save(buf)
        data = finish_package(buf.getvalue(), self.properties, font=FONT)
        if isinstance(target, (str, Path)):
            Path(target).write_bytes(data)
        else:
            target.write(data)

    def _styles(self) -> None:
        part = self.doc.part._styles_part
        part._element = parse_xml(styles_xml().encode())

    def _settings(self) -> None:
        # No w:updateFields: the table of contents carries its page numbers already, and Word would ask
        # the reader on opening whether to update fields.
        settings = self.doc.settings.element
        lang = settings.find(f"{W}themeFontLang")
        if lang is not None:
            lang.set(f"{W}bidi", "th-TH")
            lang.attrib.pop(f"{W}eastAsia", None)

    def _section(self) -> None:
        section = self.doc.sections[0]
        section.page_width, section.page_height = Twips(PAGE_W), Twips(PAGE_H)
        section.top_margin, section.bottom_margin = Twips(MARGIN_TOP), Twips(MARGIN_BOTTOM)
        section.left_margin, section.right_margin = Twips(MARGIN_LEFT), Twips(MARGIN_RIGHT)
        section.header_distance, section.footer_distance = Twips(709), Twips(567)
        sect = section._sectPr
        if self.layout.options.thai_digits:
            # Page numbers in Thai digits (a field switch would do too, but LibreOffice reads it as letters).
            sect.find(f"{W}cols").addprevious(parse_xml(f'<w:pgNumType {_DECLS} w:fmt="thaiNumbers"/>'))
        # The cover page carries no page number.
        section.different_first_page_header_footer = True
        footer = section.footer
        p = footer.paragraphs[0]._p
        p.getparent().replace(
            p,
            parse_xml(
                f'<w:p {_DECLS}><w:pPr><w:pStyle w:val="Footer"/></w:pPr>'
                '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                f'<w:r><w:t>{self.num.digits("1")}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
            ),
        )

    def _sdt(self, tag: str, gallery: str, content: str) -> str:
        return (
            f'<w:sdt><w:sdtPr><w:tag w:val="{tag}"/><w:id w:val="{self.ids.next()}"/>'
            f'<w:docPartObj><w:docPartGallery w:val="{gallery}"/><w:docPartUnique/></w:docPartObj></w:sdtPr>'
            f"<w:sdtContent>{content}</w:sdtContent></w:sdt>"
        )

    def _cover(self) -> None:
        lay = self.layout
        today = self.num.date(timezone.localdate())
        parts = [
            _p(style="TidtamCover", ppr='<w:spacing w:before="2400"/>'),
            _p(lay.title, "TidtamCoverTitle"),
            _p(lay.round_line, "TidtamCoverTitle"),
            _p(lay.office_name, "TidtamCoverTitle"),
        ]
        if lay.as_of_line:
            parts.append(_p(lay.as_of_line, "TidtamCover"))
        if lay.agencies:
            parts.append(
                _p(lay.agencies_heading or "หน่วยงานที่รายงาน", "TidtamCover", ppr='<w:spacing w:before="600"/>')
            )
            parts.extend(_p(name, "TidtamCover") for name in lay.agencies)
        parts.append(_p(f"จัดทำเมื่อ {today}", "TidtamCover", ppr='<w:spacing w:before="600"/>'))
        self.out.append(self._sdt("tidtam-cover", "Cover Pages", "".join(parts)))

    def _toc(self) -> None:
        """A TOC field that Word can refresh, already filled with the items (linked to their titles) and
        their page numbers (computed: docx_pages.py), so the reader needs no field update."""
        pages = item_pages(self.layout)
        entries = []
        for i, item in enumerate(self.layout.items):
            mark = self._bookmark(item)
            page = self.num.digits(str(pages[item.anchor])) if item.anchor in pages else ""
            number = (
                '<w:r><w:tab/></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                f'<w:r><w:instrText xml:space="preserve"> PAGEREF {mark} \\h </w:instrText></w:r>'
                f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{_t(page)}'
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
            )
            link = f'<w:hyperlink w:anchor="{mark}" w:history="1">{_t(item.title)}{number}</w:hyperlink>'
            begin = ""
            if i == 0:
                begin = (
                    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                    '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-1" \\h \\z \\u </w:instrText></w:r>'
                    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                )
            end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>' if i == len(self.layout.items) - 1 else ""
            entries.append(_p(style="TOC1", runs=begin + link + end))
        content = _p("สารบัญ", "TOCHeading") + "".join(entries)
        self.out.append(self._sdt("tidtam-toc", "Table of Contents", content))

    @staticmethod
    def _bookmark(item: ItemLayout) -> str:
        return f"_TidtamItem{item.number}"

    # -- one item ----------------------------------------------------------------------------------
    def _item(self, item: ItemLayout) -> None:
        out = self.out
        for block in item.blocks:
            if isinstance(block, FormHeader):
                out.append(_p(block.title, "TidtamFormHeader", ppr="<w:pageBreakBefore/>"))
                out.append(_p(block.round_line, "TidtamFormHeader"))
                out.append(_p(block.office, "TidtamFormHeader"))
                out.append(_p(block.policy, "TidtamPolicy"))
            elif isinstance(block, ItemTitle):
                bid = self.ids.next()
                out.append(
                    _p(
                        style="Heading1",
                        runs=(
                            f'<w:bookmarkStart w:id="{bid}" w:name="{self._bookmark(item)}"/>'
                            f'{_t(block.text)}<w:bookmarkEnd w:id="{bid}"/>'
                        ),
                    )
                )
            elif isinstance(block, SectionHeading):
                out.append(_p(block.text, "Heading2"))
            elif isinstance(block, SubtopicHeading):
                out.append(_p(block.text, "TidtamSubtopic"))
            elif isinstance(block, GroupHeading):
                out.append(_p(block.text, "TidtamGroup"))
            elif isinstance(block, AgencyHeading):
                out.append(_p(block.text, "TidtamAgency"))
            elif isinstance(block, Paragraph):
                out.append(_p(block.text, "TidtamBody"))
            elif isinstance(block, ResultsTable):
                out.append(self._results_table(block))
            elif isinstance(block, Chart):
                for group in block.groups:
                    rid = self.charts.add(group)
                    height = CHART_HEIGHT if len(block.groups) == 1 else CHART_HEIGHT * 3 // 4
                    drawing = inline_chart_xml(
                        rid,
                        number=self.ids.next(),
                        width_twips=TEXT_WIDTH,
                        height_twips=height,
                        descr=block.alt,
                    )
                    out.append(_p(style="TidtamChart", runs=drawing))
            elif isinstance(block, ProblemsTable):
                out.append(self._problems_table(block))
            elif isinstance(block, Footnote):
                runs = "<w:r><w:br/></w:r>".join(_t(line) for line in block.lines)
                out.append(_p(style="TidtamNote", runs=runs))
            elif isinstance(block, AsOf):
                out.append(_p(block.text, "TidtamNote"))

    # -- tables ------------------------------------------------------------------------------------
    @staticmethod
    def _table(widths: list[int], rows: str) -> str:
        grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
        return (
            f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
            '<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
            f'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>'
        )

    @staticmethod
    def _cell(width: int, content: str, *, span: int = 1, shade: str = "") -> str:
        props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
        if span > 1:
            props += f'<w:gridSpan w:val="{span}"/>'
        if shade:
            props += f'<w:shd w:val="clear" w:color="auto" w:fill="{shade}"/>'
        return f"<w:tc><w:tcPr>{props}</w:tcPr>{content}</w:tc>"

    def _results_table(self, table: ResultsTable) -> str:
        n = len(table.header) - 1
        rest = TEXT_WIDTH - FIRST_COLUMN_WIDTH
        widths = [FIRST_COLUMN_WIDTH] + [rest // n] * n
        head = []
        for i, (label, unit) in enumerate(zip(table.header, table.units, strict=True)):
            # The unit sits in a content control: shown to readers, skipped by the importer.
            unit_run = ""
            if unit:
                unit_run = (
                    f'<w:sdt><w:sdtPr><w:alias w:val="หน่วย"/><w:tag w:val="tidtam-unit"/>'
                    f'<w:id w:val="{self.ids.next()}"/></w:sdtPr><w:sdtContent><w:r><w:br/></w:r>'
                    f"{_t(f'({unit})')}</w:sdtContent></w:sdt>"
                )
            head.append(
                self._cell(widths[i], _p(style="TidtamCellHead", runs=_t(label) + unit_run), shade="E7E6E6")
            )
        rows = ["<w:tr><w:trPr><w:tblHeader/></w:trPr>" + "".join(head) + "</w:tr>"]
        for row in [*table.rows, table.total]:
            is_total = row is table.total
            cells = [self._cell(widths[0], _p(row[0], "TidtamCellAgency" if is_total else "TidtamCell"))]
            cells += [
                self._cell(
                    widths[i + 1],
                    _p(v, "TidtamCellNumber", runs=self._bold(v) if is_total else ""),
                    shade="F2F2F2" if is_total else "",
                )
                for i, v in enumerate(row[1:])
            ]
            rows.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>" + "".join(cells) + "</w:tr>")
        return self._table(widths, "".join(rows))

    @staticmethod
    def _bold(text: str) -> str:
        return f'<w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'

    def _problems_table(self, table: ProblemsTable) -> str:
        third = TEXT_WIDTH // 3
        widths = [third, third, TEXT_WIDTH - 2 * third]
        head = "".join(
            self._cell(w, _p(h, "TidtamCellHead"), shade="E7E6E6")
            for w, h in zip(widths, table.header, strict=True)
        )
        rows = [f"<w:tr><w:trPr><w:tblHeader/></w:trPr>{head}</w:tr>"]
        for group in table.groups:
            if group.heading:
                rows.append(
                    "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
                    + self._cell(TEXT_WIDTH, _p(group.heading, "TidtamCellAgency"), span=3, shade="F2F2F2")
                    + "</w:tr>"
                )
            for row in group.rows:
                cells = "".join(
                    self._cell(w, "".join(_p(line, "TidtamCell") for line in text.split("\n")) or _p())
                    for w, text in zip(widths, row, strict=True)
                )
                rows.append(f"<w:tr>{cells}</w:tr>")
        return self._table(widths, "".join(rows))


def write_docx(
    report: RoundReport,
    target: str | Path | BinaryIO,
    *,
    options: LayoutOptions | None = None,
    editable_charts: bool = True,
) -> None:
    writer = DocxWriter(report_layout(report, options), editable_charts=editable_charts)
    writer.build()
    writer.save(target)


def docx_bytes(report: RoundReport, *, options: LayoutOptions | None = None) -> bytes:
    buf = io.BytesIO()
    write_docx(report, buf, options=options)
    return buf.getvalue()
