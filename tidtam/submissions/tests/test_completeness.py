import datetime as dt

import pytest
from django.utils import timezone

from tidtam.submissions.completeness import Timeliness, completeness_of, timeliness_of
from tidtam.submissions.models import Submission

Status = Submission.Status
DUE = dt.date(2025, 3, 31)


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 30)))


@pytest.mark.parametrize(
    "status,first_sent,today,expected",
    [
        (Status.DRAFT, None, DUE, Timeliness.PENDING),
        (Status.DRAFT, None, DUE + dt.timedelta(days=1), Timeliness.OVERDUE),
        (Status.RETURNED, at(DUE), DUE + dt.timedelta(days=1), Timeliness.OVERDUE),
        (
            Status.SUBMITTED,
            at(DUE),
            DUE + dt.timedelta(days=9),
            Timeliness.ON_TIME,
        ),  # 23:30 local is still that day
        (Status.ACCEPTED, at(DUE + dt.timedelta(days=1)), DUE + dt.timedelta(days=9), Timeliness.LATE),
        (Status.LOCKED, None, DUE, Timeliness.UNKNOWN),
    ],
)
def test_timeliness(status, first_sent, today, expected):
    sub = Submission(status=status, first_submitted_at=first_sent)
    assert timeliness_of(sub, due_date=DUE, today=today) == expected


def test_without_a_due_date_nothing_is_late():
    assert timeliness_of(Submission(status=Status.DRAFT), due_date=None, today=DUE) == Timeliness.NO_DUE_DATE


def test_completeness_counts_and_runs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        data = completeness_of(round_=world.round)
        assert [c.label for c in data.columns] == ["สพป.ทส.", "สพม.ทส."]
        assert [[c.submission.status for c in row.cells] for row in data.rows] == [["draft", "draft"]] * 2
    assert data.total == 4 and data.sent_percent == 0 and data.overdue == 0
