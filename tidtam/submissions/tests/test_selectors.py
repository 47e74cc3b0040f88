import pytest

from tidtam.formdefs.tests.factories import ItemFactory, RoundFactory, RoundParticipantFactory
from tidtam.orgs.models import Membership
from tidtam.orgs.tests.factories import MembershipFactory, MinistryFactory, ProvincialOfficeFactory
from tidtam.submissions.models import Submission
from tidtam.submissions.selectors import submissions_visible_to
from tidtam.submissions.tests.factories import SubmissionFactory

pytestmark = pytest.mark.django_db

Role = Membership.Role
Status = Submission.Status


@pytest.fixture
def round_with_two_agencies():
    """Round with agencies A and B; B has one submission per status, A a draft."""
    round_ = RoundFactory()
    agency_a = RoundParticipantFactory(round=round_).agency
    agency_b = RoundParticipantFactory(round=round_).agency
    items = [ItemFactory(policy__template=round_.template) for _ in Status]
    subs = {"a_draft": SubmissionFactory(round=round_, item=items[0], agency=agency_a, status=Status.DRAFT)}
    for item, status in zip(items, Status, strict=True):
        subs[f"b_{status}"] = SubmissionFactory(round=round_, item=item, agency=agency_b, status=status)
    return round_, agency_a, agency_b, subs


def visible(user, round_):
    return {s.pk for s in submissions_visible_to(user=user, round_=round_)}


@pytest.mark.parametrize("role", [Role.AGENCY_REPORTER, Role.AGENCY_HEAD])
def test_agency_roles_see_own_drafts_and_only_published_work_of_others(round_with_two_agencies, role):
    round_, agency_a, _, subs = round_with_two_agencies
    user = MembershipFactory(role=role, org_unit=agency_a).user
    assert visible(user, round_) == {subs["a_draft"].pk, subs["b_accepted"].pk, subs["b_locked"].pk}


def test_agency_of_another_round_sees_nothing_even_if_accepted(round_with_two_agencies):
    round_, *_ = round_with_two_agencies
    outsider = RoundParticipantFactory(round=RoundFactory()).agency
    user = MembershipFactory(role=Role.AGENCY_REPORTER, org_unit=outsider).user
    assert visible(user, round_) == set()


def test_coordinator_of_the_office_sees_every_status(round_with_two_agencies):
    round_, _, _, subs = round_with_two_agencies
    user = MembershipFactory(role=Role.COORDINATOR, org_unit=round_.office).user
    assert visible(user, round_) == {s.pk for s in subs.values()}


def test_coordinator_of_another_province_sees_nothing(round_with_two_agencies):
    round_, *_ = round_with_two_agencies
    user = MembershipFactory(role=Role.COORDINATOR, org_unit=ProvincialOfficeFactory()).user
    assert visible(user, round_) == set()


@pytest.mark.parametrize("role", [Role.NATIONAL_ANALYST, Role.REGIONAL_ANALYST])
def test_analysts_see_accepted_work_across_provinces_but_no_drafts(round_with_two_agencies, role):
    round_, _, _, subs = round_with_two_agencies
    unit = MinistryFactory() if role == Role.NATIONAL_ANALYST else round_.office.parent.parent
    user = MembershipFactory(role=role, org_unit=unit).user
    assert visible(user, round_) == {subs["b_accepted"].pk, subs["b_locked"].pk}


def test_inspector_of_the_office_sees_every_status(round_with_two_agencies):
    round_, _, _, subs = round_with_two_agencies
    user = MembershipFactory(role=Role.INSPECTOR, org_unit=round_.office).user
    assert visible(user, round_) == {s.pk for s in subs.values()}


def test_only_the_given_round_is_returned(round_with_two_agencies):
    round_, agency_a, _, _ = round_with_two_agencies
    other = SubmissionFactory(agency=agency_a, status=Status.ACCEPTED)
    user = MembershipFactory(role=Role.NATIONAL_ANALYST, org_unit=MinistryFactory()).user
    assert other.pk not in visible(user, round_)
