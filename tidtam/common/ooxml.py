"""Office Open XML packages (.xlsx, .docx) from outside, checked before any library opens them.

openpyxl and python-docx load a whole part into memory, and openpyxl's read-only mode pads a sheet
to the size its `<dimension>` claims. A 178 KB upload can thus hold a worker for half a minute and a
gigabyte. The checks here read the zip directory and stream each XML part through expat with a
budget, so a file that is not what it claims is refused in well under a second and a few MB:

- `package_check`: member count, declared and actual uncompressed size, compression ratio, and no
  DTD anywhere (no `<!DOCTYPE`, so no entities: no billion laughs, no external entities); for a
  workbook also every part's element count, each worksheet's dimension, rows, columns and cells
  within bounds, and which cells hold a formula without a computed value. All of it happens before
  openpyxl opens the file (even its read-only mode reads a whole sheet looking for a dimension).

The messages are Thai and name no library; the caller adds what the file should have been.
"""

import io
import re
import zipfile
import zlib
from collections.abc import Callable
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
MSG_SHEET_TOO_BIG = "แผ่นงานมีขนาดใหญ่เกินกว่าแบบกรอกข้อมูลปกติ"


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


def _refuse_dtd(*_args: object) -> int:
    raise UnsafeDocument(MSG_DTD)


def _parser() -> "expat.XMLParserType":
    parser = expat.ParserCreate(namespace_separator="}")
    # Any DTD at all is refused: no entity is ever declared, so none can be expanded or fetched.
    parser.StartDoctypeDeclHandler = _refuse_dtd  # type: ignore[assignment]
    parser.EntityDeclHandler = _refuse_dtd  # type: ignore[assignment]
    parser.ExternalEntityRefHandler = _refuse_dtd
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


def _looks_like_xml(head: bytes) -> bool:
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith((b"<", b"\xff\xfe", b"\xfe\xff"))


def _xml_parser(head: bytes) -> "expat.XMLParserType | None":
    return _parser() if _looks_like_xml(head) else None


# Parts that are binary by name. An embedded font (.odttf) is obfuscated by XOR with a random key,
# so about one in two hundred starts with "<" by chance: such a part is still searched for a DTD
# (a crafted part could be declared XML in [Content_Types].xml), but it need not be well formed.
_BINARY_SUFFIXES = (
    ".odttf",
    ".ttf",
    ".otf",
    ".fntdata",
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".bmp",
    ".tif",
    ".tiff",
    ".emf",
    ".wmf",
    ".wdp",
    ".bin",
    ".ico",
)


def _is_binary_part(name: str) -> bool:
    return name.lower().endswith(_BINARY_SUFFIXES)


def _stream(
    zf: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    budget: list[int],
    make_parser: Callable[[bytes], "expat.XMLParserType | None"] = _xml_parser,
) -> None:
    """Read one member in chunks against `budget` (bytes left for the package), through the XML
    parser `make_parser` gives for its first bytes (None: not XML, only counted)."""
    budget_before = budget[0]
    try:
        with zf.open(info) as member:
            parser = None
            first = True
            while chunk := member.read(CHUNK):
                budget[0] -= len(chunk)
                if budget[0] < 0:
                    raise UnsafeDocument(MSG_TOO_BIG)
                if first:
                    parser = make_parser(chunk)
                    first = False
                if parser is not None:
                    parser.Parse(chunk, False)
            if parser is not None:
                parser.Parse(b"", True)
        return
    except UnsafeDocument:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
        raise UnsafeDocument(MSG_DAMAGED) from exc
    except expat.ExpatError as exc:
        if not _is_binary_part(info.filename):
            raise UnsafeDocument(MSG_DAMAGED) from exc
    # A binary part that only looked like XML: counted again from its start, without parsing.
    budget[0] = budget_before
    _stream(zf, info, budget, lambda _head: None)


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


class _PartScan:
    """Element handlers for one XML part: every element counted against the package's budget, and
    worksheet rows and cells against the sheet bounds."""

    def __init__(self, limits: SheetLimits, elements: list[int]) -> None:
        self.limits = limits
        self.elements = elements  # left for the whole package
        self.scan = SheetScan()
        self.row = self.col = 0
        self.cell: tuple[int, int] | None = None
        self.f = self.v = self.in_v = False

    def too_big(self) -> UnsafeDocument:
        return UnsafeDocument(MSG_SHEET_TOO_BIG)

    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.elements[0] -= 1
        if self.elements[0] < 0:
            raise UnsafeDocument(MSG_TOO_BIG)
        local = name.rpartition("}")[2]
        limits = self.limits
        if local == "c":
            self.scan.cells += 1
            if self.scan.cells > limits.max_cells:
                raise self.too_big()
            where = _ref(attrs["r"]) if "r" in attrs else None
            if where is None:
                where = (self.row, self.col + 1)
            self.col = where[1]
            if where[1] > limits.max_cols or where[0] > limits.max_rows:
                raise self.too_big()
            self.cell, self.f, self.v = where, False, False
        elif local == "row":
            self.scan.rows += 1
            r = attrs.get("r", "")
            self.row = int(r) if r.isdigit() and len(r) < 8 else self.row + 1
            self.col = 0
            if self.scan.rows > limits.max_rows or self.row > limits.max_rows:
                raise self.too_big()
        elif local == "f":
            self.f = True
        elif local == "v":
            self.in_v = True
        elif local == "dimension":
            for end in attrs.get("ref", "").split(":"):
                where = _ref(end)
                if where and (where[0] > limits.max_rows or where[1] > limits.max_cols):
                    raise self.too_big()

    def text(self, data: str) -> None:
        if self.in_v and data.strip():
            self.v = True

    def end(self, name: str) -> None:
        local = name.rpartition("}")[2]
        if local == "v":
            self.in_v = False
        elif local == "c" and self.f and not self.v and self.cell:
            # openpyxl and some other writers save a formula with an empty <v/>: no value either
            self.scan.formulas_without_value.add(self.cell)


def package_check(
    source: bytes | Path | str | BinaryIO,
    *,
    limits: PackageLimits,
    sheets: SheetLimits | None = None,
    max_elements: int = 0,
) -> dict[str, SheetScan]:
    """Refuse a package that is not a plain, bounded zip of DTD-free XML parts (UnsafeDocument).

    With `sheets` (a workbook), every XML part is also streamed element by element: at most
    `max_elements` in all, and each worksheet within the sheet bounds. Returns {part name: scan}.
    """
    scans: dict[str, SheetScan] = {}
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
        elements = [max_elements]
        for info in infos:
            if sheets is None:
                _stream(zf, info, budget)
                continue
            part = _PartScan(sheets, elements)

            def counted(head: bytes, part: _PartScan = part) -> "expat.XMLParserType | None":
                parser = _xml_parser(head)
                if parser is not None:
                    parser.StartElementHandler = part.start
                    parser.EndElementHandler = part.end
                    parser.CharacterDataHandler = part.text
                return parser

            _stream(zf, info, budget, counted)
            scans[info.filename] = part.scan
    return scans
