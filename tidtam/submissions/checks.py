"""The entry workflow's view of the validation engine: findings for a form, and which warnings still
need a written justification before a submission may go out.

The engine (tidtam.validation.engine) owns the rules, the previous-round row and the agency's label;
this module only picks the right call and keys justifications.
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal

from tidtam.formdefs.labels import render_items
from tidtam.validation.engine import check_submission, check_values
from tidtam.validation.engine.history import previous_row
from tidtam.validation.engine.submissions import agency_label_of

from .models import Submission


def justification_key(finding) -> str:
    """One justification per warning: the rule, and the column when the rule fires per column."""
    column = getattr(finding, "column", None)
    return f"{finding.rule}:{column}" if column else str(finding.rule)


def agency_label(submission: Submission) -> str:
    return agency_label_of(submission)


def value_findings(*, submission: Submission, values: Mapping[str, Decimal | None]) -> list:
    """Fast checks of the results-table row as typed (runs while the agency types)."""
    render_items([submission.item], submission.round.fiscal_year_be)  # messages name columns as shown
    return list(
        check_values(
            item=submission.item,
            values=values,
            agency_label=agency_label(submission),
            previous=previous_row(submission=submission),
        )
    )


def submission_findings(
    *, submission: Submission, values: Mapping[str, Decimal | None] | None = None
) -> list:
    """Every check of the submission (what decides whether it may be submitted); `values` replace the
    saved table row (what a form holds before it is saved)."""
    return list(check_submission(submission=submission, values=values))


def errors_of(findings: Iterable) -> list:
    return [f for f in findings if f.severity == "error"]


def unjustified_warnings(findings: Iterable, justifications: Mapping[str, str]) -> list:
    return [
        f
        for f in findings
        if f.severity == "warning" and not (justifications.get(justification_key(f)) or "").strip()
    ]
