"""Importing a round: legacy reports (.txt, .docx, .pdf) through the parser, canonical JSON directly.
Both end in the one builder, `build.round_build`, which writes the round inside one transaction."""

import hashlib
import re
from pathlib import Path
from typing import Any

from tidtam.common.ooxml import UnsafeDocument
from tidtam.formdefs.models import FormTemplate
from tidtam.formdefs.services import template_nearest
from tidtam.formdefs.spec import former_labels, template_spec
from tidtam.formdefs.versions import spec_items

from .archives import ContentDropped
from .build import ImportOutcome, Progress, round_build
from .canonical import SCHEMA as SCHEMA  # the export's schema name, also read from here
from .canonical import RoundInvalid, canonical_check, canonical_load, header_problem
from .errors import ImportFailed, RoundExists
from .legacy.assemble import ReportError
from .legacy.document import Anomaly, scan_header
from .legacy.lines import SourceLine, docx_is_own_export, read_docx, read_text
from .legacy.parser import ReportParser
from .models import RoundArchive
from .permissions import ensure_can_import

__all__ = [
    "ContentDropped",
    "ImportFailed",
    "RoundExists",
    "report_import",
    "round_build",
    "round_from_export",
]


def _read_lines(path: Path, raw: bytes) -> list[SourceLine]:
    if path.suffix.lower() == ".pdf" or raw[:5] == b"%PDF-":
        from .legacy.pdf import PdfRefused, read_pdf

        try:
            return read_pdf(path)
        except PdfRefused as exc:
            raise ImportFailed(str(exc)) from exc
    if path.suffix.lower() == ".docx":
        try:
            return read_docx(path)
        except UnsafeDocument as exc:
            raise ImportFailed(f"ไม่รับไฟล์ .docx นี้: {exc}") from exc
        except Exception as exc:  # python-docx raises several kinds for a damaged file
            raise ImportFailed("เปิดไฟล์ .docx ไม่ได้: ไฟล์เสียหายหรือไม่ใช่เอกสาร Word (.docx)") from exc
    for encoding in ("utf-8-sig", "cp874"):
        try:
            return read_text(raw.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise ImportFailed("อ่านไฟล์ข้อความไม่ได้ (รองรับ UTF-8 และ TIS-620/cp874)")


def report_parse(
    *, path: Path, progress: Progress | None = None
) -> tuple[dict[str, Any], list[Anomaly], set[int], set[int], FormTemplate]:
    """Read a legacy report and parse it against the nearest template. Writes nothing."""
    say = progress or (lambda _m: None)
    raw = path.read_bytes()
    say("อ่านไฟล์")
    lines = _read_lines(path, raw)
    header = scan_header(lines)
    if "round" not in header:
        raise ImportFailed('ไม่พบบรรทัด "รอบที่ … ประจำปีงบประมาณ พ.ศ. …" ในเอกสาร จึงไม่ทราบว่าเป็นรอบใด')
    if problem := header_problem(header["fiscal_year_be"], header["round"]):
        raise ImportFailed(f"หัวเอกสาร: {problem}")
    template = template_nearest(
        code=None, fiscal_year_be=header["fiscal_year_be"], round_number=header["round"]
    )
    if template is None:
        raise ImportFailed("ยังไม่มีแบบฟอร์มในระบบ: ให้รัน tidtam load_template ก่อน")
    say(f"แยกโครงสร้างเทียบกับแบบฟอร์มรุ่น {template.version}")
    try:
        # Labels rendered for the document's own year: "ปี {fy-1}" reads "ปี 2567" in an FY 2568 report.
        spec = template_spec(template, fiscal_year_be=header["fiscal_year_be"])
        # A renamed column is also found by the names the columns it continues had (formdefs continuity).
        former = former_labels(template)
        for _policy, item in spec_items(spec):
            for column in (item.get("table") or {}).get("columns") or []:
                column["former_labels"] = former.get((item["code"], column["key"]), [])
        own_layout = path.suffix.lower() == ".docx" and docx_is_own_export(path)
        result = ReportParser(lines, spec, own_layout=own_layout).parse()
    except ReportError as exc:
        raise ImportFailed(str(exc)) from exc
    result.anomalies[0:0] = getattr(lines, "anomalies", [])  # what the PDF reader reports (OCR)
    if (template.fiscal_year_be, template.round_number) != (header["fiscal_year_be"], header["round"]):
        result.anomalies.insert(
            0,
            Anomaly(
                None,
                "warning",
                "nearest_template",
                f"เอกสารเป็นรอบที่ {header['round']}/{header['fiscal_year_be']} "
                f"นำเข้าโดยเทียบกับแบบฟอร์มรุ่น {template.version} ซึ่งใกล้ที่สุด",
            ),
        )
    try:
        data = canonical_check(result.data)
    except RoundInvalid as exc:
        raise ImportFailed(str(exc)) from exc
    return data, result.anomalies, result.content_lines, result.placed_lines, template


def _read_export(raw: bytes) -> dict[str, Any]:
    """A canonical export, fully checked before anything is written (Thai problems by location)."""
    try:
        return canonical_load(raw)
    except RoundInvalid as exc:
        raise ImportFailed(str(exc)) from exc


def report_import(
    *,
    path: Path,
    actor: Any = None,
    progress: Progress | None = None,
    replace: bool = True,
    force: bool = False,
    source_name: str | None = None,
) -> ImportOutcome:
    """Import a legacy report (.txt/.docx/.pdf) or a canonical export (.json) into a round.

    Over an existing round: refused (`RoundExists`) unless `replace`; the old round is archived first;
    refused (`ContentDropped`, nothing changed) when the file drops most of its content, unless `force`.
    `source_name`: the name to record when `path` is a stored copy (a web upload)."""
    ensure_can_import(actor)
    path = Path(path)
    if not path.exists():
        raise ImportFailed(f"ไม่พบไฟล์ {path}")
    raw = path.read_bytes()
    sha = hashlib.sha256(raw).hexdigest()
    name = source_name or path.name
    if path.suffix.lower() == ".json":
        return round_from_export(
            data=_read_export(raw),
            source_name=name,
            sha=sha,
            actor=actor,
            progress=progress,
            replace=replace,
            force=force,
        )
    data, anomalies, content, placed, template = report_parse(path=path, progress=progress)
    return round_build(
        data=data,
        template=template,
        source_name=name,
        sha=sha,
        fmt=path.suffix.lower().lstrip(".") or "txt",
        anomalies=anomalies,
        content=content,
        placed=placed,
        actor=actor,
        progress=progress,
        replace=replace,
        force=force,
    )


def round_from_export(
    *,
    data: dict[str, Any],
    source_name: str,
    sha: str,
    actor: Any = None,
    progress: Progress | None = None,
    replace: bool = True,
    force: bool = False,
    archive_reason: str = RoundArchive.Reason.REPLACED,
) -> ImportOutcome:
    """Build a round from a canonical export (an imported .json file, or an archived version)."""
    t = data.get("template") or {}
    template = FormTemplate.objects.filter(
        code=t.get("code"), version=t.get("version")
    ).first() or template_nearest(
        code=None, fiscal_year_be=int(data["fiscal_year_be"]), round_number=int(data["round"])
    )
    if template is None:
        raise ImportFailed("ยังไม่มีแบบฟอร์มในระบบ: ให้รัน tidtam load_template ก่อน")
    return round_build(
        data=data,
        template=template,
        source_name=source_name,
        sha=sha,
        fmt="json",
        anomalies=[],
        content=set(),
        placed=set(),
        actor=actor,
        progress=progress,
        replace=replace,
        force=force,
        archive_reason=archive_reason,
    )


_KEY = re.compile(r"^(TH-\d{2})/(\d{4})/(\d{1,2})$")


def parse_round_key(value: str) -> tuple[str, int, int] | None:
    m = _KEY.match(value.strip())
    return (m.group(1), int(m.group(2)), int(m.group(3))) if m else None
