"""Theme recomputation: analyse a scope's statements once and store the result (ThemeResult), so that
the themes page reads it instead of analysing on every request.

Derived data, like the search index: no audit event. Who may see what is decided by the scope itself
(the submissions the user may read through the page's filters), computed here from the user, so a job
run later still analyses only what that user may see.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ThemeResult
from ..services import Progress
from .selectors import KINDS, theme_report
from .store import report_to_dict, scope_key

STEPS = 3


def theme_recompute(*, user, kind: str, progress: Progress | None = None, **filters) -> ThemeResult:
    """Compute the themes of the submissions `user` may see through `filters` and store them."""
    from ..selectors import searchable_submissions

    if kind not in KINDS:
        raise ValueError(f"unknown theme kind {kind!r}")
    if progress is not None:
        progress.update(done=0, total=STEPS, message=_("กำลังรวบรวมข้อความ"))
    submissions = searchable_submissions(user=user, **filters)
    ids = list(submissions.order_by().values_list("pk", flat=True))
    newest = submissions.order_by().aggregate(newest=Max("updated_at"))["newest"]
    if progress is not None:
        progress.update(done=1, total=STEPS, message=_("กำลังจัดกลุ่มประเด็น"))
    report = theme_report(submissions=submissions, kind=kind)
    if progress is not None:
        progress.update(done=2, total=STEPS, message=_("กำลังบันทึกผล"))
    with transaction.atomic():
        result, _created = ThemeResult.objects.update_or_create(
            scope_key=scope_key(submission_ids=ids, kind=kind),
            defaults={
                "kind": kind,
                "computed_at": timezone.now(),
                "source_updated_at": newest,
                "submission_count": len(ids),
                "report": report_to_dict(report),
            },
        )
    if progress is not None:
        progress.update(done=STEPS, total=STEPS, message=_("เสร็จแล้ว"))
    return result


def theme_recompute_job(*, progress: Progress | None = None, user_id: int, kind: str, filters: dict) -> dict:
    """The background-job form of `theme_recompute` (JSON arguments; a JSON result)."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(pk=user_id)
    result = theme_recompute(user=user, kind=kind, progress=progress, **filters)
    return {"theme_result": result.pk, "submissions": result.submission_count}
