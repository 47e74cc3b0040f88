"""Form versions as data: checking a version's spec, storing it, continuity across versions, publishing.

A spec is the YAML file's shape (see docs/form-versions.md). Every authoring route (a YAML file, an Excel
workbook, the web pages) ends here, so the three give identical versions.

Continuity: every item has a stable `code` (unique within a version) and every column a stable `key`.
An item continues the item of the previous version whose code its `continues_from` names; without
`continues_from`, the item with the same code, if there is one; `continues_from: null` (an empty cell)
starts a fresh series. Columns continue the same way inside the continued item. The series (`lineage`) is
stored, so roll-ups, trends and the previous-round check follow it with plain queries.
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tidtam.common.models import AuditEvent
from tidtam.common.services import audit_record

from .models import Column, FormTemplate, Item, Policy, Subtopic
from .speccheck import default_item_code, spec_problems

MISSING = object()  # `continues_from` absent: continue the same code when the previous version has it


def spec_items(spec: Mapping[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(policy, item) pairs of a spec, in order."""
    return [(p, it) for p in spec.get("policies") or [] for it in (p.get("items") or [])]


def ensure_editable(template: FormTemplate) -> None:
    """Refuse any change to a published version or one a round uses: publish a new version instead."""
    if template.status != FormTemplate.Status.DRAFT or template.rounds.exists():
        raise ValidationError(
            _("แบบฟอร์ม %(code)s รุ่น %(version)s เผยแพร่หรือถูกใช้ในรอบการตรวจแล้ว แก้ไขไม่ได้ กรุณาคัดลอกเป็นรุ่นใหม่")
            % {"code": template.code, "version": template.version}
        )


def ensure_usable_for_rounds(template: FormTemplate) -> None:
    """Rounds are opened only with a published version (a draft may still change)."""
    if template.status != FormTemplate.Status.PUBLISHED:
        raise ValidationError(
            _("แบบฟอร์มรุ่น %(version)s ยังเป็นฉบับร่าง ต้องเผยแพร่ก่อนจึงจะเปิดรอบการตรวจได้")
            % {"version": template.version}
        )


def continuity_problems(spec: Mapping[str, Any]) -> list[tuple[str | None, str | None, str]]:
    """What `continues_from` names that the previous version lacks, before anything is stored.

    Each problem is (item code, column key, Thai message); the item code is None for the previous version
    itself, the column key None for an item. Two items (or two columns of one item) may not continue the same
    one: a series has one member per version. The workbook reader turns these into sheet, row and cell."""
    code = str(spec.get("code") or "")
    previous = None
    if spec.get("previous_version"):
        previous = FormTemplate.objects.filter(code=code, version=str(spec["previous_version"])).first()
        if previous is None:
            return [
                (
                    None,
                    None,
                    _("ไม่พบรุ่นก่อนหน้า %(version)s ของแบบฟอร์ม %(code)s ในระบบ")
                    % {"version": spec["previous_version"], "code": code},
                )
            ]
    predecessors = _predecessor_items(previous)
    problems: list[tuple[str | None, str | None, str]] = []
    taken_items: dict[str, str] = {}
    for p, it in spec_items(spec):
        item_code = str(
            it.get("code") or default_item_code(policy_order=p.get("order"), number=it.get("number"))
        )
        wanted = it.get("continues_from", MISSING)
        source = item_code if wanted is MISSING else str(wanted or "")
        before = _predecessor(predecessors, source)
        if before is None and wanted not in (MISSING, None, ""):
            problems.append((item_code, None, _("ไม่พบข้อรหัส %(code)s ในรุ่นก่อนหน้า") % {"code": wanted}))
        elif before is not None and before.code in taken_items:
            problems.append(
                (
                    item_code,
                    None,
                    _("ข้อ %(other)s สืบต่อจากข้อ %(code)s ของรุ่นก่อนหน้าอยู่แล้ว (หนึ่งข้อสืบต่อได้ข้อเดียว)")
                    % {"other": taken_items[before.code], "code": before.code},
                )
            )
        elif before is not None:
            taken_items[before.code] = item_code
        old = _column_codes(before)
        taken_keys: dict[str, str] = {}
        for c in (it.get("table") or {}).get("columns") or []:
            key = str(c.get("key") or "")
            wanted_key = c.get("continues_from", MISSING)
            source_key = key if wanted_key is MISSING else str(wanted_key or "")
            if source_key not in old:
                if wanted_key not in (MISSING, None, ""):
                    problems.append(
                        (
                            item_code,
                            key,
                            _("ไม่พบคอลัมน์ %(old)s ในข้อที่สืบต่อมา") % {"old": wanted_key},
                        )
                    )
            elif old[source_key].key in taken_keys:
                problems.append(
                    (
                        item_code,
                        key,
                        _("คอลัมน์ %(other)s สืบต่อจากคอลัมน์ %(old)s อยู่แล้ว")
                        % {"other": taken_keys[old[source_key].key], "old": old[source_key].key},
                    )
                )
            else:
                taken_keys[old[source_key].key] = key
    return problems


