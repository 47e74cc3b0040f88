from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo accounts and an open round for `make demo`: no models, no domain rules of its own.
    It sits above the domain apps (it calls their services), so no domain app needs to know it."""

    name = "tidtam.demo"
    label = "demo"
    verbose_name = "ข้อมูลสาธิต"
