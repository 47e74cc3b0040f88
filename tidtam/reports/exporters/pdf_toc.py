"""The table of contents' page numbers, written into the printed PDF instead of printing it twice.

The report is printed once with a placeholder ("00", or "๐๐" with Thai digits) where each page number
goes. Where each item landed is read from the PDF's named destinations (Chromium writes one for each
link target: the table of contents links to every item), and each placeholder's glyphs are replaced
by the number's, right-aligned in the same box, in an incremental update of the file (the original
bytes stay, a new version of the page's content stream is appended). The glyphs are the font's own
(read back from its ToUnicode map and widths), so the text layer gives the number back.

This reads only what Chromium's PDF writer (Skia) produces: a classic cross-reference table, plain
objects, Flate streams, text drawn as `BT /Fn size Tf 1 0 0 -1 x y Tm <glyph> Tj dx 0 Td <glyph> Tj ET`.
Anything else (a placeholder not found, a digit missing from the embedded font subset, a number
longer than its placeholder) answers None and the caller prints a second time with the numbers.
"""

import re
import zlib

_OBJ = re.compile(rb"(\d+) 0 obj\s*")
_REF = re.compile(rb"(\d+) 0 R")
_BLOCK = re.compile(
    rb"BT\n/(F\d+) ([\d.]+) Tf\n1 0 0 -1 (-?[\d.]+) (-?[\d.]+) Tm\n<([0-9A-F]{4})> Tj"
    rb"((?:\n-?[\d.]+ 0 Td <[0-9A-F]{4}> Tj)*)\nET"
)
_NEXT_GLYPH = re.compile(rb"\n(-?[\d.]+) 0 Td <([0-9A-F]{4})> Tj")


class PdfFormatError(Exception):
    """The file is not laid out as this reader expects."""


class SkiaPdf:
    """Random access to the objects of one PDF written by Chromium."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        at = data.rfind(b"startxref")
        if at < 0:
            raise PdfFormatError("no startxref")
        self.xref_at = int(data[at + 9 :].split()[0])
        self.offsets: dict[int, int] = {}
        self.trailer = b""
        pos: int | None = self.xref_at
        while pos is not None:  # the newest section first; an update's /Prev leads to the older one
            if not data.startswith(b"xref", pos):
                raise PdfFormatError("no classic cross-reference table")
            lines = iter(data[pos:].split(b"\n")[1:])
            for line in lines:
                head = line.split()
                if not head or head[0] == b"trailer":
                    break
                first, count = int(head[0]), int(head[1])
                for number in range(first, first + count):
                    offset, _gen, kind = next(lines).split()[:3]
                    if kind == b"n":
                        self.offsets.setdefault(number, int(offset))
            start = data.find(b"trailer", pos) + 7
            trailer = data[start : data.find(b">>", start) + 2].strip()
            self.trailer = self.trailer or trailer
            prev = re.search(rb"/Prev (\d+)", trailer)
            pos = int(prev.group(1)) if prev else None
        size = re.search(rb"/Size (\d+)", self.trailer)
        if size is None:
            raise PdfFormatError("trailer without /Size")
        self.size = int(size.group(1))

    def _start(self, number: int) -> int:
        offset = self.offsets.get(number)
        match = _OBJ.match(self.data, offset) if offset is not None else None
        if match is None or int(match.group(1)) != number:
            raise PdfFormatError(f"object {number} not found")
        return match.end()

    def dictionary(self, number: int) -> bytes:
        """The object's text before its stream (or up to endobj)."""
        start = self._start(number)
        end = self.data.find(b"endobj", start)
        stream = self.data.find(b"stream", start, end)
        return self.data[start : stream if stream >= 0 else end]

    def stream(self, number: int) -> bytes:
        head = self.dictionary(number)
        length = re.search(rb"/Length (\d+)", head)
        if length is None or (b"/Filter" in head and b"/FlateDecode" not in head):
            raise PdfFormatError(f"stream {number}: unexpected encoding")
        start = self._start(number) + len(head) + len(b"stream")
        start += 2 if self.data[start : start + 2] == b"\r\n" else 1
        raw = self.data[start : start + int(length.group(1))]
        return zlib.decompress(raw) if b"/FlateDecode" in head else raw

    def ref(self, number: int, key: bytes) -> int | None:
        found = re.search(rb"/" + key + rb" (\d+) 0 R", self.dictionary(number))
        return int(found.group(1)) if found else None

    def root(self) -> int:
        found = re.search(rb"/Root (\d+) 0 R", self.trailer)
        if found is None:
            raise PdfFormatError("no /Root")
        return int(found.group(1))

    def pages(self) -> list[int]:
        """The page objects, in order."""
        out: list[int] = []

        def walk(number: int) -> None:
            head = self.dictionary(number)
            kids = re.search(rb"/Kids \[([^\]]*)\]", head)
            if b"/Type /Pages" in head and kids:
                for kid in _REF.findall(kids.group(1)):
                    walk(int(kid))
            else:
                out.append(number)

        pages = self.ref(self.root(), b"Pages")
        if pages is None:
            raise PdfFormatError("no /Pages")
        walk(pages)
        return out

    def named_pages(self) -> dict[str, int]:
        """Each named destination's page (1-based), from the catalog's /Dests dictionary."""
        dests = self.ref(self.root(), b"Dests")
        if dests is None:
            return {}
        index = {number: i for i, number in enumerate(self.pages(), start=1)}
        out = {}
        for name, page in re.findall(rb"/([^\s/\[\]<>()]+)\s*\[(\d+) 0 R", self.dictionary(dests)):
            key = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), name).decode()
            if int(page) in index:
                out[key] = index[int(page)]
        return out

    def font(self, page: int, name: bytes) -> tuple[dict[str, bytes], dict[int, int]]:
        """(character → glyph code, glyph code → width per 1000) of a page's font resource."""
        fonts = re.search(rb"/Font <<([^>]*)>>", self.dictionary(page))
        ref = re.search(rb"/" + name + rb" (\d+) 0 R", fonts.group(1)) if fonts else None
        if ref is None:
            raise PdfFormatError(f"font {name!r} not on the page")
        font = int(ref.group(1))
        to_unicode = self.ref(font, b"ToUnicode")
        descendant = re.search(rb"/DescendantFonts \[(\d+) 0 R\]", self.dictionary(font))
        if to_unicode is None or descendant is None:
            raise PdfFormatError("not a Type0 font with ToUnicode")
        codes: dict[str, bytes] = {}
        cmap = self.stream(to_unicode)
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
            for code, text in re.findall(rb"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]+)>", block):
                codes.setdefault(bytes.fromhex(text.decode()).decode("utf-16-be"), code.upper())
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
            for low, high, text in re.findall(
                rb"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]{4})>", block
            ):
                for k in range(int(high, 16) - int(low, 16) + 1):
                    codes.setdefault(chr(int(text, 16) + k), b"%04X" % (int(low, 16) + k))
        widths: dict[int, int] = {}
        w = re.search(rb"/W \[(.*?)\]\s*(?:/|>>)", self.dictionary(int(descendant.group(1))), re.S)
        tokens = re.findall(rb"\[[^\]]*\]|-?[\d.]+", w.group(1) if w else b"")
        i = 0
        while i < len(tokens):
            first = int(tokens[i])
            if tokens[i + 1].startswith(b"["):
                for k, value in enumerate(tokens[i + 1][1:-1].split()):
                    widths[first + k] = int(float(value))
                i += 2
            else:  # first last width
                for cid in range(first, int(tokens[i + 1]) + 1):
                    widths[cid] = int(float(tokens[i + 2]))
                i += 3
        return codes, widths

    def replace_stream(self, number: int, content: bytes) -> bytes:
        """The file with a new version of stream object `number` appended (an incremental update)."""
        packed = zlib.compress(content, 6)
        body = b"\n%d 0 obj\n<</Filter /FlateDecode\n/Length %d>> stream\n" % (number, len(packed))
        offset = len(self.data) + 1
        body += packed + b"\nendstream\nendobj\n"
        xref_at = len(self.data) + len(body)
        keep = re.sub(rb"/(?:Size|Prev) \d+\s*", b"", self.trailer[2:-2]).strip()
        trailer = b"<</Size %d\n%s\n/Prev %d>>" % (self.size, keep, self.xref_at)
        xref = b"xref\n%d 1\n%010d 00000 n \ntrailer\n%s\nstartxref\n%d\n%%%%EOF\n" % (
            number,
            offset,
            trailer,
            xref_at,
        )
        return self.data + body + xref


