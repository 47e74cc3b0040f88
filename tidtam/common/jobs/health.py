"""Is the job queue being worked? For /healthz: a job waiting in the queue longer than
TIDTAM_JOB_QUEUE_MAX_AGE_MINUTES means no worker is running (or none keeps up)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from ..models import Job


def queue_health() -> tuple[bool, str]:
    """(ok, detail). The detail is short and plain, for a monitoring tool's log."""
    limit = timedelta(minutes=settings.TIDTAM_JOB_QUEUE_MAX_AGE_MINUTES)
    queued = Job.objects.filter(status=Job.Status.QUEUED)
    oldest = queued.order_by("created_at").values_list("created_at", flat=True).first()
    if settings.TIDTAM_TASK_BACKEND == "rq":
        try:
            import django_rq

            django_rq.get_connection(settings.TIDTAM_JOB_QUEUE).ping()
        except Exception as exc:
            return False, f"jobs: redis unreachable ({type(exc).__name__})"
    if oldest is None:
        return True, "jobs: queue empty"
    age = timezone.now() - oldest
    detail = f"jobs: {queued.count()} queued, oldest waiting {int(age.total_seconds())} s"
    if age > limit:
        return False, f"{detail} (limit {int(limit.total_seconds())} s: is `tidtam worker` running?)"
    return True, detail
