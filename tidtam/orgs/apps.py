from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "tidtam.orgs"
    label = "orgs"
    verbose_name = "หน่วยงานและผู้ใช้"
