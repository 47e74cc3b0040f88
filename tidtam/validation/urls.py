from django.urls import path

from . import views

app_name = "validation"
urlpatterns = [
    # Round keys contain slashes ("TH-74/2567/2"): the suffix keeps this route apart from the report's.
    path("rounds/<path:key>/quality/", views.round_quality, name="round_quality"),
]
