import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count
from django.http import Http404

from tidtam.formdefs.selectors import (
    item_numbers_of,
    org_units_in_scope,
    round_for_user,
    rounds_visible_to,
)
from tidtam.formdefs.tests.factories import ItemFactory, RoundFactory, RoundParticipantFactory
from tidtam.orgs.models import Membership
from tidtam.orgs.tests.factories import (
    AgencyFactory,
    MembershipFactory,
    MinistryFactory,
    ProvinceFactory,
    ProvincialOfficeFactory,
    RegionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

Role = Membership.Role


@pytest.fixture
def world():
    """Two regions; region 1 holds provinces A and B, region 2 holds province C. One round per office."""
    region1, region2 = RegionFactory(), RegionFactory()
    offices = {
        "A": ProvincialOfficeFactory(parent=ProvinceFactory(parent=region1)),
        "B": ProvincialOfficeFactory(parent=ProvinceFactory(parent=region1)),
        "C": ProvincialOfficeFactory(parent=ProvinceFactory(parent=region2)),
    }
    rounds = {name: RoundFactory(office=office) for name, office in offices.items()}
    return {"region1": region1, "region2": region2, "offices": offices, "rounds": rounds}


def keys(qs):
    return sorted(r.key for r in qs)


def member(role, unit):
    return MembershipFactory(role=role, org_unit=unit).user


@pytest.mark.parametrize("role", [Role.ADMIN, Role.NATIONAL_ANALYST])
def test_ministry_roles_see_every_round(world, role):
    user = member(role, MinistryFactory())
    assert keys(rounds_visible_to(user=user)) == keys(world["rounds"].values())


def test_regional_analyst_sees_only_rounds_of_provinces_in_the_region(world):
    user = member(Role.REGIONAL_ANALYST, world["region1"])
    assert keys(rounds_visible_to(user=user)) == keys([world["rounds"]["A"], world["rounds"]["B"]])


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.INSPECTOR])
def test_office_roles_see_only_their_office_rounds(world, role):
    user = member(role, world["offices"]["B"])
    assert keys(rounds_visible_to(user=user)) == [world["rounds"]["B"].key]


@pytest.mark.parametrize("role", [Role.AGENCY_REPORTER, Role.AGENCY_HEAD])
def test_agency_roles_see_rounds_where_the_agency_participates(world, role):
    agency = AgencyFactory(parent=world["offices"]["A"])
    RoundParticipantFactory(round=world["rounds"]["A"], agency=agency)
    RoundParticipantFactory(round=world["rounds"]["C"], agency=agency)  # an agency serving two provinces
    user = member(role, agency)
    assert keys(rounds_visible_to(user=user)) == keys([world["rounds"]["A"], world["rounds"]["C"]])


def test_agency_role_counts_are_not_distorted_by_the_scope_filter(world):
    round_ = world["rounds"]["A"]
    mine = RoundParticipantFactory(round=round_).agency
    RoundParticipantFactory(round=round_)
    RoundParticipantFactory(round=round_)
    user = member(Role.AGENCY_REPORTER, mine)
    (row,) = rounds_visible_to(user=user).annotate(n=Count("participants", distinct=True))
    assert row.n == 3


def test_superuser_sees_everything_and_a_user_without_membership_nothing(world):
    assert rounds_visible_to(user=UserFactory(is_superuser=True)).count() == 3
    assert rounds_visible_to(user=UserFactory()).count() == 0
    assert rounds_visible_to(user=AnonymousUser()).count() == 0


def test_inactive_user_sees_nothing(world):
    user = member(Role.ADMIN, MinistryFactory())
    user.is_active = False
    assert rounds_visible_to(user=user).count() == 0


def test_agency_role_at_an_office_grants_nothing(world):
    user = member(Role.AGENCY_REPORTER, world["offices"]["A"])
    assert rounds_visible_to(user=user).count() == 0


def test_round_for_user_returns_a_visible_round(world):
    user = member(Role.COORDINATOR, world["offices"]["A"])
    assert round_for_user(user=user, key=world["rounds"]["A"].key) == world["rounds"]["A"]


def test_round_for_user_raises_404_for_other_and_unknown_rounds(world):
    user = member(Role.COORDINATOR, world["offices"]["A"])
    with pytest.raises(Http404):
        round_for_user(user=user, key=world["rounds"]["C"].key)
    with pytest.raises(Http404):
        round_for_user(user=user, key="TH-99/2567/9")


def test_item_numbers_of_lists_the_form_items_in_order(world):
    round_ = world["rounds"]["A"]
    for number in (3, 1, 2):
        ItemFactory(policy__template=round_.template, number=number)
    assert item_numbers_of(round_=round_) == [1, 2, 3]


def test_org_units_in_scope_follow_the_office(world):
    office_a = world["offices"]["A"]
    own_agency = AgencyFactory(parent=office_a)
    other_agency = AgencyFactory(parent=world["offices"]["C"])
    user = member(Role.COORDINATOR, office_a)
    units = set(org_units_in_scope(user=user))
    assert {office_a, own_agency} <= units
    assert other_agency not in units
    assert world["offices"]["B"] not in units
