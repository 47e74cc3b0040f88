"""Reads behind the web pages that no domain app offers yet (import runs of a round).

These belong with the ingest app once it has a selectors module; the web pages only read them.
"""

from django.db.models import Count, F, QuerySet

from tidtam.formdefs.models import Round
from tidtam.ingest.models import ImportAnomaly, ImportRun


def import_run_latest(*, round_: Round) -> ImportRun | None:
    """The newest import of the round, or None when the round was never imported."""
    return ImportRun.objects.filter(round=round_).order_by("-imported_at", "-id").first()


def anomaly_counts(*, run: ImportRun) -> dict[str, int]:
    """{severity: number of anomalies}, every severity present (zero when none)."""
    counts = {s.value: 0 for s in ImportAnomaly.Severity}
    for row in run.anomalies.order_by().values("severity").annotate(n=Count("id")):
        counts[row["severity"]] = row["n"]
    return counts


def anomalies_of(*, run: ImportRun, severity: str | None = None) -> QuerySet[ImportAnomaly]:
    qs = run.anomalies.order_by(F("line_no").asc(nulls_last=True), "id")
    if severity:
        qs = qs.filter(severity=severity)
    return qs