def item_pages(data: bytes, anchors: list[str]) -> dict[str, int] | None:
    """The page each anchor is printed on, from the named destinations; None if one is missing."""
    try:
        named = SkiaPdf(data).named_pages()
    except (PdfFormatError, ValueError, IndexError, zlib.error):
        return None
    if not all(anchor in named for anchor in anchors):
        return None
    return {anchor: named[anchor] for anchor in anchors}


def write_numbers(data: bytes, numbers: list[str], placeholder: str, *, before_page: int) -> bytes | None:
    """Replace the placeholders on the pages before `before_page`, in order, with `numbers` (right-
    aligned); None when the file does not have exactly one placeholder per number."""
    try:
        return _write_numbers(SkiaPdf(data), numbers, placeholder, before_page)
    except (PdfFormatError, ValueError, IndexError, KeyError, zlib.error):
        return None


def _write_numbers(pdf: SkiaPdf, numbers: list[str], placeholder: str, before_page: int) -> bytes | None:
    pending = list(numbers)
    out = pdf.data
    for page in pdf.pages()[: before_page - 1]:
        contents = pdf.ref(page, b"Contents")
        if contents is None:
            continue
        text = pdf.stream(contents)
        fonts: dict[bytes, tuple[dict[str, bytes], dict[int, int]]] = {}
        pieces, last, found = [], 0, 0
        for block in _BLOCK.finditer(text):
            name = block.group(1)
            if name not in fonts:
                fonts[name] = pdf.font(page, name)
            codes, widths = fonts[name]
            glyphs = [block.group(5), *(g for _dx, g in _NEXT_GLYPH.findall(block.group(6)))]
            if any(ch not in codes for ch in placeholder) or glyphs != [codes[ch] for ch in placeholder]:
                continue
            if not pending:
                return None
            number = pending.pop(0)
            if len(number) > len(placeholder) or any(ch not in codes for ch in number):
                return None
            size, x = float(block.group(2)), float(block.group(3))
            offsets = [float(dx) for dx, _g in _NEXT_GLYPH.findall(block.group(6))]
            right = x + sum(offsets) + widths[int(glyphs[-1], 16)] * size / 1000
            advances = [widths[int(codes[ch], 16)] * size / 1000 for ch in number]
            start = right - sum(advances)
            drawn = b"<%s> Tj" % codes[number[0]]
            for ch, advance in zip(number[1:], advances, strict=False):
                drawn += b"\n%.5f 0 Td <%s> Tj" % (advance, codes[ch])
            pieces += [
                text[last : block.start()],
                b"BT\n/%s %s Tf\n1 0 0 -1 %.5f %s Tm\n%s\nET"
                % (name, block.group(2), start, block.group(4), drawn),
            ]
            last = block.end()
            found += 1
        if found:
            out = SkiaPdf(out).replace_stream(contents, b"".join([*pieces, text[last:]]))
    return out if not pending else None
