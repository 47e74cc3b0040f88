from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "tidtam.security"
    verbose_name = "ความปลอดภัย"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the receivers
