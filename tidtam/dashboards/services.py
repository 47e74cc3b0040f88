"""Writes of the dashboards app: the synthetic national dataset used to try the roll-up at scale.

`national_dataset_generate` creates, for every province chosen: six agencies (one per kind; the
secondary-education office of Samut Sakhon also serves Samut Songkhram, as สพม.สค. สส. does), and for
every round slot a closed round with its participants and one accepted/locked submission per agency and
item, carrying table values, narratives, X.2 rows and X.3–X.5 texts. Rounds that already exist (an
imported seed, an earlier run) are left untouched, so running it again fills only what is missing.

It writes with bulk_create in batches, a chunk of provinces per transaction: an interrupted run leaves
whole rounds or none.
"""

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tidtam.common.models import AuditEvent
from tidtam.common.services import audit_record
from tidtam.formdefs.models import FormTemplate, Item, Round, RoundParticipant
from tidtam.formdefs.services import round_key, template_nearest
from tidtam.orgs.models import AgencyService, OrgUnit
from tidtam.orgs.services import agency_kinds, office_code
from tidtam.submissions.models import NarrativeEntry, ProblemRow, Submission, TableValue

from . import synthetic
from .rollup import reference_items, reference_template

BATCH = 2000
PROVINCES_PER_CHUNK = 8
# The neighbouring pair whose secondary-education office is shared (สพม.สค. สส. in the seed).
SHARED_SPM = ("TH-74", "TH-75")
# Bangkok and the big provinces have many more schools than the average.
PROVINCE_SCALE = {"TH-10": 3.0, "TH-30": 2.2, "TH-50": 1.8, "TH-40": 1.8, "TH-90": 1.6, "TH-20": 1.5}

Progress = Callable[[int, int, str], None]


@dataclass
class GenerationResult:
    provinces: int = 0
    slots: list[tuple[int, int]] = field(default_factory=list)
    agencies_created: int = 0
    rounds_created: int = 0
    rounds_skipped: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, n: int) -> None:
        self.counts[name] = self.counts.get(name, 0) + n


def round_slots(*, rounds: int, last_fiscal_year_be: int, per_year: int = 2) -> list[tuple[int, int]]:
    """The `rounds` most recent (fiscal year, round) pairs ending with the last round of the last year."""
    slots: list[tuple[int, int]] = []
    fy = last_fiscal_year_be
    while len(slots) < rounds:
        slots[:0] = [(fy, n) for n in range(1, per_year + 1)]
        fy -= 1
    return slots[-rounds:]


def provinces_for_generation(*, limit: int | None) -> list[OrgUnit]:
    """All provinces, the shared-agency pair first (so that a small run still has a two-province agency)."""
    provinces = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.PROVINCE).order_by("code"))
    provinces.sort(key=lambda p: (p.code not in SHARED_SPM, p.code))
    return provinces if limit is None else provinces[:limit]


def _agencies(provinces: list[OrgUnit], offices: dict[int | None, OrgUnit], result: GenerationResult) -> dict:
    """{(province id, kind): (agency, label)}: existing agencies are reused by code, missing ones created."""
    kinds = {k["code"]: k for k in agency_kinds()}
    codes = {p.pk: p.code for p in provinces}
    shared = all(code in codes.values() for code in SHARED_SPM)
    by_code = {p.code: p for p in provinces}
    wanted: dict[str, OrgUnit] = {}
    plan: dict[tuple[int, str], tuple[str, str]] = {}

    def abbr(p: OrgUnit) -> str:
        return (p.short_name or p.code).rstrip(".") + "."

    for p in provinces:
        for kind in synthetic.KINDS:
            owner, label = p, f"{kinds[kind]['abbreviation']}{abbr(p)}"
            name = f"{kinds[kind]['name']}{p.name}"
            if kind == "spm" and shared and p.code in SHARED_SPM:
                first, second = (by_code[c] for c in SHARED_SPM)
                owner = first
                label = f"{kinds[kind]['abbreviation']}{abbr(first)} {abbr(second)}"
                name = f"{kinds[kind]['name']}{first.name} {second.name}"
            code = f"{owner.code}-{kind}"
            plan[(p.pk, kind)] = (code, label)
            wanted.setdefault(
                code,
                OrgUnit(
                    kind=OrgUnit.Kind.AGENCY,
                    code=code,
                    name=name,
                    short_name=label,
                    agency_kind=kind,
                    parent=offices[owner.pk],
                ),
            )
    existing = OrgUnit.objects.in_bulk([c for c in wanted], field_name="code")
    missing = [unit for code, unit in wanted.items() if code not in existing]
    OrgUnit.objects.bulk_create(missing, batch_size=BATCH)
    result.agencies_created = len(missing)
    units = {**existing, **{u.code: u for u in missing}}
    have = set(
        AgencyService.objects.filter(office__in=offices.values()).values_list("agency_id", "office_id")
    )
    taken = set(AgencyService.objects.filter(office__in=offices.values()).values_list("office_id", "label"))
    links = []
    agencies = {}
    for (province_id, kind), (code, label) in plan.items():
        agency, office = units[code], offices[province_id]
        agencies[(province_id, kind)] = (agency, label)
        if (agency.pk, office.pk) not in have and (office.pk, label) not in taken:
            links.append(
                AgencyService(
                    agency=agency, office=office, label=label, order=synthetic.KINDS.index(kind) + 1
                )
            )
            taken.add((office.pk, label))
    AgencyService.objects.bulk_create(links, batch_size=BATCH)
    return agencies


