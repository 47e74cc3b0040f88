"""Findings arranged for people: grouped per item for the data-quality page, a Thai table for the terminal."""

import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tidtam.formdefs.models import Column, Item, Round

from .engine import Finding, Severity
from .labels import rule_label, template_rule_labels

SEVERITY_LABELS = dict(Severity.choices)

# Names of the numbers that built-in checks report (template rules report column keys).
VALUE_LABELS = {
    "printed_total": gettext_lazy("ยอดรวมที่พิมพ์ในรายงาน"),
    "computed_total": gettext_lazy("ยอดรวมที่คำนวณได้"),
    "sum_of_rows": gettext_lazy("ผลบวกของทุกแถว"),
    "previous": gettext_lazy("รอบก่อน"),
    "current": gettext_lazy("รอบนี้"),
}


def section_of(finding: Finding) -> str:
    """The section as people read it: "X.1" of item 3 is "3.1"."""
    return finding.section.replace("X", str(finding.item), 1)


@dataclass
class FindingView:
    """A finding with what the page shows beside it: the section of its item and its numbers, named."""

    finding: Finding
    section: str
    numbers: list[tuple[str, int | float | None]]
    column_label: str = ""
    rule_label: str = ""  # the rule's Thai name; the code stays in a tooltip


@dataclass
class ItemFindings:
    """The findings of one item, with its counts by severity."""

    number: int
    title: str
    findings: list[FindingView] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.finding.severity == Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.finding.severity == Severity.WARNING)


@dataclass
class QualitySummary:
    errors: int
    warnings: int
    items: list[ItemFindings]

    @property
    def items_affected(self) -> int:
        return len(self.items)

    @property
    def largest_item_count(self) -> int:
        """The scale of the per-item bars."""
        return max((len(g.findings) for g in self.items), default=0)

    @property
    def total(self) -> int:
        return self.errors + self.warnings


def summarize(*, round_: Round, findings: Sequence[Finding]) -> QualitySummary:
    """Group findings per item (in the engine's order) with the item titles of the round's form."""
    items = list(Item.objects.filter(template_id=round_.template_id).only("number", "title", "rules"))
    titles = {item.number: item.title for item in items}
    rule_names = template_rule_labels(items)
    labels = {
        (number, key): label
        for number, key, label in Column.objects.filter(item__template_id=round_.template_id).values_list(
            "item__number", "key", "label"
        )
    }
    groups: dict[int, ItemFindings] = {}
    for finding in findings:
        group = groups.get(finding.item)
        if group is None:
            group = groups[finding.item] = ItemFindings(
                number=finding.item, title=titles.get(finding.item, "")
            )
        numbers = [
            (str(labels.get((finding.item, key)) or VALUE_LABELS.get(key) or key), value)
            for key, value in finding.values.items()
        ]
        group.findings.append(
            FindingView(
                finding=finding,
                section=section_of(finding),
                numbers=numbers,
                column_label=labels.get((finding.item, finding.column or ""), ""),
                rule_label=rule_label(finding.rule, rule_names),
            )
        )
    counts = Counter(f.severity for f in findings)
    return QualitySummary(
        errors=counts.get(Severity.ERROR, 0),
        warnings=counts.get(Severity.WARNING, 0),
        items=sorted(groups.values(), key=lambda g: g.number),
    )


def display_width(text: str) -> int:
    """Columns a text takes in a terminal: Thai vowel and tone marks sit on their consonant (width 0)."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - display_width(text), 0)


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A plain-text table; the last column is left unpadded (long messages)."""
    rows = [list(r) for r in rows]
    widths = [max([display_width(h)] + [display_width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    lines = ["  ".join(_pad(h, w) for h, w in zip(headers[:-1], widths, strict=False)) + "  " + headers[-1]]
    # The message column can be very wide: its rule stays as wide as its header.
    lines.append("  ".join("-" * w for w in [*widths[:-1], display_width(headers[-1])]))
    for r in rows:
        lines.append("  ".join(_pad(c, w) for c, w in zip(r[:-1], widths, strict=False)) + "  " + r[-1])
    return lines


def findings_table_text(*, round_: Round, findings: Sequence[Finding]) -> str:
    """The findings of a round as a readable Thai table, with a summary line."""
    summary = summarize(round_=round_, findings=findings)
    lines = [
        _("ผลการตรวจสอบข้อมูล รอบ %(key)s · %(office)s") % {"key": round_.key, "office": round_.office.name}
    ]
    if not findings:
        lines.append(_("ไม่พบปัญหาในข้อมูลของรอบนี้"))
        return "\n".join(lines)
    lines.append("")
    headers = [_("ข้อ"), _("หน่วยงาน"), _("ส่วน"), _("ระดับ"), _("กฎ"), _("รายละเอียด")]
    rows = [
        [
            str(f.item),
            f.agency or _("(ทั้งข้อ)"),
            section_of(f),
            str(SEVERITY_LABELS.get(f.severity, f.severity)),
            f.rule,
            f.message,
        ]
        for f in findings
    ]
    lines += _table(headers, rows)
    lines.append("")
    lines.append(
        _("สรุป: ข้อผิดพลาด %(errors)s · คำเตือน %(warnings)s · พบใน %(items)s ข้อ (%(numbers)s)")
        % {
            "errors": summary.errors,
            "warnings": summary.warnings,
            "items": summary.items_affected,
            "numbers": ", ".join(str(g.number) for g in summary.items),
        }
    )
    return "\n".join(lines)
