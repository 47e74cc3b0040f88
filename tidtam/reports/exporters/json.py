"""The canonical round export (round-export.md, schema tidtam.round/1)."""

import json
from typing import Any

from tidtam.formdefs.aggregation import to_json_number
from tidtam.formdefs.models import Round
from tidtam.ingest.services import SCHEMA
from tidtam.orgs.models import OrgUnit

from ..assembly import ItemBlock, RoundReport, round_report


def round_to_dict(round_: Round, report: RoundReport | None = None) -> dict[str, Any]:
    report = report or round_report(round_=round_)
    province = round_.office.parent
    assert province is not None  # a round belongs to a provincial office, whose parent is its province
    agencies = []
    for p in report.participants:
        a = p.agency
        kind = "provincial_office" if a.kind == OrgUnit.Kind.PROVINCIAL_OFFICE else a.agency_kind
        district = a.code.rsplit("-", 1)[-1] if a.code.count("-") >= 3 else ""
        agencies.append(
            {"abbreviation": p.label, "name": a.name, "kind": kind, "district": district, "code": a.code}
        )
    return {
        "schema": SCHEMA,
        "office": {"code": province.code, "name": round_.office.name},
        "fiscal_year_be": round_.fiscal_year_be,
        "round": round_.number,
        "data_as_of": round_.data_as_of.isoformat() if round_.data_as_of else None,
        "due_date": round_.due_date.isoformat() if round_.due_date else None,
        "status": round_.status,
        "template": {"code": round_.template.code, "version": round_.template.version},
        "agencies": agencies,
        "items": [_item(block) for block in report.items],
    }


def round_json_text(round_: Round) -> str:
    """The text `tidtam export KEY --format json` prints (backups compare rounds by it)."""
    return json.dumps(round_to_dict(round_), ensure_ascii=False, indent=2) + "\n"


def _in_column_order(values: Any, keys: list[str]) -> Any:
    """Row and total objects list their keys in column order, whatever the database kept (PostgreSQL's
    jsonb reorders keys), so one round exports the same text from SQLite and PostgreSQL."""
    if not isinstance(values, dict):
        return values
    rank = {key: i for i, key in enumerate(keys)}
    return dict(sorted(values.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0])))


def _texts(entries: list) -> list[dict[str, str]]:
    return [{"agency": e.label, "text": e.text} for e in entries]


def _item(block: ItemBlock) -> dict[str, Any]:
    item = block.item
    table = None
    if block.table is not None:
        t = block.table
        keys = [c.key for c in t.columns]
        table = {
            "columns": [
                {
                    "key": c.key,
                    "label": c.label,
                    "unit": c.unit,
                    "value_type": c.value_type,
                    "aggregation": c.aggregation,
                    **({"weight": c.weight_key} if c.weight_key else {}),
                }
                for c in t.columns
            ],
            "rows": [
                {
                    "agency": r.label,
                    "values": _in_column_order(
                        {k: to_json_number(v) for k, v in r.values.items() if v is not None}, keys
                    ),
                    "notes": r.note,
                }
                for r in t.rows
            ],
            "total": _in_column_order({k: to_json_number(v) for k, v in t.total.items()}, keys),
            "printed_total": _in_column_order(t.printed_total, keys),
            "total_label": t.total_label,
        }
    general = next((b for b in block.subtopics if b.number is None), None)
    return {
        "number": item.number,
        # The item's stable code (formdefs): the same item keeps it in later versions of the form.
        "code": item.code,
        "title": item.title,
        "policy": item.policy.title,
        "additional_policy": item.additional_policy,
        "results_heading": item.results_heading,
        "results_table": table,
        "narratives": _texts(general.entries) if general else [],
        "subtopics": [
            {"number": b.number, "title": b.title, "entries": _texts(b.entries)}
            for b in block.subtopics
            if b.number is not None
        ],
        "problems": [
            {
                "agency": g.label,
                "problem": r.problem,
                "solution": r.solution,
                "expected_result": r.expected_result,
            }
            for g in block.problems
            for r in g.rows
        ],
        "success_factors": _texts(block.success_factors),
        "recommendations": _texts(block.recommendations),
        "best_practices": _texts(block.best_practices),
        "footnotes": block.footnotes,
    }
