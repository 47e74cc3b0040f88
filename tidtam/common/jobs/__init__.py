"""Background jobs: work that outlives a request (exports, mail), with progress a user can watch.

    job = job_enqueue(kind="report_pdf", title="…", func="pkg.module.function", kwargs={...}, user=user)

The function is a plain module-level function `f(*, progress: JobProgress, **kwargs) -> dict | None`;
it runs in a worker (`tidtam worker`) through django-tasks, or in-process from a command line with a
`ConsoleProgress`. See docs/background-jobs.md.
"""

from .core import (
    KIND_LABELS,
    ConsoleProgress,
    JobFailed,
    JobProgress,
    JobRefused,
    JobRowProgress,
    job_enqueue,
    job_execute,
    kind_label,
)

__all__ = [
    "KIND_LABELS",
    "ConsoleProgress",
    "JobFailed",
    "JobProgress",
    "JobRefused",
    "JobRowProgress",
    "job_enqueue",
    "job_execute",
    "kind_label",
]
