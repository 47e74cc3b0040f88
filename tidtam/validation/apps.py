from django.apps import AppConfig


class ValidationConfig(AppConfig):
    name = "tidtam.validation"
    label = "validation"
    verbose_name = "ตรวจสอบความถูกต้อง"
