"""API routes. Round keys contain slashes ("TH-74/2567/2"): the <path:key> routes with a suffix come
before the bare round route, which would otherwise swallow them. Anything else under /api/ answers a
JSON 404."""

from django.contrib.auth.decorators import login_required
from django.urls import path, re_path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import followups, views


class IdConverter:
    """A database id: 1–18 digits, so that a huge number is a 404 rather than an integer overflow."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


register_converter(IdConverter, "id")

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Signed-in users only (docs/security.md): a browser without a session goes to the login page.
    # The split view serves Swagger UI's start-up script as a file (?script=): the CSP allows no inline script.
    path(
        "docs/",
        login_required(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html")
        ),
        name="docs",
    ),
    path("token/", views.TokenView.as_view(), name="token"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("rounds/", views.RoundListView.as_view(), name="round_list"),
    path("rounds/<path:key>/submissions/", views.RoundSubmissionsView.as_view(), name="round_submissions"),
    path("rounds/<path:key>/findings/", views.RoundFindingsView.as_view(), name="round_findings"),
    path("rounds/<path:key>/rollup/", views.RoundRollupView.as_view(), name="round_rollup"),
    path("rounds/<path:key>/themes/", views.RoundThemesView.as_view(), name="round_themes"),
    path("rounds/<path:key>/export.json", views.RoundExportView.as_view(), name="round_export"),
    path("rounds/<path:key>/", views.RoundDetailView.as_view(), name="round_detail"),
    path("submissions/<id:pk>/", views.SubmissionDetailView.as_view(), name="submission_detail"),
    path("followups/", followups.FollowUpListView.as_view(), name="followup_list"),
    path("followups/<id:pk>/", followups.FollowUpDetailView.as_view(), name="followup_detail"),
    re_path(r"^(?P<rest>.*)$", views.not_found, name="not_found"),
]
