"""Writes of the reports app: applying a confirmed Excel upload.

Each item goes through `submission_update` (the service web entry uses), so permissions, checks,
optimistic locking and the audit trail are the same; the whole upload is one transaction."""

from typing import Any

from django.db import transaction

from tidtam.common.services import audit_record
from tidtam.formdefs.models import Round
from tidtam.orgs.models import OrgUnit, User
from tidtam.submissions.models import Submission
from tidtam.submissions.services import submission_update

SOURCE = "excel"


@transaction.atomic
def entry_workbook_apply(
    *,
    round_: Round,
    agency: OrgUnit,
    by: User,
    planned: list[tuple[Submission, int, dict[str, Any]]],
) -> list[Submission]:
    """Save the items of an uploaded workbook: (submission, version it was compared with, arguments).

    All or nothing: SubmissionConflict (someone saved in between), PermissionDenied or ValidationError
    from any item rolls back every item."""
    saved = []
    for submission, expected_version, arguments in planned:
        if submission.round_id != round_.pk or submission.agency_id != agency.pk:
            raise ValueError("submission outside the workbook's round and agency")
        saved.append(
            submission_update(
                submission=submission, by=by, expected_version=expected_version, source=SOURCE, **arguments
            )
        )
    audit_record(
        actor=by,
        obj=round_,
        action="excel_upload",
        changes={"agency": [None, agency.code], "items": [None, [s.item.number for s in saved]]},
        source=SOURCE,
    )
    return saved
