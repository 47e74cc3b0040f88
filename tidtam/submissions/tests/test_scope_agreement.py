"""The scope rule is read two ways: as queries (`rounds_visible_to`, `submissions_visible_to`, used by
lists, reports, exports and the API) and as checks of one object (`can_view_round`,
`can_read_submission`, used by pages and services). For random org trees, rounds, participants,
submission states and users with random roles at random units, both readings agree on every object."""

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tidtam.formdefs.models import Round, RoundParticipant
from tidtam.formdefs.selectors import rounds_visible_to
from tidtam.formdefs.tests.factories import FormTemplateFactory, ItemFactory, PolicyFactory
from tidtam.orgs.models import Membership, OrgUnit, User
from tidtam.submissions.models import Submission
from tidtam.submissions.permissions import can_read_submission, can_view_round, can_view_submission
from tidtam.submissions.selectors import submissions_visible_in, submissions_visible_to

Kind = OrgUnit.Kind
_codes = itertools.count()


def _unit(kind: str, parent: OrgUnit | None) -> OrgUnit:
    n = next(_codes)
    return OrgUnit.objects.create(
        kind=kind,
        code=f"T-{kind}-{n}",
        name=f"หน่วย {n}",
        parent=parent,
        agency_kind="spp" if kind == Kind.AGENCY else "",
    )


def _build_world(data) -> tuple[list[OrgUnit], list[Submission], list[User]]:
    ministry = _unit(Kind.MINISTRY, None)
    units, offices, agencies = [ministry], [], []
    for _r in range(data.draw(st.integers(1, 2), label="regions")):
        region = _unit(Kind.REGION, ministry)
        units.append(region)
        for _p in range(data.draw(st.integers(1, 2), label="provinces")):
            province = _unit(Kind.PROVINCE, region)
            office = _unit(Kind.PROVINCIAL_OFFICE, province)
            units += [province, office]
            offices.append(office)
            for _a in range(data.draw(st.integers(1, 2), label="agencies")):
                agency = _unit(Kind.AGENCY, office)
                units.append(agency)
                agencies.append(agency)

    template = FormTemplateFactory()
    policy = PolicyFactory(template=template)
    items = [ItemFactory(policy=policy, number=n) for n in (1, 2)]
    submissions = []
    for office in offices:
        for number in range(1, data.draw(st.integers(0, 2), label="rounds") + 1):
            round_ = Round.objects.create(
                key=f"{office.code}/2568/{number}",
                office=office,
                fiscal_year_be=2568,
                number=number,
                template=template,
            )
            # Usually the office's own agencies, but the rule must not depend on it.
            taking_part = data.draw(
                st.lists(st.sampled_from(agencies), unique=True, max_size=3), label="part"
            )
            for order, agency in enumerate(taking_part):
                RoundParticipant.objects.create(round=round_, agency=agency, label=agency.code, order=order)
                for item in items:
                    status = data.draw(st.sampled_from(Submission.Status.values), label="status")
                    submissions.append(
                        Submission.objects.create(round=round_, item=item, agency=agency, status=status)
                    )

    users = []
    for n in range(data.draw(st.integers(1, 4), label="users")):
        user = User.objects.create(
            username=f"u{next(_codes)}-{n}",
            is_superuser=data.draw(st.sampled_from([False] * 7 + [True]), label="superuser"),
            is_active=data.draw(st.sampled_from([True, True, True, False]), label="active"),
        )
        # Agencies are drawn more often: agency roles only mean something there.
        where = st.one_of(st.sampled_from(units), st.sampled_from(agencies))
        held = data.draw(
            st.lists(st.tuples(st.sampled_from(Membership.Role.values), where), max_size=3),
            label="memberships",
        )
        for role, unit in set(held):
            Membership.objects.create(user=user, org_unit=unit, role=role)
        users.append(user)
    return units, submissions, users


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_queries_and_checks_agree_for_random_users_roles_and_units(data):
    with transaction.atomic():
        _units, submissions, users = _build_world(data)
        rounds = list(Round.objects.select_related("office__parent"))
        for user in [*users, AnonymousUser()]:
            if not isinstance(user, AnonymousUser):
                user = User.objects.get(pk=user.pk)  # a fresh object: nothing cached from the build
            visible_rounds = set(rounds_visible_to(user=user).values_list("pk", flat=True))
            visible = set(
                submissions_visible_in(user=user, rounds=Round.objects.all()).values_list("pk", flat=True)
            )
            for round_ in rounds:
                assert can_view_round(user, round_) == (round_.pk in visible_rounds), (user, round_)
                in_round = {s.pk for s in submissions if s.round_id == round_.pk}
                per_round = submissions_visible_to(user=user, round_=round_).values_list("pk", flat=True)
                assert set(per_round) == visible & in_round
            for sub in Submission.objects.select_related("round__office__parent").filter(
                pk__in=[s.pk for s in submissions]
            ):
                assert can_read_submission(user, sub) == (sub.pk in visible), (user, sub, sub.status)
                # Opening a submission's pages never reaches beyond what may be read.
                assert not can_view_submission(user, sub) or can_read_submission(user, sub)
        transaction.set_rollback(True)
