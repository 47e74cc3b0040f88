"""Who has sent what: the items × agencies matrix of a round, with timeliness against the due date.

Timeliness of one report:
- draft or returned after the due date → overdue (เลยกำหนด ยังไม่ส่ง): what reminders are about;
- otherwise, once sent → on time or late by the date it was FIRST sent (a resubmission after a
  return does not make an agency late);
- not sent, before the due date → pending; a round without a due date → no due date.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tidtam.common.models import AuditEvent
from tidtam.formdefs.models import Item, Round
from tidtam.orgs.models import OrgUnit

from .models import Submission

Status = Submission.Status
OPEN_STATUSES = (Status.DRAFT, Status.RETURNED)
SENT_STATUSES = (Status.SUBMITTED, Status.ACCEPTED, Status.LOCKED)
ACCEPTED_STATUSES = (Status.ACCEPTED, Status.LOCKED)

# The progress counts, defined once for the headline, the bar and its legend: every report is in exactly
# one group, and "sent" is the sum of the sent groups, so "ส่งแล้ว 1" can never sit beside a legend
# that reads "ส่งแล้ว 0 · รับรองแล้ว 1".
PROGRESS_GROUPS: tuple[tuple[str, Promise, tuple[str, ...], bool], ...] = (
    # (key, Thai label, statuses, counted as sent)
    ("draft", _("ยังไม่ส่ง (ฉบับร่าง)"), (Status.DRAFT,), False),
    ("returned", _("ส่งกลับแก้ไข"), (Status.RETURNED,), False),
    ("submitted", _("ส่งแล้ว รอรับรอง"), (Status.SUBMITTED,), True),
    ("accepted", _("ส่งแล้ว รับรองแล้ว"), ACCEPTED_STATUSES, True),
)


class Timeliness(models.TextChoices):
    ON_TIME = "on_time", _("ส่งตรงเวลา")
    LATE = "late", _("ส่งล่าช้า")
    OVERDUE = "overdue", _("เลยกำหนด ยังไม่ส่ง")
    PENDING = "pending", _("ยังไม่ถึงกำหนด")
    NO_DUE_DATE = "no_due_date", _("ไม่ได้กำหนดวันส่ง")
    UNKNOWN = "unknown", _("ไม่ทราบวันส่ง")


def timeliness_of(submission: Submission, *, due_date: dt.date | None, today: dt.date) -> str:
    if submission.status in OPEN_STATUSES:
        if due_date is None:
            return Timeliness.NO_DUE_DATE
        return Timeliness.OVERDUE if today > due_date else Timeliness.PENDING
    if submission.first_submitted_at is None:
        return Timeliness.UNKNOWN  # e.g. imported from a legacy report
    if due_date is None:
        return Timeliness.ON_TIME
    sent = timezone.localdate(submission.first_submitted_at)
    return Timeliness.ON_TIME if sent <= due_date else Timeliness.LATE


@dataclass
class Cell:
    submission: Submission
    timeliness: str

    @property
    def timeliness_label(self) -> str | Promise:
        return Timeliness(self.timeliness).label

    @property
    def overdue(self) -> bool:
        return self.timeliness == Timeliness.OVERDUE


@dataclass
class Column:
    agency: OrgUnit
    label: str
    counts: Counter = field(default_factory=Counter)
    overdue: int = 0
    late: int = 0
    total: int = 0

    @property
    def sent(self) -> int:
        return sum(self.counts[s] for s in SENT_STATUSES)


@dataclass
class Row:
    item: Item
    cells: list[Cell | None]


@dataclass
class Completeness:
    round: Round
    today: dt.date
    columns: list[Column]
    rows: list[Row]
    counts: Counter
    total: int
    overdue: int
    last_reminder: AuditEvent | None

    def _percent(self, n: int) -> Decimal:
        if not self.total:
            return Decimal(0)
        return (Decimal(100) * n / self.total).quantize(Decimal("0.1"))

    def _group(self, key: str) -> int:
        statuses = next(g[2] for g in PROGRESS_GROUPS if g[0] == key)
        return sum(self.counts[s] for s in statuses)

    @property
    def sent(self) -> int:
        return sum(self._group(key) for key, _label, _statuses, sent in PROGRESS_GROUPS if sent)

    @property
    def waiting(self) -> int:
        """Sent and not yet accepted (the coordinator's to review)."""
        return self._group("submitted")

    @property
    def accepted(self) -> int:
        return self._group("accepted")

    @property
    def sent_percent(self) -> Decimal:
        return self._percent(self.sent)

    @property
    def accepted_percent(self) -> Decimal:
        return self._percent(self.accepted)

    @property
    def status_bars(self) -> list[tuple[str, str | Promise, int, Decimal]]:
        """(group, Thai label, count, percent) for the stacked bar and its legend (PROGRESS_GROUPS)."""
        return [
            (key, label, self._group(key), self._percent(self._group(key)))
            for key, label, _statuses, _sent in PROGRESS_GROUPS
        ]

    @property
    def days_overdue(self) -> int:
        left = self.days_left
        return -left if left is not None and left < 0 else 0

    @property
    def days_left(self) -> int | None:
        return None if self.round.due_date is None else (self.round.due_date - self.today).days


def completeness_of(*, round_: Round, today: dt.date | None = None) -> Completeness:
    """Four queries whatever the size of the round."""
    today = today or timezone.localdate()
    participants = list(round_.participants.select_related("agency").order_by("order", "pk"))
    columns = [Column(agency=p.agency, label=p.label) for p in participants]
    position = {p.agency_id: i for i, p in enumerate(participants)}
    items = list(Item.objects.filter(template_id=round_.template_id).order_by("number"))
    cells: dict[tuple[int, int], Cell] = {}
    counts: Counter = Counter()
    overdue = 0
    for submission in Submission.objects.filter(round=round_).select_related("updated_by"):
        cell = Cell(
            submission=submission, timeliness=timeliness_of(submission, due_date=round_.due_date, today=today)
        )
        cells[(submission.item_id, submission.agency_id)] = cell
        counts[submission.status] += 1
        overdue += cell.overdue
        index = position.get(submission.agency_id)
        if index is not None:
            column = columns[index]
            column.counts[submission.status] += 1
            column.total += 1
            column.overdue += cell.overdue
            column.late += cell.timeliness == Timeliness.LATE
    rows = [Row(item=item, cells=[cells.get((item.pk, p.agency_id)) for p in participants]) for item in items]
    last_reminder = (
        AuditEvent.objects.filter(model=Round._meta.label_lower, object_id=str(round_.pk), action="remind")
        .select_related("actor")
        .order_by("-at")
        .first()
    )
    return Completeness(
        round=round_,
        today=today,
        columns=columns,
        rows=rows,
        counts=counts,
        total=sum(counts.values()),
        overdue=overdue,
        last_reminder=last_reminder,
    )
