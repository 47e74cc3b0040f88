"""Checks of one agency's submission for one item (what the workflow runs before "submit")."""

from collections.abc import Mapping, Sequence
from decimal import Decimal

from tidtam.formdefs.models import Column, Item, Round, RoundParticipant
from tidtam.submissions.models import Submission

from .findings import Finding, sort_findings
from .history import previous_row
from .sections import required_findings
from .values import check_values, item_columns


def stored_values(submission: Submission, columns: Sequence[Column]) -> dict[str, Decimal | None]:
    """The submission's TableValues by column key (every column present, None when not filled)."""
    by_id = {v.column_id: v.value for v in submission.values.all()}
    return {c.key: by_id.get(c.id) for c in columns}


def agency_label_of(submission: Submission) -> str:
    """The label the agency's row carries in this round's tables (RoundParticipant), else its short name."""
    label = (
        RoundParticipant.objects.filter(round_id=submission.round_id, agency_id=submission.agency_id)
        .values_list("label", flat=True)
        .first()
    )
    return label or str(submission.agency)


def check_submission(
    *, submission: Submission, values: Mapping[str, Decimal | None] | None = None
) -> list[Finding]:
    """Findings for one submission: its row (types, template rules, outliers against the previous round)
    and, except in legacy rounds, its required sections. `values` (by column key) replace the stored
    TableValues, e.g. what a form holds before it is saved."""
    item: Item = submission.item
    columns = item_columns(item)
    row = dict(values) if values is not None else stored_values(submission, columns)
    label = agency_label_of(submission)
    findings = check_values(
        item=item, values=row, agency_label=label, previous=previous_row(submission=submission)
    )
    if submission.round.origin != Round.Origin.LEGACY:
        findings += required_findings(
            item=item, columns=columns, submission=submission, values=row, agency_label=label
        )
    return sort_findings(findings, column_order={(item.number, c.key): c.order for c in columns})
