"""Form versions: the three authoring routes agree, continuity follows codes, published versions freeze."""

import copy
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tidtam.dashboards.charts import trend
from tidtam.dashboards.rollup import Slot
from tidtam.formdefs.diff import template_diff
from tidtam.formdefs.models import FormTemplate, Item
from tidtam.formdefs.services import round_create, template_files, template_load
from tidtam.formdefs.spec import template_spec
from tidtam.formdefs.versions import (
    template_copy,
    template_create_from_spec,
    template_publish,
    template_replace_contents,
)
from tidtam.formdefs.workbook import spec_to_workbook
from tidtam.formdefs.workbook_read import workbook_to_spec
from tidtam.orgs.tests.factories import AgencyFactory, ProvincialOfficeFactory
from tidtam.submissions.models import Submission, TableValue
from tidtam.validation.engine.history import previous_rows

from .factories import RoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def versions():
    return {path.stem: template_load(path=path)[0] for path in template_files()}


def without(spec: dict, *keys: str) -> dict:
    spec = copy.deepcopy(spec)
    for key in keys:
        spec.pop(key, None)
    return spec


def test_fy2568_continues_fy2567_item_6_as_1_6_with_relative_budget_columns(versions):
    new = versions["moe-inspection-2568-1"]
    janitor = new.items.get(numbering="1.6")
    old = Item.objects.get(template__version="2567.2", number=6)
    assert janitor.lineage == old.lineage and janitor.continues_from == old.code
    assert janitor.title.startswith("จัดหานักการภารโรง") and not janitor.additional_policy
    hired = janitor.columns.get(key="janitor_hired")
    assert hired.lineage == "janitor_recruited"
    labels = list(new.items.get(number=9).columns.values_list("label", flat=True))
    assert labels[2:] == ["งบลงทุนที่ได้รับจัดสรร ปี {fy-1}", "งบลงทุนที่ได้รับจัดสรร ปี {fy}"]
    contents = str(template_spec(new)["policies"])
    assert "ภูมิสำเนา" not in contents and "จัดหนัก" not in contents
    assert "สมมติฐาน" in new.notes  # what is assumed is marked for the ministry to confirm


def test_yaml_workbook_and_copy_routes_give_identical_versions(versions):
    from_yaml = template_spec(versions["moe-inspection-2568-1"])
    # Workbook: export, import as a new version.
    spec = workbook_to_spec(spec_to_workbook(from_yaml))
    spec["version"] = "2568.1-xlsx"
    from_workbook = template_create_from_spec(spec=spec, status=FormTemplate.Status.DRAFT)
    assert without(template_spec(from_workbook), "version") == without(from_yaml, "version")
    # Web pages: copy the previous version, then save the edited contents.
    draft = template_copy(template=versions["moe-inspection-2567-2"], version="2568.1-web")
    edited = {**from_yaml, "version": draft.version}
    draft = template_replace_contents(template=draft, spec=edited)
    assert without(template_spec(draft), "version") == without(from_yaml, "version")


def test_export_import_export_gives_the_same_workbook_but_the_version(versions):
    first = template_spec(versions["moe-inspection-2568-1"])
    spec = workbook_to_spec(spec_to_workbook(first))
    spec["version"] = "2568.1-copy"
    again = template_spec(template_create_from_spec(spec=spec))
    assert workbook_to_spec(spec_to_workbook(again)) == {
        **workbook_to_spec(spec_to_workbook(first)),
        "version": "2568.1-copy",
    }


def test_diff_names_the_moved_renamed_item_and_changed_columns(versions):
    d = template_diff(a=versions["moe-inspection-2567-2"], b=versions["moe-inspection-2568-1"])
    assert not d.added and not d.removed
    assert any("ข้อ 6 [P1.I6]" in m and "ข้อ 1.6" in m for m in d.moved)
    assert any("จัดหนักการภารโรง" in r and "จัดหานักการภารโรง" in r for r in d.renamed)
    assert any("investment_2566" in c and "investment_previous_year" in c for c in d.columns)
    assert any("hired_le_allotted" in r for r in d.rules)
    # The typo fixed in a sub-topic and in a heading shows too, and what the new version assumes.
    assert any("ประเด็นย่อยที่ 1" in x and "ภูมิสำเนา" in x and "ภูมิลำเนา" in x for x in d.subtopics)
    assert any("หัวข้อผลการดำเนินงาน" in x and "จัดหนักการภารโรง" in x for x in d.other)
    assert any("นโยบายเพิ่มเติม ใช่ → ไม่ใช่" in x for x in d.other)
    assert any(x.startswith("สมมติฐาน") for x in d.notes)


