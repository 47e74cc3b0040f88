"""Turn what the parser collected into the canonical round form (the same shape as the JSON export)."""

from typing import TYPE_CHECKING, Any

from tidtam.formdefs.aggregation import to_json_number

from .agencies import OFFICE_KIND
from .document import OFFICE, Anomaly, ParseResult, load_provinces

if TYPE_CHECKING:
    from .parser import ReportParser


class ReportError(Exception):
    """The document cannot be imported at all (no recognisable header, unknown province)."""


def canonical_from_parser(p: "ReportParser") -> ParseResult:
    province_name = p.meta.get("province_name")
    province = load_provinces().get(province_name or "")
    if province is None:
        raise ReportError(
            f'ไม่พบชื่อจังหวัดที่รู้จักในหัวแบบรายงาน (พบ "{province_name}")'
            if province_name
            else 'ไม่พบบรรทัด "สำนักงานศึกษาธิการจังหวัด…" ในหัวแบบรายงาน'
        )
    for field in ("round", "fiscal_year_be"):
        if field not in p.meta:
            raise ReportError('ไม่พบบรรทัด "รอบที่ … ประจำปีงบประมาณ พ.ศ. …" ในหัวแบบรายงาน')
    abbr = province.get("abbreviation", "")

    labels: dict[str, str] = {}
    agencies: list[dict[str, Any]] = []
    used = {who for it in p.items.values() for who in _agencies_used(it)}
    if OFFICE in used:
        labels[OFFICE] = f"ศธจ.{abbr}"
        agencies.append(
            {
                "abbreviation": labels[OFFICE],
                "name": f"สำนักงานศึกษาธิการจังหวัด{province['name']}",
                "kind": OFFICE_KIND,
                "district": "",
            }
        )
    for ref in p.agencies.ordered():
        kind = p.agencies.kind_info(ref.kind)
        district = f" เขต {ref.district}" if ref.district else ""
        label = ref.label or f"{kind['abbreviation']}{abbr}{ref.district}"
        name = ref.name or f"{kind['name']}{province['name']}{district}"
        if len(ref.names) > 1:
            variants = ", ".join(f'"{n}"' for n in ref.names if n != name)
            p.anomalies.append(
                Anomaly(
                    ref.first_line,
                    "info",
                    "agency_name_variants",
                    f'ชื่อหน่วยงานสะกดต่างกัน {variants} ถือเป็น "{name}"',
                )
            )
        if not ref.labels:
            p.anomalies.append(
                Anomaly(
                    ref.first_line,
                    "info",
                    "agency_label_made",
                    f'ไม่พบชื่อย่อของ "{name}" ในตาราง จึงใช้ "{label}"',
                )
            )
        labels[ref.ident] = label
        agencies.append({"abbreviation": label, "name": name, "kind": ref.kind, "district": ref.district})
    order = {a["abbreviation"]: i for i, a in enumerate(agencies)}

    def lab(who: str) -> str:
        return labels[who]

    table_agencies = {r["agency"] for it in p.items.values() for r in it.rows if r["agency"] != OFFICE}
    items = []
    for number in sorted(p.items):
        it = p.items[number]
        t_item = p.t_items.get(number) or {}
        t_table = t_item.get("table") or {}
        columns = [
            {
                "key": c["key"],
                "label": c["label"],
                "unit": c.get("unit", ""),
                "value_type": c.get("value_type", "count"),
                "aggregation": c.get("aggregation", "sum"),
                **({"weight": c["weight"]} if c.get("weight") else {}),
            }
            for c in t_table.get("columns") or []
        ]
        results = None
        if columns:
            rows = [
                {
                    "agency": lab(r["agency"]),
                    "values": {k: to_json_number(v) for k, v in r["values"].items()},
                    "notes": r["notes"],
                }
                for r in it.rows
            ]
            printed_order = [r["agency"] for r in rows]
            if printed_order != sorted(printed_order, key=lambda a: order[a]):
                p.anomalies.append(
                    Anomaly(
                        it.rows[0]["line"],
                        "info",
                        "reordered_rows",
                        f"แถวในตารางข้อ {number} เรียงต่างจากลำดับหน่วยงานมาตรฐาน จึงจัดเรียงใหม่",
                        item=number,
                    )
                )
                rows.sort(key=lambda r: order[r["agency"]])
            if it.header is not None:
                for who in sorted(
                    table_agencies - {r["agency"] for r in it.rows}, key=lambda w: order[lab(w)]
                ):
                    p.anomalies.append(
                        Anomaly(
                            None,
                            "info",
                            "missing_agency_row",
                            f"ตารางข้อ {number} ไม่มีแถวของ {lab(who)}",
                            item=number,
                        )
                    )
            elif t_table:
                p.anomalies.append(
                    Anomaly(
                        None,
                        "warning",
                        "missing_table",
                        f"ข้อ {number} ไม่มีตารางผลการดำเนินงานตามแบบฟอร์ม",
                        item=number,
                    )
                )
            results = {
                "columns": columns,
                "rows": rows,
                "printed_total": it.printed_total,
                "total_label": it.total_label or t_table.get("total_label", ""),
            }

        def entries(
            kind: str, sub: Any = None, *, narrative: bool = False, it: Any = it
        ) -> list[dict[str, str]]:
            out = []
            for (k, *rest), paras in it.texts.items():
                who = rest[0]
                if k != kind or (narrative and rest[1] != sub):
                    continue
                out.append({"agency": lab(who), "text": "\n".join(paras)})
            return sorted(out, key=lambda e: order[e["agency"]])

        problems = []
        for who, rows_ in it.problems.rows.items():
            if who is None:
                continue
            for row in rows_:
                problems.append(
                    {"agency": lab(who), "problem": row[0], "solution": row[1], "expected_result": row[2]}
                )
        problems.sort(key=lambda r: order[r["agency"]])  # stable: keeps row order within an agency
        subtopics = [
            {
                "number": st["number"],
                "title": st["title"],
                "entries": entries("narrative", st["number"], narrative=True),
            }
            for st in t_item.get("subtopics") or []
        ]
        items.append(
            {
                "number": number,
                "title": it.title,
                "policy": it.policy,
                "additional_policy": it.additional_policy,
                "results_heading": it.results_heading,
                "results_table": results,
                "narratives": entries("narrative", None, narrative=True),
                "subtopics": subtopics,
                "problems": problems,
                "success_factors": entries("success_factors"),
                "recommendations": entries("recommendations"),
                "best_practices": entries("best_practices"),
                "footnotes": "\n".join(it.footnotes),
            }
        )
    for number in sorted(set(p.t_items) - set(p.items)):
        p.anomalies.append(
            Anomaly(None, "warning", "missing_item", f"ไม่พบข้อ {number} ของแบบฟอร์มในเอกสาร", item=number)
        )

    as_of = p.meta.get("data_as_of")
    data = {
        "schema": "tidtam.round/1",
        "office": {"code": province["code"], "name": f"สำนักงานศึกษาธิการจังหวัด{province['name']}"},
        "fiscal_year_be": p.meta["fiscal_year_be"],
        "round": p.meta["round"],
        "data_as_of": as_of.isoformat() if as_of else None,
        "template": {"code": p.template["code"], "version": str(p.template["version"])},
        "agencies": agencies,
        "items": items,
    }
    return ParseResult(data=data, anomalies=p.anomalies, content_lines=p.content, placed_lines=p.placed)


def _agencies_used(it: Any) -> set[str]:
    used = {r["agency"] for r in it.rows}
    used |= {k[1] for k in it.texts}
    used |= {who for who, rows in it.problems.rows.items() if who is not None and rows}
    return used
