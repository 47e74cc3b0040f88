"""Findings are scoped like the submissions they come from: an agency never sees another's draft."""

import pytest

from tidtam.formdefs.models import Round
from tidtam.formdefs.tests.factories import RoundFactory, RoundParticipantFactory
from tidtam.orgs.models import Membership
from tidtam.orgs.tests.factories import MembershipFactory
from tidtam.submissions.models import Submission
from tidtam.submissions.tests.factories import (
    NarrativeEntryFactory,
    RoundItemFactory,
    SubmissionFactory,
    TableValueFactory,
)
from tidtam.validation.selectors import findings_visible_to

from .factories import item_with_columns

pytestmark = pytest.mark.django_db
BAD_ROW = {"submitted": 1, "passed": 4, "budget": 0, "share": 0, "score": 0}


@pytest.fixture
def round_():
    round_ = RoundFactory(origin=Round.Origin.ENTRY)
    item = item_with_columns(policy__template=round_.template)
    columns = {c.key: c for c in item.columns.all()}
    for order, (label, status) in enumerate(
        [("ก.", Submission.Status.SUBMITTED), ("ข.", Submission.Status.DRAFT)]
    ):
        participant = RoundParticipantFactory(round=round_, label=label, order=order)
        sub = SubmissionFactory(round=round_, item=item, agency=participant.agency, status=status)
        for key, value in BAD_ROW.items():
            TableValueFactory(submission=sub, column=columns[key], value=value)
        NarrativeEntryFactory(submission=sub)
    RoundItemFactory(round=round_, item=item, printed_totals={"submitted": 99})
    return round_


def seen_by(round_, org_unit, role):
    user = MembershipFactory(org_unit=org_unit, role=role).user
    return [(f.agency, f.rule) for f in findings_visible_to(user=user, round_=round_)]


def test_the_coordinator_sees_every_row_and_the_totals(round_):
    assert seen_by(round_, round_.office, Membership.Role.COORDINATOR) == [
        ("ก.", "passed_le_submitted"),
        ("ข.", "passed_le_submitted"),
        (None, "printed_total_mismatch"),
    ]


def test_an_agency_sees_its_own_findings_not_another_agencys_draft(round_):
    agency = round_.participants.get(label="ก.").agency
    assert seen_by(round_, agency, Membership.Role.AGENCY_REPORTER) == [("ก.", "passed_le_submitted")]
