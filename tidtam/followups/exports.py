"""Follow-ups as plain records: the `tidtam followups` contract (docs: round-export.md), and the CSV and
XLSX downloads of the register. One shape for all of them."""

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from tidtam.common.textsafety import csv_row, sheet_append
from tidtam.formdefs.models import RoundParticipant

from .models import FollowUp
from .selectors import rounds_open


def _labels(followups: list[FollowUp]) -> dict[tuple[int, int], str]:
    """The agency's table abbreviation in each origin round (RoundParticipant.label)."""
    pairs = RoundParticipant.objects.filter(
        round_id__in={f.origin_round_id for f in followups}, agency_id__in={f.agency_id for f in followups}
    ).values_list("round_id", "agency_id", "label")
    return {(r, a): label for r, a, label in pairs}


def followup_records(followups: Iterable[FollowUp]) -> list[dict[str, Any]]:
    items = list(followups)
    labels = _labels(items)
    ages = rounds_open(items)
    updates: dict[int, list[dict[str, Any]]] = {f.pk: [] for f in items}
    from .models import FollowUpUpdate

    for u in (
        FollowUpUpdate.objects.filter(followup__in=items)
        .select_related("round", "by")
        .prefetch_related("evidence")
        .order_by("at", "id")
    ):
        updates[u.followup_id].append(
            {
                "at": u.at.isoformat(),
                "round": u.round.key if u.round else None,
                "kind": u.kind,
                "status": u.status,
                "note": u.note,
                "by": u.by.get_username() if u.by else None,
                "evidence": [e.original_name for e in u.evidence.all()],
            }
        )
    return [
        {
            "id": f.pk,
            "origin_round": f.origin_round.key,
            "item": f.item_number,
            "item_code": f.item_code,
            "agency": labels.get((f.origin_round_id, f.agency_id)) or f.agency.short_name or str(f.agency),
            "kind": f.kind,
            "text": f.text,
            "expected_result": f.expected_result,
            "status": f.status,
            "rounds_open": ages[f.pk],
            "updates": updates[f.pk],
        }
        for f in items
    ]


CSV_COLUMNS = [
    ("id", "รหัส"),
    ("origin_round", "รอบที่พบ"),
    ("item", "ข้อ"),
    ("item_code", "รหัสข้อ"),
    ("agency", "หน่วยงาน"),
    ("kind", "ประเภท"),
    ("text", "เรื่อง"),
    ("expected_result", "ผลที่คาดว่าจะได้รับ"),
    ("status", "สถานะ"),
    ("rounds_open", "ค้างมาแล้ว (รอบ)"),
    ("last_update", "ความคืบหน้าล่าสุด"),
]


def _flat(record: dict[str, Any]) -> dict[str, Any]:
    kinds, statuses = dict(FollowUp.Kind.choices), dict(FollowUp.Status.choices)
    last = record["updates"][-1]["note"] if record["updates"] else ""
    return {
        **record,
        "kind": str(kinds.get(record["kind"], record["kind"])),
        "status": str(statuses.get(record["status"], record["status"])),
        "last_update": last,
    }


def followups_csv(records: list[dict[str, Any]], *, thai_headers: bool = True) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([label if thai_headers else key for key, label in CSV_COLUMNS])
    for record in records:
        row = _flat(record) if thai_headers else {**record, "last_update": _flat(record)["last_update"]}
        writer.writerow(csv_row(row[key] for key, _label in CSV_COLUMNS))
    return out.getvalue()


def followups_xlsx(records: list[dict[str, Any]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = _("เรื่องที่ติดตาม")
    sheet_append(ws, [label for _key, label in CSV_COLUMNS])
    for record in records:
        row = _flat(record)
        sheet_append(ws, [row[key] for key, _label in CSV_COLUMNS])  # text stays text, never a formula
    ws.auto_filter.ref = ws.dimensions
    ws.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHIJK", (8, 14, 6, 10, 14, 14, 60, 40, 16, 10, 40), strict=True):
        ws.column_dimensions[letter].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
