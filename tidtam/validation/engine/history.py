"""The previous round's row of an agency, for outlier checks.

"Previous" is the latest earlier round of the same provincial office, by (fiscal_year_be, number); the
row is the agency's submission for the same item in that round (none when it did not report). Items and
columns are matched by series (stable codes and `continues_from`), so a later template version that
moved an item or renamed a column still compares.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Q

from tidtam.formdefs.models import Column, Item, Round
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
    """Previous-round values for every (item number, agency) of `round_`, keyed by this round's item
    numbers and column keys, in three small queries. Items and columns are matched by series, so a
    moved item or a renamed column compares with what it continues."""
    earlier = previous_round(round_=round_)
    if earlier is None:
        return {}
    items = Item.objects.filter(template_id=round_.template_id)
    if item_numbers is not None:
        items = items.filter(number__in=list(item_numbers))
    number_of = dict(items.values_list("lineage", "number"))
    key_of = {
        (lineage, column_lineage): key
        for lineage, column_lineage, key in Column.objects.filter(item__in=items).values_list(
            "item__lineage", "lineage", "key"
        )
    }
    values = TableValue.objects.filter(
        submission__round=earlier, submission__item__lineage__in=list(number_of)
    )
    if agency_ids is not None:
        values = values.filter(submission__agency_id__in=list(agency_ids))
    rows: PreviousRows = {}
    for lineage, agency_id, column_lineage, value in values.values_list(
        "submission__item__lineage", "submission__agency_id", "column__lineage", "value"
    ):
        key = key_of.get((lineage, column_lineage))
        if key is not None:
            rows.setdefault((number_of[lineage], agency_id), {})[key] = value
    return rows


def previous_row(*, submission: Submission) -> dict[str, Decimal | None] | None:
    """The previous round's values of this submission's agency and item, or None."""
    number = submission.item.number
    rows = previous_rows(round_=submission.round, item_numbers=[number], agency_ids=[submission.agency_id])
    return rows.get((number, submission.agency_id))
