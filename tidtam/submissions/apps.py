from django.apps import AppConfig


class SubmissionsConfig(AppConfig):
    name = "tidtam.submissions"
    label = "submissions"
    verbose_name = "ข้อมูลรายงาน"
