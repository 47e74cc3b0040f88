"""Writes for form templates and rounds. A template is data: a versioned YAML file, never code."""

import hashlib
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tidtam.common.models import AuditEvent
from tidtam.common.services import audit_record
from tidtam.validation.engine import rules_check

from .models import Column, FormTemplate, Item, Policy, Round, Subtopic

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


def template_files() -> list[Path]:
    return sorted(TEMPLATES_DIR.glob("*.yaml"))


@transaction.atomic
def template_load(*, path: Path, actor: Any = None) -> tuple[FormTemplate, bool]:
    """Load a template file. Returns (template, changed). Loading the same file twice changes nothing;
    a changed file for a version already used by a round is refused (publish a new version instead)."""
    raw = path.read_bytes()
    checksum = hashlib.sha256(raw).hexdigest()
    data = yaml.safe_load(raw.decode("utf-8"))
    for field in ("code", "version", "title", "fiscal_year_be", "round_number", "policies"):
        if field not in data:
            raise ValidationError(
                _("ไฟล์แบบฟอร์ม %(file)s ขาดข้อมูล %(field)s") % {"file": path.name, "field": field}
            )
    # Validation rules are data typed by people: check them before anything is stored.
    rule_problems = [p for pol in data["policies"] for it in pol.get("items", []) for p in rules_check(it)]
    if rule_problems:
        raise ValidationError(
            [_("ไฟล์แบบฟอร์ม %(file)s: %(problem)s") % {"file": path.name, "problem": p} for p in rule_problems]
        )
    existing = FormTemplate.objects.filter(code=data["code"], version=str(data["version"])).first()
    if existing and existing.checksum == checksum:
        return existing, False
    if existing:
        if existing.rounds.exists():
            raise ValidationError(
                _("แบบฟอร์ม %(code)s รุ่น %(version)s ถูกใช้ในรอบการตรวจแล้ว กรุณาออกรุ่นใหม่แทนการแก้ไข")
                % {"code": existing.code, "version": existing.version}
            )
        existing.delete()
    template = FormTemplate.objects.create(
        code=data["code"],
        version=str(data["version"]),
        title=data["title"],
        fiscal_year_be=int(data["fiscal_year_be"]),
        round_number=int(data["round_number"]),
        source_file=path.name,
        checksum=checksum,
    )
    for p in data["policies"]:
        policy = Policy.objects.create(template=template, order=int(p["order"]), title=p["title"])
        for it in p.get("items", []):
            item = Item.objects.create(
                template=template,
                policy=policy,
                number=int(it["number"]),
                title=it["title"],
                additional_policy=bool(it.get("additional_policy", False)),
                results_heading=it.get("results_heading", "") or "",
                rules=it.get("rules") or [],
                required=it.get("required") or [],
            )
            table = it.get("table") or {}
            Column.objects.bulk_create(
                Column(
                    item=item,
                    order=i,
                    key=c["key"],
                    label=c["label"],
                    unit=c.get("unit", "") or "",
                    value_type=c.get("value_type", Column.ValueType.COUNT),
                    aggregation=c.get("aggregation", Column.Aggregation.SUM),
                    weight_key=c.get("weight", "") or "",
                )
                for i, c in enumerate(table.get("columns") or [])
            )
            Subtopic.objects.bulk_create(
                Subtopic(item=item, number=int(s["number"]), title=s["title"])
                for s in it.get("subtopics") or []
            )
    audit_record(
        actor=actor,
        obj=template,
        action="load_template",
        changes={"checksum": [None, checksum]},
        source=AuditEvent.Source.SYSTEM,
    )
    return template, True


def template_nearest(*, code: str | None, fiscal_year_be: int, round_number: int) -> FormTemplate | None:
    """The template version closest to a round: the same round if loaded, else the latest earlier one,
    else the earliest later one."""
    qs = FormTemplate.objects.all() if code is None else FormTemplate.objects.filter(code=code)
    templates = list(qs)
    if not templates:
        return None
    target = fiscal_year_be * 100 + round_number

    def distance(t: FormTemplate) -> tuple[int, int]:
        pos = t.fiscal_year_be * 100 + t.round_number
        return (0 if pos <= target else 1, abs(target - pos))

    return min(templates, key=distance)


def round_key(*, province_code: str, fiscal_year_be: int, number: int) -> str:
    return f"{province_code}/{fiscal_year_be}/{number}"


@transaction.atomic
def round_create(
    *,
    office: Any,
    fiscal_year_be: int,
    number: int,
    template: FormTemplate,
    actor: Any = None,
    source: str = AuditEvent.Source.WEB,
    **fields: Any,
) -> Round:
    province = office.parent
    round_ = Round(
        key=round_key(province_code=province.code, fiscal_year_be=fiscal_year_be, number=number),
        office=office,
        fiscal_year_be=fiscal_year_be,
        number=number,
        template=template,
        **fields,
    )
    round_.full_clean()
    round_.save()
    audit_record(actor=actor, obj=round_, action="create", changes={"key": [None, round_.key]}, source=source)
    return round_
