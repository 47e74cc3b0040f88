"""A malformed spec (a hand-written YAML file, an upload) is refused in Thai before anything is stored:
never a crash, never a value cut to fit the database."""

import pytest
from django.core.exceptions import ValidationError

from tidtam.formdefs.models import FormTemplate
from tidtam.formdefs.versions import template_create_from_spec

pytestmark = pytest.mark.django_db

BASE = {"code": "x", "version": "1", "title": "แบบทดสอบ", "fiscal_year_be": 2568, "round_number": 1}


def one_item(**item) -> dict:
    return {"policies": [{"order": 1, "title": "นโยบาย", "items": [{"number": 1, "title": "ข้อ", **item}]}]}


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({"policies": "abc"}, "policies ต้องเป็นรายการ"),
        ({"policies": ["abc"]}, "นโยบายที่ 1: ต้องเขียนเป็น"),
        ({"policies": [{"order": 1, "title": "p", "items": "zz"}]}, "items ต้องเป็นรายการ"),
        ({"policies": [{"order": "หนึ่ง", "title": "p"}]}, "ลำดับ (order) ต้องเป็นจำนวนเต็มบวก"),
        ({"policies": [{"order": 1}]}, "ไม่มีชื่อนโยบาย"),
        (one_item(table="x"), "table ต้องมีรายการ columns"),
        (one_item(table={"columns": ["k"]}), "แต่ละคอลัมน์ต้องเขียนเป็น"),
        (one_item(subtopics=["s"]), "ประเด็นย่อยที่ 1: ต้องมีลำดับ"),
        (one_item(subtopics=[{"number": 1, "title": "a"}, {"number": 1, "title": "b"}]), "ประเด็นย่อยที่ 1 ซ้ำ"),
        (one_item(numbering="1.2.3.4.5.6.7.8.9"), "numbering): ยาวเกิน 16"),
        (one_item(code="x" * 80), "รหัสข้อยาวเกิน 64"),
        (one_item(code="ข้อหก"), "รหัสข้อ «ข้อหก» ใช้ได้เฉพาะ"),
        (one_item(table={"columns": [{"key": "a b", "label": "l"}]}), "รหัสคอลัมน์ «a b» ต้องขึ้นต้น"),
        (one_item(table={"columns": [{"key": "budget-2568", "label": "l"}]}), "รหัสคอลัมน์ «budget-2568»"),
        (one_item(table={"columns": [{"key": "a", "label": "l", "unit": "u" * 40}]}), "unit: ยาวเกิน 32"),
        ({"fiscal_year_be": 25680, "policies": []}, "fiscal_year_be ต้องอยู่ระหว่าง 2500 ถึง 2700"),
        ({"round_number": 13, "policies": []}, "round_number ต้องอยู่ระหว่าง 1 ถึง 12"),
        ({"version": "v" * 40, "policies": []}, "version: ยาวเกิน 32"),
    ],
)
def test_a_malformed_spec_is_refused_in_thai(extra, expected):
    with pytest.raises(ValidationError) as exc:
        template_create_from_spec(spec={**BASE, **extra})
    assert any(expected in m for m in exc.value.messages), exc.value.messages
    assert not FormTemplate.objects.exists()


def test_two_items_may_not_continue_the_same_item():
    v1 = template_create_from_spec(spec={**BASE, **one_item(code="A")})
    spec = {
        **BASE,
        "version": "2",
        "previous_version": v1.version,
        "policies": [
            {
                "order": 1,
                "title": "นโยบาย",
                "items": [
                    {"number": 1, "code": "A", "title": "ข้อ"},
                    {"number": 2, "code": "B", "title": "อีกข้อ", "continues_from": "A"},
                ],
            }
        ],
    }
    with pytest.raises(ValidationError, match="สืบต่อจากข้อ A ของรุ่นก่อนหน้าอยู่แล้ว"):
        template_create_from_spec(spec=spec)