def continuity_messages(spec: Mapping[str, Any]) -> list[str]:
    out = []
    for item_code, key, message in continuity_problems(spec):
        where = (
            _("ข้อ %(code)s คอลัมน์ %(key)s: ") % {"code": item_code, "key": key}
            if key
            else _("ข้อ %(code)s: ") % {"code": item_code}
            if item_code
            else ""
        )
        out.append(where + message)
    return out


@transaction.atomic
def template_create_from_spec(
    *,
    spec: Mapping[str, Any],
    actor: Any = None,
    status: str | None = None,
    source_file: str = "",
    checksum: str = "",
    source: str = AuditEvent.Source.SYSTEM,
) -> FormTemplate:
    """Store a new version from a spec. Raises ValidationError (Thai) when the spec is invalid, the
    version exists, or the previous version it names is not in the system."""
    problems = spec_problems(spec) or continuity_messages(spec)
    if problems:
        raise ValidationError(problems)
    code, version = str(spec["code"]), str(spec["version"])
    if FormTemplate.objects.filter(code=code, version=version).exists():
        raise ValidationError(
            _("แบบฟอร์ม %(code)s รุ่น %(version)s มีอยู่แล้ว กรุณาตั้งชื่อรุ่นใหม่") % {"code": code, "version": version}
        )
    previous = None
    if spec.get("previous_version"):
        previous = FormTemplate.objects.filter(code=code, version=str(spec["previous_version"])).first()
        if previous is None:
            raise ValidationError(
                _("ไม่พบรุ่นก่อนหน้า %(version)s ของแบบฟอร์ม %(code)s ในระบบ")
                % {"version": spec["previous_version"], "code": code}
            )
    template = FormTemplate.objects.create(
        code=code,
        version=version,
        title=str(spec["title"]),
        fiscal_year_be=int(spec["fiscal_year_be"]),
        round_number=int(spec["round_number"]),
        status=status or spec.get("status") or FormTemplate.Status.PUBLISHED,
        previous=previous,
        notes=str(spec.get("notes") or "").strip(),
        source_file=source_file,
        checksum=checksum,
    )
    _store_contents(template=template, spec=spec)
    audit_record(
        actor=actor,
        obj=template,
        action="create_version",
        changes={"version": [None, version]},
        source=source,
    )
    return template


def _store_contents(*, template: FormTemplate, spec: Mapping[str, Any]) -> None:
    predecessors = _predecessor_items(template.previous)
    taken = set(Item.objects.filter(template__code=template.code).values_list("lineage", flat=True))
    for p in spec["policies"]:
        policy = Policy.objects.create(template=template, order=int(p["order"]), title=str(p["title"]))
        for it in p.get("items") or []:
            code = str(it.get("code") or default_item_code(policy_order=p["order"], number=it["number"]))
            wanted = it.get("continues_from", MISSING)
            source_code = code if wanted is MISSING else (str(wanted) if wanted else "")
            before = _predecessor(predecessors, source_code)
            if before is None and wanted not in (MISSING, None, ""):
                raise ValidationError(
                    _("ข้อ %(item)s: ไม่พบข้อรหัส %(code)s ในรุ่นก่อนหน้า") % {"item": it["number"], "code": wanted}
                )
            lineage = before.lineage if before else f"{template.code}/{code}"
            if before is None and lineage in taken:
                # A fresh item reusing a code an older series holds: keep the series apart.
                lineage = f"{template.code}/{code}@{template.version}"
            item = Item.objects.create(
                template=template,
                policy=policy,
                number=int(it["number"]),
                code=code,
                numbering=str(it.get("numbering") or ""),
                continues_from=before.code if before else "",
                lineage=lineage,
                title=str(it["title"]),
                additional_policy=bool(it.get("additional_policy", False)),
                results_heading=str(it.get("results_heading") or ""),
                rules=list(it.get("rules") or []),
                required=list(it.get("required") or []),
            )
            _store_columns(item=item, spec=it, before=before)
            Subtopic.objects.bulk_create(
                Subtopic(item=item, number=int(s["number"]), title=str(s["title"]))
                for s in it.get("subtopics") or []
            )


