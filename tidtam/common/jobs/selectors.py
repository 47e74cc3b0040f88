"""Reads of jobs: a user sees their own; a superuser sees any (to help someone)."""

from typing import Any

from django.db.models import QuerySet

from ..models import Job

RECENT = 50


def jobs_visible_to(*, user: Any) -> QuerySet[Job]:
    if not getattr(user, "is_authenticated", False):
        return Job.objects.none()
    if user.is_superuser:
        return Job.objects.all()
    return Job.objects.filter(user=user)


def job_for_user(*, user: Any, pk: Any) -> Job | None:
    return jobs_visible_to(user=user).filter(pk=pk).first()


def recent_jobs_for_user(*, user: Any) -> list[Job]:
    """The user's own latest jobs (a superuser's list is theirs too: /jobs/ is 'my work')."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Job.objects.filter(user=user).exclude(kind="mail")[:RECENT])
