"""Thai names of rule ids, the one place the pages read them from.

A rule id (``outcomes_le_submitted``, ``outlier_vs_previous``) is a code: a person reads its Thai name,
the code may stay in a tooltip. Built-in checks are named here; a template rule is named by its own
``message`` in the form template (data, not code), so next year's rules need no change here.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .engine.fidelity import FIDELITY_RULE_LABELS
from .engine.findings import (
    RULE_COUNT_NOT_INTEGER,
    RULE_MEAN_COLUMN_SUMMED,
    RULE_OUTLIER,
    RULE_PERCENT_OUT_OF_RANGE,
    RULE_PRINTED_TOTAL_MISMATCH,
    RULE_REQUIRED_PREFIX,
    RULE_TOTAL_SUMS_MEAN,
    RULE_VALUE_NEGATIVE,
)

BUILT_IN_RULE_LABELS = {
    RULE_COUNT_NOT_INTEGER: gettext_lazy("จำนวนนับต้องเป็นจำนวนเต็ม"),
    RULE_VALUE_NEGATIVE: gettext_lazy("ค่าต้องไม่ติดลบ"),
    RULE_PERCENT_OUT_OF_RANGE: gettext_lazy("ร้อยละต้องอยู่ระหว่าง 0 ถึง 100"),
    RULE_OUTLIER: gettext_lazy("เปลี่ยนจากรอบก่อนมากผิดปกติ"),
    RULE_PRINTED_TOTAL_MISMATCH: gettext_lazy("ยอดรวมที่พิมพ์ไม่ตรงกับที่คำนวณ"),
    RULE_TOTAL_SUMS_MEAN: gettext_lazy("แถวรวมนำค่าเฉลี่ยมาบวกกัน"),
    RULE_MEAN_COLUMN_SUMMED: gettext_lazy("ร้อยละถูกกำหนดให้รวมแบบผลบวก"),
    RULE_REQUIRED_PREFIX + "table": gettext_lazy("ยังไม่ได้กรอกตารางผลการดำเนินงาน"),
    RULE_REQUIRED_PREFIX + "narrative": gettext_lazy("ยังไม่ได้เขียนผลการดำเนินงาน"),
    RULE_REQUIRED_PREFIX + "problems": gettext_lazy("ยังไม่ได้กรอกปัญหาอุปสรรค"),
    RULE_REQUIRED_PREFIX + "success_factors": gettext_lazy("ยังไม่ได้กรอกปัจจัยแห่งความสำเร็จ"),
    RULE_REQUIRED_PREFIX + "recommendations": gettext_lazy("ยังไม่ได้กรอกข้อเสนอแนะ"),
    RULE_REQUIRED_PREFIX + "best_practices": gettext_lazy("ยังไม่ได้กรอกแนวปฏิบัติที่เป็นแบบอย่างที่ดี"),
    **FIDELITY_RULE_LABELS,
}
UNKNOWN_RULE = gettext_lazy("เงื่อนไขของแบบฟอร์ม")


def template_rule_labels(items: Iterable[Any]) -> dict[str, str]:
    """rule id → its message, over the items of a form (the template's own words)."""
    labels: dict[str, str] = {}
    for item in items:
        for rule in getattr(item, "rules", None) or []:
            if isinstance(rule, Mapping) and rule.get("id") and rule.get("message"):
                labels.setdefault(str(rule["id"]), str(rule["message"]))
    return labels


def rule_label(rule: str, template_labels: Mapping[str, str] | None = None) -> str:
    """The Thai name of a rule id; ``outlier_vs_previous:dpa_failed`` (a justification key: rule and
    column) is named by its rule. Never the bare code."""
    rule_id = rule.split(":", 1)[0]
    if rule_id in BUILT_IN_RULE_LABELS:
        return str(BUILT_IN_RULE_LABELS[rule_id])
    if template_labels and rule_id in template_labels:
        return template_labels[rule_id]
    return str(UNKNOWN_RULE)


def justification_label(
    key: str, *, template_labels: Mapping[str, str], column_labels: Mapping[str, str]
) -> str:
    """``outlier_vs_previous:dpa_failed`` → "เปลี่ยนจากรอบก่อนมากผิดปกติ «ไม่ผ่านเกณฑ์»"."""
    rule_id, _sep, column = key.partition(":")
    name = rule_label(rule_id, template_labels)
    if column:
        return _("%(rule)s «%(column)s»") % {"rule": name, "column": column_labels.get(column, column)}
    return name
