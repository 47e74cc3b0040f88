import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tidtam.formdefs.models import Round
from tidtam.reports.exporters.json import round_to_dict

FORMATS = ["json"]


class Command(BaseCommand):
    help = "ส่งออกรอบการตรวจ: tidtam export ROUND_KEY --format json [-o FILE]"

    def add_arguments(self, parser):
        parser.add_argument("round_key")
        parser.add_argument("--format", default="json", dest="fmt")
        parser.add_argument("-o", "--output", default="-")
        parser.add_argument("--thai-digits", action="store_true", help="ใช้เลขไทยในเอกสาร (docx/pdf)")

    def handle(self, *args, **options):
        round_ = Round.objects.select_related("office__parent", "template").filter(key=options["round_key"]).first()
        if round_ is None:
            raise CommandError(f"ไม่พบรอบ {options['round_key']} (รูปแบบรหัส: TH-74/2567/2)")
        fmt = options["fmt"]
        if fmt not in self.formats():
            raise CommandError(f"ไม่รองรับรูปแบบ {fmt}; ใช้ได้: {', '.join(self.formats())}")
        out = options["output"]
        if fmt == "json":
            text = json.dumps(round_to_dict(round_), ensure_ascii=False, indent=2)
            if out == "-":
                sys.stdout.write(text + "\n")
            else:
                Path(out).write_text(text + "\n", encoding="utf-8")
                self.stderr.write(f"บันทึก {out} แล้ว")
            return
        self.export_document(round_, fmt, out, options)

    def formats(self) -> list[str]:
        return FORMATS

    def export_document(self, round_, fmt, out, options):  # pragma: no cover - filled by document exporters
        raise CommandError(f"ไม่รองรับรูปแบบ {fmt}")
