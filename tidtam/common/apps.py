from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "tidtam.common"
    label = "common"
    verbose_name = "ส่วนกลาง"
