"""Office Open XML packages (.xlsx, .docx) from outside, checked before any library opens them.

openpyxl and python-docx load a whole part into memory, and openpyxl's read-only mode pads a sheet
to the size its `<dimension>` claims. A 178 KB upload can thus hold a worker for half a minute and a
gigabyte. The checks here read the zip directory and stream each XML part through expat with a
budget, so a file that is not what it claims is refused in well under a second and a few MB:

- `package_check`: member count, declared and actual uncompressed size, compression ratio, and no
  DTD anywhere (no `<!DOCTYPE`, so no entities: no billion laughs, no external entities);
- `sheet_scan`: one worksheet's dimension, row, column and cell counts within bounds, and which
  cells hold a formula without a computed value.

The messages are Thai and name no library; the caller adds what the file should have been.
"""

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from xml.parsers import expat

CHUNK = 64 * 1024
RATIO_FLOOR = 1024 * 1024  # below this a part may compress as well as it likes
MSG_NOT_PACKAGE = "ไฟล์เสียหายหรือไม่ใช่ไฟล์ Office (.xlsx/.docx)"
MSG_TOO_BIG = "ไฟล์มีข้อมูลเมื่อขยายออกมากเกินกว่าที่ระบบรับได้"
MSG_DTD = "ไฟล์มีการประกาศ DTD/entity ซึ่งระบบไม่รับ (อาจเป็นไฟล์ที่ถูกดัดแปลง)"
MSG_DAMAGED = "ไฟล์เสียหาย อ่านเนื้อหาในไฟล์ไม่ได้"


class UnsafeDocument(Exception):
    """The package is refused before parsing (message in Thai)."""


@dataclass(frozen=True)
class PackageLimits:
    max_total: int  # all parts together, uncompressed, in bytes
    max_members: int = 2000
    max_ratio: int = 100


def _zip(source: bytes | Path | str | BinaryIO) -> zipfile.ZipFile:
    try:
        if isinstance(source, bytes):
            return zipfile.ZipFile(io.BytesIO(source))
        return zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise UnsafeDocument(MSG_NOT_PACKAGE) from exc


def _refuse_dtd(*_args: object) -> None:
    raise UnsafeDocument(MSG_DTD)


def _parser() -> "expat.XMLParserType":
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.ExternalEntityRefHandler = _refuse_dtd
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


def _looks_like_xml(head: bytes) -> bool:
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith((b"<", b"\xff\xfe", b"\xfe\xff"))


def _stream(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int], parser=None) -> None:
    """Feed one member to `parser` (an XML part) or just count it; `budget` is the bytes left."""
    try:
        with zf.open(info) as member:
            first = True
            while chunk := member.read(CHUNK):
                budget[0] -= len(chunk)
                if budget[0] < 0:
                    raise UnsafeDocument(MSG_TOO_BIG)
                if first and parser is None and _looks_like_xml(chunk):
                    parser = _parser()
                first = False
                if parser is not None:
                    parser.Parse(chunk, False)
            if parser is not None:
                parser.Parse(b"", True)
    except UnsafeDocument:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
        raise UnsafeDocument(MSG_DAMAGED) from exc
    except expat.ExpatError as exc:
        raise UnsafeDocument(MSG_DAMAGED) from exc


def package_check(source: bytes | Path | str | BinaryIO, *, limits: PackageLimits) -> None:
    """Refuse a package that is not a plain, bounded zip of DTD-free XML parts (UnsafeDocument)."""
    with _zip(source) as zf:
        infos = zf.infolist()
        if not infos or len(infos) > limits.max_members:
            raise UnsafeDocument(MSG_NOT_PACKAGE if not infos else MSG_TOO_BIG)
        if sum(i.file_size for i in infos) > limits.max_total:
            raise UnsafeDocument(MSG_TOO_BIG)
        for info in infos:
            if info.file_size > RATIO_FLOOR and info.file_size > limits.max_ratio * max(
                info.compress_size, 1
            ):
                raise UnsafeDocument(MSG_TOO_BIG)
        # The declared sizes may lie: the actual bytes are counted while reading.
        budget = [limits.max_total]
        for info in infos:
            _stream(zf, info, budget)


@dataclass(frozen=True)
class SheetLimits:
    max_rows: int
    max_cols: int
    max_cells: int


@dataclass
class SheetScan:
    rows: int = 0
    cells: int = 0
    # (row, column) of cells holding a formula but no computed value (a file saved without calculating)
    formulas_without_value: set[tuple[int, int]] = field(default_factory=set)


_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


def _ref(text: str) -> tuple[int, int] | None:
    m = _REF.match(text.strip())
    if not m:
        return None
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


def sheet_scan(
    source: bytes | Path | str | BinaryIO, part: str, *, limits: SheetLimits, max_bytes: int
) -> SheetScan:
    """Stream one worksheet part and refuse it (UnsafeDocument) once it passes a bound."""
    scan = SheetScan()
    state = {"row": 0, "col": 0, "cell": None, "f": False, "v": False}
    too_big = UnsafeDocument("แผ่นงานมีขนาดใหญ่เกินกว่าแบบกรอกข้อมูลปกติ")

    def start(name: str, attrs: dict[str, str]) -> None:
        local = name.rpartition("}")[2]
        if local == "c":
            scan.cells += 1
            if scan.cells > limits.max_cells:
                raise too_big
            where = _ref(attrs["r"]) if "r" in attrs else None
            if where is None:
                where = (state["row"], state["col"] + 1)
            state["col"] = where[1]
            if where[1] > limits.max_cols or where[0] > limits.max_rows:
                raise too_big
            state["cell"], state["f"], state["v"] = where, False, False
        elif local == "row":
            scan.rows += 1
            r = attrs.get("r", "")
            state["row"] = int(r) if r.isdigit() and len(r) < 8 else state["row"] + 1
            state["col"] = 0
            if scan.rows > limits.max_rows or state["row"] > limits.max_rows:
                raise too_big
        elif local == "f":
            state["f"] = True
        elif local == "v":
            state["v"] = True
        elif local == "dimension":
            for end in attrs.get("ref", "").split(":"):
                where = _ref(end)
                if where and (where[0] > limits.max_rows or where[1] > limits.max_cols):
                    raise too_big

    def end(name: str) -> None:
        if name.rpartition("}")[2] == "c" and state["f"] and not state["v"] and state["cell"]:
            scan.formulas_without_value.add(state["cell"])

    parser = _parser()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    with _zip(source) as zf:
        try:
            info = zf.getinfo(part)
        except KeyError as exc:
            raise UnsafeDocument(MSG_DAMAGED) from exc
        _stream(zf, info, [max_bytes], parser)
    return scan


def element_count_check(
    source: bytes | Path | str | BinaryIO, part: str, *, name: str, limit: int, max_bytes: int
) -> None:
    """Refuse a part with more than `limit` elements called `name` (e.g. shared strings)."""
    count = [0]

    def start(element: str, _attrs: dict[str, str]) -> None:
        if element.rpartition("}")[2] == name:
            count[0] += 1
            if count[0] > limit:
                raise UnsafeDocument(MSG_TOO_BIG)

    parser = _parser()
    parser.StartElementHandler = start
    with _zip(source) as zf:
        if part not in zf.NameToInfo:
            return
        _stream(zf, zf.getinfo(part), [max_bytes], parser)
