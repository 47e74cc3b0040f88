from django.apps import AppConfig


class FollowupsConfig(AppConfig):
    name = "tidtam.followups"
    verbose_name = "การติดตามผลจากรอบก่อน"

    def ready(self) -> None:
        # Accepted and locked reports become follow-ups: the workflow announces them with signals.
        from . import receivers  # noqa: F401
        from .progress import register

        # The agency's home shows, per report, how many follow-ups it still owes.
        register()
