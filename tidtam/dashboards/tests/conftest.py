"""A small hand-built nation: two provinces in region A, one in region B, two rounds on two template
versions, and one secondary-education agency (สพม.) that serves both provinces of region A.

Item 1's table has one column of each aggregation: count (sum), score (mean), rate (weighted_mean by
count) and code (none). Values of the second round (FY 2567 round 2):

    province  agency   count  score  rate  code
    P1        A1         10     80    50     1
    P1        S (spm)    30     90    70     2
    P2        S (spm)    20     60    40     3
    P2        A2         60    100    80     4
    P3        A3         40     70    90     5
    P3        A4       1000      0     0     9   ← a draft: never counted

The first round (FY 2567 round 1, older template version) has count 5 in every row.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from tidtam.formdefs.models import Column, Item, Round
from tidtam.formdefs.tests.factories import (
    ColumnFactory,
    FormTemplateFactory,
    ItemFactory,
    PolicyFactory,
    RoundFactory,
    RoundParticipantFactory,
    SubtopicFactory,
)
from tidtam.orgs.models import Membership, OrgUnit
from tidtam.orgs.tests.factories import (
    AgencyFactory,
    AgencyServiceFactory,
    MembershipFactory,
    MinistryFactory,
    ProvinceFactory,
    ProvincialOfficeFactory,
    RegionFactory,
)
from tidtam.submissions.models import Submission, TableValue
from tidtam.submissions.tests.factories import NarrativeEntryFactory, ProblemRowFactory, SubmissionFactory
from tidtam.testing import SEED  # noqa: E402,F401 - imported by test_seed

COLUMNS = [
    ("count", "จำนวนผู้ยื่นคำขอ", "ราย", Column.Aggregation.SUM, ""),
    ("score", "คะแนนเฉลี่ย", "คะแนน", Column.Aggregation.MEAN, ""),
    ("rate", "ร้อยละที่ผ่าน", "ร้อยละ", Column.Aggregation.WEIGHTED_MEAN, "count"),
    ("code", "รหัสกลุ่ม", "", Column.Aggregation.NONE, ""),
]


@dataclass
class Nation:
    ministry: OrgUnit
    region_a: OrgUnit
    region_b: OrgUnit
    p1: OrgUnit
    p2: OrgUnit
    p3: OrgUnit
    offices: dict[str, OrgUnit]
    agencies: dict[str, OrgUnit]
    item_new: Item
    item_old: Item
    rounds: dict[tuple[str, int], Round]


def _item(template, version_title: str) -> Item:
    policy = PolicyFactory(template=template, order=1, title="การลดภาระครูและบุคลากรทางการศึกษา")
    item = ItemFactory(policy=policy, number=1, title=f"พัฒนาระบบการประเมินวิทยฐานะครู{version_title}")
    for order, (key, label, unit, aggregation, weight) in enumerate(COLUMNS, start=1):
        ColumnFactory(
            item=item,
            order=order,
            key=key,
            label=label,
            unit=unit,
            aggregation=aggregation,
            weight_key=weight,
            value_type="decimal",
        )
    SubtopicFactory(item=item, number=1, title="การสร้างการรับรู้ ความเข้าใจ")
    ItemFactory(policy=policy, number=2, title="ปรับลดงานที่ไม่จำเป็นหรือซ้ำซ้อน")
    return item


def add(round_, item, agency, values, *, status=Submission.Status.ACCEPTED, text=""):
    sub = SubmissionFactory(
        round=round_,
        item=item,
        agency=agency,
        status=status,
        success_factors=text and f"ปัจจัยแห่งความสำเร็จของ{agency.short_name}",
    )
    for column in item.columns.order_by("order"):
        if column.key in values:
            TableValue.objects.create(submission=sub, column=column, value=Decimal(str(values[column.key])))
    if text:
        NarrativeEntryFactory(submission=sub, subtopic=item.subtopics.first(), text=text)
        ProblemRowFactory(submission=sub, order=1, problem=f"ขาดงบประมาณ ({agency.short_name})")
    return sub


@pytest.fixture
def nation(db) -> Nation:
    ministry = MinistryFactory()
    region_a = RegionFactory(
        code="REG-91", name="สำนักงานศึกษาธิการภาคทดสอบ ก", short_name="ศธภ.ก", parent=ministry
    )
    region_b = RegionFactory(
        code="REG-92", name="สำนักงานศึกษาธิการภาคทดสอบ ข", short_name="ศธภ.ข", parent=ministry
    )
    p1 = ProvinceFactory(code="TH-91", name="จังหวัดหนึ่ง", short_name="นง.", parent=region_a)
    p2 = ProvinceFactory(code="TH-92", name="จังหวัดสอง", short_name="สง.", parent=region_a)
    p3 = ProvinceFactory(code="TH-93", name="จังหวัดสาม", short_name="สม.", parent=region_b)
    offices = {p.code: ProvincialOfficeFactory(parent=p) for p in (p1, p2, p3)}
    o1, o2, o3 = offices["TH-91"], offices["TH-92"], offices["TH-93"]
    agencies = {
        "A1": AgencyFactory(code="TH-91-spp", short_name="สพป.นง.", parent=o1),
        "S": AgencyFactory(
            code="TH-91-spm",
            short_name="สพม.นง. สง.",
            agency_kind="spm",
            parent=o1,
            name="สำนักงานเขตพื้นที่การศึกษามัธยมศึกษาหนึ่ง สอง",
        ),
        "A2": AgencyFactory(code="TH-92-spp", short_name="สพป.สง.", parent=o2),
        "A3": AgencyFactory(code="TH-93-spp", short_name="สพป.สม.", parent=o3),
        "A4": AgencyFactory(code="TH-93-vec", short_name="สอศ.สม.", agency_kind="vec", parent=o3),
    }
    for name, office in (("A1", o1), ("S", o1), ("S", o2), ("A2", o2), ("A3", o3), ("A4", o3)):
        AgencyServiceFactory(agency=agencies[name], office=office, label=agencies[name].short_name)

    old = FormTemplateFactory(version="2567.1", fiscal_year_be=2567, round_number=1)
    new = FormTemplateFactory(version="2567.2", fiscal_year_be=2567, round_number=2)
    item_old, item_new = _item(old, ""), _item(new, " (ฉบับปรับปรุง)")

    rounds = {}
    members = {"TH-91": ["A1", "S"], "TH-92": ["S", "A2"], "TH-93": ["A3", "A4"]}
    for code, office in offices.items():
        for number, template in ((1, old), (2, new)):
            r = RoundFactory(
                office=office,
                template=template,
                fiscal_year_be=2567,
                number=number,
                status=Round.Status.CLOSED,
                data_as_of=dt.date(2024, 3 if number == 1 else 7, 15),
            )
            rounds[(code, number)] = r
            for order, name in enumerate(members[code], start=1):
                RoundParticipantFactory(
                    round=r, agency=agencies[name], label=agencies[name].short_name, order=order
                )

    row2 = {
        ("TH-91", "A1"): {"count": 10, "score": 80, "rate": 50, "code": 1},
        ("TH-91", "S"): {"count": 30, "score": 90, "rate": 70, "code": 2},
        ("TH-92", "S"): {"count": 20, "score": 60, "rate": 40, "code": 3},
        ("TH-92", "A2"): {"count": 60, "score": 100, "rate": 80, "code": 4},
        ("TH-93", "A3"): {"count": 40, "score": 70, "rate": 90, "code": 5},
    }
    for (code, name), values in row2.items():
        add(
            rounds[(code, 2)],
            item_new,
            agencies[name],
            values,
            text=f"{agencies[name].short_name} ดำเนินการในจังหวัด{code}",
        )
        add(
            rounds[(code, 1)],
            item_old,
            agencies[name],
            {"count": 5, "score": 50, "rate": 10},
            status=Submission.Status.LOCKED,
        )
    add(
        rounds[("TH-93", 2)],
        item_new,
        agencies["A4"],
        {"count": 1000, "score": 0, "rate": 0, "code": 9},
        status=Submission.Status.DRAFT,
    )
    return Nation(ministry, region_a, region_b, p1, p2, p3, offices, agencies, item_new, item_old, rounds)


def member(role: str, unit: OrgUnit):
    return MembershipFactory(role=role, org_unit=unit).user


@pytest.fixture
def national_analyst(nation):
    return member(Membership.Role.NATIONAL_ANALYST, nation.ministry)


@pytest.fixture
def regional_analyst_a(nation):
    return member(Membership.Role.REGIONAL_ANALYST, nation.region_a)