def test_diff_names_changed_rule_fields_column_order_and_policy_titles():
    v1 = template_create_from_spec(
        spec={
            **SMALL,
            "policies": [
                {
                    **SMALL["policies"][0],
                    "items": [
                        {
                            "number": 6,
                            "title": "ข้อหก",
                            "table": {"columns": [{"key": "a", "label": "ก"}, {"key": "b", "label": "ข"}]},
                            "rules": [
                                {"id": "r", "severity": "error", "expression": "a <= b", "message": "ม"}
                            ],
                        }
                    ],
                },
                SMALL["policies"][1],
            ],
        }
    )
    draft = template_copy(template=v1, version="2")
    spec = template_spec(draft)
    spec["policies"][1]["title"] = "นโยบายสอง (ปรับชื่อ)"
    item = spec["policies"][0]["items"][0]
    item["table"]["columns"].reverse()
    item["rules"][0].update(severity="warning", message="ข้อความใหม่")
    d = template_diff(a=v1, b=template_replace_contents(template=draft, spec=spec))
    assert not d.added and not d.removed
    assert any("กฎ r severity «error» → «warning»" in x for x in d.rules)
    assert any("กฎ r message «ม» → «ข้อความใหม่»" in x for x in d.rules)
    assert any("ลำดับคอลัมน์ b → a" in x for x in d.columns)
    assert any("นโยบาย 2: «นโยบายสอง» → «นโยบายสอง (ปรับชื่อ)»" in x for x in d.other)


def test_published_or_used_versions_cannot_change(versions):
    published = versions["moe-inspection-2568-1"]
    with pytest.raises(ValidationError, match="แก้ไขไม่ได้"):
        template_replace_contents(template=published, spec=template_spec(published))
    draft = template_copy(template=published, version="2568.2")
    assert draft.status == FormTemplate.Status.DRAFT and draft.previous == published
    office = ProvincialOfficeFactory()
    with pytest.raises(ValidationError, match="ฉบับร่าง"):
        round_create(office=office, fiscal_year_be=2568, number=2, template=draft)
    draft = template_publish(template=draft)
    round_ = round_create(office=office, fiscal_year_be=2568, number=2, template=draft)
    with pytest.raises(ValidationError):
        template_publish(template=draft)
    successor = template_copy(template=draft, version="2568.3")
    template_publish(template=successor)
    round_.refresh_from_db()
    assert round_.template == draft  # a round keeps the version it was opened with


SMALL = {
    "code": "small-form",
    "version": "1",
    "title": "แบบทดสอบ",
    "fiscal_year_be": 2567,
    "round_number": 2,
    "policies": [
        {
            "order": 1,
            "title": "นโยบายหนึ่ง",
            "items": [
                {
                    "number": 6,
                    "title": "จัดหนักการภารโรง",
                    "table": {"columns": [{"key": "janitor_recruited", "label": "จัดหาเรียบร้อยแล้ว"}]},
                },
            ],
        },
        {"order": 2, "title": "นโยบายสอง", "items": [{"number": 7, "title": "ข้ออื่น"}]},
    ],
}