def national_dataset_generate(
    *,
    rounds: int = 10,
    seed: int = 1,
    provinces: int | None = None,
    last_fiscal_year_be: int = 2568,
    actor: Any = None,
    progress: Progress | None = None,
) -> GenerationResult:
    """Generate the synthetic dataset (see the module docstring). Deterministic for a given seed on an
    empty database. Raises ValidationError (Thai) when the hierarchy or the template is missing."""
    template = reference_template()
    if template is None:
        raise ValidationError(_("ยังไม่มีแบบฟอร์มในระบบ: ให้รัน tidtam load_template ก่อน"))
    chosen = provinces_for_generation(limit=provinces)
    if not chosen:
        raise ValidationError(_("ยังไม่มีโครงสร้างหน่วยงาน: ให้รัน tidtam load_orgs ก่อน"))
    if rounds < 1:
        raise ValidationError(_("จำนวนรอบต้องมากกว่า 0"))
    rng = random.Random(seed)
    # Each slot uses the form version of its own year (the nearest published one), so that a dataset
    # reaching FY 2568 changes form between years and every series must follow codes across versions.
    versions: dict[tuple[int, int], tuple[FormTemplate, list[Item]]] = {}
    for fy, number in round_slots(rounds=rounds, last_fiscal_year_be=last_fiscal_year_be):
        version = template_nearest(code=template.code, fiscal_year_be=fy, round_number=number) or template
        same = next((v for v in versions.values() if v[0].pk == version.pk), None)
        versions[(fy, number)] = same or (version, reference_items(template=version))
    offices = {o.parent_id: o for o in OrgUnit.objects.filter(code__in=[office_code(p.code) for p in chosen])}
    result = GenerationResult(
        provinces=len(chosen), slots=round_slots(rounds=rounds, last_fiscal_year_be=last_fiscal_year_be)
    )
    with transaction.atomic():
        agencies = _agencies(chosen, offices, result)
    scale = {p.pk: PROVINCE_SCALE.get(p.code, rng.uniform(0.4, 1.4)) for p in chosen}
    profiles = {
        key: synthetic.agency_profile(rng, kind, scale[key[0]]) for key in agencies for kind in [key[1]]
    }
    existing = set(
        Round.objects.filter(office__in=offices.values()).values_list("office_id", "fiscal_year_be", "number")
    )
    chunks = [chosen[i : i + PROVINCES_PER_CHUNK] for i in range(0, len(chosen), PROVINCES_PER_CHUNK)]
    total, done = len(result.slots) * len(chunks), 0
    for fy, number in result.slots:
        latest = (fy, number) == result.slots[-1]
        for chunk in chunks:
            todo = [p for p in chunk if (offices[p.pk].pk, fy, number) not in existing]
            result.rounds_skipped += len(chunk) - len(todo)
            if todo:
                with transaction.atomic():
                    _generate_rounds(
                        rng,
                        *versions[(fy, number)],
                        todo,
                        offices,
                        agencies,
                        profiles,
                        fy,
                        number,
                        latest,
                        result,
                    )
            done += 1
            if progress:
                progress(done, total, _("รอบที่ %(n)s/%(fy)s") % {"n": number, "fy": fy})
    with transaction.atomic():
        ministry = OrgUnit.objects.filter(kind=OrgUnit.Kind.MINISTRY).first() or chosen[0]
        audit_record(
            actor=actor,
            obj=ministry,
            action="generate_synthetic",
            source=AuditEvent.Source.SYSTEM,
            changes={
                "rounds": [None, result.rounds_created],
                "seed": [None, seed],
                "provinces": [None, len(chosen)],
            },
        )
    return result


