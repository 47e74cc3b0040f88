from django.urls import path

from . import views

app_name = "ingest"
urlpatterns = [
    path("imports/bulk/", views.bulk_import, name="bulk_import"),
    path("imports/bulk/<int:pk>/", views.bulk_batch, name="bulk_batch"),
    path("imports/bulk/<int:pk>/confirm/", views.bulk_confirm, name="bulk_confirm"),
]