def _moved_version(v1: FormTemplate) -> FormTemplate:
    """Version 2: the item moves to policy 2 as its first item, with a renamed column; a new item starts."""
    return template_create_from_spec(
        spec={
            **SMALL,
            "version": "2",
            "previous_version": v1.version,
            "fiscal_year_be": 2568,
            "round_number": 1,
            "policies": [
                {
                    "order": 1,
                    "title": "นโยบายหนึ่ง",
                    "items": [
                        {
                            "number": 1,
                            "code": "NEW",
                            "title": "ข้อใหม่",
                            "table": {"columns": [{"key": "n", "label": "จำนวน"}]},
                        }
                    ],
                },
                {
                    "order": 2,
                    "title": "นโยบายสอง",
                    "items": [
                        {
                            "number": 2,
                            "code": "P2.I1",
                            "numbering": "2.1",
                            "continues_from": "P1.I6",
                            "title": "จัดหานักการภารโรง",
                            "table": {
                                "columns": [
                                    {
                                        "key": "hired",
                                        "label": "ได้ดำเนินการจัดหา",
                                        "continues_from": "janitor_recruited",
                                    }
                                ]
                            },
                        },
                        {"number": 3, "code": "P2.I7", "title": "ข้ออื่น", "continues_from": "P2.I7"},
                    ],
                },
            ],
        }
    )


def _report(template, office, agency, fy, rn, item_number, key, value):
    round_ = RoundFactory(template=template, office=office, fiscal_year_be=fy, number=rn)
    item = template.items.get(number=item_number)
    sub = Submission.objects.create(round=round_, item=item, agency=agency, status=Submission.Status.ACCEPTED)
    TableValue.objects.create(submission=sub, column=item.columns.get(key=key), value=Decimal(value))
    return round_


def test_trend_and_previous_round_follow_a_moved_item_and_a_renamed_column():
    v1 = template_create_from_spec(spec=SMALL)
    v2 = _moved_version(v1)
    office = ProvincialOfficeFactory()
    agency = AgencyFactory(parent=office)
    _report(v1, office, agency, 2567, 2, 6, "janitor_recruited", 40)
    r2 = _report(v2, office, agency, 2568, 1, 2, "hired", 55)
    moved = v2.items.get(code="P2.I1")
    series = trend(submissions=Submission.objects.all(), item=moved, slots=[])
    assert series.values[Slot(2567, 2)]["hired"] == Decimal(40)
    assert series.values[Slot(2568, 1)]["hired"] == Decimal(55)
    assert series.fresh_start == ""
    # The outlier check compares FY 2568's 2.1 with FY 2567's item 6, column by column.
    assert previous_rows(round_=r2)[(2, agency.pk)] == {"hired": Decimal(40)}
    fresh = trend(submissions=Submission.objects.all(), item=v2.items.get(code="NEW"), slots=[])
    assert "เริ่มเก็บข้อมูลในแบบฟอร์มรุ่น 2" in fresh.fresh_start


def test_continuing_from_an_unknown_code_is_refused():
    v1 = template_create_from_spec(spec=SMALL)
    spec = copy.deepcopy(SMALL)
    spec.update(version="2", previous_version=v1.version)
    spec["policies"][0]["items"][0]["continues_from"] = "P9.I9"
    with pytest.raises(ValidationError, match="P9.I9"):
        template_create_from_spec(spec=spec)


@pytest.mark.parametrize(
    ("fy", "number", "expected"),
    [
        (2568, 1, "2568.1"),
        (2568, 2, "2568.1"),  # the latest earlier version
        (2570, 1, "2568.1"),
        (2567, 2, "2567.2"),
        (2567, 1, "2567.2"),  # nothing earlier: the earliest later one
        (2566, 2, "2567.2"),
    ],
)
def test_the_importer_reads_a_report_against_the_nearest_published_version(versions, fy, number, expected):
    from tidtam.formdefs.services import template_nearest

    assert template_nearest(code=None, fiscal_year_be=fy, round_number=number).version == expected


def test_drafts_are_never_nearest_and_a_later_copy_for_the_same_round_wins(versions):
    from tidtam.formdefs.services import template_nearest

    template_copy(template=versions["moe-inspection-2568-1"], version="2569.1", fiscal_year_be=2569)
    assert template_nearest(code=None, fiscal_year_be=2569, round_number=1).version == "2568.1"
    corrected = template_copy(template=versions["moe-inspection-2568-1"], version="2568.1a")
    template_publish(template=corrected)
    assert template_nearest(code=None, fiscal_year_be=2568, round_number=2).version == "2568.1a"
