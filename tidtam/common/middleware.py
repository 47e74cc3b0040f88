"""Hostile characters in a request, dealt with before any view sees them.

A URL whose path holds a control character (`%00` in a round key, ...) names nothing: 404, never a
500 from the database (PostgreSQL refuses NUL in a query). Query strings (except the API's, which
answers 400 itself) and form posts (urlencoded and multipart; uploaded files are not touched) lose
their control characters (`text_clean`), so a search or a form never carries one further, and no
form answers with Django's untranslated "Null characters are not allowed". Services clean again where
text is saved (the submission content,
comments), for callers that are not web forms.

Parsing a form post here is what CsrfViewMiddleware does a step later anyway; no view reads the raw
body of a form post or changes its upload handlers.

Every file the web hands out is audited (DownloadAuditMiddleware): one rule in one place rather than a
call in each view.

A response counts as a download when it is a successful GET answered with `Content-Disposition:
attachment` (reports as JSON, workbooks, dashboard CSV, consolidated reports, evidence files). Views
that audit their own downloads with more detail (the job download) are skipped by URL name."""

import re
from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse, QueryDict

from tidtam.common.textsafety import has_control_chars, text_clean

from .services import audit_download

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _cleaned(query: QueryDict) -> QueryDict | None:
    """A copy of `query` without control characters, or None when it has none."""
    if not any(has_control_chars(k) or any(has_control_chars(v) for v in vs) for k, vs in query.lists()):
        return None
    out = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        out.setlist(text_clean(key), [text_clean(v) for v in values])
    out._mutable = False
    return out


class HostileInputMiddleware:
    # The API validates its own query parameters and answers a control character with a 400 that
    # names the parameter (its documented behaviour); its query strings are left as sent.
    RAW_QUERY_PREFIXES = ("/api/",)

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_control_chars(request.path_info) or has_control_chars(request.path):
            raise Http404("invalid characters in the address")
        raw_query = request.path_info.startswith(self.RAW_QUERY_PREFIXES)
        if not raw_query and (cleaned := _cleaned(request.GET)) is not None:
            request.GET = cleaned  # type: ignore[assignment]  # immutable, as the original
        if request.method == "POST" and request.content_type in FORM_TYPES:
            if (cleaned := _cleaned(request.POST)) is not None:
                request.POST = cleaned  # type: ignore[assignment]  # immutable, as the original
        return self.get_response(request)


ALREADY_AUDITED = frozenset({"jobs:download"})
_FILENAME = re.compile(r'filename\*?=(?:UTF-8\'\')?"?([^";]+)"?', re.IGNORECASE)


class DownloadAuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        disposition = response.get("Content-Disposition", "")
        if (
            request.method == "GET"
            and response.status_code == 200
            and disposition.lower().startswith("attachment")
        ):
            match = getattr(request, "resolver_match", None)
            view = match.view_name if match else ""
            if view not in ALREADY_AUDITED:
                found = _FILENAME.search(disposition)
                audit_download(
                    actor=getattr(request, "user", None),
                    what=view or request.path,
                    filename=found.group(1) if found else "",
                    target=request.get_full_path()[:300],
                )
        return response
