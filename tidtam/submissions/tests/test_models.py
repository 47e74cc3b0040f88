"""Invariants the database itself enforces."""

import pytest
from django.db import IntegrityError, transaction

from tidtam.formdefs.models import Column, Round
from tidtam.submissions.models import NarrativeEntry, Submission, TableValue

pytestmark = pytest.mark.django_db


def test_one_submission_per_round_item_and_agency(seed_round):
    existing = Submission.objects.filter(round=seed_round).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Submission.objects.create(round=existing.round, item=existing.item, agency=existing.agency)


def test_one_value_per_submission_and_column(seed_round):
    value = TableValue.objects.filter(submission__round=seed_round).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        TableValue.objects.create(submission=value.submission, column=value.column, value=1)


def test_one_general_narrative_per_submission(seed_round):
    entry = NarrativeEntry.objects.filter(submission__round=seed_round, subtopic__isnull=True).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        NarrativeEntry.objects.create(submission=entry.submission, subtopic=None, text="ซ้ำ")


def test_one_round_per_office_year_and_number(seed_round):
    with pytest.raises(IntegrityError), transaction.atomic():
        Round.objects.create(
            key="TH-74/2567/2-dup",
            office=seed_round.office,
            fiscal_year_be=2567,
            number=2,
            template=seed_round.template,
        )


def test_round_number_and_fiscal_year_are_checked(seed_round):
    with pytest.raises(IntegrityError), transaction.atomic():
        Round.objects.create(
            key="TH-74/1999/0",
            office=seed_round.office,
            fiscal_year_be=1999,
            number=0,
            template=seed_round.template,
        )


def test_a_weighted_mean_needs_its_weight_column(seed_round):
    item = seed_round.template.items.get(number=9)
    with pytest.raises(IntegrityError), transaction.atomic():
        Column.objects.create(
            item=item, order=99, key="x", label="x", aggregation="weighted_mean", weight_key=""
        )
