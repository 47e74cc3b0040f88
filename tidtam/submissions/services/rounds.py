"""Running a round for data entry: open it (one draft per item and agency), set its due date,
remind late agencies, close it (accepted reports lock) and reopen it."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tidtam.common.services import audit_record
from tidtam.formdefs.models import FormTemplate, Round, RoundParticipant
from tidtam.formdefs.versions import ensure_usable_for_rounds
from tidtam.orgs.models import OrgUnit, User

from .. import permissions
from ..content import clean_text
from ..models import Submission, WorkflowEvent
from ..selectors import late_submissions
from ..signals import round_closed, round_published, round_reminded
from .notify import announce

Status = Submission.Status
Action = WorkflowEvent.Action


def round_key(*, office: OrgUnit, fiscal_year_be: int, number: int) -> str:
    province = office.parent
    # The database allows no parentless org unit but the ministry (orgunit_parent_unless_ministry).
    assert province is not None, office.code
    return f"{province.code}/{fiscal_year_be}/{number}"


@transaction.atomic
def round_open(
    *,
    office: OrgUnit,
    fiscal_year_be: int,
    number: int,
    template: FormTemplate,
    due_date: dt.date | None,
    by: User,
    data_as_of: dt.date | None = None,
) -> Round:
    """Open a round for entry: the office's agencies take part (from AgencyService) and each gets
    one draft per item of the template."""
    permissions.ensure_can_open_round(by, office)
    if office.kind != OrgUnit.Kind.PROVINCIAL_OFFICE:
        raise ValidationError(_("เปิดรอบได้เฉพาะสำนักงานศึกษาธิการจังหวัด"))
    if not 2500 <= fiscal_year_be <= 2700:
        raise ValidationError(_("ปีงบประมาณต้องเป็นปีพุทธศักราช เช่น 2568"))
    if not 1 <= number <= 12:
        raise ValidationError(_("รอบที่ต้องอยู่ระหว่าง 1 ถึง 12"))
    if due_date is not None and due_date < timezone.localdate():
        raise ValidationError(_("กำหนดส่งต้องไม่เป็นวันที่ผ่านมาแล้ว"))
    if Round.objects.filter(office=office, fiscal_year_be=fiscal_year_be, number=number).exists():
        raise ValidationError(
            _("มีรอบที่ %(number)s ปีงบประมาณ %(year)s ของสำนักงานนี้อยู่แล้ว")
            % {"number": number, "year": fiscal_year_be}
        )
    services = list(office.agency_services.select_related("agency").order_by("order", "pk"))
    if not services:
        raise ValidationError(_("สำนักงานนี้ยังไม่มีหน่วยงานที่รายงาน จึงเปิดรอบไม่ได้"))
    ensure_usable_for_rounds(template)
    items = list(template.items.order_by("number"))
    if not items:
        raise ValidationError(_("แบบตรวจนี้ยังไม่มีรายการข้อ"))

    round_ = Round.objects.create(
        key=round_key(office=office, fiscal_year_be=fiscal_year_be, number=number),
        office=office,
        fiscal_year_be=fiscal_year_be,
        number=number,
        template=template,
        due_date=due_date,
        data_as_of=data_as_of,
        status=Round.Status.OPEN,
        origin=Round.Origin.ENTRY,
    )
    RoundParticipant.objects.bulk_create(
        [
            RoundParticipant(round=round_, agency=s.agency, label=s.label, order=i)
            for i, s in enumerate(services)
        ]
    )
    Submission.objects.bulk_create(
        [
            Submission(round=round_, item=item, agency=s.agency, status=Status.DRAFT)
            for item in items
            for s in services
        ]
    )
    WorkflowEvent.objects.create(
        round=round_, action=Action.OPEN_ROUND, from_status="", to_status="open", by=by
    )
    audit_record(
        actor=by,
        obj=round_,
        action="open",
        changes={
            "status": [None, Round.Status.OPEN],
            "due_date": [None, due_date.isoformat() if due_date else None],
            "template": [None, str(template)],
            "agencies": [None, [s.label for s in services]],
        },
    )
    return round_


@transaction.atomic
def round_set_due_date(*, round_: Round, due_date: dt.date | None, by: User) -> Round:
    permissions.ensure_can_manage_round(by, round_)
    if round_.status != Round.Status.OPEN:
        raise ValidationError(_("รอบนี้ปิดแล้ว"))
    old = round_.due_date
    if old == due_date:
        return round_
    Round.objects.filter(pk=round_.pk).update(due_date=due_date)
    audit_record(
        actor=by,
        obj=round_,
        action="due_date",
        changes={"due_date": [old.isoformat() if old else None, due_date.isoformat() if due_date else None]},
    )
    round_.refresh_from_db()
    return round_


@transaction.atomic
def round_remind(*, round_: Round, by: User) -> list[OrgUnit]:
    """Remind the reporters and heads of every agency with late reports (the notifications app tells
    them, through `round_reminded`). Returns the agencies."""
    permissions.ensure_can_manage_round(by, round_)
    late = late_submissions(round_=round_)
    if not late:
        return []
    labels = dict(round_.participants.values_list("agency_id", "label"))
    audit_record(
        actor=by,
        obj=round_,
        action="remind",
        changes={
            "reminded": [
                None,
                {labels.get(a.pk, str(a)): [s.item.number for s in subs] for a, subs in late.items()},
            ]
        },
    )
    announce(round_reminded, round_=round_, late=late, by=by)
    return list(late)


@transaction.atomic
def round_close(*, round_: Round, by: User) -> Round:
    """Close the round: accepted reports become locked; reports not accepted stay as they are but
    nobody can change them until the round is reopened."""
    permissions.ensure_can_manage_round(by, round_)
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.status != Round.Status.OPEN:
        raise ValidationError(_("รอบนี้ปิดแล้ว"))
    accepted = list(
        Submission.objects.filter(round=round_, status=Status.ACCEPTED).select_related(
            "round", "item", "agency"
        )
    )
    Submission.objects.filter(pk__in=[s.pk for s in accepted]).update(
        status=Status.LOCKED, version=F("version") + 1, updated_at=timezone.now()
    )
    WorkflowEvent.objects.bulk_create(
        [
            WorkflowEvent(
                round=round_,
                submission=s,
                action=Action.LOCK,
                from_status=s.status,
                to_status=Status.LOCKED,
                by=by,
            )
            for s in accepted
        ]
    )
    for submission in accepted:
        audit_record(
            actor=by, obj=submission, action="lock", changes={"status": [Status.ACCEPTED, Status.LOCKED]}
        )
    Round.objects.filter(pk=round_.pk).update(status=Round.Status.CLOSED)
    WorkflowEvent.objects.create(
        round=round_, action=Action.CLOSE_ROUND, from_status="open", to_status="closed", by=by
    )
    audit_record(
        actor=by,
        obj=round_,
        action="close",
        changes={"status": [Round.Status.OPEN, Round.Status.CLOSED], "locked": [None, len(accepted)]},
    )
    round_.refresh_from_db()
    round_published.send(sender=Round, round_=round_, by=by)
    announce(round_closed, round_=round_, by=by)
    return round_


@transaction.atomic
def round_reopen(*, round_: Round, by: User, reason: str) -> Round:
    """Open a closed round again: locked reports go back to accepted."""
    permissions.ensure_can_manage_round(by, round_)
    reason = clean_text(reason)
    if not reason:
        raise ValidationError(_("ต้องระบุเหตุผลในการเปิดรอบอีกครั้ง"))
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.status != Round.Status.CLOSED:
        raise ValidationError(_("รอบนี้ยังเปิดอยู่"))
    locked = list(
        Submission.objects.filter(round=round_, status=Status.LOCKED).select_related(
            "round", "item", "agency"
        )
    )
    Submission.objects.filter(pk__in=[s.pk for s in locked]).update(
        status=Status.ACCEPTED, version=F("version") + 1, updated_at=timezone.now()
    )
    # Each report it moves gets its own event, as round_close gives each report it locks: a report's
    # history must show every change of its status, whoever caused it.
    WorkflowEvent.objects.bulk_create(
        [
            WorkflowEvent(
                round=round_,
                submission=s,
                action=Action.REOPEN_ROUND,
                from_status=Status.LOCKED,
                to_status=Status.ACCEPTED,
                reason=reason,
                by=by,
            )
            for s in locked
        ]
    )
    for submission in locked:
        audit_record(
            actor=by,
            obj=submission,
            action="unlock",
            changes={"status": [Status.LOCKED, Status.ACCEPTED], "reason": [None, reason]},
        )
    Round.objects.filter(pk=round_.pk).update(status=Round.Status.OPEN)
    WorkflowEvent.objects.create(
        round=round_, action=Action.REOPEN_ROUND, from_status="closed", to_status="open", reason=reason, by=by
    )
    audit_record(
        actor=by,
        obj=round_,
        action="reopen",
        changes={
            "status": [Round.Status.CLOSED, Round.Status.OPEN],
            "reason": [None, reason],
            "unlocked": [None, len(locked)],
        },
    )
    round_.refresh_from_db()
    return round_
