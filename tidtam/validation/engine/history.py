"""The previous round's row of an agency, for outlier checks.

"Previous" is the latest earlier round of the same provincial office, by (fiscal_year_be, number); the
row is the agency's submission for the same item number in that round (none when it did not report).
Columns are matched by key, so a later template version with the same keys still compares.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Q

from tidtam.formdefs.models import Round
from tidtam.submissions.models import Submission, TableValue

PreviousRows = dict[tuple[int, int], dict[str, Decimal | None]]  # (item number, agency id) → {key: value}


def previous_round(*, round_: Round) -> Round | None:
    return (
        Round.objects.filter(office_id=round_.office_id)
        .filter(
            Q(fiscal_year_be__lt=round_.fiscal_year_be)
            | Q(fiscal_year_be=round_.fiscal_year_be, number__lt=round_.number)
        )
        .order_by("-fiscal_year_be", "-number")
        .first()
    )


def previous_rows(
    *, round_: Round, item_numbers: Iterable[int] | None = None, agency_ids: Iterable[int] | None = None
) -> PreviousRows:
    """Previous-round values for every (item number, agency) of `round_`, in two queries."""
    earlier = previous_round(round_=round_)
    if earlier is None:
        return {}
    values = TableValue.objects.filter(submission__round=earlier)
    if item_numbers is not None:
        values = values.filter(submission__item__number__in=list(item_numbers))
    if agency_ids is not None:
        values = values.filter(submission__agency_id__in=list(agency_ids))
    rows: PreviousRows = {}
    for number, agency_id, column_key, value in values.values_list(
        "submission__item__number", "submission__agency_id", "column__key", "value"
    ):
        rows.setdefault((number, agency_id), {})[column_key] = value
    return rows


def previous_row(*, submission: Submission) -> dict[str, Decimal | None] | None:
    """The previous round's values of this submission's agency and item, or None."""
    number = submission.item.number
    rows = previous_rows(round_=submission.round, item_numbers=[number], agency_ids=[submission.agency_id])
    return rows.get((number, submission.agency_id))
