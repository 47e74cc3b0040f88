"""Fidelity warnings about the text as written: other scripts inside Thai words, mistyped key terms,
narrative numbers that contradict the table. "ควรตรวจสอบ", never an edit."""

from decimal import Decimal

import pytest

from tidtam.validation.engine import check_round
from tidtam.validation.engine.fidelity import (
    RULE_NARRATIVE_NUMBER,
    RULE_STRAY_SCRIPT,
    RULE_TERM_TYPO,
    TextField,
    fidelity_findings,
    narrative_number_conflicts,
    stray_scripts,
    term_typos,
)

COLUMNS = [
    ("dpa_submitted", "ยื่นคำขอ DPA", "ราย"),
    ("dpa_passed", "ผ่านเกณฑ์", "ราย"),
    ("dpa_failed", "ไม่ผ่านเกณฑ์", "ราย"),
]


def test_devanagari_and_lao_letters_inside_thai_words_are_found_and_lao_gets_its_thai_twin():
    [(word, letters, script, corrected)] = stray_scripts("เตรียมแผนเผชิญเหตุ เช่น กรณีवादภัย อุทกภัย")
    assert (letters, script, corrected) == ("वाद", "เทวนาครี", None) and "กรณี" in word
    [(word, letters, script, corrected)] = stray_scripts("ระบบสำรวจแวວความสามารถพิเศษ")
    assert (letters, script) == ("ວ", "ลาว") and "แวว" in corrected and "ວ" not in corrected


def test_key_term_one_edit_away_is_a_likely_typo_with_its_correction():
    assert list(term_typos("ยื่นคำขอมีวิชยฐานะและเลื่อนวิทยฐานะ")) == [("วิชยฐานะ", "วิทยฐานะ")]


@pytest.mark.parametrize(
    "text",
    [
        "ยื่นคำขอมีวิทยฐานะและเลื่อนวิทยฐานะผ่านระบบประเมินวิทยฐานะดิจิทัล DPA ของสถานศึกษาในสังกัด",
        "สำนักงานเขตพื้นที่\nการศึกษาประถมศึกษาสมุทรสาคร",  # a term broken by a line: layout, not a typo
        "นักเรียนและครู ใช้ระบบ DPA ตามหลักเกณฑ์ ก.ค.ศ. (ว 9/2564) จำนวน 5 ราย",
        "สถานศึกษาฯ ทุกแห่ง สถานศึกษาๆ",
    ],
)
def test_clean_text_has_no_fidelity_finding(text):
    fields = [TextField("X.1", "ผลการดำเนินงาน", text)]
    row = {"dpa_submitted": Decimal(5), "dpa_passed": Decimal(4), "dpa_failed": Decimal(1)}
    assert (
        fidelity_findings(item_number=1, agency_label="สพป.สค.", fields=fields, columns=COLUMNS, row=row)
        == []
    )


def test_a_narrative_number_that_contradicts_the_row_is_a_warning():
    row = {"dpa_submitted": Decimal(450), "dpa_passed": Decimal(400), "dpa_failed": Decimal(32)}
    text = "มีครูยื่นคำขอ 493 ราย ผ่านเกณฑ์ 400 ราย ไม่ผ่านเกณฑ์ 32 ราย"
    assert [(k, w, v) for k, _p, w, v in narrative_number_conflicts(text, COLUMNS, row)] == [
        ("dpa_submitted", Decimal(493), Decimal(450))
    ]
    [finding] = fidelity_findings(
        item_number=1,
        agency_label="สพป.สค.",
        fields=[TextField("X.1", "ผลการดำเนินงาน ประเด็นย่อย 1", text)],
        columns=COLUMNS,
        row=row,
    )
    assert (finding.rule, finding.severity, finding.column) == (
        RULE_NARRATIVE_NUMBER,
        "warning",
        "dpa_submitted",
    )
    assert "493" in finding.message and "450" in finding.message and "ควรตรวจสอบ" in finding.message
    assert finding.values == {"dpa_submitted": 450, "narrative": 493}


def test_passed_inside_failed_is_read_as_failed():
    row = {"dpa_submitted": Decimal(10), "dpa_passed": Decimal(8), "dpa_failed": Decimal(2)}
    assert list(narrative_number_conflicts("ไม่ผ่านเกณฑ์ 2 ราย", COLUMNS, row)) == []


@pytest.mark.django_db
def test_the_seed_finds_the_other_scripts_and_the_thirteen_mistyped_vitayathana(seed_round):
    findings = [f for f in check_round(round_=seed_round) if f.rule in (RULE_STRAY_SCRIPT, RULE_TERM_TYPO)]
    assert all(f.severity == "warning" and "ควรตรวจสอบ" in f.message for f in findings)
    stray = [f for f in findings if f.rule == RULE_STRAY_SCRIPT]
    assert any("वाद" in f.message and "เทวนาครี" in f.message for f in stray)
    assert any("ວ" in f.message and "ลาว" in f.message and "แวว" in f.message for f in stray)
    assert len(stray) == 2
    typos = [f for f in findings if f.rule == RULE_TERM_TYPO]
    assert sum("«วิชยฐานะ»" in f.message and "«วิทยฐานะ»" in f.message for f in typos) == 13
    assert all(f.agency for f in findings)  # each is placed with its agency
