"""The data-quality page of a round: what the validation engine finds, grouped per item."""

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from tidtam.formdefs.selectors import round_for_user

from .presenters import summarize
from .selectors import findings_visible_to


def _download_name(key: str) -> str:
    """File name of a download: TH-74/2567/2 → TH-74-2567-2-findings.json (no slashes in a file name)."""
    return f"{key.replace('/', '-')}-findings.json"


@require_safe
@login_required
def round_quality(request: HttpRequest, key: str) -> HttpResponse:
    round_ = round_for_user(user=request.user, key=key)
    findings = findings_visible_to(user=request.user, round_=round_)
    if request.GET.get("format") == "json":
        body = json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{_download_name(round_.key)}"'
        return response
    return render(
        request,
        "validation/round_quality.html",
        {"round": round_, "summary": summarize(round_=round_, findings=findings)},
    )
