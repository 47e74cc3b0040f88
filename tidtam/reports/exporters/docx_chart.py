"""Native Word charts (DrawingML) for the report DOCX.

A native chart costs a few kilobytes of XML instead of a rendered picture, Word draws its Thai labels
in the document's font, and people can restyle it or edit its data (a small workbook is embedded).
"""

from xml.sax.saxutils import escape

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part

from ..charts import PALETTE, ChartGroup
from .docx_styles import FONT
from .xlsx_minimal import column_letter, sheet_xlsx

C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
EMU_PER_TWIP = 635
CAT_AX, VAL_AX = "50010001", "50010002"


def _text_props(size: int = 1200, bold: bool = False) -> str:
    fonts = f'<a:latin typeface="{FONT}"/><a:ea typeface="{FONT}"/><a:cs typeface="{FONT}"/>'
    return (
        f'<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{size}" b="{int(bold)}">{fonts}'
        '</a:defRPr></a:pPr><a:endParaRPr lang="th-TH"/></a:p></c:txPr>'
    )


def _str_cache(ref: str, values: list[str]) -> str:
    pts = "".join(f'<c:pt idx="{i}"><c:v>{escape(v)}</c:v></c:pt>' for i, v in enumerate(values))
    return (
        f'<c:strRef><c:f>{ref}</c:f><c:strCache><c:ptCount val="{len(values)}"/>{pts}</c:strCache></c:strRef>'
    )


def _num_cache(ref: str, values: list[float | None]) -> str:
    pts = "".join(f'<c:pt idx="{i}"><c:v>{v!r}</c:v></c:pt>' for i, v in enumerate(values) if v is not None)
    return (
        f"<c:numRef><c:f>{ref}</c:f><c:numCache><c:formatCode>General</c:formatCode>"
        f'<c:ptCount val="{len(values)}"/>{pts}</c:numCache></c:numRef>'
    )


# Word's number format for Thai digits: numeral system D07 (Thai) in the Thai locale (041E).
THAI_DIGITS_FORMAT = "[$-D07041E]#,##0.##"


def chart_xml(group: ChartGroup, *, workbook_rid: str | None, thai_digits: bool = False) -> str:
    n = len(group.categories)
    cats = f"Sheet1!$A$2:$A${n + 1}"
    series = []
    for i, s in enumerate(group.series):
        col = column_letter(i + 2)
        colour = PALETTE[i % len(PALETTE)].lstrip("#")
        series.append(
            f'<c:ser><c:idx val="{i}"/><c:order val="{i}"/>'
            f"<c:tx>{_str_cache(f'Sheet1!${col}$1', [s.name])}</c:tx>"
            f'<c:spPr><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill></c:spPr>'
            '<c:invertIfNegative val="0"/>'
            f"<c:cat>{_str_cache(cats, group.categories)}</c:cat>"
            f"<c:val>{_num_cache(f'Sheet1!${col}$2:${col}${n + 1}', s.values)}</c:val></c:ser>"
        )
    title = ""
    if group.title:
        title = (
            '<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1400" b="0"/></a:pPr>'
            f'<a:r><a:rPr lang="th-TH" sz="1400" b="0"><a:latin typeface="{FONT}"/><a:cs typeface="{FONT}"/></a:rPr>'
            f"<a:t>{escape(group.title)}</a:t></a:r></a:p></c:rich></c:tx>"
            '<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>'
        )
    external = (
        f'<c:externalData r:id="{workbook_rid}"><c:autoUpdate val="0"/></c:externalData>'
        if workbook_rid
        else ""
    )
    gridline = '<c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr>'
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<c:chartSpace xmlns:c="{C_NS}" xmlns:a="{A_NS}" xmlns:r="{R_NS}">'
        '<c:date1904 val="0"/><c:lang val="th-TH"/><c:roundedCorners val="0"/>'
        f"<c:chart>{title}<c:plotArea><c:layout/>"
        '<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>'
        + "".join(series)
        + f'<c:gapWidth val="80"/><c:axId val="{CAT_AX}"/><c:axId val="{VAL_AX}"/></c:barChart>'
        f'<c:catAx><c:axId val="{CAT_AX}"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="b"/><c:numFmt formatCode="General" sourceLinked="0"/>'
        '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f'<c:crossAx val="{VAL_AX}"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/>'
        '<c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        f'<c:valAx><c:axId val="{VAL_AX}"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        f'<c:delete val="0"/><c:axPos val="l"/><c:majorGridlines>{gridline}</c:majorGridlines>'
        f'<c:numFmt formatCode="{THAI_DIGITS_FORMAT if thai_digits else "#,##0.##"}" sourceLinked="0"/>'
        '<c:majorTickMark val="none"/>'
        '<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f'<c:crossAx val="{CAT_AX}"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>'
        "</c:plotArea>"
        '<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>'
        '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
        + _text_props()
        + external
        + "</c:chartSpace>"
    )


def chart_workbook(group: ChartGroup) -> bytes:
    """The chart's data as the small workbook Word opens on "Edit Data"."""
    rows: list[list[str | float | int | None]] = [["", *[s.name for s in group.series]]]
    for i, category in enumerate(group.categories):
        rows.append([category, *[s.values[i] for s in group.series]])
    return sheet_xlsx(rows)


class ChartParts:
    """Adds chart parts to a document and returns the inline drawing that shows each."""

    def __init__(self, document_part, *, editable: bool = True, thai_digits: bool = False) -> None:
        self.part = document_part
        self.editable = editable
        self.thai_digits = thai_digits
        self.count = 0

    def add(self, group: ChartGroup) -> str:
        self.count += 1
        n = self.count
        package = self.part.package
        chart = Part(PackURI(f"/word/charts/chart{n}.xml"), CT.DML_CHART, b"", package)
        workbook_rid = None
        if self.editable:
            xlsx = Part(
                PackURI(f"/word/embeddings/Microsoft_Excel_Worksheet{n}.xlsx"),
                CT.SML_SHEET,
                chart_workbook(group),
                package,
            )
            workbook_rid = chart.relate_to(xlsx, RT.PACKAGE)
        chart._blob = chart_xml(group, workbook_rid=workbook_rid, thai_digits=self.thai_digits).encode(
            "utf-8"
        )
        return self.part.relate_to(chart, RT.CHART)


def inline_chart_xml(rid: str, *, number: int, width_twips: int, height_twips: int, descr: str) -> str:
    """A w:r holding the chart inline (namespaces w, wp, a, c, r declared by the caller)."""
    cx, cy = width_twips * EMU_PER_TWIP, height_twips * EMU_PER_TWIP
    return (
        f'<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{number}" name="Chart {number}" descr="{escape(descr, {chr(34): "&quot;"})}"/>'
        "<wp:cNvGraphicFramePr/>"
        f'<a:graphic><a:graphicData uri="{C_NS}"><c:chart r:id="{rid}"/></a:graphicData></a:graphic>'
        "</wp:inline></w:drawing></w:r>"
    )
