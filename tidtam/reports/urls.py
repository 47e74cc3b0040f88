from django.urls import path

from . import views, views_workbook

app_name = "reports"
urlpatterns = [
    # Round keys contain slashes ("TH-74/2567/2"); these come before web's "rounds/<path:key>/".
    path("rounds/<path:key>/report.<str:fmt>", views.report_download, name="download"),
    path("rounds/<path:key>/workbook/<str:code>.xlsx", views_workbook.workbook_download, name="workbook"),
    path(
        "rounds/<path:key>/workbook/<str:code>/upload/",
        views_workbook.workbook_upload,
        name="workbook_upload",
    ),
    path(
        "rounds/<path:key>/workbook/<str:code>/apply/", views_workbook.workbook_apply, name="workbook_apply"
    ),
]
