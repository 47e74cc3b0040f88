from django.apps import AppConfig


class FormdefsConfig(AppConfig):
    name = "tidtam.formdefs"
    label = "formdefs"
    verbose_name = "แบบฟอร์มและรอบการตรวจ"
