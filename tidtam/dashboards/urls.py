from django.urls import path

from . import views

app_name = "dashboards"
urlpatterns = [
    path("dashboards/", views.dashboard, name="dashboard"),
    path("regions/<str:code>/report/<int:fy>/<int:number>/", views.region_report, name="region_report"),
    path("national/report/<int:fy>/<int:number>/", views.national_report, name="national_report"),
]
