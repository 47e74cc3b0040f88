"""Server-rendered pages: the rounds a user may see, a round's consolidated report, one item, imports.

Views stay thin: scoping comes from selectors, the report from `reports.assembly`, and the small
display decisions (printed vs computed totals) from the presenters below.
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from tidtam.formdefs.aggregation import as_decimal
from tidtam.formdefs.models import Column
from tidtam.formdefs.selectors import item_numbers_of, round_for_user, rounds_visible_to
from tidtam.ingest.models import ImportAnomaly
from tidtam.ingest.permissions import can_import
from tidtam.reports.assembly import ItemBlock, RoundReport, round_report
from tidtam.submissions.selectors import submissions_visible_to

from .selectors import anomalies_of, anomaly_counts, import_run_latest

ADDITIONAL_POLICY_MARK = "นโยบายเพิ่มเติม"


@dataclass
class TotalCell:
    column: Column
    value: Decimal | None
    printed: Decimal | None

    @property
    def mismatch(self) -> bool:
        """The legacy source printed a total that the rows do not add up to."""
        if self.printed is None:
            return False
        if self.value is None:
            return True
        exponent = self.printed.as_tuple().exponent
        if not isinstance(exponent, int):
            # A printed NaN/Infinity ('n', 'N', 'F'): no sum of rows equals it.
            return True
        places = -exponent if exponent < 0 else 0
        return self.value.quantize(Decimal(1).scaleb(-places)) != self.printed


@dataclass
class ItemView:
    """An assembled item block plus what the page needs to show its total row."""

    block: ItemBlock
    total_cells: list[TotalCell]

    @property
    def item(self):
        return self.block.item

    @property
    def table(self):
        return self.block.table

    @property
    def total_label(self) -> str:
        return (self.table.total_label if self.table else "") or _("รวม")

    @property
    def has_mismatch(self) -> bool:
        return any(c.mismatch for c in self.total_cells)

    @property
    def show_additional_mark(self) -> bool:
        return self.item.additional_policy and ADDITIONAL_POLICY_MARK not in self.item.title


def present_item(block: ItemBlock) -> ItemView:
    cells = []
    if block.table is not None:
        printed = block.table.printed_total or {}
        cells = [
            TotalCell(column=c, value=block.table.total.get(c.key), printed=as_decimal(printed.get(c.key)))
            for c in block.table.columns
        ]
    return ItemView(block=block, total_cells=cells)


def present_policies(report: RoundReport) -> list[tuple[str, list[ItemView]]]:
    return [(title, [present_item(b) for b in blocks]) for title, blocks in report.policies]


@require_safe
@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    rounds = rounds_visible_to(user=request.user).annotate(
        item_count=Count("template__items", distinct=True),
        agency_count=Count("participants", distinct=True),
    )
    return render(request, "web/round_list.html", {"rounds": rounds})


@require_safe
@login_required
def round_detail(request: HttpRequest, key: str) -> HttpResponse:
    round_ = round_for_user(user=request.user, key=key)
    report = round_report(round_=round_, submissions=submissions_visible_to(user=request.user, round_=round_))
    return render(
        request,
        "web/round_detail.html",
        {"round": round_, "report": report, "policies": present_policies(report)},
    )


@require_safe
@login_required
def item_detail(request: HttpRequest, key: str, number: int) -> HttpResponse:
    round_ = round_for_user(user=request.user, key=key)
    numbers = item_numbers_of(round_=round_)
    if number not in numbers:
        raise Http404(_("ไม่พบข้อนี้ในแบบตรวจของรอบนี้"))
    report = round_report(
        round_=round_,
        item_numbers=[number],
        submissions=submissions_visible_to(user=request.user, round_=round_),
    )
    index = numbers.index(number)
    return render(
        request,
        "web/item_detail.html",
        {
            "round": round_,
            "report": report,
            "it": present_item(report.items[0]),
            "previous_number": numbers[index - 1] if index > 0 else None,
            "next_number": numbers[index + 1] if index + 1 < len(numbers) else None,
        },
    )


@require_safe
@login_required
def round_imports(request: HttpRequest, key: str) -> HttpResponse:
    round_ = round_for_user(user=request.user, key=key)
    run = import_run_latest(round_=round_)
    severity = request.GET.get("severity") or ""
    if severity not in ImportAnomaly.Severity.values:
        severity = ""
    context: dict[str, Any] = {
        "round": round_,
        "run": run,
        "severity": severity,
        "severities": ImportAnomaly.Severity.choices,
        "can_import": can_import(request.user),
    }
    if run is not None:
        counts = anomaly_counts(run=run)
        context.update(
            {
                "coverage_percent": Decimal(run.coverage * 100).quantize(Decimal("0.1")),
                "counts": [(value, label, counts[value]) for value, label in ImportAnomaly.Severity.choices],
                "total_count": sum(counts.values()),
                "anomalies": anomalies_of(run=run, severity=severity or None),
            }
        )
    return render(
        request,
        "web/_anomalies.html" if _wants_fragment(request) and run else "web/round_imports.html",
        context,
    )


def _wants_fragment(request: HttpRequest) -> bool:
    """An htmx swap asks for the fragment only; a history restore needs the whole page."""
    htmx = getattr(request, "htmx", None)
    if not htmx:
        return False
    return not htmx.history_restore_request


_THAI = re.compile(r"[\u0e00-\u0e7f]")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """404 page in Thai. Shows the view's own message when it is a Thai sentence (never Django's English)."""
    message = ""
    if exception is not None and exception.args and isinstance(exception.args[0], str):
        if _THAI.search(exception.args[0]):
            message = exception.args[0]
    return render(request, "404.html", {"message": message}, status=404)
