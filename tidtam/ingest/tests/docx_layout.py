"""Write a canonical round as a .docx in the layout of the legacy reports (test fixture)."""

from datetime import date
from pathlib import Path

from docx import Document
from docx.table import Table

from tidtam.common.thai import format_date_be
from tidtam.ingest.legacy.marks import split_column_notes


def _table(doc, rows: list[list[str]]) -> Table:
    width = max(len(r) for r in rows)
    table = doc.add_table(rows=len(rows), cols=width)
    for i, row in enumerate(rows):
        if len(row) == 1 and width > 1:
            cell = table.cell(i, 0).merge(table.cell(i, width - 1))
            cell.text = row[0]
            continue
        for j, text in enumerate(row):
            table.cell(i, j).text = text
    return table


def _paras(doc, text: str) -> None:
    for line in text.split("\n"):
        doc.add_paragraph(line)


def write_legacy_docx(data: dict, path: Path) -> None:
    doc = Document()
    names = {a["abbreviation"]: a for a in data["agencies"]}

    def entries(items: list[dict]) -> None:
        for e in items:
            agency = names[e["agency"]]
            if agency["kind"] != "provincial_office":
                doc.add_paragraph(f"หน่วยงาน {agency['name']}")
            _paras(doc, e["text"])

    for item in data["items"]:
        doc.add_paragraph("แบบตรวจราชการและติดตามประเมินผลการจัดการศึกษาของกระทรวงศึกษาธิการ")
        doc.add_paragraph(f"รอบที่ {data['round']} ประจำปีงบประมาณ พ.ศ. {data['fiscal_year_be']}")
        doc.add_paragraph(data["office"]["name"])
        doc.add_paragraph(f"นโยบายการตรวจ : {item['policy']}")
        extra = " (นโยบายเพิ่มเติม)" if item["additional_policy"] else ""
        n = item["number"]
        doc.add_paragraph(f"{n}. {item['title']}{extra}")
        doc.add_paragraph(f"{n}.1 {item['results_heading']}")
        table = item["results_table"]
        if table and table["rows"]:
            rows = [["รายการ", *[c["label"] for c in table["columns"]]]]
            for r in table["rows"]:
                cells = [str(r["values"].get(c["key"], "")) for c in table["columns"]]
                # Each footnote after the number of its own cell, as the legacy reports print them.
                for at, note in split_column_notes(r["notes"], [c["label"] for c in table["columns"]]):
                    at = 0 if at is None else at
                    cells[at] = f"{cells[at]} * {note}"
                rows.append([r["agency"], *cells])
            if table["printed_total"]:
                printed = table["printed_total"]
                rows.append(
                    [table["total_label"], *[str(printed.get(c["key"], "")) for c in table["columns"]]]
                )
            _table(doc, rows)
        entries(item["narratives"])
        for st in item["subtopics"]:
            doc.add_paragraph(f"{st['number']}) {st['title']}")
            entries(st["entries"])
        doc.add_paragraph(f"{n}.2 ปัญหาอุปสรรค แนวทางการแก้ไขปัญหา และผลที่คาดว่าจะได้รับ")
        if item["problems"]:
            rows = [["ปัญหา/อุปสรรค", "แนวทางการแก้ไขปัญหา", "ผลที่คาดว่าจะได้รับ"]]
            current = None
            for p in item["problems"]:
                agency = names[p["agency"]]
                if p["agency"] != current and agency["kind"] != "provincial_office":
                    rows.append([f"หน่วยงาน {agency['name']}"])
                current = p["agency"]
                rows.append([p["problem"], p["solution"], p["expected_result"]])
            _table(doc, rows)
        for number, heading, field in (
            (3, "ปัจจัยแห่งความสำเร็จ", "success_factors"),
            (4, "ข้อเสนอแนะ", "recommendations"),
            (5, "รูปแบบ แนวทาง หรือนวัตกรรม ที่คิดว่าเป็นต้นแบบหรือแบบอย่างที่ดี (ถ้ามี)", "best_practices"),
        ):
            doc.add_paragraph(f"{n}.{number} {heading}")
            entries(item[field])
            if not item[field]:
                doc.add_paragraph("-")
        if item["footnotes"]:
            _paras(doc, item["footnotes"])
        if data.get("data_as_of"):
            as_of = format_date_be(date.fromisoformat(data["data_as_of"]))
            doc.add_paragraph(f"หมายเหตุ สรุปในภาพรวมของหน่วยงาน (ข้อมูล ณ วันที่ {as_of})")
    doc.save(str(path))
