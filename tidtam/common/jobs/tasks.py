"""The one django-tasks task: run a Job by id. Whatever the backend (database, RQ, immediate), the
work itself is `core.job_execute`, which records progress, result and a Thai error on the Job row."""

from django_tasks import task


@task()
def run_job(job_id: str) -> None:
    from .core import job_execute

    job_execute(job_id=job_id)
