"""What the engine reports: a Finding, in the shape of the `validate` contract (docs: round-export.md)."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from tidtam.formdefs.aggregation import to_json_number
from tidtam.submissions.models import Section  # "X.1".."X.5": X stands for the item number

__all__ = ["Finding", "Section", "Severity", "json_values", "sort_findings"]


class Severity(models.TextChoices):
    """Errors block submission; warnings need a written justification (stored by the workflow)."""

    ERROR = "error", _("ข้อผิดพลาด")
    WARNING = "warning", _("คำเตือน")


# Rule ids of the built-in checks (template rules bring their own ids).
RULE_COUNT_NOT_INTEGER = "count_not_integer"
RULE_VALUE_NEGATIVE = "value_negative"
RULE_PERCENT_OUT_OF_RANGE = "percent_out_of_range"
RULE_OUTLIER = "outlier_vs_previous"
RULE_PRINTED_TOTAL_MISMATCH = "printed_total_mismatch"
RULE_TOTAL_SUMS_MEAN = "total_sums_mean"
RULE_MEAN_COLUMN_SUMMED = "mean_column_summed"
RULE_REQUIRED_PREFIX = "required_"

CONTRACT_KEYS = ("item", "agency", "section", "rule", "severity", "message", "values")


@dataclass(frozen=True)
class Finding:
    item: int
    agency: str | None  # the agency's table label ("สกร.สค."); None for a finding about the whole item
    section: str  # "X.1" .. "X.5"
    rule: str
    severity: str  # "error" | "warning"
    message: str  # Thai, names the item, the agency and the numbers
    values: dict[str, int | float | None] = field(hash=False)
    column: str | None = None  # column key to highlight in a form

    def as_dict(self) -> dict[str, Any]:
        """The finding as the `validate` contract prints it (exactly these keys)."""
        return {
            "item": self.item,
            "agency": self.agency,
            "section": str(self.section),
            "rule": self.rule,
            "severity": str(self.severity),
            "message": self.message,
            "values": dict(self.values),
        }

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.ERROR


def json_values(values: Mapping[str, Decimal | int | float | None]) -> dict[str, int | float | None]:
    """Numbers as JSON numbers: integral values become ints (27, not 27.0000)."""
    out: dict[str, int | float | None] = {}
    for key, value in values.items():
        if value is None or isinstance(value, int | float) and not isinstance(value, bool):
            out[key] = value
        else:
            out[key] = to_json_number(Decimal(str(value)))
    return out


def sort_findings(
    findings: Iterable[Finding],
    agency_order: Mapping[str, int] | None = None,
    column_order: Mapping[tuple[int, str], int] | None = None,
) -> list[Finding]:
    """By item, then agency order (whole-item findings last, like the total row), then rule."""
    agency_order = agency_order or {}
    column_order = column_order or {}

    def key(f: Finding) -> tuple:
        agency_rank = (1, 0, "") if f.agency is None else (0, agency_order.get(f.agency, 10_000), f.agency)
        return (f.item, agency_rank, f.rule, column_order.get((f.item, f.column or ""), 10_000), f.message)

    return sorted(findings, key=key)
