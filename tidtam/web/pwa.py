"""The installable app: the service worker and the web app manifest, served from the site root.

Both are static files (static/js/sw.js, static/manifest.webmanifest). The worker is served at /sw.js so
that its scope can be the whole site (a worker under /static/ could only control /static/), with
``Service-Worker-Allowed: /`` and a JavaScript content type; it is never cached by the browser's HTTP
cache, so a new version reaches users on their next visit. The manifest is served at the root too, with
its registered content type (some servers do not know ``.webmanifest``).
"""

from functools import cache

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

SERVICE_WORKER = "js/sw.js"
MANIFEST = "manifest.webmanifest"


@cache
def _static_bytes(name: str) -> bytes:
    """The file as collected (production) or as found in the source tree (development, tests)."""
    try:
        with staticfiles_storage.open(name) as handle:
            return handle.read()
    except (OSError, ValueError):
        found = finders.find(name)
        if not found:
            raise Http404(name) from None
        with open(found, "rb") as handle:
            return handle.read()


@require_safe
@never_cache
def service_worker(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(_static_bytes(SERVICE_WORKER), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@require_safe
def manifest(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(_static_bytes(MANIFEST), content_type="application/manifest+json; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response
