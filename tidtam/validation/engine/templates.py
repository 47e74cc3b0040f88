"""Checks of a form template's validation data, run when the template is loaded (formdefs.template_load).

An item in the YAML may carry
- `rules`: a list of {id, severity, expression, message[, column]} (see expressions.py for the language);
- `required`: the sections an agency must fill before it can submit the item, a list of
  "table", "narrative", "problems", "success_factors", "recommendations", "best_practices", "followups"
  (every open follow-up of earlier rounds answered in this round).
  Without it: ["table", "narrative", "followups"] for an item with a results table, ["narrative",
  "followups"] otherwise. A template that lists `required` lists everything it wants: leaving out
  "followups" lets agencies submit without answering their follow-ups.
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from .expressions import RuleSyntaxError, compile_rule
from .findings import Section, Severity

# Section each requirement belongs to.
REQUIRED_SECTIONS: dict[str, str] = {
    "table": Section.RESULTS,
    "narrative": Section.RESULTS,
    "problems": Section.PROBLEMS,
    "success_factors": Section.SUCCESS_FACTORS,
    "recommendations": Section.RECOMMENDATIONS,
    "best_practices": Section.BEST_PRACTICES,
    # Every follow-up of earlier rounds for this agency and item has an update in this round.
    "followups": Section.PROBLEMS,
}
RULE_KEYS = frozenset({"id", "severity", "expression", "message", "column"})


def default_required(*, has_table: bool) -> list[str]:
    return ["table", "narrative", "followups"] if has_table else ["narrative", "followups"]


def required_sections(item: Any, *, has_table: bool) -> list[str]:
    """What an agency must fill for `item`: the template's `required` when it has one, else the default.

    Read from an attribute `required` on the item when the model offers one (the YAML key is checked by
    rules_check either way)."""
    declared = getattr(item, "required", None)
    if isinstance(declared, list | tuple) and declared:
        return [r for r in declared if r in REQUIRED_SECTIONS and (r != "table" or has_table)]
    return default_required(has_table=has_table)


def rules_check(item_spec: Mapping[str, Any]) -> list[str]:
    """Problems in one item's `rules` and `required` (as written in the template YAML), in Thai.

    An empty list means the item is fine. Expressions are parsed, never evaluated here.
    """
    number = item_spec.get("number", "?")
    table = item_spec.get("table") or {}
    columns = table.get("columns") if isinstance(table, Mapping) else None
    # Column keys are stored as text (CharField); an unquoted YAML key (`key: 1`) arrives as an int.
    keys = [str(key) for c in columns or [] if isinstance(c, Mapping) and (key := c.get("key"))]
    problems: list[str] = []

    rules = item_spec.get("rules")
    if rules is None:
        rules = []
    if not isinstance(rules, list):
        return [_("ข้อ %(item)s: rules ต้องเป็นรายการ (list)") % {"item": number}]
    seen: set[str] = set()
    for index, rule in enumerate(rules, start=1):
        problems += _rule_problems(number, index, rule, keys, seen)
    problems += _required_problems(number, item_spec.get("required"), has_table=bool(keys))
    return problems


def _rule_problems(number: Any, index: int, rule: Any, keys: list[str], seen: set[str]) -> list[str]:
    if not isinstance(rule, Mapping):
        return [
            _("ข้อ %(item)s กฎลำดับที่ %(index)s: ต้องเขียนเป็น {id, severity, expression, message}")
            % {"item": number, "index": index}
        ]
    rule_id = rule.get("id")
    name = (
        rule_id if isinstance(rule_id, str) and rule_id.strip() else _("ลำดับที่ %(index)s") % {"index": index}
    )
    prefix = _("ข้อ %(item)s กฎ %(rule)s") % {"item": number, "rule": name}
    problems = []
    unknown = sorted(str(k) for k in rule if k not in RULE_KEYS)
    if unknown:
        problems.append(_("%(prefix)s: มีคีย์ที่ไม่รู้จัก %(keys)s") % {"prefix": prefix, "keys": ", ".join(unknown)})
    if not isinstance(rule_id, str) or not rule_id.strip():
        problems.append(_("%(prefix)s: ไม่มี id") % {"prefix": prefix})
    elif rule_id in seen:
        problems.append(_("%(prefix)s: id ซ้ำกับกฎอื่นในข้อเดียวกัน") % {"prefix": prefix})
    else:
        seen.add(rule_id)
    if rule.get("severity") not in Severity.values:
        problems.append(
            _("%(prefix)s: severity ต้องเป็น error หรือ warning (ได้ %(value)s)")
            % {"prefix": prefix, "value": rule.get("severity")}
        )
    message = rule.get("message")
    if not isinstance(message, str) or not message.strip():
        problems.append(_("%(prefix)s: ไม่มีข้อความแจ้งผู้กรอก (message)") % {"prefix": prefix})
    if not keys:
        problems.append(_("%(prefix)s: ข้อนี้ไม่มีตารางผลการดำเนินงาน จึงใช้กฎกับคอลัมน์ไม่ได้") % {"prefix": prefix})
    else:
        try:
            compile_rule(rule.get("expression"), allowed_names=keys)
        except RuleSyntaxError as exc:
            problems.append(
                _("%(prefix)s: เงื่อนไข «%(expr)s» ใช้ไม่ได้: %(reason)s")
                % {"prefix": prefix, "expr": rule.get("expression"), "reason": exc}
            )
    column = rule.get("column")
    if column is not None and column not in keys:
        problems.append(_("%(prefix)s: ไม่มีคอลัมน์ %(column)s ให้เน้น") % {"prefix": prefix, "column": column})
    return problems


def _required_problems(number: Any, required: Any, *, has_table: bool) -> list[str]:
    if required is None:
        return []
    if not isinstance(required, list) or not required:
        return [_("ข้อ %(item)s: required ต้องเป็นรายการส่วนที่ต้องกรอก เช่น [table, narrative]") % {"item": number}]
    problems = []
    for entry in required:
        if entry not in REQUIRED_SECTIONS:
            problems.append(
                _("ข้อ %(item)s: required มีค่า %(value)s ที่ไม่รู้จัก (ใช้ได้: %(allowed)s)")
                % {"item": number, "value": entry, "allowed": ", ".join(REQUIRED_SECTIONS)}
            )
        elif entry == "table" and not has_table:
            problems.append(_("ข้อ %(item)s: required มี table แต่ข้อนี้ไม่มีตารางผลการดำเนินงาน") % {"item": number})
    return problems
