"""The conflict view: someone saved a report after the version this save started from. Both versions
are shown field by field and the user picks, per field, theirs or the saved one; nothing is overwritten
until they choose."""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..content import TEXT_FIELDS, content_of, diff_fields
from ..forms import PostedEntry
from ..models import Submission
from ..presenters import field_labels, label_of, render_value


@dataclass
class ConflictRow:
    key: str
    label: str
    mine: object
    saved: object


def conflict_page(request: HttpRequest, submission: Submission, posted: PostedEntry) -> HttpResponse:
    saved = content_of(submission)
    mine = posted.over(saved)
    labels = field_labels(submission)
    number = submission.item.number
    rows = [
        ConflictRow(
            key=key,
            label=label_of(key, labels),
            mine=render_value(key, pair[1], number),
            saved=render_value(key, pair[0], number),
        )
        for key, pair in diff_fields(saved, mine).items()
    ]
    hidden = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", "version", "resolve", "action", "row_action")
        and not name.startswith("choice-")
        for value in values
    ]
    return render(
        request,
        "submissions/conflict.html",
        {
            "submission": submission,
            "item": submission.item,
            "round": submission.round,
            "rows": rows,
            "hidden": hidden,
            "current_version": submission.version,
            "expected_version": posted.version,
            "saved_by": submission.updated_by,
            "saved_at": submission.updated_at,
        },
        status=409,
    )


def apply_choices(request: HttpRequest, submission: Submission, posted: PostedEntry) -> None:
    """On the conflict view the user picked, per field, their version or the saved one."""
    saved = content_of(submission)
    c = posted.content
    for name, choice in request.POST.items():
        if not name.startswith("choice-") or choice != "saved":
            continue
        key = name.removeprefix("choice-")
        kind, _sep, sub = key.partition(":")
        if kind == "value":
            c.values[sub] = saved.values.get(sub)
            posted.raw_values.pop(sub, None)
            posted.present.add("values")
        elif kind == "narrative":
            if sub != "general" and not sub.isdecimal():
                continue  # not a field of this page: a hand-made post is no 500
            number = None if sub == "general" else int(sub)
            c.narratives[number] = saved.narratives.get(number, "")
            posted.present.add("narratives")
        elif kind == "problems":
            c.problems = [dict(row) for row in saved.problems]
            posted.present.add("problems")
        elif kind == "justification":
            c.justifications[sub] = saved.justifications.get(sub, "")
            posted.present.add("justifications")
        elif kind in TEXT_FIELDS:
            setattr(c, kind, getattr(saved, kind))
            posted.present.add(kind)
