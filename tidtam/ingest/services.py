"""Importing a round: legacy reports (.txt, .docx, .pdf) through the parser, canonical JSON directly.

One builder (`round_build`) writes every kind of import, inside one transaction: a failure leaves no
partial round, and importing the same round again replaces it (with a warning)."""

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from tidtam.common.models import AuditEvent
from tidtam.common.services import audit_record
from tidtam.formdefs.models import FormTemplate, Round, RoundParticipant
from tidtam.formdefs.services import round_create, template_nearest
from tidtam.formdefs.spec import template_spec
from tidtam.orgs.models import AgencyService, OrgUnit
from tidtam.orgs.services import office_code
from tidtam.submissions.models import NarrativeEntry, ProblemRow, RoundItem, Submission, TableValue

from .legacy.agencies import OFFICE_KIND
from .legacy.assemble import ReportError
from .legacy.document import Anomaly, load_provinces, scan_header
from .legacy.lines import SourceLine, read_docx, read_text
from .legacy.parser import ReportParser
from .legacy.textutil import key
from .models import ImportAnomaly, ImportRun

SCHEMA = "tidtam.round/1"
Progress = Callable[[str], None]


class ImportFailed(Exception):
    """The file cannot be imported; the message is for the user (Thai)."""


@dataclass
class ImportOutcome:
    round: Round
    run: ImportRun
    anomalies: list[Anomaly]
    replaced: bool

    @property
    def coverage(self) -> float:
        return self.run.coverage


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
        except Exception as exc:  # python-docx raises several kinds for a damaged file
            raise ImportFailed(f"เปิดไฟล์ .docx ไม่ได้: {exc.__class__.__name__}") from exc
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
    template = template_nearest(
        code=None, fiscal_year_be=header["fiscal_year_be"], round_number=header["round"]
    )
    if template is None:
        raise ImportFailed("ยังไม่มีแบบฟอร์มในระบบ: ให้รัน tidtam load_template ก่อน")
    say(f"แยกโครงสร้างเทียบกับแบบฟอร์มรุ่น {template.version}")
    try:
        result = ReportParser(lines, template_spec(template)).parse()
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
    return result.data, result.anomalies, result.content_lines, result.placed_lines, template


def report_import(*, path: Path, actor: Any = None, progress: Progress | None = None) -> ImportOutcome:
    """Import a legacy report (.txt/.docx/.pdf) or a canonical export (.json) into a round."""
    path = Path(path)
    if not path.exists():
        raise ImportFailed(f"ไม่พบไฟล์ {path}")
    raw = path.read_bytes()
    sha = hashlib.sha256(raw).hexdigest()
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ImportFailed(f"ไฟล์ JSON ไม่ถูกต้อง: {exc}") from exc
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            raise ImportFailed(f"ไฟล์ JSON ไม่ใช่รูปแบบ {SCHEMA}")
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
            source_name=path.name,
            sha=sha,
            fmt="json",
            anomalies=[],
            content=set(),
            placed=set(),
            actor=actor,
            progress=progress,
        )
    data, anomalies, content, placed, template = report_parse(path=path, progress=progress)
    return round_build(
        data=data,
        template=template,
        source_name=path.name,
        sha=sha,
        fmt=path.suffix.lower().lstrip(".") or "txt",
        anomalies=anomalies,
        content=content,
        placed=placed,
        actor=actor,
        progress=progress,
    )


