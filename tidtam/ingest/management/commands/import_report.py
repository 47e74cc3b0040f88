import logging
import sys
from collections import Counter
from pathlib import Path

from django.core.management.base import CommandError

from tidtam.common.commands import ActorCommand
from tidtam.ingest.services import ContentDropped, ImportFailed, report_import

log = logging.getLogger(__name__)
SEVERITY = {"info": "ซ่อมแล้ว", "warning": "ควรตรวจสอบ", "error": "วางไม่ได้"}


class Command(ActorCommand):
    help = (
        "นำเข้ารายงานฉบับรวมเดิม (.txt ที่สกัดจากเอกสาร, .docx หรือ .pdf รวมถึง PDF ภาพสแกน) หรือไฟล์ส่งออก .json "
        "เข้าเป็นรอบการตรวจ; บรรทัดสุดท้ายของผลลัพธ์คือรหัสรอบ; รอบเดิมที่ถูกแทนที่เก็บเป็นฉบับเก่า (ดู tidtam round-archives)"
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--quiet-anomalies", action="store_true", help="ไม่พิมพ์รายการความผิดปกติแบบซ่อมแล้ว")
        parser.add_argument(
            "--force",
            action="store_true",
            help="นำเข้าทับแม้ไฟล์ใหม่มีข้อมูลน้อยกว่าครึ่งหนึ่งของรอบเดิม (รอบเดิมยังเก็บเป็นฉบับเก่า)",
        )

    def handle(self, *args, **options):
        path = Path(options["path"])
        steps = ["อ่านไฟล์", "แยกโครงสร้าง", "บันทึกหน่วยงาน", "บันทึกข้อมูลรายข้อ"]
        done = [0]

        def progress(message: str) -> None:
            done[0] = min(done[0] + 1, len(steps))
            bar = "█" * done[0] + "░" * (len(steps) - done[0])
            sys.stderr.write(f"\r[{bar}] {message:<60}")
            sys.stderr.flush()

        try:
            outcome = report_import(path=path, progress=progress, actor=self.actor, force=options["force"])
        except ContentDropped as exc:
            sys.stderr.write("\n")
            raise CommandError(f"{exc} (ใช้ --force เพื่อนำเข้าทับ)") from exc
        except ImportFailed as exc:
            sys.stderr.write("\n")
            raise CommandError(str(exc)) from exc
        except Exception as exc:  # a file no check foresaw: a Thai message here, the traceback in the log
            log.exception("import-report failed on %s", path)
            sys.stderr.write("\n")
            raise CommandError(
                f"นำเข้าไม่สำเร็จ: อ่านไฟล์ {path.name} ไม่ได้ ({exc.__class__.__name__}) ไม่มีข้อมูลใดถูกบันทึก"
            ) from exc
        sys.stderr.write("\n")
        run = outcome.run
        quiet = options["quiet_anomalies"]
        self.stdout.write(f"รายการความผิดปกติ ({len(outcome.anomalies)} รายการ):")
        for a in sorted(outcome.anomalies, key=lambda a: a.line or 0):
            if quiet and a.severity == "info":
                continue
            where = f"บรรทัด {a.line}" if a.line else (f"ข้อ {a.item}" if a.item else "ทั้งฉบับ")
            self.stdout.write(f"  [{SEVERITY[a.severity]}] {where}: {a.kind}: {a.message}")
        counts = Counter(a.severity for a in outcome.anomalies)
        self.stdout.write(
            "สรุป: " + ", ".join(f"{SEVERITY[s]} {counts.get(s, 0)}" for s in ("info", "warning", "error"))
        )
        if outcome.replaced:
            self.stderr.write(
                self.style.WARNING(
                    f"คำเตือน: รอบ {outcome.round.key} เคยนำเข้าแล้ว และถูกแทนที่ "
                    f"(ฉบับเดิมดูและกู้คืนได้ด้วย tidtam round-archives {outcome.round.key})"
                )
            )
        if run.content_lines:
            self.stdout.write(
                f"ความครอบคลุม: {run.placed_lines}/{run.content_lines} บรรทัดเนื้อหาถูกบันทึกลงช่องข้อมูล "
                f"({run.coverage:.1%}); ที่เหลืออยู่ในรายการความผิดปกติ"
            )
        self.stdout.write(f"แบบฟอร์มที่ใช้เทียบ: {run.template_version}")
        self.stdout.write(outcome.round.key)
