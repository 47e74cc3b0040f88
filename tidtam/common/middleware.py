"""Every file the web hands out is audited: one rule in one place rather than a call in each view.

A response counts as a download when it is a successful GET answered with `Content-Disposition:
attachment` (reports as JSON, workbooks, dashboard CSV, consolidated reports, evidence files). Views
that audit their own downloads with more detail (the job download) are skipped by URL name."""

import re

from .services import audit_download

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
