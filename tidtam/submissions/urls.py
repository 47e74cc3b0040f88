from django.urls import path

from . import views

app_name = "submissions"
urlpatterns = [
    path("work/", views.my_work_page, name="my_work"),
    path("work/submit-ready/", views.submit_ready_page, name="submit_ready"),
    path("inbox/", views.inbox_page, name="inbox"),
    path("inbox/bulk/", views.inbox_bulk_page, name="inbox_bulk"),
    # One report = one (round, item, agency).
    path("submissions/<int:pk>/", views.entry_page, name="entry"),
    path("submissions/<int:pk>/autosave/", views.autosave, name="autosave"),
    path("submissions/<int:pk>/check/", views.check, name="check"),
    path("submissions/<int:pk>/return/", views.return_view, name="return"),
    path("submissions/<int:pk>/accept/", views.accept_view, name="accept"),
    path("submissions/<int:pk>/reopen/", views.reopen_view, name="reopen"),
    path("submissions/<int:pk>/comments/", views.comment_view, name="comment"),
    path("submissions/<int:pk>/history/", views.history_page, name="history"),
    path("submissions/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    # Rounds: "new" cannot be a round key (keys are <province>/<year>/<round>).
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<path:key>/completeness/", views.completeness_page, name="completeness"),
    path("rounds/<path:key>/remind/", views.remind_view, name="remind"),
    path("rounds/<path:key>/due-date/", views.due_date_view, name="due_date"),
    path("rounds/<path:key>/close/", views.close_view, name="close"),
    path("rounds/<path:key>/reopen/", views.reopen_round_view, name="reopen_round"),
]
