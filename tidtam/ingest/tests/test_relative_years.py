"""An FY 2568 report (made from the seed by shifting its years) imports into the right year's columns."""

from decimal import Decimal
from pathlib import Path

import pytest

from tidtam.formdefs.services import template_files, template_load
from tidtam.ingest.services import report_import
from tidtam.orgs.services import orgs_load_hierarchy
from tidtam.reports.exporters.json import round_to_dict
from tidtam.submissions.models import TableValue
from tidtam.testing import SEED

pytestmark = pytest.mark.django_db

BUDGET_HEADER = "งบลงทุนที่ได้รับ จัดสรร ปี 2566\tงบลงทุนที่ได้รับจัดสรร ปี 2567"


def shifted_report(tmp_path: Path, *, budget_years: tuple[int, int] = (2567, 2568)) -> Path:
    """The seed as an FY 2568 round-1 report: its header and the item 9 budget columns a year later."""
    text = SEED.read_text(encoding="utf-8")
    assert BUDGET_HEADER in text
    text = text.replace("รอบที่ 2 ประจำปีงบประมาณ พ.ศ. 2567", "รอบที่ 1 ประจำปีงบประมาณ พ.ศ. 2568")
    text = text.replace("ข้อมูล ณ วันที่ 15 กรกฎาคม 67", "ข้อมูล ณ วันที่ 15 มีนาคม 68")
    previous, current = budget_years
    text = text.replace(BUDGET_HEADER, f"งบลงทุนที่ได้รับ จัดสรร ปี {previous}\tงบลงทุนที่ได้รับจัดสรร ปี {current}")
    path = tmp_path / "th74-2568-r1.txt"
    path.write_text(text, encoding="utf-8")
    return path


def budget(round_, key: str) -> Decimal | None:
    value = TableValue.objects.filter(
        submission__round=round_,
        submission__item__number=9,
        submission__agency__short_name="สพป.สค.",
        column__key=key,
    ).first()
    return value.value if value else None


@pytest.fixture
def both_versions(db):
    orgs_load_hierarchy()
    for path in template_files():
        template_load(path=path)


def test_fy2568_report_files_each_budget_under_its_own_year(both_versions, tmp_path):
    outcome = report_import(path=shifted_report(tmp_path))
    round_ = outcome.round
    assert round_.key == "TH-74/2568/1"
    assert round_.template.version == "2568.1"
    # "ปี 2567" of an FY 2568 report is the previous year's column, "ปี 2568" the current year's.
    assert budget(round_, "investment_previous_year") == Decimal("1716400")
    assert budget(round_, "investment_current_year") == Decimal("2329100")
    assert not outcome.run.anomalies.filter(kind="unknown_column", item_number=9).exists()
    item9 = next(i for i in round_to_dict(round_)["items"] if i["number"] == 9)
    labels = [c["label"] for c in item9["results_table"]["columns"]]
    assert labels[2:] == ["งบลงทุนที่ได้รับจัดสรร ปี 2567", "งบลงทุนที่ได้รับจัดสรร ปี 2568"]


def test_a_year_no_column_names_is_an_anomaly_and_its_values_are_not_stored(both_versions, tmp_path):
    outcome = report_import(path=shifted_report(tmp_path, budget_years=(2565, 2568)))
    round_ = outcome.round
    assert budget(round_, "investment_previous_year") is None
    assert budget(round_, "investment_current_year") == Decimal("2329100")
    unknown = outcome.run.anomalies.filter(kind="unknown_column", item_number=9)
    assert unknown.count() == 1 and "2565" in unknown.get().message


def test_against_the_fy2567_form_the_fy2568_budget_never_lands_under_another_year(db, tmp_path):
    orgs_load_hierarchy()
    template_load(path=template_files()[0])  # only 2567.2: columns literally "ปี 2566" / "ปี 2567"
    outcome = report_import(path=shifted_report(tmp_path))
    round_ = outcome.round
    assert round_.template.version == "2567.2"
    assert budget(round_, "investment_2566") is None  # the FY 2567 value is not filed as 2566
    assert budget(round_, "investment_2567") == Decimal("1716400")  # "ปี 2567" is 2567 in any report
    assert outcome.run.anomalies.filter(kind="unknown_column", message__contains="2568").exists()


