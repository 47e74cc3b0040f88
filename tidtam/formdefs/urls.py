from django.urls import path

from . import views

app_name = "formdefs"
urlpatterns = [
    path("forms/", views.version_list, name="version_list"),
    path("forms/upload/", views.version_upload, name="version_upload"),
    path("forms/<int:pk>/", views.version_detail, name="version_detail"),
    path("forms/<int:pk>/copy/", views.version_copy, name="version_copy"),
    path("forms/<int:pk>/download/<str:fmt>/", views.version_download, name="version_download"),
    path("forms/<int:pk>/settings/", views.version_settings, name="version_settings"),
    path("forms/<int:pk>/policies/", views.version_policies, name="version_policies"),
    path("forms/<int:pk>/items/new/", views.item_edit, name="item_add"),
    path("forms/<int:pk>/items/<str:code>/", views.item_edit, name="item_edit"),
    path("forms/<int:pk>/items/<str:code>/delete/", views.item_delete, name="item_delete"),
    path("forms/<int:pk>/rule-check/", views.rule_check, name="rule_check"),
    path("forms/<int:pk>/publish/", views.version_publish, name="version_publish"),
]
