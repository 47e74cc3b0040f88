from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from tidtam.common.commands import ActorCommand
from tidtam.formdefs.services import template_files, template_load


class Command(ActorCommand):
    help = "โหลดแบบฟอร์ม (ไฟล์ YAML) เข้าสู่ฐานข้อมูล; ไม่ระบุไฟล์ = โหลดทุกไฟล์ใน tidtam/formdefs/templates/"

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*")

    def handle(self, *args, **options):
        paths = [Path(p) for p in options["paths"]] or template_files()
        for path in paths:
            if not path.exists():
                raise CommandError(f"ไม่พบไฟล์ {path}")
            try:
                template, changed = template_load(path=path, actor=self.actor)
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from exc
            state = "โหลดแล้ว" if changed else "ไม่เปลี่ยนแปลง"
            self.stdout.write(
                f"แบบฟอร์ม {template.code} รุ่น {template.version}: {state} ({template.items.count()} ข้อ)"
            )
