"""`tidtam search_reindex [--round KEY | --stale]`: rebuild the search index (all rounds, or one), or
index only the stale submissions.

The same services run as background jobs (tidtam.search.services.search_reindex and
search_index_refresh); here they run in-process with a progress bar on stderr.
"""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from tidtam.formdefs.models import Round
from tidtam.search.segmentation import segment
from tidtam.search.services import search_index_refresh, search_reindex

BAR_WIDTH = 30


class ProgressBar:
    """The `progress` of the services (update(done, total, message)), drawn on stderr."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.interactive = sys.stderr.isatty()

    def update(self, done: int, total: int, message: str = "") -> None:
        filled = BAR_WIDTH * done // max(1, total)
        bar = "█" * filled + "░" * (BAR_WIDTH - filled)
        line = f"[{bar}] {done}/{total} รายงาน ({time.monotonic() - self.started:.1f} วินาที)"
        sys.stderr.write(("\r" if self.interactive else "") + line + ("" if self.interactive else "\n"))
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\n" if self.interactive else "")


class Command(BaseCommand):
    help = "สร้างดัชนีค้นหาข้อความใหม่ (ตัดคำภาษาไทยด้วย PyThaiNLP) ทั้งหมด เฉพาะรอบที่ระบุ หรือเฉพาะรายงานที่ยังไม่เป็นปัจจุบัน"

    def add_arguments(self, parser):
        parser.add_argument("--round", dest="round_key", metavar="KEY", help="รหัสรอบ เช่น TH-74/2567/2")
        parser.add_argument(
            "--stale", action="store_true", help="สร้างดัชนีเฉพาะรายงานที่ยังไม่มีดัชนีหรือแก้ไขหลังสร้างดัชนี"
        )

    def handle(self, *args, round_key=None, stale=False, **options):
        if round_key and not Round.objects.filter(key=round_key).exists():
            raise CommandError(f"ไม่พบรอบการตรวจ {round_key}")
        segment("เตรียมตัวตัดคำ")  # load the dictionary before the clock starts, so the bar moves evenly
        bar = ProgressBar()
        if stale:
            count = search_index_refresh(progress=bar)
            bar.close()
            self.stdout.write(f"สร้างดัชนีแล้ว: {count} รายงานที่ยังไม่เป็นปัจจุบัน")
            return
        result = search_reindex(round_key=round_key or None, progress=bar)
        bar.close()
        if not result["submissions"]:
            self.stdout.write("ไม่มีรายงานให้สร้างดัชนี")
            return
        self.stdout.write(f"สร้างดัชนีแล้ว: {result['submissions']} รายงาน, {result['documents']} ข้อความ")
