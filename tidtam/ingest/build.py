"""Writing an imported round: one builder (`round_build`) for every kind of import, inside one
transaction, so that a failure leaves no partial round. Importing over an existing round keeps the old
one as an archived version first (see archives.py), lets the apps that hang data on the old round carry
it over (the `round_replacing` signal), and is refused when the new file would drop most of its content
unless forced."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from tidtam.common.models import AuditEvent
from tidtam.common.services import audit_record
from tidtam.formdefs.models import FormTemplate, Round, RoundParticipant
from tidtam.formdefs.services import round_create
from tidtam.orgs.models import AgencyService, OrgUnit
from tidtam.orgs.services import office_code
from tidtam.submissions.models import NarrativeEntry, ProblemRow, RoundItem, Submission, TableValue
from tidtam.submissions.signals import round_published, round_replacing

from .archives import ContentDropped, round_archive_create, round_content
from .errors import ImportFailed, RoundExists
from .legacy.agencies import OFFICE_KIND
from .legacy.document import Anomaly, load_provinces
from .legacy.textutil import key
from .models import ImportAnomaly, ImportRun, RoundArchive

Progress = Callable[[str], None]


@dataclass
class ImportOutcome:
    round: Round
    run: ImportRun
    anomalies: list[Anomaly]
    replaced: bool

    @property
    def coverage(self) -> float:
        return self.run.coverage


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
    replace: bool = True,
    force: bool = False,
    archive_reason: str = RoundArchive.Reason.REPLACED,
) -> ImportOutcome:
    say = progress or (lambda _m: None)
    province_code = data["office"]["code"]
    office = OrgUnit.objects.filter(code=office_code(province_code)).first()
    if office is None:
        raise ImportFailed(f"ไม่พบสำนักงานศึกษาธิการจังหวัดรหัส {province_code}: ให้รัน tidtam load_orgs ก่อน")
    fy, number = int(data["fiscal_year_be"]), int(data["round"])
    replaced = False
    before = None
    carried: list[Any] = []
    existing = Round.objects.filter(office=office, fiscal_year_be=fy, number=number).first()
    if existing:
        if existing.origin != Round.Origin.LEGACY:
            raise ImportFailed(f"รอบ {existing.key} มีข้อมูลที่กรอกในระบบแล้ว จึงไม่นำเข้าทับ")
        if not replace:
            raise RoundExists(existing.key)
        replaced = True
        before = round_content(round_=existing)
        archive = round_archive_create(
            round_=existing,
            actor=actor,
            reason=archive_reason,
            replaced_by_source=source_name,
            replaced_by_sha256=sha,
        )
        # Apps that hang data on the round (follow-ups answered in later rounds) take it out first.
        carried = [
            restore for _receiver, restore in round_replacing.send(sender=Round, round_=existing) if restore
        ]
        existing.delete()
        anomalies = [
            Anomaly(
                None,
                "warning",
                "replaced_round",
                f"รอบ {existing.key} เคยนำเข้าแล้ว ข้อมูลเดิมถูกแทนที่ด้วยการนำเข้าครั้งนี้ "
                f"และเก็บไว้เป็นฉบับเก่า #{archive.pk} ซึ่งกู้คืนได้",
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

    template_items = list(template.items.prefetch_related("columns", "subtopics"))
    items = {it.number: it for it in template_items}
    by_code = {it.code: it for it in template_items}
    # An export of another version names its items' codes: the template's item with that code, or the
    # one that continues it, is the same item even when it was renumbered or moved.
    by_code |= {
        it.continues_from: it
        for it in template_items
        if it.continues_from and it.continues_from not in by_code
    }
    say("บันทึกข้อมูลรายข้อ")
    for entry in data.get("items") or []:
        item = by_code.get(str(entry.get("code") or "")) or items.get(int(entry["number"]))
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
    if before is not None and not force:
        after = round_content(round_=round_)
        if after.dropped_against(before):
            raise ContentDropped(round_.key, before, after)  # rolls the whole import back

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
    # A legacy round arrives locked: its problems and recommendations become follow-ups now.
    round_published.send(
        sender=Round, round_=round_, by=actor, source=AuditEvent.Source.IMPORT, replaced=replaced
    )
    for restore in carried:
        restore(round_=round_, actor=actor)
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
    # Values keyed by the key a column had in the version it continues (a renamed column) still land.
    columns |= {
        c.continues_from: c
        for c in item.columns.all()
        if c.continues_from and c.continues_from not in columns
    }
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
