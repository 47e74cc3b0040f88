from django.contrib import admin
from django.urls import include, path

from tidtam.common.health import healthz
from tidtam.web import pwa
from tidtam.web.urls import auth_urlpatterns

# Round keys contain slashes ("TH-74/2567/2") and web's "rounds/<path:key>/" would swallow longer
# paths, so every app that adds "rounds/<key>/<something>/" routes is included before web.
urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # The installable app (offline forms): the worker must be served from the root to control the site.
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("admin/", admin.site.urls),
    *auth_urlpatterns,
    path("", include("tidtam.security.urls")),
    path("api/", include("tidtam.api.urls")),
    path("", include("tidtam.submissions.urls")),
    path("", include("tidtam.validation.urls")),
    path("", include("tidtam.reports.urls")),
    path("", include("tidtam.dashboards.urls")),
    path("", include("tidtam.search.urls")),
    path("", include("tidtam.followups.urls")),
    path("", include("tidtam.notifications.urls")),
    path("", include("tidtam.ingest.urls")),
    path("", include("tidtam.common.jobs.urls")),
    path("", include("tidtam.formdefs.urls")),
    path("", include("tidtam.web.urls")),
]

handler404 = "tidtam.web.views.not_found"
