"""What an agency typed into one submission, as plain data, and its field-by-field view.

The same shape serves the service (what changed → audit), the entry form (what was posted) and the
conflict view (yours vs the saved version, per field). Field keys are those the audit trail uses:
"value:<column key>", "narrative:<sub-topic number>" ("narrative:general" without one), "problems",
"table_note", "success_factors", "recommendations", "best_practices", "justification:<rule>".
"""

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tidtam.common.textsafety import text_clean

from .models import Submission

TEXT_FIELDS = ("table_note", "success_factors", "recommendations", "best_practices")
PROBLEM_KEYS = ("problem", "solution", "expected_result")
GENERAL = "general"


def decimal_text(value: Decimal | None) -> str | None:
    """A number as it is compared and audited: "4111", "88.92" (no trailing zeros, no exponent)."""
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def clean_text(text: str | None) -> str:
    """Browsers send textareas with CRLF; stored and compared text uses LF, no outer blank space and no
    control characters (`text_clean`: every way text enters a submission comes through here)."""
    return text_clean((text or "").replace("\r\n", "\n").replace("\r", "\n")).strip()


def clean_problems(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Rows as stored: the three texts cleaned, rows with nothing in them dropped."""
    cleaned = [{k: clean_text(row.get(k)) for k in PROBLEM_KEYS} for row in rows]
    return [row for row in cleaned if any(row.values())]


def narrative_key(number: int | None) -> str:
    return f"narrative:{GENERAL if number is None else number}"


@dataclass
class SubmissionContent:
    values: dict[str, Decimal | None] = field(default_factory=dict)
    narratives: dict[int | None, str] = field(default_factory=dict)
    problems: list[dict[str, str]] = field(default_factory=list)
    table_note: str = ""
    success_factors: str = ""
    recommendations: str = ""
    best_practices: str = ""
    justifications: dict[str, str] = field(default_factory=dict)

    def fields(self) -> dict[str, Any]:
        """{field key: comparable value} for every field that has something in it."""
        out: dict[str, Any] = {}
        for key, value in self.values.items():
            if value is not None:
                out[f"value:{key}"] = decimal_text(value)
        for number, text in self.narratives.items():
            if text:
                out[narrative_key(number)] = text
        if self.problems:
            out["problems"] = [[row[k] for k in PROBLEM_KEYS] for row in self.problems]
        for name in TEXT_FIELDS:
            if getattr(self, name):
                out[name] = getattr(self, name)
        for rule, text in self.justifications.items():
            if text:
                out[f"justification:{rule}"] = text
        return out


def content_of(submission: Submission) -> SubmissionContent:
    """The saved content of a submission (three queries of plain rows: autosave reads it every few
    seconds for every reporter typing, and model instances of every value would cost more than the
    rows themselves)."""
    return SubmissionContent(
        values=dict(submission.values.order_by().values_list("column__key", "value")),
        # Ordered by its own field: the default ordering joins the submission's round and item.
        narratives=dict(
            submission.narratives.order_by("subtopic__number").values_list("subtopic__number", "text")
        ),
        problems=[
            dict(zip(PROBLEM_KEYS, row, strict=True))
            for row in submission.problems.order_by("order").values_list(*PROBLEM_KEYS)
        ],
        table_note=submission.table_note,
        success_factors=submission.success_factors,
        recommendations=submission.recommendations,
        best_practices=submission.best_practices,
        justifications=dict(submission.warning_justifications or {}),
    )


def content_with(
    old: SubmissionContent,
    *,
    values: dict[str, Decimal | None] | None = None,
    narratives: dict[int | None, str] | None = None,
    problems: list[dict[str, str]] | None = None,
    justifications: dict[str, str] | None = None,
    **texts: str | None,
) -> SubmissionContent:
    """`old` with the parts given replaced (None: unchanged), cleaned as they would be stored.
    `values` and `narratives` change only the keys they name; `problems` and `justifications` replace."""
    new = dataclasses.replace(old, values=dict(old.values), narratives=dict(old.narratives))
    if values is not None:
        new.values.update(values)
    if narratives is not None:
        new.narratives.update({number: clean_text(text) for number, text in narratives.items()})
    if problems is not None:
        new.problems = clean_problems(problems)
    for name, text in texts.items():
        if name not in TEXT_FIELDS:
            raise TypeError(name)
        if text is not None:
            setattr(new, name, clean_text(text))
    if justifications is not None:
        new.justifications = {str(k): clean_text(v) for k, v in justifications.items() if clean_text(v)}
    return new


def diff_fields(old: SubmissionContent, new: SubmissionContent) -> dict[str, list]:
    """{field key: [old, new]} for every field that differs."""
    a, b = old.fields(), new.fields()
    return {key: [a.get(key), b.get(key)] for key in sorted(set(a) | set(b)) if a.get(key) != b.get(key)}