def test_a_json_export_of_the_older_form_lands_in_the_continuing_items_and_columns(both_versions, tmp_path):
    import json

    from tidtam.testing import SEED_KEY

    seed = report_import(path=SEED).round
    assert seed.key == SEED_KEY and seed.template.version == "2567.2"
    data = round_to_dict(seed)
    assert next(i for i in data["items"] if i["number"] == 6)["code"] == "P1.I6"
    data.pop("template")
    data.update(fiscal_year_be=2568, round=1)
    path = tmp_path / "older-form.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    round_ = report_import(path=path).round
    assert round_.template.version == "2568.1"
    recruited = TableValue.objects.filter(
        submission__round=seed, submission__item__number=6, column__key="janitor_recruited"
    ).order_by("submission__agency_id")
    hired = TableValue.objects.filter(
        submission__round=round_, submission__item__code="P1.I6", column__key="janitor_hired"
    ).order_by("submission__agency_id")
    assert [v.value for v in hired] == [v.value for v in recruited] and hired.exists()


def parsed_item(path: Path, number: int) -> tuple[dict, list, str]:
    from tidtam.ingest.services import report_parse

    data, anomalies, _content, _placed, template = report_parse(path=path)
    item = next(i for i in data["items"] if i["number"] == number)
    return item, anomalies, template.version


def first_row_values(item: dict) -> dict:
    row = item["results_table"]["rows"][0]
    return {k: v for k, v in row["values"].items() if k.startswith("investment")}


def shifted(tmp_path: Path, fy: int, number: int, previous: str, current: str) -> Path:
    text = SEED.read_text(encoding="utf-8")
    text = text.replace("รอบที่ 2 ประจำปีงบประมาณ พ.ศ. 2567", f"รอบที่ {number} ประจำปีงบประมาณ พ.ศ. {fy}")
    text = text.replace(BUDGET_HEADER, f"งบลงทุนที่ได้รับ จัดสรร {previous}\tงบลงทุนที่ได้รับจัดสรร {current}")
    path = tmp_path / f"th74-{fy}-r{number}.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("fy", "number", "previous", "current"),
    [
        (2568, 1, "ปีงบประมาณ 2567", "ปีงบประมาณ 2568"),
        (2568, 1, "พ.ศ. 2567", "พ.ศ. 2568"),
        (2568, 1, "ปี ๒๕๖๗", "ปี ๒๕๖๘"),
        (2568, 2, "ปี 67", "ปี 68"),
        (2569, 1, "ปี 2568", "ปี 2569"),  # a later year than any version: the nearest, 2568.1, relative
        (2569, 1, "ปีงบประมาณที่ผ่านมา", "ปีงบประมาณปัจจุบัน"),
    ],
)
def test_other_phrasings_and_years_land_by_their_year(both_versions, tmp_path, fy, number, previous, current):
    item, anomalies, version = parsed_item(shifted(tmp_path, fy, number, previous, current), 9)
    assert version == "2568.1"
    assert first_row_values(item) == {"investment_previous_year": 1716400, "investment_current_year": 2329100}
    assert not [a for a in anomalies if a.kind == "unknown_column"]


def test_swapped_year_columns_follow_their_years_not_their_places(both_versions, tmp_path):
    item, _anomalies, _version = parsed_item(shifted(tmp_path, 2568, 1, "ปี 68", "ปี 67"), 9)
    assert first_row_values(item) == {"investment_current_year": 1716400, "investment_previous_year": 2329100}


def test_a_header_naming_no_year_is_not_given_one(both_versions, tmp_path):
    item, anomalies, _version = parsed_item(shifted(tmp_path, 2568, 1, "", ""), 9)
    assert first_row_values(item) == {}
    unknown = [a.message for a in anomalies if a.kind == "unknown_column"]
    assert len(unknown) == 2 and all("ไม่ระบุปี" in m for m in unknown)


def test_a_renamed_column_is_found_by_its_former_name(both_versions, tmp_path):
    """FY 2568 renamed item 6's "จัดหาเรียบร้อยแล้ว" (janitor_recruited → janitor_hired); a report that still
    prints the old name files its numbers under the column that continues it, with a warning."""
    item, anomalies, _version = parsed_item(shifted_report(tmp_path), 6)
    assert "janitor_hired" in item["results_table"]["rows"][0]["values"]
    assert any(a.kind == "renamed_column" and "จัดหาเรียบร้อยแล้ว" in a.message for a in anomalies)
    assert not [a for a in anomalies if a.kind == "unknown_column"]
