"""tidtam export-consolidated: the regional or national consolidated report as DOCX, PDF, XLSX or JSON."""

import json
import sys
import time
from pathlib import Path

from django.core.management.base import CommandError

from tidtam.common.commands import ActorCommand
from tidtam.common.models import AuditEvent
from tidtam.common.services import audit_download
from tidtam.dashboards.consolidated import consolidated_report, consolidated_to_dict
from tidtam.dashboards.exporters import DOCUMENT_FORMATS
from tidtam.dashboards.jobs import CommandLineReader
from tidtam.dashboards.rollup import Slot
from tidtam.dashboards.routers import analytics_reads
from tidtam.orgs.models import OrgUnit

FORMATS = [*DOCUMENT_FORMATS, "json"]


class Command(ActorCommand):
    help = (
        "ส่งออกรายงานสรุประดับภาคหรือระดับประเทศ: tidtam export-consolidated (--region REG-04 | --national) "
        "--fy 2567 --round 2 --format docx|pdf|xlsx|json -o FILE"
    )

    def add_arguments(self, parser):
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--region", help="รหัสสำนักงานศึกษาธิการภาค เช่น REG-04")
        scope.add_argument("--national", action="store_true", help="รายงานระดับประเทศ")
        parser.add_argument("--fy", type=int, required=True, help="ปีงบประมาณ (พ.ศ.) เช่น 2567")
        parser.add_argument("--round", type=int, required=True, dest="round_number", help="รอบที่ เช่น 2")
        parser.add_argument("--format", default="docx", dest="fmt", choices=FORMATS)
        parser.add_argument("-o", "--output", default="-")
        parser.add_argument("--item", type=int, help="เฉพาะข้อนี้")
        parser.add_argument(
            "--include-texts",
            action="store_true",
            help="รายงานระดับประเทศ: รวมข้อความรายจังหวัด (ระดับภาครวมเสมอ)",
        )
        parser.add_argument("--thai-digits", action="store_true", help="ใช้เลขไทยในเอกสาร (docx/pdf)")
        parser.add_argument("--no-charts", action="store_true", help="ไม่ใส่แผนภูมิในเอกสาร (docx/pdf)")

    def _step(self, message: str) -> None:
        self.stderr.write(f"… {message}")

    def handle(self, *args, **options):
        unit = self._unit(options)
        fmt, out = options["fmt"], options["output"]
        if fmt != "json" and out == "-":
            raise CommandError(f"ไฟล์ {fmt} ต้องระบุชื่อไฟล์ด้วย -o FILE")
        started = time.perf_counter()
        numbers = [options["item"]] if options["item"] else None
        texts = (
            fmt == "json"
            or unit.kind == OrgUnit.Kind.REGION
            or options["include_texts"]
            or numbers is not None
        )
        if fmt != "json":
            self._document(unit, fmt, out, numbers, texts, options)
        else:
            self._step(f"รวบรวมข้อมูล {unit.name} รอบที่ {options['round_number']}/{options['fy']}")
            with analytics_reads():
                report = consolidated_report(
                    user=CommandLineReader(),
                    unit=unit,
                    slot=Slot(options["fy"], options["round_number"]),
                    item_numbers=numbers,
                    texts=texts,
                )
            if numbers and not report.items:
                raise CommandError(f"ไม่พบข้อ {options['item']} ในแบบตรวจ")
            self._warn_if_empty(report.reported_count)
            text = json.dumps(consolidated_to_dict(report), ensure_ascii=False, indent=1)
            if out == "-":
                sys.stdout.write(text + "\n")
                self.audit(unit, fmt, out, options)
                return
            self._write(lambda: Path(out).write_text(text + "\n", encoding="utf-8"), out)
        self.audit(unit, fmt, out, options)
        self.stderr.write(f"บันทึก {out} แล้ว ({time.perf_counter() - started:.1f} วินาที)")

    def audit(self, unit: OrgUnit, fmt: str, out: str, options) -> None:
        audit_download(
            actor=self.actor,
            obj=unit,
            what=f"consolidated_{fmt}",
            filename="" if out == "-" else Path(out).name,
            target=f"{options['fy']}/{options['round_number']}"
            + (f" item {options['item']}" if options["item"] else "")
            + (f" → {Path(out).resolve()}" if out != "-" else " → stdout"),
            source=AuditEvent.Source.CLI,
        )

    def _warn_if_empty(self, provinces_reported: int) -> None:
        if provinces_reported == 0:
            self.stderr.write(self.style.WARNING("ยังไม่มีจังหวัดใดมีข้อมูลรอบนี้: เอกสารจะมีแต่ตารางว่าง"))

    def _unit(self, options) -> OrgUnit:
        if options["national"]:
            unit = OrgUnit.objects.filter(kind=OrgUnit.Kind.MINISTRY).first()
            if unit is None:
                raise CommandError("ยังไม่มีโครงสร้างหน่วยงาน: เรียก tidtam load_orgs ก่อน")
            return unit
        unit = OrgUnit.objects.filter(kind=OrgUnit.Kind.REGION, code=options["region"]).first()
        if unit is None:
            raise CommandError(f"ไม่พบสำนักงานศึกษาธิการภาค {options['region']} (รูปแบบรหัส: REG-04)")
        return unit

    def _document(self, unit, fmt: str, out: str, numbers, texts: bool, options) -> None:
        """The same function the web's background job runs, in-process, with progress on stderr."""
        from tidtam.common.jobs import ConsoleProgress, JobFailed
        from tidtam.dashboards.jobs import export_consolidated

        try:
            result = self._write(
                lambda: export_consolidated(
                    progress=ConsoleProgress(output=Path(out), stream=self.stderr),
                    unit_id=unit.pk,
                    fy=options["fy"],
                    number=options["round_number"],
                    fmt=fmt,
                    filename=Path(out).name,
                    item_numbers=numbers,
                    texts=texts,
                    thai_digits=options["thai_digits"],
                    charts=not options["no_charts"],
                ),
                out,
            )
        except JobFailed as exc:
            raise CommandError(exc.message) from exc
        self._warn_if_empty(result["provinces_reported"])

    @staticmethod
    def _write(action, out: str):
        try:
            return action()
        except OSError as exc:
            raise CommandError(f"บันทึกไฟล์ {out} ไม่ได้: {exc.strerror or exc}") from exc