def _as_of(fy: int, number: int) -> dt.date:
    year_ce = fy - 543
    return dt.date(year_ce, 3, 15) if number == 1 else dt.date(year_ce, 7, 15)


def _generate_rounds(
    rng: random.Random,
    template: FormTemplate,
    items: list[Item],
    provinces: list[OrgUnit],
    offices: dict[int | None, OrgUnit],
    agencies: dict,
    profiles: dict,
    fy: int,
    number: int,
    latest: bool,
    result: GenerationResult,
) -> None:
    as_of = _as_of(fy, number)
    new_rounds = [
        Round(
            key=round_key(province_code=p.code, fiscal_year_be=fy, number=number),
            office=offices[p.pk],
            fiscal_year_be=fy,
            number=number,
            template=template,
            data_as_of=as_of,
            due_date=as_of + dt.timedelta(days=30),
            status=Round.Status.CLOSED,
            origin=Round.Origin.ENTRY,
        )
        for p in provinces
    ]
    Round.objects.bulk_create(new_rounds, batch_size=BATCH)
    result.rounds_created += len(new_rounds)
    status = Submission.Status.ACCEPTED if latest else Submission.Status.LOCKED
    participants, subs, meta = [], [], []
    for p, round_ in zip(provinces, new_rounds, strict=True):
        for order, kind in enumerate(synthetic.KINDS, start=1):
            agency, label = agencies[(p.pk, kind)]
            participants.append(RoundParticipant(round=round_, agency=agency, label=label, order=order))
            for item in items:
                subs.append(
                    Submission(
                        round=round_,
                        item=item,
                        agency=agency,
                        status=status,
                        success_factors=synthetic.success_factors(rng),
                        recommendations=synthetic.recommendations(rng),
                        best_practices=synthetic.best_practices(rng),
                    )
                )
                meta.append((profiles[(p.pk, kind)], agency, item))
    RoundParticipant.objects.bulk_create(participants, batch_size=BATCH)
    Submission.objects.bulk_create(subs, batch_size=BATCH)
    values: list[TableValue] = []
    narratives: list[NarrativeEntry] = []
    problem_rows: list[ProblemRow] = []
    for sub, (profile, agency, item) in zip(subs, meta, strict=True):
        columns = list(item.columns.all())
        series = synthetic.series_number(item.lineage) or item.number
        row = synthetic.table_values(rng, series, profile, fy, number) if columns else None
        if row:
            # Rows are generated under the FY 2567 keys; a later version's column takes its series' value.
            values.extend(TableValue(submission=sub, column=c, value=row.get(c.lineage)) for c in columns)
        subtopics = list(item.subtopics.all())
        if subtopics:
            narratives.extend(
                NarrativeEntry(
                    submission=sub,
                    subtopic=st,
                    text=synthetic.narrative(rng, agency.name, synthetic.topic_of(st.title)),
                )
                for st in subtopics
            )
        else:
            narratives.append(
                NarrativeEntry(
                    submission=sub,
                    subtopic=None,
                    text=synthetic.narrative(rng, agency.name, synthetic.topic_of(item.title)),
                )
            )
        problem_rows.extend(
            ProblemRow(submission=sub, order=i, problem=a, solution=b, expected_result=c)
            for i, (a, b, c) in enumerate(synthetic.problems(rng), start=1)
        )
    TableValue.objects.bulk_create(values, batch_size=BATCH)
    NarrativeEntry.objects.bulk_create(narratives, batch_size=BATCH)
    ProblemRow.objects.bulk_create(problem_rows, batch_size=BATCH)
    for name, objs in (
        ("participants", participants),
        ("submissions", subs),
        ("table_values", values),
        ("narratives", narratives),
        ("problem_rows", problem_rows),
    ):
        result.add(name, len(objs))
