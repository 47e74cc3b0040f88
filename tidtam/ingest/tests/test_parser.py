"""The legacy parser on the real Samut Sakhon report and on variations of it."""

from collections import Counter

from .conftest import parse


def items(result):
    return {it["number"]: it for it in result.data["items"]}


def rows(item):
    return {r["agency"]: r for r in item["results_table"]["rows"]}


def test_header_comes_from_the_document(seed_parsed):
    d = seed_parsed.data
    assert d["office"] == {"code": "TH-74", "name": "สำนักงานศึกษาธิการจังหวัดสมุทรสาคร"}
    assert (d["fiscal_year_be"], d["round"], d["data_as_of"]) == (2567, 2, "2024-07-15")


def test_all_fourteen_items_with_policies_and_additional_flags(seed_parsed):
    its = items(seed_parsed)
    assert sorted(its) == list(range(1, 15))
    assert its[1]["policy"] == "การลดภาระครูและบุคลากรทางการศึกษา"
    assert its[8]["policy"] == "การลดภาระนักเรียนและผู้ปกครอง"
    assert [n for n, it in its.items() if it["additional_policy"]] == [5, 6, 7, 14]
    assert its[5]["title"] == "ยกเลิกครูเวร : ชีวิตและความปลอดภัยของครู สำคัญกว่าทรัพย์สิน"


def test_table_numbers_are_read_with_thousands_separators(seed_parsed):
    its = items(seed_parsed)
    assert rows(its[1])["สพป.สค."]["values"] == {
        "dpa_submitted": 493,
        "dpa_passed": 455,
        "dpa_failed": 32,
        "dpa_pending_committee": 5,
        "dpa_awaiting_committee": 1,
    }
    assert rows(its[3])["สพป.สค."]["values"]["personnel_total"] == 4111
    assert rows(its[9])["สพม.สค. สส."]["values"] == {
        "quality_schools": 3,
        "readiness_score_avg": 105.1,
        "investment_2566": 4469800,
        "investment_2567": 7999900,
    }
    assert rows(its[6])["สพม.สค. สส."]["values"]["janitor_not_allotted_has"] == 8


def test_footnotes_in_cells_become_the_row_note(seed_parsed):
    note = rows(items(seed_parsed)[3])["สพป.สค."]["notes"]
    assert "ข้าราชการประจำ 2,022 คน" in note
    assert "ยกเลิกเข้าร่วมโครงการ 11 คน" in note


def test_printed_totals_are_kept_apart_from_rows(seed_parsed):
    table = items(seed_parsed)[3]["results_table"]
    assert table["printed_total"] == {"personnel_total": 5558, "debt_restructuring_registered": 27}
    assert "รวม" not in rows(items(seed_parsed)[3])


def test_x2_rows_per_agency(seed_parsed):
    its = items(seed_parsed)
    count = lambda n: Counter(p["agency"] for p in its[n]["problems"])  # noqa: E731
    assert count(1) == {"สพป.สค.": 1, "สพม.สค. สส.": 1, "สช.สค.": 1, "ศกศ.สค.": 1, "สอศ.สค.": 2}
    # one cell holding "1. … 2. … 3. …" in every column becomes three rows
    assert count(3)["สพป.สค."] == 3
    # rows split across a page (with <p> remnants) are rejoined and split by their numbers
    assert count(4)["สพป.สค."] == 5
    assert count(5)["สช.สค."] == 4
    assert count(7)["สกร.สค."] == 4


def test_a_row_broken_by_a_page_break_is_rejoined(seed_parsed):
    first = items(seed_parsed)[1]["problems"][0]
    assert first["agency"] == "สพป.สค."
    assert first["problem"].endswith("ให้ถูกต้องเป็นไปตามวิธีการและหลักเกณฑ์ ที่ ก.ค.ศ. กำหนด")


def test_no_html_survives(seed_parsed):
    for it in seed_parsed.data["items"]:
        for p in it["problems"]:
            assert "<p>" not in p["problem"] + p["solution"] + p["expected_result"]


def test_narratives_by_agency_and_subtopic(seed_parsed):
    its = items(seed_parsed)
    st1 = its[1]["subtopics"][0]
    assert [e["agency"] for e in st1["entries"]] == [
        "สพป.สค.",
        "สพม.สค. สส.",
        "ศกศ.สค.",
        "สกร.สค.",
        "สอศ.สค.",
    ]
    # a line broken mid-sentence is joined back
    sek = next(e for e in its[1]["subtopics"][1]["entries"] if e["agency"] == "ศกศ.สค.")
    assert sek["text"].endswith("จัดทีมกระตุ้นเดือนข้าราชการครูที่มีกำหนดครบ")
    # "3) ลดเวลา…" inside an agency's text is not a sub-topic of item 1
    assert len(its[1]["subtopics"]) == 2
    assert "3) ลดเวลาในการดำเนินการ" in its[1]["subtopics"][1]["entries"][0]["text"]


