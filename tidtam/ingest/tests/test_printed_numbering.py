"""A report printed with its form version's own numbering (FY 2568: item "1.6", sections "1.6.1" …) imports
like the same report printed the FY 2567 way (items 1–14, sections X.1–X.5).

The FY 2568 report is made from the seed: its header shifted a year (as in test_relative_years), then each
item heading renumbered to the 2568.1 version's numbering and each section heading under it. Headings are
found by the layout (an "N." line followed by "N.1 ผลการดำเนินงาน…"), never by the seed's words."""

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from tidtam.formdefs.models import FormTemplate, Item
from tidtam.formdefs.services import template_files, template_load
from tidtam.ingest.services import report_import, report_parse
from tidtam.orgs.services import orgs_load_hierarchy
from tidtam.testing import SEED

from .test_relative_years import shifted_report

pytestmark = pytest.mark.django_db

ITEM_HEADING = re.compile(r"^(\d{1,2})\s*\.\s*(?!\d)(\S.*)$")
SECTION_HEADING = re.compile(r"^(\d{1,2})\.(\d)(?![\d.])\s*(\S.*)$")
SECTION_WORDS = ("ผลการดำเนินงาน", "ปัญหา", "ปัจจัย", "ข้อเสนอแนะ", "รูปแบบ")
POLICY_LINE = re.compile(r"^นโยบายการตรวจ")
# Anomalies about the document's structure (not about its values, agencies or the version's wording).
STRUCTURE = {
    "unplaced",
    "misnumbered_heading",
    "duplicate_heading",
    "duplicate_item",
    "item_not_in_template",
    "missing_item",
    "missing_table",
}


@pytest.fixture
def both_versions(db):
    orgs_load_hierarchy()
    for path in template_files():
        template_load(path=path)


def numbering(version: str) -> dict[int, str]:
    template = FormTemplate.objects.get(version=version)
    return dict(Item.objects.filter(template=template).values_list("number", "numbering"))


def renumbered(
    text: str,
    numbers: dict[int, str],
    *,
    sections: str | None = "{numbering}.{k}",
    items: str = "{numbering} {title}",
) -> str:
    """Item headings "N. title" printed as `items` says ({numbering}, {title}); their sections "N.k …" as
    `sections` says ({numbering}, {number}, {k}), or left as they are when it is None."""
    lines = text.splitlines()
    out = list(lines)
    for i, line in enumerate(lines):
        m = SECTION_HEADING.match(line)
        if not (m and m.group(3).startswith(SECTION_WORDS) and int(m.group(1)) in numbers):
            continue
        n, k = int(m.group(1)), int(m.group(2))
        if sections is not None:
            out[i] = f"{sections.format(numbering=numbers[n], number=n, k=k)} {m.group(3)}"
        if k == 1:  # the item heading is a few lines above its X.1 heading
            for j in range(i - 1, max(i - 5, -1), -1):
                if (h := ITEM_HEADING.match(lines[j])) and int(h.group(1)) == n:
                    out[j] = items.format(numbering=numbers[n], title=h.group(2))
                    break
            else:
                raise AssertionError(f"no heading above line {i + 1}")
    return "\n".join(out) + "\n"


def fy2568_report(tmp_path: Path, **kwargs: Any) -> Path:
    text = shifted_report(tmp_path).read_text(encoding="utf-8")
    path = tmp_path / "th74-2568-r1-numbered.txt"
    path.write_text(renumbered(text, numbering("2568.1"), **kwargs), encoding="utf-8")
    return path


def by_code(data: dict, template: FormTemplate) -> dict[str, dict]:
    """Items by the code they continue (an FY 2568 item that continues an FY 2567 one counts as that one)."""
    codes = {
        number: continues or code
        for number, code, continues in Item.objects.filter(template=template).values_list(
            "number", "code", "continues_from"
        )
    }
    return {codes[it["number"]]: it for it in data["items"]}


def content(item: dict) -> dict:
    """What a reader of the item sees: table rows (values in column order), texts, X.2 rows."""
    table = item["results_table"] or {"columns": [], "rows": []}
    keys = [c["key"] for c in table["columns"]]
    return {
        "rows": [(r["agency"], [r["values"].get(k) for k in keys], r["notes"]) for r in table["rows"]],
        "results_heading": item["results_heading"],
        "narratives": item["narratives"],
        "subtopics": [(s["number"], s["entries"]) for s in item["subtopics"]],
        "problems": item["problems"],
        "success_factors": item["success_factors"],
        "recommendations": item["recommendations"],
        "best_practices": item["best_practices"],
        "footnotes": item["footnotes"],
    }


def structure(anomalies: list) -> Counter:
    return Counter(a.kind for a in anomalies if a.kind in STRUCTURE)


def coverage(content_lines: set[int], placed: set[int]) -> float:
    return len(placed & content_lines) / len(content_lines)


def assert_imports_like_the_seed(path: Path) -> tuple[dict, list]:
    seed, seed_anomalies, seed_content, seed_placed, seed_template = report_parse(path=SEED)
    data, anomalies, content_lines, placed, template = report_parse(path=path)
    assert seed_template.version == "2567.2"
    assert template.version == "2568.1" and (data["fiscal_year_be"], data["round"]) == (2568, 1)
    old, new = by_code(seed, seed_template), by_code(data, template)
    assert new.keys() == old.keys() and len(new) == 14
    for code in old:
        assert content(new[code]) == content(old[code]), code
    assert coverage(content_lines, placed) >= coverage(seed_content, seed_placed)
    assert not structure(anomalies) - structure(seed_anomalies)
    # The version's own wording (item 6 renamed, a typo fixed) is noted as for the same report unnumbered.
    _data, unnumbered, _c, _p, _t = report_parse(path=shifted_report(path.parent))
    differs = [(a.kind, a.item) for a in anomalies if a.kind == "item_title_differs"]
    assert differs == [(a.kind, a.item) for a in unnumbered if a.kind == "item_title_differs"]
    return data, anomalies


