from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "tidtam.backups"
    label = "backups"
    verbose_name = "สำรองและกู้คืนข้อมูล"
