from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "tidtam.reports"
    label = "reports"
    verbose_name = "รายงาน"
