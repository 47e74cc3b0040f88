"""The optional per-item section "ผลการติดตามจากรอบก่อน" of a round's report: what each agency reported in
this round on the follow-ups of earlier rounds, and the earlier problems this round reports again.
Only agencies whose report of the item is in the report (already scoped to the reader) appear."""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from .lineage import item_series
from .models import FollowUpUpdate

SECTION_HEADING = "ผลการติดตามจากรอบก่อน"


@dataclass(frozen=True)
class FollowUpLine:
    agency_label: str
    text: str


def _line(update: FollowUpUpdate) -> str:
    f = update.followup
    origin = _("%(kind)sจากรอบ %(key)s") % {"kind": f.get_kind_display(), "key": f.origin_round.key}
    if update.kind == FollowUpUpdate.Kind.RECURRING:
        return _("%(origin)s: %(text)s — พบปัญหาเดิมซ้ำในรอบนี้") % {"origin": origin, "text": f.text}
    return _("%(origin)s: %(text)s — สถานะ: %(status)s — %(note)s") % {
        "origin": origin,
        "text": f.text,
        "status": update.get_status_display(),
        "note": update.note,
    }


def followup_lines(*, report: Any) -> dict[int, list[FollowUpLine]]:
    """By item number: one line per follow-up answered (its latest answer) or recurring in this round.
    `report` is a round's assembled report (its item blocks carry the scoped submissions); one query."""
    round_ = report.round
    labels = {p.agency_id: p.label for p in report.participants}
    updates = (
        FollowUpUpdate.objects.filter(round=round_)
        .select_related("followup", "followup__origin_round")
        .order_by(
            "followup__origin_round__fiscal_year_be",
            "followup__origin_round__number",
            "followup__kind",
            "followup__order",
            "at",
            "id",
        )
    )
    latest: dict[int, FollowUpUpdate] = {}
    for u in updates:
        latest[u.followup_id] = u
    by_key: dict[tuple[str, int], list[FollowUpUpdate]] = defaultdict(list)
    for u in latest.values():
        by_key[(u.followup.item_lineage, u.followup.agency_id)].append(u)
    lines: dict[int, list[FollowUpLine]] = {}
    for block in report.items:
        series = item_series(block.item)
        found = []
        for sub in block.submissions:
            label = labels.get(sub.agency_id) or str(sub.agency)
            found += [FollowUpLine(label, _line(u)) for u in by_key.get((series, sub.agency_id), [])]
        if found:
            lines[block.item.number] = found
    return lines
