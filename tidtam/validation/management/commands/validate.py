import json

from django.core.management.base import BaseCommand, CommandError

from tidtam.formdefs.models import Round
from tidtam.validation.engine import check_round
from tidtam.validation.presenters import findings_table_text

FORMATS = ("json", "text")


class Command(BaseCommand):
    help = (
        "ตรวจสอบความถูกต้องของข้อมูลทั้งรอบ: tidtam validate ROUND_KEY --format json|text "
        "(json = รายการผลการตรวจตามรูปแบบมาตรฐาน, text = ตารางภาษาไทยสำหรับอ่าน)"
    )

    def add_arguments(self, parser):
        parser.add_argument("round_key", help="รหัสรอบ เช่น TH-74/2567/2")
        parser.add_argument("--format", default="json", dest="fmt", help="json (ค่าเริ่มต้น) หรือ text")

    def handle(self, *args, **options):
        fmt = options["fmt"]
        if fmt not in FORMATS:
            raise CommandError(f"ไม่รองรับรูปแบบ {fmt}; ใช้ได้: {', '.join(FORMATS)}")
        key = options["round_key"]
        round_ = Round.objects.select_related("office", "template").filter(key=key).first()
        if round_ is None:
            raise CommandError(f"ไม่พบรอบการตรวจ {key} (รูปแบบรหัส: TH-74/2567/2)")
        findings = check_round(round_=round_)
        if fmt == "json":
            text = json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2)
        else:
            text = findings_table_text(round_=round_, findings=findings)
        self.stdout.write(text)
