from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "tidtam.notifications"
    verbose_name = "การแจ้งเตือน"

    def ready(self) -> None:
        # The workflow announces its steps with signals; this app turns them into notifications.
        from . import receivers  # noqa: F401
