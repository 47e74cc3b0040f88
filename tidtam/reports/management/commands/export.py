import sys
import time
from pathlib import Path

from django.core.management.base import CommandError

from tidtam.common.commands import ActorCommand
from tidtam.common.models import AuditEvent
from tidtam.common.services import audit_download
from tidtam.formdefs.models import Round
from tidtam.reports.exporters.json import round_json_text

FORMATS = ["json", "docx", "pdf", "xlsx"]


class Command(ActorCommand):
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
        parser.add_argument(
            "--no-followups", action="store_true", help="ไม่ใส่หัวข้อผลการติดตามจากรอบก่อนในเอกสาร (docx/pdf)"
        )

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
            text = round_json_text(round_)
            if out == "-":
                sys.stdout.write(text)
            else:
                Path(out).write_text(text, encoding="utf-8")
                self.stderr.write(f"บันทึก {out} แล้ว")
            self.audit(round_, fmt, out)
            return
        self.export_document(round_, fmt, out, options)

    def formats(self) -> list[str]:
        return FORMATS

    def export_document(self, round_, fmt, out, options):
        """The same function the web's background job runs, in-process, with progress on stderr."""
        from tidtam.common.jobs import ConsoleProgress, JobFailed
        from tidtam.reports.jobs import export_round

        if out == "-":
            raise CommandError(f"ไฟล์ {fmt} ต้องระบุชื่อไฟล์ด้วย -o FILE")
        started = time.perf_counter()
        try:
            export_round(
                progress=ConsoleProgress(output=Path(out), stream=self.stderr),
                round_key=round_.key,
                fmt=fmt,
                thai_digits=options["thai_digits"],
                charts=not options["no_charts"],
                followups=not options["no_followups"],
            )
        except JobFailed as exc:
            raise CommandError(exc.message) from exc
        except OSError as exc:
            raise CommandError(f"บันทึกไฟล์ {out} ไม่ได้: {exc.strerror or exc}") from exc
        self.audit(round_, fmt, out)
        self.stderr.write(f"บันทึก {out} แล้ว ({time.perf_counter() - started:.1f} วินาที)")

    def audit(self, round_, fmt: str, out: str) -> None:
        audit_download(
            actor=self.actor,
            obj=round_,
            what=f"round_{fmt}",
            filename="" if out == "-" else Path(out).name,
            target="stdout" if out == "-" else str(Path(out).resolve())[:300],
            source=AuditEvent.Source.CLI,
        )
