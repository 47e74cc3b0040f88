"""Display helpers shared by the entry, conflict and history pages: Thai names of audited fields and
readable renderings of their values (numbers, X.2 rows, statuses), and a word-level text diff."""

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from tidtam.common.thai import format_number
from tidtam.formdefs.labels import render_items
from tidtam.validation.labels import (
    BUILT_IN_RULE_LABELS,
    justification_label,
    rule_label,
    template_rule_labels,
)

from .content import GENERAL
from .models import Section, Submission

_TOKENS = re.compile(r"\s+|[^\s]+")


def days_left_text(due_date: dt.date | None, today: dt.date) -> str:
    """ "เหลือ 5 วัน", "ครบกำหนดวันนี้", "เลยกำหนด 2 วัน" (empty without a due date)."""
    if due_date is None:
        return ""
    days = (due_date - today).days
    if days > 0:
        return _("เหลือ %(days)s วัน") % {"days": days}
    if days == 0:
        return _("ครบกำหนดวันนี้")
    return _("เลยกำหนด %(days)s วัน") % {"days": -days}


def section_label(section: str, item_number: int) -> str:
    if not section:
        return ""
    try:
        label = Section(section).label
    except ValueError:
        return section
    return f"{section.replace('X', str(item_number))} {label}"


def field_labels(submission: Submission) -> dict[str, str]:
    """{audited field key: Thai name} for one submission's item."""
    render_items([submission.item], submission.round.fiscal_year_be)
    n = submission.item.number
    labels = {
        "problems": section_label(Section.PROBLEMS, n),
        "success_factors": section_label(Section.SUCCESS_FACTORS, n),
        "recommendations": section_label(Section.RECOMMENDATIONS, n),
        "best_practices": section_label(Section.BEST_PRACTICES, n),
        "table_note": _("หมายเหตุใต้ตาราง"),
        f"narrative:{GENERAL}": _("%(n)s.1 ผลการดำเนินงาน (คำบรรยาย)") % {"n": n},
        "status": _("สถานะ"),
        "reason": _("เหตุผล"),
        "section": _("ส่วนที่อ้างถึง"),
        "attachment": _("ไฟล์แนบ"),
        "comment": _("ความเห็น"),
    }
    for column in submission.item.columns.all():
        unit = f" ({column.unit})" if column.unit else ""
        labels[f"value:{column.key}"] = f"{column.label}{unit}"
    # Justifications are stored under "justification:<rule>[:<column>]": named by the rule's Thai name
    # and the column's label, never by the code (outlier_vs_previous:dpa_failed).
    rule_names = template_rule_labels([submission.item])
    columns = {c.key: c.label for c in submission.item.columns.all()}
    for rule in [*BUILT_IN_RULE_LABELS, *rule_names]:
        for key in [rule, *(f"{rule}:{column}" for column in columns)]:
            labels[f"justification:{key}"] = _("คำชี้แจงคำเตือน (%(rule)s)") % {
                "rule": justification_label(key, template_labels=rule_names, column_labels=columns)
            }
    for subtopic in submission.item.subtopics.all():
        labels[f"narrative:{subtopic.number}"] = _("ประเด็นย่อย %(number)s) %(title)s") % {
            "number": subtopic.number,
            "title": subtopic.title,
        }
    return labels


def label_of(key: str, labels: dict[str, str]) -> str:
    if key in labels:
        return labels[key]
    if key.startswith("justification:"):
        return _("คำชี้แจงคำเตือน (%(rule)s)") % {"rule": rule_label(key.removeprefix("justification:"))}
    return key


@dataclass
class Rendered:
    """A value as the page shows it: plain text, rows of X.2, or None (empty)."""

    text: str | None = None
    rows: list[list[str]] | None = None
    empty: bool = False


def render_value(key: str, value: Any, item_number: int) -> Rendered:
    if value is None or value == "" or value == []:
        return Rendered(empty=True)
    if key.startswith("value:"):
        try:
            return Rendered(text=format_number(Decimal(str(value))))
        except InvalidOperation:
            return Rendered(text=str(value))
    if key == "problems" and isinstance(value, list):
        return Rendered(rows=[list(map(str, row)) for row in value])
    if key == "status":
        try:
            return Rendered(text=str(Submission.Status(value).label))
        except ValueError:
            return Rendered(text=str(value))
    if key == "section":
        return Rendered(text=section_label(str(value), item_number))
    if isinstance(value, (dict, list)):
        return Rendered(
            text=", ".join(f"{k}: {v}" for k, v in value.items())
            if isinstance(value, dict)
            else ", ".join(map(str, value))
        )
    return Rendered(text=str(value))


def text_diff(old: str, new: str) -> list[tuple[str, str]]:
    """[(op, text)] with op in "same", "del", "add": a word-level diff (Thai phrases are space-separated)."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("del", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(("add", "".join(b[j1:j2])))
    return out


@dataclass
class Change:
    key: str
    label: str
    old: Rendered
    new: Rendered
    diff: list[tuple[str, str]] | None = None  # for texts on both sides


def changes_of(changes: dict[str, Any], labels: dict[str, str], item_number: int) -> list[Change]:
    out = []
    for key, pair in changes.items():
        old, new = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        change = Change(
            key=key,
            label=label_of(key, labels),
            old=render_value(key, old, item_number),
            new=render_value(key, new, item_number),
        )
        if (
            isinstance(old, str)
            and isinstance(new, str)
            and not key.startswith("value:")
            and key not in ("status", "section")
        ):
            change.diff = text_diff(old, new)
        out.append(change)
    return out