@pytest.mark.parametrize(
    "sections",
    [
        "{numbering}.{k}",  # 1.6.1 ผลการดำเนินงาน…
        "{number}.{k}",  # 6.1 ผลการดำเนินงาน… under "1.6 จัดหา…"
        "({k})",  # (1) ผลการดำเนินงาน…
    ],
)
def test_a_report_numbered_like_the_2568_form_reads_like_the_seed(both_versions, tmp_path, sections):
    data, _anomalies = assert_imports_like_the_seed(fy2568_report(tmp_path, sections=sections))
    assert [it["number"] for it in data["items"]] == list(range(1, 15))


@pytest.mark.parametrize(
    "items", ["{numbering}. {title}", "ข้อ {numbering} {title}", "ตัวชี้วัดที่ {numbering} {title}"]
)
def test_item_headings_written_other_ways(both_versions, tmp_path, items):
    assert_imports_like_the_seed(fy2568_report(tmp_path, items=items))


def test_thai_digits_in_the_numbering(both_versions, tmp_path):
    from tidtam.common.thai import to_thai_digits

    path = fy2568_report(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(
        "\n".join(
            to_thai_digits(line) if re.match(r"^\d\.\d", line) and len(line) > 6 else line
            for line in text.splitlines()
        ),
        encoding="utf-8",
    )
    data, anomalies, *_ = report_parse(path=path)
    assert [it["number"] for it in data["items"]] == list(range(1, 15))
    assert not [a for a in anomalies if a.kind in ("unplaced", "missing_item")]


def test_the_numbered_report_imports_into_the_2568_round(both_versions, tmp_path):
    path = fy2568_report(tmp_path)
    text = path.read_text(encoding="utf-8")
    assert "\n1.6 " in text and "\n1.6.1 " in text and "\n2.2.2 " in text  # the renumbering took place
    seed = report_import(path=SEED)
    outcome = report_import(path=path)
    assert outcome.round.key == "TH-74/2568/1" and outcome.round.template.version == "2568.1"
    assert outcome.run.coverage >= seed.run.coverage
    assert not outcome.run.anomalies.filter(kind__in=["unplaced", "missing_item", "duplicate_item"]).exists()
    assert outcome.run.anomalies.filter(kind="misnumbered_heading").count() == (
        seed.run.anomalies.filter(kind="misnumbered_heading").count()
    )


def with_policy_headings(text: str, titles: dict[int, str], heading: str) -> str:
    """Each "นโยบายการตรวจ : …" line printed as `heading` ({order}, {title}) of the policy of the item below."""
    lines = text.splitlines()
    order = 1
    for i, line in enumerate(lines):
        if POLICY_LINE.match(line):
            below = next(x for x in lines[i + 1 :] if x.strip())
            order = 1 if below.startswith("1.") else 2
            lines[i] = heading.format(order=order, title=titles[order])
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "heading",
    [
        "นโยบายที่ {order} {title}",
        "นโยบายที่ {order} : {title}",
        "{order}. {title}",
        "นโยบายที่ {order}",
    ],
)
def test_policy_headings_above_numbered_items(both_versions, tmp_path, heading):
    template = FormTemplate.objects.get(version="2568.1")
    # Printed as the ministry writes them, without the leading "การ" of the form's title.
    titles = {p.order: p.title.removeprefix("การ") for p in template.policies.all()}
    path = fy2568_report(tmp_path)
    text = with_policy_headings(path.read_text(encoding="utf-8"), titles, heading)
    assert not any(POLICY_LINE.match(line) for line in text.splitlines())
    path.write_text(text, encoding="utf-8")
    data, anomalies = assert_imports_like_the_seed(path)
    policies = {it["number"]: it["policy"] for it in data["items"]}
    full = {p.order: p.title for p in template.policies.all()}
    expected_1, expected_2 = (titles[1], titles[2]) if "{title}" in heading else (full[1], full[2])
    assert {policies[n] for n in range(1, 8)} == {expected_1}
    assert {policies[n] for n in range(8, 15)} == {expected_2}
    assert not [a for a in anomalies if a.kind == "unplaced"]


@pytest.mark.parametrize("before", ["1.1.2", "1.2"])
def test_a_numbered_line_of_content_is_not_taken_for_an_item(both_versions, tmp_path, before):
    """ "2.2 <text>" inside an item is content unless the text is item 2.2's title and its own X.1 follows."""
    path = fy2568_report(tmp_path)
    before_data, *_ = report_parse(path=path)
    items = Item.objects.filter(template__version="2568.1")
    title = items.get(numbering="2.2").title
    # Item 2.2's title quoted at the end of item 1.1's results (before its X.2 heading), or at the end of
    # item 1.1 (before the heading of item 1.2 and its X.1).
    anchor = "\n1.1.2 " if before == "1.1.2" else f"\n1.2 {items.get(numbering='1.2').title[:12]}"
    text = path.read_text(encoding="utf-8")
    assert text.count(anchor) == 1
    path.write_text(text.replace(anchor, f"\n2.2 {title}\n{anchor}"), encoding="utf-8")
    after, anomalies, *_ = report_parse(path=path)
    assert title in str(after["items"][0]) and title not in str(before_data["items"][0])
    for n in (2, 9):  # items 1.2 and 2.2 start where they are printed
        assert content(after["items"][n - 1]) == content(before_data["items"][n - 1])
    assert not [a for a in anomalies if a.kind in ("duplicate_item", "unplaced")]
