from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "tidtam.ingest"
    label = "ingest"
    verbose_name = "นำเข้ารายงานเดิม"
