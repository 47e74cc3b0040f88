"""The seed round with people around it: the office's coordinator and inspector, and a reporter and a
head for two of its agencies; and a way to open the next round for entry."""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from tidtam.formdefs.models import Round, RoundParticipant
from tidtam.orgs.models import Membership, OrgUnit, User
from tidtam.orgs.services import office_code
from tidtam.orgs.tests.factories import MembershipFactory, UserFactory
from tidtam.submissions.services import round_open

Role = Membership.Role


@dataclass
class People:
    seed: Round
    office: OrgUnit
    users: dict[str, User]
    agencies: dict[str, OrgUnit]

    def open_next_round(self) -> Round:
        return round_open(
            office=self.office,
            fiscal_year_be=2568,
            number=1,
            template=self.seed.template,
            due_date=timezone.localdate() + dt.timedelta(days=14),
            by=self.users["coordinator"],
        )


@pytest.fixture
def people(seed_round) -> People:
    office = OrgUnit.objects.get(code=office_code("TH-74"))
    agencies = {p.label: p.agency for p in RoundParticipant.objects.filter(round=seed_round)}
    users = {}
    for name, role, unit in [
        ("coordinator", Role.COORDINATOR, office),
        ("inspector", Role.INSPECTOR, office),
        ("reporter", Role.AGENCY_REPORTER, agencies["สพม.สค. สส."]),
        ("head", Role.AGENCY_HEAD, agencies["สพม.สค. สส."]),
        ("other_reporter", Role.AGENCY_REPORTER, agencies["สช.สค."]),
        ("national", Role.NATIONAL_ANALYST, OrgUnit.objects.get(kind=OrgUnit.Kind.MINISTRY)),
    ]:
        users[name] = UserFactory(username=f"fu-{name}")
        MembershipFactory(user=users[name], org_unit=unit, role=role)
    return People(seed=seed_round, office=office, users=users, agencies=agencies)