def _number(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(str(value))


def _resolve_agency(entry: dict[str, Any], office: OrgUnit, order: int) -> OrgUnit:
    """Find the agency this entry names, or create it, and make sure it reports to `office`."""
    kind = entry.get("kind") or ""
    if kind == OFFICE_KIND:
        return office
    district = entry.get("district") or ""
    province = office.parent
    # orgunit_parent_unless_ministry: a provincial office always has its province as parent.
    assert province is not None, f"office {office.code} has no province"
    code = f"{province.code}-{kind}" + (f"-{district}" if district else "")
    services = AgencyService.objects.filter(office=office, agency__agency_kind=kind).select_related("agency")
    agency = next(
        (s.agency for s in services if s.agency.code == code or (not district and len(services) == 1)), None
    )
    if agency is None and entry.get("code"):
        agency = OrgUnit.objects.filter(code=entry["code"], kind=OrgUnit.Kind.AGENCY).first()
    if agency is None and province.name in entry["name"]:
        # An agency named after several provinces (สพม.สค. สส.) may already exist under another office.
        wanted = key(entry["name"])
        agency = next(
            (
                a
                for a in OrgUnit.objects.filter(kind=OrgUnit.Kind.AGENCY, agency_kind=kind)
                if key(a.name) == wanted
            ),
            None,
        )
    created = agency is None
    if agency is None:
        unique = code
        n = 2
        while OrgUnit.objects.filter(code=unique).exists():
            unique, n = f"{code}-{n}", n + 1
        agency = OrgUnit.objects.create(
            kind=OrgUnit.Kind.AGENCY,
            code=unique,
            name=entry["name"],
            short_name=entry["abbreviation"],
            agency_kind=kind,
            parent=office,
        )
    AgencyService.objects.get_or_create(
        agency=agency, office=office, defaults={"label": entry["abbreviation"], "order": order}
    )
    if created:
        # It also serves every other province its name carries (สมุทรสาคร สมุทรสงคราม).
        for name, prov in load_provinces().items():
            if name != province.name and name in entry["name"]:
                other = OrgUnit.objects.filter(code=office_code(prov["code"])).first()
                if other:
                    AgencyService.objects.get_or_create(
                        agency=agency, office=other, defaults={"label": entry["abbreviation"], "order": order}
                    )
    return agency


@transaction.atomic
def round_build(
    *,
    data: dict[str, Any],
    template: FormTemplate,
    source_name: str,
    sha: str,
    fmt: str,
    anomalies: list[Anomaly],
    content: set[int],
    placed: set[int],
    actor: Any = None,
    progress: Progress | None = None,
) -> ImportOutcome:
    say = progress or (lambda _m: None)
    province_code = data["office"]["code"]
    office = OrgUnit.objects.filter(code=office_code(province_code)).first()
    if office is None:
        raise ImportFailed(f"ไม่พบสำนักงานศึกษาธิการจังหวัดรหัส {province_code}: ให้รัน tidtam load_orgs ก่อน")
    fy, number = int(data["fiscal_year_be"]), int(data["round"])
    replaced = False
    existing = Round.objects.filter(office=office, fiscal_year_be=fy, number=number).first()
    if existing:
        if existing.origin != Round.Origin.LEGACY:
            raise ImportFailed(f"รอบ {existing.key} มีข้อมูลที่กรอกในระบบแล้ว จึงไม่นำเข้าทับ")
        replaced = True
        existing.delete()
        anomalies = [
            Anomaly(
                None,
                "warning",
                "replaced_round",
                f"รอบ {existing.key} เคยนำเข้าแล้ว ข้อมูลเดิมถูกแทนที่ด้วยการนำเข้าครั้งนี้",
            ),
            *anomalies,
        ]
    as_of = data.get("data_as_of")
    round_ = round_create(
        office=office,
        fiscal_year_be=fy,
        number=number,
        template=template,
        actor=actor,
        source=AuditEvent.Source.IMPORT,
        data_as_of=as_of or None,
        status=Round.Status.CLOSED,
        origin=Round.Origin.LEGACY,
    )
    say("บันทึกหน่วยงาน")
    agencies: dict[str, OrgUnit] = {}
    for i, entry in enumerate(data.get("agencies") or []):
        agency = _resolve_agency(entry, office, i)
        agencies[entry["abbreviation"]] = agency
        RoundParticipant.objects.create(round=round_, agency=agency, label=entry["abbreviation"], order=i)

    items = {it.number: it for it in template.items.prefetch_related("columns", "subtopics")}
    say("บันทึกข้อมูลรายข้อ")
    for entry in data.get("items") or []:
        item = items.get(int(entry["number"]))
        if item is None:
            anomalies.append(
                Anomaly(
                    None,
                    "error",
                    "item_not_in_template",
                    f"ข้อ {entry['number']} ไม่มีในแบบฟอร์มรุ่น {template.version} จึงนำเข้าไม่ได้",
                    item=int(entry["number"]),
                )
            )
            continue
        _build_item(round_, item, entry, agencies, anomalies)

    run = ImportRun.objects.create(
        round=round_,
        source_name=source_name,
        source_sha256=sha,
        source_format=fmt,
        imported_by=actor if getattr(actor, "is_authenticated", False) else None,
        template_version=template.version,
        content_lines=len(content),
        placed_lines=len(placed & content),
        replaced_previous=replaced,
    )
    ImportAnomaly.objects.bulk_create(
        ImportAnomaly(
            run=run,
            line_no=a.line,
            severity=a.severity,
            kind=a.kind,
            message=a.message,
            excerpt=a.excerpt,
            item_number=a.item,
        )
        for a in anomalies
    )
    audit_record(
        actor=actor,
        obj=round_,
        action="import",
        source=AuditEvent.Source.IMPORT,
        changes={"source": [None, source_name], "sha256": [None, sha], "replaced": [None, replaced]},
    )
    return ImportOutcome(round=round_, run=run, anomalies=anomalies, replaced=replaced)


def _build_item(
    round_: Round, item: Any, entry: dict[str, Any], agencies: dict[str, OrgUnit], anomalies: list[Anomaly]
) -> None:
    subs: dict[str, Submission] = {}

    def sub(label: str) -> Submission:
        if label not in subs:
            subs[label] = Submission.objects.create(
                round=round_, item=item, agency=agencies[label], status=Submission.Status.LOCKED
            )
        return subs[label]

    table = entry.get("results_table") or None
    columns = {c.key: c for c in item.columns.all()}
    if table:
        for row in table.get("rows") or []:
            s = sub(row["agency"])
            TableValue.objects.bulk_create(
                TableValue(submission=s, column=columns[k], value=_number(v))
                for k, v in (row.get("values") or {}).items()
                if k in columns
            )
            if row.get("notes"):
                s.table_note = row["notes"]
    RoundItem.objects.create(
        round=round_,
        item=item,
        footnotes=entry.get("footnotes") or "",
        printed_totals=(table or {}).get("printed_total") or {},
        printed_totals_label=(table or {}).get("total_label") or "",
    )
    for e in entry.get("narratives") or []:
        NarrativeEntry.objects.create(submission=sub(e["agency"]), subtopic=None, text=e["text"])
    subtopics = {s.number: s for s in item.subtopics.all()}
    for st in entry.get("subtopics") or []:
        subtopic = subtopics.get(int(st["number"]))
        for e in st.get("entries") or []:
            if subtopic is None:
                anomalies.append(
                    Anomaly(
                        None,
                        "warning",
                        "subtopic_not_in_template",
                        f"ประเด็นย่อย {st['number']}) ไม่มีในแบบฟอร์ม จึงเก็บเป็นผลการดำเนินงานทั่วไป",
                        item=item.number,
                    )
                )
            NarrativeEntry.objects.update_or_create(
                submission=sub(e["agency"]),
                subtopic=subtopic,
                defaults={"text": e["text"] if subtopic else f"{st.get('title', '')}\n{e['text']}".strip()},
            )
    order: dict[str, int] = {}
    for p in entry.get("problems") or []:
        s = sub(p["agency"])
        order[p["agency"]] = order.get(p["agency"], 0) + 1
        ProblemRow.objects.create(
            submission=s,
            order=order[p["agency"]],
            problem=p.get("problem", ""),
            solution=p.get("solution", ""),
            expected_result=p.get("expected_result", ""),
        )
    for field in ("success_factors", "recommendations", "best_practices"):
        for e in entry.get(field) or []:
            s = sub(e["agency"])
            current = getattr(s, field)
            setattr(s, field, f"{current}\n{e['text']}" if current else e["text"])
    for s in subs.values():
        s.save()


_KEY = re.compile(r"^(TH-\d{2})/(\d{4})/(\d{1,2})$")


def parse_round_key(value: str) -> tuple[str, int, int] | None:
    m = _KEY.match(value.strip())
    return (m.group(1), int(m.group(2)), int(m.group(3))) if m else None
