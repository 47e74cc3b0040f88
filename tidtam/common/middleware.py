"""Hostile characters in a request, dealt with before any view sees them.

A URL whose path holds a control character (`%00` in a round key, ...) names nothing: 404, never a
500 from the database (PostgreSQL refuses NUL in a query). Query strings (except the API's, which
answers 400 itself) and form posts (urlencoded and multipart; uploaded files are not touched) lose
their control characters (`text_clean`), so a search or a form never carries one further, and no
form answers with Django's untranslated "Null characters are not allowed". Services clean again where text is saved (the submission content,
comments), for callers that are not web forms.

Parsing a form post here is what CsrfViewMiddleware does a step later anyway; no view reads the raw
body of a form post or changes its upload handlers."""

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse, QueryDict

from tidtam.common.textsafety import has_control_chars, text_clean

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
