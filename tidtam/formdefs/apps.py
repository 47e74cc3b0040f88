from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class FormdefsConfig(AppConfig):
    name = "tidtam.formdefs"
    label = "formdefs"
    verbose_name = "แบบฟอร์มและรอบการตรวจ"

    def ready(self) -> None:
        from .itemforms import item_forms_forget
        from .models import Column, FormTemplate, Item, Subtopic

        # The forms kept per process (itemforms.py) are forgotten on any change to a form.
        for model in (FormTemplate, Item, Column, Subtopic):
            for signal in (post_save, post_delete):
                signal.connect(
                    item_forms_forget, sender=model, dispatch_uid=f"item_forms_forget_{model.__name__}"
                )
