"""The styles part of the report DOCX: Thai government typography, set in the vendored Sarabun.

Sarabun (OFL, embedded in the file: docx_package.py) is TH Sarabun New redrawn at about 1.5 times the
size, so 10.5 pt Sarabun sets a line like 16 pt TH Sarabun New, as in the PDF (print.html). Naming TH
Sarabun New instead made a computer without it substitute a font at 16 pt: twice the pages.

Word picks the complex-script font and size for Thai (w:cs, w:szCs, w:bCs), not the Latin ones that
python-docx sets, so every style names all four fonts, both sizes and both bold flags, and marks the
language th-TH (w:bidi) so that Word's Thai line breaking and "Thai distributed" justification apply.
"""

FONT = "Sarabun"
BODY = 21  # half-points: 10.5 pt (TH Sarabun New 16 pt)
TABLE = 19  # 9.5 pt (TH Sarabun New 14 pt in tables, as in the originals)
SMALL = 19
COVER_TITLE = 26  # 13 pt (TH Sarabun New 20 pt)
# Line spacing in 240ths of Sarabun's own line (1.3 em): 1.7 em for text and 1.5 em in tables, as in the PDF.
LINE = 314
TABLE_LINE = 277
# A4 portrait, margins of Thai official documents: top 2.5 cm, bottom 2 cm, left 3 cm, right 2 cm (twips).
PAGE_W, PAGE_H = 11906, 16838
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 1418, 1134, 1701, 1134
TEXT_WIDTH = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT  # 9071 twips = 16 cm
FIRST_LINE_INDENT = 709  # 1.25 cm

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
)


def rpr(size: int = BODY, *, bold: bool = False, color: str = "") -> str:
    """Run properties with the Thai font attributes (in CT_RPr order)."""
    return (
        f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
        + ("<w:b/><w:bCs/>" if bold else "")
        + (f'<w:color w:val="{color}"/>' if color else "")
        + f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
        + '<w:lang w:val="th-TH" w:eastAsia="en-US" w:bidi="th-TH"/></w:rPr>'
    )


def _para_style(
    style_id: str,
    name: str,
    *,
    ppr: str = "",
    size: int = BODY,
    bold: bool = False,
    based_on: str = "Normal",
    next_style: str = "",
    custom: bool = True,
    ui_priority: int | None = None,
) -> str:
    custom_attr = ' w:customStyle="1"' if custom else ""
    return (
        f'<w:style w:type="paragraph"{custom_attr} w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="{based_on}"/>'
        + (f'<w:next w:val="{next_style}"/>' if next_style else "")
        + (f'<w:uiPriority w:val="{ui_priority}"/>' if ui_priority is not None else "")
        + "<w:qFormat/>"
        + (f"<w:pPr>{ppr}</w:pPr>" if ppr else "")
        + rpr(size, bold=bold)
        + "</w:style>"
    )


