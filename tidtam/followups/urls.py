from django.urls import path

from . import views

app_name = "followups"
urlpatterns = [
    path("followups/", views.register_page, name="register"),
    path("followups/<int:pk>/", views.detail_page, name="detail"),
    path("followups/<int:pk>/update/", views.update_view, name="update"),
    path("followups/evidence/<int:pk>/", views.evidence_download, name="evidence"),
]
