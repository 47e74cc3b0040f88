"""`tidtam search_reindex [--round KEY]`: rebuild the search index (all rounds, or one).

Search keeps the index fresh by itself (stale submissions are indexed at query time); this command is
for after a bulk load, so that the first search does not pay for indexing everything.
"""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from tidtam.formdefs.models import Round
from tidtam.search.segmentation import segment
from tidtam.search.services import search_reindex
from tidtam.submissions.models import Submission

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "สร้างดัชนีค้นหาข้อความใหม่ (ตัดคำภาษาไทยด้วย PyThaiNLP) ทั้งหมด หรือเฉพาะรอบที่ระบุ"

    def add_arguments(self, parser):
        parser.add_argument("--round", dest="round_key", metavar="KEY", help="รหัสรอบ เช่น TH-74/2567/2")

    def handle(self, *args, round_key=None, **options):
        submissions = Submission.objects.all()
        if round_key:
            round_ = Round.objects.filter(key=round_key).first()
            if round_ is None:
                raise CommandError(f"ไม่พบรอบการตรวจ {round_key}")
            submissions = submissions.filter(round=round_)
        total = submissions.count()
        if not total:
            self.stdout.write("ไม่มีรายงานให้สร้างดัชนี")
            return
        segment("เตรียมตัวตัดคำ")  # load the dictionary before the clock starts, so the bar moves evenly
        done = [0]
        started = time.monotonic()
        interactive = sys.stderr.isatty()

        def progress(n: int) -> None:
            done[0] += n
            filled = BAR_WIDTH * done[0] // total
            bar = "█" * filled + "░" * (BAR_WIDTH - filled)
            line = f"[{bar}] {done[0]}/{total} รายงาน ({time.monotonic() - started:.1f} วินาที)"
            sys.stderr.write(("\r" if interactive else "") + line + ("" if interactive else "\n"))
            sys.stderr.flush()

        documents = search_reindex(submissions=submissions, progress=progress)
        sys.stderr.write("\n" if interactive else "")
        self.stdout.write(f"สร้างดัชนีแล้ว: {total} รายงาน, {documents} ข้อความ")