def _borders(size: int = 4) -> str:
    sides = "".join(
        f'<w:{side} w:val="single" w:sz="{size}" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    return f"<w:tblBorders>{sides}</w:tblBorders>"


def styles_xml() -> str:
    spacing = f'<w:spacing w:before="0" w:after="0" w:line="{LINE}" w:lineRule="auto"/>'
    table_spacing = f'<w:spacing w:before="0" w:after="0" w:line="{TABLE_LINE}" w:lineRule="auto"/>'
    heading_spacing = f'<w:spacing w:before="120" w:after="0" w:line="{LINE}" w:lineRule="auto"/>'
    toc_tabs = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH}"/></w:tabs>'
    styles = [
        # Defaults every run and paragraph inherits.
        "<w:docDefaults><w:rPrDefault>" + rpr() + "</w:rPrDefault>"
        f"<w:pPrDefault><w:pPr>{spacing}</w:pPr></w:pPrDefault></w:docDefaults>",
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/>'
        f"<w:pPr>{spacing}</w:pPr>" + rpr() + "</w:style>",
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>',
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="85" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
        '<w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>',
        '<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>',
        '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>'
        f'<w:uiPriority w:val="59"/><w:pPr>{table_spacing}</w:pPr><w:tblPr>{_borders()}</w:tblPr></w:style>',
        # Item title: heading 1, so that the TOC field and Word's navigation pane list the items.
        _para_style(
            "Heading1",
            "heading 1",
            custom=False,
            bold=True,
            next_style="Normal",
            ui_priority=9,
            ppr=f'<w:keepNext/><w:keepLines/>{heading_spacing}<w:jc w:val="thaiDistribute"/><w:outlineLvl w:val="0"/>',
        ),
        # N.1–N.5: heading 2 (navigation pane only; the TOC lists items).
        _para_style(
            "Heading2",
            "heading 2",
            custom=False,
            bold=True,
            next_style="Normal",
            ui_priority=9,
            ppr=f'<w:keepNext/><w:keepLines/>{heading_spacing}<w:outlineLvl w:val="1"/>',
        ),
        _para_style(
            "TidtamFormHeader", "Tidtam Form Header", bold=True, ppr='<w:keepNext/><w:jc w:val="center"/>'
        ),
        _para_style("TidtamPolicy", "Tidtam Policy", bold=True, ppr=f"<w:keepNext/>{heading_spacing}"),
        _para_style(
            "TidtamSubtopic",
            "Tidtam Subtopic",
            bold=True,
            ppr=f'<w:keepNext/><w:keepLines/>{heading_spacing}<w:ind w:left="{FIRST_LINE_INDENT // 2}"/>'
            '<w:jc w:val="thaiDistribute"/>',
        ),
        # A province over its agencies' texts (regional and national reports): bold and underlined.
        _para_style(
            "TidtamGroup",
            "Tidtam Group",
            bold=True,
            ppr='<w:keepNext/><w:pBdr><w:bottom w:val="single" w:sz="4" w:space="1" w:color="808080"/></w:pBdr>'
            + heading_spacing,
        ),
        _para_style("TidtamAgency", "Tidtam Agency", bold=True, ppr=f"<w:keepNext/>{heading_spacing}"),
        _para_style(
            "TidtamBody",
            "Tidtam Body",
            ppr=f'<w:ind w:firstLine="{FIRST_LINE_INDENT}"/><w:jc w:val="thaiDistribute"/>',
        ),
        _para_style("TidtamCell", "Tidtam Cell", size=TABLE, ppr=table_spacing),
        _para_style(
            "TidtamCellNumber", "Tidtam Cell Number", size=TABLE, ppr=f'{table_spacing}<w:jc w:val="right"/>'
        ),
        _para_style(
            "TidtamCellHead",
            "Tidtam Cell Head",
            size=TABLE,
            bold=True,
            ppr=f'{table_spacing}<w:jc w:val="center"/>',
        ),
        _para_style("TidtamCellAgency", "Tidtam Cell Agency", size=TABLE, bold=True, ppr=table_spacing),
        _para_style(
            "TidtamChart", "Tidtam Chart", ppr=f'<w:keepLines/>{heading_spacing}<w:jc w:val="center"/>'
        ),
        _para_style("TidtamNote", "Tidtam Note", size=SMALL, ppr=heading_spacing),
        _para_style(
            "TidtamCoverTitle",
            "Tidtam Cover Title",
            size=COVER_TITLE,
            bold=True,
            ppr='<w:spacing w:before="240" w:after="120"/><w:jc w:val="center"/>',
        ),
        _para_style(
            "TidtamCover", "Tidtam Cover", ppr='<w:spacing w:before="60" w:after="60"/><w:jc w:val="center"/>'
        ),
        _para_style(
            "TOCHeading",
            "TOC Heading",
            custom=False,
            bold=True,
            based_on="Heading1",
            next_style="Normal",
            ui_priority=39,
            ppr='<w:pageBreakBefore/><w:jc w:val="center"/><w:outlineLvl w:val="9"/>',
        ),
        _para_style(
            "TOC1",
            "toc 1",
            custom=False,
            next_style="Normal",
            ui_priority=39,
            ppr=f'{toc_tabs}<w:spacing w:before="60" w:after="0"/><w:ind w:left="425" w:hanging="425"/>',
        ),
        _para_style("Footer", "footer", custom=False, ppr='<w:jc w:val="center"/>', size=SMALL),
        _para_style("Header", "header", custom=False, size=SMALL),
        '<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/>'
        '<w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
        '<w:rPr><w:color w:val="000000"/></w:rPr></w:style>',
    ]
    return f"<w:styles {NS}>" + "".join(styles) + "</w:styles>"
