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

from .models import FormTemplate, Round
from .speccheck import spec_problems
from .versions import ensure_usable_for_rounds, template_create_from_spec

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


def template_files() -> list[Path]:
    return sorted(TEMPLATES_DIR.glob("*.yaml"))


@transaction.atomic
def template_load(*, path: Path, actor: Any = None) -> tuple[FormTemplate, bool]:
    """Load a template file. Returns (template, changed). Loading the same file twice changes nothing;
    a changed file for a version already used by a round is refused (publish a new version instead)."""
    raw = path.read_bytes()
    checksum = hashlib.sha256(raw).hexdigest()
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ValidationError(
            _("ไฟล์แบบฟอร์ม %(file)s อ่านไม่ได้: %(reason)s")
            % {"file": path.name, "reason": exc.__class__.__name__}
        ) from exc
    problems = spec_problems(data)
    if problems:
        raise ValidationError(
            [_("ไฟล์แบบฟอร์ม %(file)s: %(problem)s") % {"file": path.name, "problem": p} for p in problems]
        )
    existing = FormTemplate.objects.filter(code=data["code"], version=str(data["version"])).first()
    if existing and existing.checksum == checksum:
        return existing, False
    if existing:
        if existing.rounds.exists() or existing.successors.exists():
            raise ValidationError(
                _("แบบฟอร์ม %(code)s รุ่น %(version)s ถูกใช้ในรอบการตรวจแล้ว กรุณาออกรุ่นใหม่แทนการแก้ไข")
                % {"code": existing.code, "version": existing.version}
            )
        existing.delete()
    template = template_create_from_spec(spec=data, actor=actor, source_file=path.name, checksum=checksum)
    return template, True


def template_nearest(*, code: str | None, fiscal_year_be: int, round_number: int) -> FormTemplate | None:
    """The published template version closest to a round: the same round if loaded, else the latest
    earlier one, else the earliest later one. Drafts are never chosen. Of two versions made for the same
    round (a corrected copy published later), the later one."""
    qs = FormTemplate.objects.filter(status=FormTemplate.Status.PUBLISHED)
    if code is not None:
        qs = qs.filter(code=code)
    templates = list(qs)
    if not templates:
        return None
    target = fiscal_year_be * 100 + round_number

    def distance(t: FormTemplate) -> tuple[int, int, int]:
        pos = t.fiscal_year_be * 100 + t.round_number
        return (0 if pos <= target else 1, abs(target - pos), -t.pk)

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
    ensure_usable_for_rounds(template)
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
