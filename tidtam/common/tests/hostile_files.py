"""Hostile Office files built by hand, compactly: the zip is written part by part, the big sheet
streamed in chunks, so a million rows cost the test a second, not a gigabyte."""

import io
import zipfile
from collections.abc import Iterable

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="_tidtam" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dimension}<sheetData>'
)
SHEET_TAIL = "</sheetData></worksheet>"
BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    + "]>"
)
EXTERNAL_ENTITY = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def xlsx(sheet_chunks: Iterable[bytes | str], *, dimension: str = "", workbook: str = WORKBOOK) -> bytes:
    """A minimal .xlsx whose one sheet is the given XML (streamed into the zip)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("xl/workbook.xml", workbook)
        zf.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            dim = f'<dimension ref="{dimension}"/>' if dimension else ""
            sheet.write(SHEET_HEAD.format(dimension=dim).encode())
            for chunk in sheet_chunks:
                sheet.write(chunk.encode() if isinstance(chunk, str) else chunk)
            sheet.write(SHEET_TAIL.encode())
    return out.getvalue()


def million_rows(rows: int = 1_000_000) -> bytes:
    """One empty row per line, a million of them, no dimension: small on disk, huge when read."""
    step = 10_000
    return xlsx(
        "".join(f'<row r="{r}"/>' for r in range(start, min(start + step, rows + 1)))
        for start in range(1, rows + 1, step)
    )


def ten_million_cells() -> bytes:
    """Ten million empty cells in one row (the declared sizes are honest; the ratio is not)."""
    chunk = b"<c/>" * 100_000
    return xlsx([b'<row r="1">', *([chunk] * 100), b"</row>"])


def claims_a_million_rows() -> bytes:
    """A tiny sheet whose `<dimension>` claims 1,000,000 rows × 10 columns (openpyxl would pad to it)."""
    return xlsx(
        ['<row r="1"><c r="A1" t="inlineStr"><is><t>tidtam.entry-workbook/1</t></is></c></row>'],
        dimension="A1:J1000000",
    )


def with_dtd(prolog: str) -> bytes:
    """The workbook part behind a DTD (billion laughs, an external entity)."""
    return xlsx(['<row r="1"/>'], workbook=WORKBOOK.replace('<?xml version="1.0" encoding="UTF-8"?>', prolog))


def utf16_dtd() -> bytes:
    """The DTD hidden from a byte search: the part encoded as UTF-16."""
    text = (
        EXTERNAL_ENTITY.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
        + WORKBOOK.split("?>", 1)[1]
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("xl/workbook.xml", text.encode("utf-16"))
    return out.getvalue()


def understated(data: bytes) -> bytes:
    """The same zip with every member's uncompressed size in the central directory set to 1 KB."""
    import struct

    out = bytearray(data)
    pos = out.find(b"PK\x01\x02")
    while pos != -1:
        out[pos + 24 : pos + 28] = struct.pack("<I", 1024)
        pos = out.find(b"PK\x01\x02", pos + 4)
    return bytes(out)
