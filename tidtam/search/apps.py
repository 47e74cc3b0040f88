from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "tidtam.search"
    label = "search"
    verbose_name = "ค้นหา"
