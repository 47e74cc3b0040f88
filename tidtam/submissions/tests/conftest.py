"""A small province for the entry workflow: one office with two agencies, a second province with its
own, a two-item form, one user per role, and an open round (opened through `round_open`)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from tidtam.formdefs.models import Item, Round
from tidtam.formdefs.tests.factories import (
    ColumnFactory,
    FormTemplateFactory,
    ItemFactory,
    PolicyFactory,
    SubtopicFactory,
)
from tidtam.orgs.models import Membership, OrgUnit, User
from tidtam.orgs.tests.factories import (
    AgencyFactory,
    AgencyServiceFactory,
    MembershipFactory,
    MinistryFactory,
    ProvincialOfficeFactory,
    UserFactory,
)
from tidtam.submissions.models import Submission
from tidtam.submissions.services import round_open, submission_update

Role = Membership.Role

ERROR_RULE = {
    "id": "passed_le_submitted",
    "severity": "error",
    "expression": "passed <= submitted",
    "message": "จำนวนที่ผ่านเกณฑ์ต้องไม่เกินจำนวนที่ยื่นคำขอ",
}
WARNING_RULE = {
    "id": "submitted_plausible",
    "severity": "warning",
    "expression": "submitted <= 1000",
    "message": "จำนวนที่ยื่นคำขอสูงผิดปกติ",
}


@dataclass
class World:
    ministry: OrgUnit
    office: OrgUnit
    other_office: OrgUnit
    agency_a: OrgUnit
    agency_b: OrgUnit
    agency_c: OrgUnit  # reports to the other province
    item1: Item  # a table (submitted, passed) and two sub-topics
    item2: Item  # narrative only
    round: Round
    users: dict[str, User]

    def sub(self, item: Item | None = None, agency: OrgUnit | None = None) -> Submission:
        return Submission.objects.get(
            round=self.round, item=item or self.item1, agency=agency or self.agency_a
        )

    def fill(
        self, submission: Submission, *, submitted="10", passed="5", by: User | None = None
    ) -> Submission:
        """Everything the default required sections ask for, valid."""
        values = {}
        if submission.item_id == self.item1.pk:
            values = {"submitted": Decimal(submitted), "passed": Decimal(passed)}
        narratives = (
            {1: "จัดประชุมชี้แจงครูทุกโรงเรียน"} if submission.item_id == self.item1.pk else {None: "ดำเนินการแล้ว"}
        )
        return submission_update(
            submission=submission,
            by=by or self.users["reporter"],
            expected_version=Submission.objects.get(pk=submission.pk).version,
            values=values or None,
            narratives=narratives,
        )


def _user(username: str, unit: OrgUnit, role: str) -> User:
    user = UserFactory(username=username, first_name=username, email=f"{username}@example.org")
    MembershipFactory(user=user, org_unit=unit, role=role)
    return user


@pytest.fixture
def world(db, settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path / "media"
    ministry = MinistryFactory()
    office = ProvincialOfficeFactory()
    other_office = ProvincialOfficeFactory()
    agency_a = AgencyFactory(parent=office, short_name="สพป.ทส.")
    agency_b = AgencyFactory(parent=office, short_name="สพม.ทส.")
    agency_c = AgencyFactory(parent=other_office, short_name="สพป.อื่น")
    AgencyServiceFactory(agency=agency_a, office=office, label="สพป.ทส.", order=1)
    AgencyServiceFactory(agency=agency_b, office=office, label="สพม.ทส.", order=2)
    AgencyServiceFactory(agency=agency_c, office=other_office, label="สพป.อื่น", order=1)

    template = FormTemplateFactory(version="test-1")
    policy = PolicyFactory(template=template, order=1)
    item1 = ItemFactory(
        policy=policy, number=1, title="พัฒนาระบบการประเมินวิทยฐานะครู", rules=[ERROR_RULE, WARNING_RULE]
    )
    ColumnFactory(item=item1, order=1, key="submitted", label="ยื่นคำขอ DPA", unit="ราย")
    ColumnFactory(item=item1, order=2, key="passed", label="ผ่านเกณฑ์", unit="ราย")
    SubtopicFactory(item=item1, number=1, title="การสร้างการรับรู้")
    SubtopicFactory(item=item1, number=2, title="การส่งเสริมการใช้ระบบ DPA")
    item2 = ItemFactory(policy=policy, number=2, title="ลดภาระงานครู")

    users = {
        "reporter": _user("reporter_a", agency_a, Role.AGENCY_REPORTER),
        "head": _user("head_a", agency_a, Role.AGENCY_HEAD),
        "reporter_b": _user("reporter_b", agency_b, Role.AGENCY_REPORTER),
        "reporter_c": _user("reporter_c", agency_c, Role.AGENCY_REPORTER),
        "coordinator": _user("coordinator", office, Role.COORDINATOR),
        "other_coordinator": _user("coordinator_other", other_office, Role.COORDINATOR),
        "inspector": _user("inspector", office, Role.INSPECTOR),
        "regional": _user("regional", office.parent.parent, Role.REGIONAL_ANALYST),
        "national": _user("national", ministry, Role.NATIONAL_ANALYST),
        "admin": _user("admin", ministry, Role.ADMIN),
    }
    round_ = round_open(
        office=office,
        fiscal_year_be=2568,
        number=1,
        template=template,
        due_date=timezone.localdate() + dt.timedelta(days=14),
        by=users["coordinator"],
    )
    return World(
        ministry=ministry,
        office=office,
        other_office=other_office,
        agency_a=agency_a,
        agency_b=agency_b,
        agency_c=agency_c,
        item1=item1,
        item2=item2,
        round=round_,
        users=users,
    )


@pytest.fixture
def mails(mailoutbox, django_capture_on_commit_callbacks):
    """Mail sent by services (after commit) lands in the outbox."""

    class Capture:
        outbox = mailoutbox

        def __call__(self):
            return django_capture_on_commit_callbacks(execute=True)

    return Capture()
