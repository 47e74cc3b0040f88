from django.urls import path

from . import views

app_name = "ingest"
urlpatterns = [
    path("imports/bulk/", views.bulk_import, name="bulk_import"),
    path("imports/bulk/<int:pk>/", views.bulk_batch, name="bulk_batch"),
    path("imports/bulk/<int:pk>/confirm/", views.bulk_confirm, name="bulk_confirm"),
    # Round keys contain slashes: these come before web's "rounds/<path:key>/" (config/urls.py).
    path("rounds/<path:key>/archives/", views.round_archive_list, name="round_archives"),
    path(
        "rounds/<path:key>/archives/<int:pk>/restore/",
        views.round_archive_restore_view,
        name="round_archive_restore",
    ),
]