def _predecessor(predecessors: dict[str, Item], code: str) -> Item | None:
    """The previous version's item a `continues_from` names: by its code, or by the code it continued from
    in the version before (so a workbook of the previous version, edited into the next, still reads)."""
    if not code:
        return None
    return predecessors.get(code) or next(
        (it for it in predecessors.values() if it.continues_from == code), None
    )


def _column_codes(before: Item | None) -> dict[str, Column]:
    """The continued item's columns by key, and by the key each continued from (the same rule as items)."""
    if before is None:
        return {}
    columns = list(before.columns.all())
    out = {c.continues_from: c for c in columns if c.continues_from}
    out.update({c.key: c for c in columns})
    return out


def _predecessor_items(previous: FormTemplate | None) -> dict[str, Item]:
    if previous is None:
        return {}
    return {it.code: it for it in Item.objects.filter(template=previous).prefetch_related("columns")}


def _store_columns(*, item: Item, spec: Mapping[str, Any], before: Item | None) -> None:
    old = _column_codes(before)
    rows = []
    for i, c in enumerate((spec.get("table") or {}).get("columns") or []):
        key = str(c["key"])
        wanted = c.get("continues_from", MISSING)
        source_key = key if wanted is MISSING else (str(wanted) if wanted else "")
        previous = old.get(source_key)
        if previous is None and wanted not in (MISSING, None, ""):
            raise ValidationError(
                _("ข้อ %(item)s คอลัมน์ %(key)s: ไม่พบคอลัมน์ %(old)s ในข้อที่สืบต่อมา")
                % {"item": item.number, "key": key, "old": wanted}
            )
        rows.append(
            Column(
                item=item,
                order=i,
                key=key,
                label=str(c["label"]),
                unit=str(c.get("unit") or ""),
                value_type=c.get("value_type") or Column.ValueType.COUNT,
                aggregation=c.get("aggregation") or Column.Aggregation.SUM,
                weight_key=str(c.get("weight") or ""),
                continues_from=previous.key if previous else "",
                lineage=previous.lineage if previous else key,
            )
        )
    Column.objects.bulk_create(rows)


@transaction.atomic
def template_replace_contents(
    *, template: FormTemplate, spec: Mapping[str, Any], actor: Any = None
) -> FormTemplate:
    """Replace a draft's settings and contents by a spec (the authoring pages save through here)."""
    template = FormTemplate.objects.select_for_update().get(pk=template.pk)
    ensure_editable(template)
    spec = {**spec, "code": template.code, "version": template.version}
    spec["previous_version"] = template.previous.version if template.previous else None
    problems = spec_problems(spec) or continuity_messages(spec)
    if problems:
        raise ValidationError(problems)
    template.title = str(spec["title"])
    template.fiscal_year_be = int(spec["fiscal_year_be"])
    template.round_number = int(spec["round_number"])
    template.notes = str(spec.get("notes") or "").strip()
    template.save(update_fields=["title", "fiscal_year_be", "round_number", "notes"])
    template.policies.all().delete()
    _store_contents(template=template, spec=spec)
    audit_record(actor=actor, obj=template, action="edit_version", changes={}, source=AuditEvent.Source.WEB)
    return template


@transaction.atomic
def template_copy(
    *, template: FormTemplate, version: str, actor: Any = None, **settings: Any
) -> FormTemplate:
    """A new draft version copied from `template`, continuing every item and column of it."""
    from .spec import template_spec

    spec: dict[str, Any] = template_spec(template)
    spec.update(settings)
    spec.update(
        {"version": version, "previous_version": template.version, "status": FormTemplate.Status.DRAFT}
    )
    for _policy, it in spec_items(spec):
        it["continues_from"] = it["code"]
        for c in (it.get("table") or {}).get("columns") or []:
            c["continues_from"] = c["key"]
    return template_create_from_spec(
        spec=spec, actor=actor, status=FormTemplate.Status.DRAFT, source=AuditEvent.Source.WEB
    )


@transaction.atomic
def template_publish(*, template: FormTemplate, actor: Any = None) -> FormTemplate:
    """Publish a draft: from now on it is frozen and rounds may be opened with it."""
    template = FormTemplate.objects.select_for_update().get(pk=template.pk)
    ensure_editable(template)
    template.status = FormTemplate.Status.PUBLISHED
    template.save(update_fields=["status"])
    audit_record(
        actor=actor,
        obj=template,
        action="publish_version",
        changes={
            "status": [FormTemplate.Status.DRAFT, FormTemplate.Status.PUBLISHED],
            "at": [None, str(timezone.now())],
        },
        source=AuditEvent.Source.WEB,
    )
    return template
