import json
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tidtam.formdefs.models import Round
from tidtam.reports.assembly import round_report
from tidtam.reports.exporters.layout import LayoutOptions

FORMATS = ["json", "docx", "pdf", "xlsx"]


class Command(BaseCommand):
    # The system checks import every URL and view (REST framework, the workbook, search): a start-up
    # cost of about a second that an export never needs (`tidtam check` runs them).
    requires_system_checks: list[str] = []
    help = "ส่งออกรอบการตรวจ: tidtam export ROUND_KEY --format json|docx|pdf|xlsx [-o FILE] [--thai-digits]"

    def add_arguments(self, parser):
        parser.add_argument("round_key")
        parser.add_argument("--format", default="json", dest="fmt")
        parser.add_argument("-o", "--output", default="-")
        parser.add_argument("--thai-digits", action="store_true", help="ใช้เลขไทยในเอกสาร (docx/pdf)")
        parser.add_argument("--no-charts", action="store_true", help="ไม่ใส่แผนภูมิในเอกสาร (docx/pdf)")

    def handle(self, *args, **options):
        round_ = (
            Round.objects.select_related("office__parent", "template")
            .filter(key=options["round_key"])
            .first()
        )
        if round_ is None:
            raise CommandError(f"ไม่พบรอบ {options['round_key']} (รูปแบบรหัส: TH-74/2567/2)")
        fmt = options["fmt"]
        if fmt not in self.formats():
            raise CommandError(f"ไม่รองรับรูปแบบ {fmt}; ใช้ได้: {', '.join(self.formats())}")
        out = options["output"]
        if fmt == "json":
            from tidtam.reports.exporters.json import round_to_dict

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

    def _step(self, message: str) -> None:
        self.stderr.write(f"… {message}")

    def export_document(self, round_, fmt, out, options):
        if out == "-":
            raise CommandError(f"ไฟล์ {fmt} ต้องระบุชื่อไฟล์ด้วย -o FILE")
        started = time.perf_counter()
        layout_options = LayoutOptions(thai_digits=options["thai_digits"], charts=not options["no_charts"])
        self._step("รวบรวมข้อมูลรายงาน")
        report = round_report(round_=round_)
        path = Path(out)
        try:
            if fmt == "docx":
                from tidtam.reports.exporters.docx import write_docx

                self._step("เขียนเอกสาร Word")
                write_docx(report, path, options=layout_options)
            elif fmt == "pdf":
                from tidtam.reports.exporters.pdf import PdfUnavailable, write_pdf

                self._step("พิมพ์ PDF ด้วย Chromium (ราว 2–5 วินาที)")
                try:
                    write_pdf(report, path, options=layout_options)
                except PdfUnavailable as exc:
                    raise CommandError(str(exc)) from exc
            elif fmt == "xlsx":
                from tidtam.reports.exporters.xlsx import write_xlsx

                self._step("เขียนสมุดงาน Excel")
                write_xlsx(report, path)
        except OSError as exc:
            raise CommandError(f"บันทึกไฟล์ {out} ไม่ได้: {exc.strerror or exc}") from exc
        self.stderr.write(f"บันทึก {out} แล้ว ({time.perf_counter() - started:.1f} วินาที)")
