"""`tidtam validate ROUND_KEY --format json|text` on the imported seed."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tidtam.validation.engine import check_round

from .conftest import SEED_KEY

pytestmark = pytest.mark.django_db
CONTRACT_KEYS = ["item", "agency", "section", "rule", "severity", "message", "values"]


def run(*args: str) -> str:
    out = StringIO()
    call_command("validate", *args, stdout=out)
    return out.getvalue()


def test_json_is_an_array_of_findings_in_the_contract_shape(seed_round):
    findings = json.loads(run(SEED_KEY, "--format", "json"))
    # 4 errors in the numbers, and 15 fidelity warnings about the text (2 other scripts, 13 typos).
    assert isinstance(findings, list) and len(findings) == 19
    assert sum(f["severity"] == "error" for f in findings) == 4
    for finding in findings:
        assert list(finding) == CONTRACT_KEYS
        assert isinstance(finding["item"], int)
        assert finding["agency"] is None or isinstance(finding["agency"], str)
        assert finding["section"] in ("X.1", "X.2")
        assert finding["severity"] in ("error", "warning")
        assert isinstance(finding["message"], str) and finding["message"]
        assert all(isinstance(v, int | float) or v is None for v in finding["values"].values())
    first_error = next(f for f in findings if f["severity"] == "error")
    assert first_error == {
        "item": 1,
        "agency": "สกร.สค.",
        "section": "X.1",
        "rule": "outcomes_le_submitted",
        "severity": "error",
        "message": first_error["message"],
        "values": {
            "dpa_passed": 1,
            "dpa_failed": 1,
            "dpa_pending_committee": 2,
            "dpa_awaiting_committee": 1,
            "dpa_submitted": 2,
        },
    }
    assert findings == [f.as_dict() for f in check_round(round_=seed_round)]


def test_json_is_the_default_format(seed_round):
    assert json.loads(run(SEED_KEY)) == json.loads(run(SEED_KEY, "--format", "json"))


def test_text_is_a_readable_thai_table(seed_round):
    text = run(SEED_KEY, "--format", "text")
    assert text.startswith(f"ผลการตรวจสอบข้อมูล รอบ {SEED_KEY} · สำนักงานศึกษาธิการจังหวัดสมุทรสาคร")
    assert "outcomes_le_submitted" in text and "สอศ.สค." in text and "194.02" in text
    assert "1.1" in text  # sections read as the item's own (1.1), not "X.1"
    assert "สรุป: ข้อผิดพลาด 4 · คำเตือน 15 · พบใน 4 ข้อ (1, 3, 5, 9)" in text


def test_an_unknown_round_key_fails_with_a_thai_message(seed_round):
    with pytest.raises(CommandError, match="ไม่พบรอบการตรวจ TH-99/2567/2"):
        run("TH-99/2567/2")


def test_an_unknown_format_fails_with_a_thai_message(seed_round):
    with pytest.raises(CommandError, match="ไม่รองรับรูปแบบ xml"):
        run(SEED_KEY, "--format", "xml")
