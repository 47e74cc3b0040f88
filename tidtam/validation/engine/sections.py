"""Required-section checks: what an agency must have filled before it can submit an item."""

from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.utils.translation import gettext as _

from tidtam.common.text import has_text
from tidtam.followups.selectors import unanswered_count
from tidtam.formdefs.models import Column, Item
from tidtam.submissions.models import Submission

from .findings import RULE_REQUIRED_PREFIX, Finding, Severity, json_values
from .templates import REQUIRED_SECTIONS, required_sections
from .values import where


def required_findings(
    *,
    item: Item,
    columns: Sequence[Column],
    submission: Submission,
    values: Mapping[str, Decimal | None],
    agency_label: str | None,
) -> list[Finding]:
    """Errors for the required sections the submission leaves empty. Narratives and problems come from
    the submission (prefetch `narratives` and `problems` when checking many)."""
    findings = []
    for requirement in required_sections(item, has_table=bool(columns)):
        finding = _missing(requirement, item, columns, submission, values, agency_label)
        if finding is not None:
            findings.append(finding)
    return findings


def _missing(
    requirement: str,
    item: Item,
    columns: Sequence[Column],
    submission: Submission,
    values: Mapping[str, Decimal | None],
    agency_label: str | None,
) -> Finding | None:
    context = {"where": where(item.number, agency_label)}
    missing_values: dict[str, Decimal | None] = {}
    column = None
    if requirement == "table":
        empty = [c for c in columns if values.get(c.key) is None]
        if not empty:
            return None
        missing_values = {c.key: None for c in empty}
        column = empty[0].key
        if len(empty) == len(columns):
            message = _("%(where)s: ยังไม่ได้กรอกตารางผลการดำเนินงาน") % context
        else:
            message = _("%(where)s: ตารางผลการดำเนินงานยังกรอกไม่ครบ ขาด %(columns)s") % {
                **context,
                "columns": ", ".join(f"«{c.label}»" for c in empty),
            }
    elif requirement == "narrative":
        if any(has_text(n.text) for n in submission.narratives.all()):
            return None
        message = _("%(where)s: ยังไม่ได้เขียนผลการดำเนินงาน (อย่างน้อยหนึ่งประเด็นย่อย หรือภาพรวม)") % context
    elif requirement == "followups":
        pending = unanswered_count(submission=submission)
        if not pending:
            return None
        message = _("%(where)s: ยังไม่ได้รายงานผลการติดตามจากรอบก่อน %(count)s เรื่อง") % {
            **context,
            "count": pending,
        }
    elif requirement == "problems":
        if any(has_text(p.problem) or has_text(p.solution) for p in submission.problems.all()):
            return None
        message = _("%(where)s: ยังไม่ได้กรอกปัญหาอุปสรรคและแนวทางการแก้ไข") % context
    else:
        if has_text(getattr(submission, requirement, "")):
            return None
        message = {
            "success_factors": _("%(where)s: ยังไม่ได้กรอกปัจจัยแห่งความสำเร็จ"),
            "recommendations": _("%(where)s: ยังไม่ได้กรอกข้อเสนอแนะ"),
            "best_practices": _("%(where)s: ยังไม่ได้กรอกรูปแบบ แนวทาง หรือนวัตกรรมที่เป็นแบบอย่างที่ดี"),
        }[requirement] % context
    return Finding(
        item=item.number,
        agency=agency_label,
        section=REQUIRED_SECTIONS[requirement],
        rule=RULE_REQUIRED_PREFIX + requirement,
        severity=Severity.ERROR,
        message=message,
        values=json_values(missing_values),
        column=column,
    )
