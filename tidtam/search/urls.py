from django.urls import path

from . import views

app_name = "search"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("themes/", views.themes, name="themes"),
    path("themes/recompute/", views.themes_recompute, name="themes_recompute"),
    path("best-practices/", views.best_practices, name="best_practices"),
    path("rounds/<path:key>/themes/", views.round_themes, name="round_themes"),
]