def test_sections_three_to_five_per_agency(seed_parsed):
    its = items(seed_parsed)
    assert [e["agency"] for e in its[4]["best_practices"]] == ["สพป.สค.", "สช.สค."]
    assert its[7]["best_practices"] == []  # "- ไม่มี -"
    assert [e["agency"] for e in its[3]["recommendations"]] == ["สช.สค.", "สกร.สค.", "สอศ.สค."]


def test_item_footnote_is_kept(seed_parsed):
    assert items(seed_parsed)[2]["footnotes"].startswith("*หากไม่มีการเปิดให้ใช้ระบบ TMS รอบ 2")


def test_coverage_of_content_lines(seed_parsed):
    assert seed_parsed.coverage >= 0.99
    assert len(seed_parsed.content_lines) > 500


def test_repairs_are_reported_with_line_numbers(seed_parsed):
    by_kind = {}
    for a in seed_parsed.anomalies:
        by_kind.setdefault(a.kind, []).append(a)
    misnumbered = by_kind["misnumbered_heading"][0]
    assert misnumbered.item == 13 and "10.2" in misnumbered.message
    assert misnumbered.line and "10.2 ปัญหาอุปสรรค" in misnumbered.excerpt
    assert any(a.item == 10 for a in by_kind["duplicate_heading"])
    assert by_kind["misnumbered_subtopic"][0].item == 9
    assert {a.line for a in by_kind["html_removed"]}
    assert "สำนักงานเขตพื้นที่ศึกษามัธยมศึกษาสมุทรสาคร สมุทรสงคราม" in by_kind["agency_name_variants"][0].message


def test_agencies_are_recognised_however_they_are_spelled(seed_parsed):
    agencies = {a["abbreviation"]: a for a in seed_parsed.data["agencies"]}
    assert set(agencies) == {"ศธจ.สค.", "สพป.สค.", "สพม.สค. สส.", "สช.สค.", "ศกศ.สค.", "สกร.สค.", "สอศ.สค."}
    assert agencies["สพม.สค. สส."]["name"] == "สำนักงานเขตพื้นที่การศึกษามัธยมศึกษาสมุทรสาคร สมุทรสงคราม"


def test_thai_digits_in_tables(seed_text, template_data):
    text = seed_text.replace("สพป.สค.\t493\t455\t32\t5\t1", "สพป.สค.\t๔๙๓\t๔๕๕\t๓๒\t๕\t๑")
    assert rows(items(parse(text, template_data))[1])["สพป.สค."]["values"]["dpa_submitted"] == 493


def test_another_province_of_the_same_form(seed_text, template_data):
    text = seed_text.replace("สมุทรสาคร", "นครปฐม").replace("สค.", "นฐ.").replace(" สมุทรสงคราม", "")
    text = text.replace("สพม.นฐ. สส.", "สพม.นฐ.")
    result = parse(text, template_data)
    d = result.data
    assert d["office"]["code"] == "TH-73"
    assert {a["abbreviation"] for a in d["agencies"]} >= {"สพป.นฐ.", "สพม.นฐ.", "สอศ.นฐ."}
    assert rows(items(result)[1])["สพป.นฐ."]["values"]["dpa_submitted"] == 493
    assert result.coverage >= 0.99


def test_renamed_column_and_missing_agency_are_reported(seed_text, template_data):
    text = seed_text.replace("รายการ\tยื่นคำขอ TMS\tจับคู่ได้", "รายการ\tยื่นคำขอผ่าน TMS\tจับคู่ได้")
    text = text.replace("ศกศ.สค.\t0\t0\n", "")
    result = parse(text, template_data)
    kinds = {(a.kind, a.item) for a in result.anomalies}
    assert ("renamed_column", 2) in kinds
    assert ("missing_agency_row", 2) in kinds
    assert rows(items(result)[2])["สพป.สค."]["values"]["tms_submitted"] == 2


def test_reordered_rows_are_reported_and_put_in_order(seed_text, template_data):
    text = seed_text.replace("สพป.สค.\t2\t2\nสพม.สค. สส.\t2\t0\n", "สพม.สค. สส.\t2\t0\nสพป.สค.\t2\t2\n")
    result = parse(text, template_data)
    assert ("reordered_rows", 2) in {(a.kind, a.item) for a in result.anomalies}
    assert [r["agency"] for r in items(result)[2]["results_table"]["rows"]][:2] == ["สพป.สค.", "สพม.สค. สส."]


def test_text_before_the_first_item_is_reported_not_dropped(seed_text, template_data):
    result = parse("บันทึกข้อความนำส่ง\n\n" + seed_text, template_data)
    unplaced = [a for a in result.anomalies if a.kind == "unplaced"]
    assert unplaced and unplaced[0].line == 1
