"""Theme reports stored as JSON (ThemeResult.report) and read back as the same objects the page shows.

A statement's words are left out: they serve the analysis, not the page.
"""

import hashlib

from .analysis import Assignment, Theme
from .selectors import ThemeReport
from .statements import Statement

_STATEMENT_FIELDS = (
    "text",
    "round_key",
    "item_number",
    "item_title",
    "agency_code",
    "agency_label",
    "province_name",
)


def scope_key(*, submission_ids: list[int], kind: str) -> str:
    """A digest of what was analysed: the kind and the ids of the submissions, in order."""
    digest = hashlib.sha256(kind.encode())
    digest.update(b":" + ",".join(str(pk) for pk in sorted(submission_ids)).encode())
    return digest.hexdigest()


def report_to_dict(report: ThemeReport) -> dict:
    return {
        "kind": report.kind,
        "statement_count": report.statement_count,
        "rounds": report.rounds,
        "themes": [
            {
                "key": t.key,
                "label": t.label,
                "source": t.source,
                "keywords": t.keywords,
                "assignments": [
                    {
                        "statement": {f: getattr(a.statement, f) for f in _STATEMENT_FIELDS},
                        "reason": a.reason,
                        "matched": a.matched,
                        "similarity": a.similarity,
                    }
                    for a in t.assignments
                ],
            }
            for t in report.themes
        ],
    }


def report_from_dict(data: dict) -> ThemeReport:
    themes = [
        Theme(
            key=t["key"],
            label=t["label"],
            source=t["source"],
            keywords=list(t["keywords"]),
            assignments=[
                Assignment(
                    statement=Statement(**a["statement"]),
                    reason=a["reason"],
                    matched=list(a["matched"]),
                    similarity=a["similarity"],
                )
                for a in t["assignments"]
            ],
        )
        for t in data["themes"]
    ]
    return ThemeReport(
        kind=data["kind"], themes=themes, statement_count=data["statement_count"], rounds=list(data["rounds"])
    )
