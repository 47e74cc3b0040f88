from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "tidtam.dashboards"
    label = "dashboards"
    verbose_name = "แดชบอร์ด"
