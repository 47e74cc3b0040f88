import sys
import time

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from tidtam.common.commands import ActorCommand
from tidtam.dashboards.services import national_dataset_generate


class Command(ActorCommand):
    help = (
        "สร้างชุดข้อมูลสังเคราะห์ระดับประเทศ (77 จังหวัด × 6 หน่วยงาน × ทุกข้อ × หลายรอบ) "
        "สำหรับทดสอบแดชบอร์ดและการรวมผล ต้องรัน load_orgs และ load_template ก่อน"
    )

    def add_arguments(self, parser):
        parser.add_argument("--rounds", type=int, default=10, help="จำนวนรอบ (ปีละ 2 รอบ นับย้อนจากปีล่าสุด)")
        parser.add_argument("--seed", type=int, default=1, help="ค่าเริ่มต้นของตัวสุ่ม (ผลเหมือนเดิมทุกครั้ง)")
        parser.add_argument("--provinces", type=int, default=None, help="จำกัดจำนวนจังหวัด (ค่าเริ่มต้น: ทั้งหมด)")
        parser.add_argument("--last-year", type=int, default=2568, help="ปีงบประมาณล่าสุด (พ.ศ.)")

    def handle(self, *args, **options):
        started = time.monotonic()
        quiet = options["verbosity"] == 0

        def progress(done: int, total: int, label: str) -> None:
            if quiet:
                return
            width = 30
            filled = round(width * done / total) if total else width
            bar = "#" * filled + "-" * (width - filled)
            sys.stderr.write(f"\r[{bar}] {done * 100 // max(total, 1):3d}% {label:<20}")
            sys.stderr.flush()

        try:
            result = national_dataset_generate(
                rounds=options["rounds"],
                seed=options["seed"],
                provinces=options["provinces"],
                last_fiscal_year_be=options["last_year"],
                progress=progress,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        if not quiet:
            sys.stderr.write("\n")
        counts = result.counts
        slots = ", ".join(f"{n}/{fy}" for fy, n in result.slots)
        self.stdout.write(
            f"สร้างข้อมูล {result.provinces} จังหวัด รอบ {slots}: "
            f"สร้างรอบใหม่ {result.rounds_created} รอบ (ข้ามรอบที่มีอยู่แล้ว {result.rounds_skipped}), "
            f"หน่วยงานใหม่ {result.agencies_created}, ผลงาน {counts.get('submissions', 0):,} รายการ, "
            f"ค่าในตาราง {counts.get('table_values', 0):,}, ผลการดำเนินงาน {counts.get('narratives', 0):,}, "
            f"ปัญหาอุปสรรค {counts.get('problem_rows', 0):,} "
            f"ใน {time.monotonic() - started:.1f} วินาที"
        )
