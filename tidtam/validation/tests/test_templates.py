"""Template rules are checked when a template is loaded: a bad rule never reaches an agency's form."""

from pathlib import Path

import pytest
import yaml
from django.core.exceptions import ValidationError

from tidtam.formdefs.models import FormTemplate
from tidtam.formdefs.services import TEMPLATES_DIR, template_load
from tidtam.validation.engine import rules_check

ITEM = {
    "number": 1,
    "table": {"columns": [{"key": "submitted"}, {"key": "passed"}]},
    "rules": [
        {
            "id": "passed_le_submitted",
            "severity": "error",
            "expression": "passed <= submitted",
            "message": "ผ่าน ≤ ยื่น",
        }
    ],
}


def with_rule(**changes):
    return {**ITEM, "rules": [{**ITEM["rules"][0], **changes}]}


def test_the_shipped_templates_have_valid_rules():
    for path in sorted(TEMPLATES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for policy in data["policies"]:
            for item in policy["items"]:
                assert rules_check(item) == [], (path.name, item["number"])


def test_a_good_rule_passes():
    assert rules_check(ITEM) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"expression": "__import__('os').system('rm -rf /') == 0"}, "การเรียกฟังก์ชัน"),
        ({"expression": "passed.real <= submitted"}, "แอตทริบิวต์"),
        ({"expression": "passed <= submited"}, "ไม่มีคอลัมน์ชื่อ submited"),
        ({"expression": "passed + submitted"}, "การเปรียบเทียบหนึ่งครั้ง"),
        ({"severity": "fatal"}, "severity ต้องเป็น error หรือ warning"),
        ({"id": ""}, "ไม่มี id"),
        ({"message": ""}, "message"),
        ({"column": "nope"}, "ไม่มีคอลัมน์ nope"),
        ({"severty": "error"}, "คีย์ที่ไม่รู้จัก severty"),
    ],
)
def test_bad_rules_are_reported_by_item_and_rule(changes, expected):
    problems = rules_check(with_rule(**changes))
    assert len(problems) == 1, problems
    assert problems[0].startswith("ข้อ 1 กฎ") and expected in problems[0]


def test_duplicate_rule_ids():
    item = {**ITEM, "rules": ITEM["rules"] * 2}
    assert [p for p in rules_check(item) if "id ซ้ำ" in p]


def test_an_unquoted_numeric_column_key_is_reported_not_a_crash():
    item = with_rule(expression="missing <= 1")
    item["table"] = {"columns": [{"key": 1}, {"key": "passed"}]}
    assert "ไม่มีคอลัมน์ชื่อ missing" in rules_check(item)[0]


def test_rules_need_a_table():
    assert "ไม่มีตารางผลการดำเนินงาน" in rules_check({**ITEM, "table": None})[0]


@pytest.mark.parametrize(
    ("required", "ok"),
    [(["table", "narrative"], True), (["best_practices"], True), (["appendix"], False), ("table", False)],
)
def test_required_sections(required, ok):
    assert (rules_check({**ITEM, "required": required}) == []) is ok


def test_table_cannot_be_required_without_a_table():
    assert rules_check({**ITEM, "table": None, "rules": [], "required": ["table"]})


@pytest.mark.django_db
def test_template_load_refuses_a_template_with_a_bad_rule(tmp_path: Path):
    path = tmp_path / "bad.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "code": "test-form",
                "version": "1",
                "title": "แบบทดสอบ",
                "fiscal_year_be": 2567,
                "round_number": 1,
                "policies": [
                    {
                        "order": 1,
                        "title": "นโยบาย",
                        "items": [{**with_rule(expression="__import__('os') == 0"), "title": "ข้อทดสอบ"}],
                    }
                ],
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as exc:
        template_load(path=path)
    assert "bad.yaml" in exc.value.messages[0] and "passed_le_submitted" in exc.value.messages[0]
    assert not FormTemplate.objects.filter(code="test-form").exists()
