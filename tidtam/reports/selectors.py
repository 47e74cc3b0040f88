"""Reads for the fill-in workbooks, scoped to the user: an agency gets its own workbook only."""

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _

from tidtam.formdefs.models import Column, Round, Subtopic
from tidtam.orgs.models import OrgUnit
from tidtam.submissions.models import Submission
from tidtam.submissions.permissions import round_access


def workbook_agencies_for_user(*, user, round_: Round) -> list[OrgUnit]:
    """The agencies of an open round whose workbook this user may download and upload."""
    if round_.status != Round.Status.OPEN:
        return []
    access = round_access(user=user, round_=round_)
    participants = round_.participants.select_related("agency").order_by("order")
    return [p.agency for p in participants if access.is_admin or p.agency_id in access.agency_ids]


def workbook_agency_for_user(*, user, round_: Round, code: str) -> OrgUnit:
    """The agency with this code if the user may fill its workbook in this open round; otherwise 404
    (another agency's workbook looks the same as one that does not exist)."""
    for agency in workbook_agencies_for_user(user=user, round_=round_):
        if agency.code == code:
            return agency
    raise Http404(_("ไม่พบแบบกรอกข้อมูลของหน่วยงานนี้ หรือท่านไม่มีสิทธิ์กรอกแทนหน่วยงานนี้"))


def workbook_submissions(*, round_: Round, agency: OrgUnit) -> list[Submission]:
    """The agency's submissions of the round, with what the workbook needs (a fixed number of queries)."""
    return list(
        Submission.objects.filter(round=round_, agency=agency)
        .select_related("round", "round__office", "item", "agency")
        .prefetch_related(
            Prefetch("item__columns", queryset=Column.objects.order_by("order")),
            Prefetch("item__subtopics", queryset=Subtopic.objects.order_by("number")),
        )
        .order_by("item__number")
    )
