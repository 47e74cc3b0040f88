"""The finishing of the report DOCX package: our own document properties, none of the template's
leftovers, and the vendored Sarabun (OFL) embedded so the document looks and paginates the same on a
computer without the font.

python-docx starts from a template made with Mac Word: its package carries a thumbnail, custom XML,
"stylesWithEffects", a font table of Japanese and Latin fonts and an app.xml naming "Microsoft Macintosh
Word" with Normal.dotm. Those parts go; core.xml and app.xml are written anew.

Fonts are embedded as ECMA-376 Part 1 §17.8.1 describes: each font file is "obfuscated" (its first 32
bytes XORed with a key taken from a GUID, the fontKey named in the font table) and stored as
word/fonts/fontN.odttf; settings.xml says embedTrueTypeFonts. The SIL Open Font License allows
embedding the font in documents.
"""

import datetime as dt
import io
import re
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from django.contrib.staticfiles import finders

from tidtam.ingest.legacy.marks import OWN_AUTHOR

DROPPED = (
    re.compile(r"^customXml/"),
    re.compile(r"^docProps/thumbnail\.[a-z]+$"),
    re.compile(r"^word/stylesWithEffects\.xml$"),
)
FONT_FILES = {"Regular": "fonts/sarabun/Sarabun_400Regular.ttf", "Bold": "fonts/sarabun/Sarabun_700Bold.ttf"}
OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
FONT_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@dataclass
class Properties:
    title: str
    subject: str
    created: dt.datetime
    pages: int | None = None  # app.xml's page count, when the pages were computed


def obfuscate_font(data: bytes, key: str) -> bytes:
    """XOR the first 32 bytes with the GUID's 16 bytes, taken from the last hex pair backwards."""
    digits = key.strip("{}").replace("-", "")
    xor = bytes(int(digits[30 - 2 * i : 32 - 2 * i], 16) for i in range(16))
    head = bytes(b ^ xor[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


def _font_table(font: str, rids: dict[str, tuple[str, str]]) -> str:
    embeds = "".join(
        f'<w:embed{style} r:id="{rid}" w:fontKey="{key}"/>' for style, (rid, key) in rids.items()
    )
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>"
        f'<w:fonts xmlns:w="{_W}" xmlns:r="{_R}">'
        f'<w:font w:name="{escape(font)}"><w:charset w:val="DE"/><w:family w:val="swiss"/>'
        f'<w:pitch w:val="variable"/>{embeds}</w:font>'
        '<w:font w:name="Times New Roman"><w:charset w:val="00"/><w:family w:val="roman"/>'
        '<w:pitch w:val="variable"/></w:font></w:fonts>'
    )


def _rels(entries: list[tuple[str, str, str]]) -> str:
    body = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{target}"/>' for i, t, target in entries)
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>"
        f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{body}</Relationships>'
    )


def _core(props: Properties) -> str:
    when = props.created.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>"
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(props.title)}</dc:title><dc:subject>{escape(props.subject)}</dc:subject>"
        f"<dc:creator>{OWN_AUTHOR}</dc:creator><cp:lastModifiedBy>{OWN_AUTHOR}</cp:lastModifiedBy>"
        "<cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
        "<dc:language>th-TH</dc:language></cp:coreProperties>"
    )


def _app(props: Properties) -> str:
    pages = f"<Pages>{props.pages}</Pages>" if props.pages else ""
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        f"<Application>{OWN_AUTHOR}</Application>{pages}<DocSecurity>0</DocSecurity>"
        "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
    )


def _content_types(xml: str, dropped: set[str]) -> str:
    for name in dropped:
        xml = re.sub(rf'<Override PartName="/{re.escape(name)}"[^>]*/>', "", xml)
    xml = re.sub(r'<Default Extension="jpeg"[^>]*/>', "", xml)
    return xml.replace(
        "<Default Extension=",
        f'<Default Extension="odttf" ContentType="{OBFUSCATED_FONT}"/><Default Extension=',
        1,
    )


def _drop_rels(xml: str, targets: set[str]) -> str:
    for target in targets:
        xml = re.sub(rf'<Relationship [^>]*Target="(?:\.\./)?{re.escape(target)}"[^>]*/>', "", xml)
    return xml


def _font_path(relative: str) -> Path:
    found = finders.find(relative)
    if not found:
        raise FileNotFoundError(relative)
    return Path(found)


def finish_package(data: bytes, props: Properties, *, font: str) -> bytes:
    """The package rewritten: template leftovers out, our properties in, `font` embedded."""
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    dropped = {n for n in names if any(p.match(n) for p in DROPPED)}
    rels: dict[str, tuple[str, str]] = {}
    fonts: dict[str, bytes] = {}
    for i, (style, relative) in enumerate(FONT_FILES.items(), start=1):
        key = "{" + str(uuid.uuid4()).upper() + "}"
        rels[style] = (f"rIdFont{i}", key)
        fonts[f"word/fonts/font{i}.odttf"] = obfuscate_font(_font_path(relative).read_bytes(), key)

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in names:
            if name in dropped:
                continue
            content = src.read(name)
            if name == "[Content_Types].xml":
                content = _content_types(content.decode(), dropped).encode()
            elif name == "_rels/.rels":
                content = _drop_rels(content.decode(), {"docProps/thumbnail.jpeg"}).encode()
            elif name == "word/_rels/document.xml.rels":
                # Targets there are relative to word/: "styles….xml", "../customXml/item1.xml".
                targets = {n.removeprefix("word/") for n in dropped}
                content = _drop_rels(content.decode(), targets).encode()
            elif name == "docProps/core.xml":
                content = _core(props).encode()
            elif name == "docProps/app.xml":
                content = _app(props).encode()
            elif name == "word/fontTable.xml":
                content = _font_table(font, rels).encode()
            elif name == "word/settings.xml":
                # In schema order: right after w:zoom (the template always has one).
                content = re.sub(
                    r"(<w:zoom\b[^>]*/>)", r"\1<w:embedTrueTypeFonts/>", content.decode(), count=1
                ).encode()
            z.writestr(src.getinfo(name), content)
        for name, content in fonts.items():
            z.writestr(name, content)
        z.writestr(
            "word/_rels/fontTable.xml.rels",
            _rels(
                [
                    (rid, FONT_REL, f"fonts/font{i}.odttf")
                    for i, (rid, _k) in enumerate(rels.values(), start=1)
                ]
            ),
        )
    return out.getvalue()
