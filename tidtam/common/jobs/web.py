"""What a view that starts work returns: a redirect to the job's page at once (HX-Redirect for htmx),
or, when the user already has such a job running, a Thai message with a link to it."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from .core import JobRefused, job_enqueue


def job_start_response(request: HttpRequest, **job: Any) -> HttpResponse:
    """`job_enqueue(user=request.user, **job)` and the response to send. Takes milliseconds: the work
    itself runs in a worker."""
    try:
        started = job_enqueue(user=request.user, **job)
    except JobRefused as refused:
        context = {"message": refused.message, "running": refused.running, "back": request.path}
        return render(request, "jobs/refused.html", context, status=409)
    url = reverse("jobs:detail", kwargs={"pk": started.pk})
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def job_start_page(request: HttpRequest, *, title: str, hint: str = "") -> HttpResponse:
    """GET on a URL that starts work (an old bookmark, a pasted link): a button that POSTs to it, so
    following a link never starts a job by itself."""
    return render(request, "jobs/start.html", {"title": title, "hint": hint})
