"""tidtam prune_jobs [--days 30]: delete finished jobs older than that, with their files."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tidtam.common.models import Job


class Command(BaseCommand):
    help = "ลบงานเบื้องหลังที่จบแล้วและไฟล์ของงานที่เก่ากว่าจำนวนวันที่กำหนด: tidtam prune_jobs [--days 30]"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help="เก็บงานที่จบภายในจำนวนวันนี้ (ค่าเริ่มต้น 30)")

    def handle(self, *args, **options):
        if options["days"] < 0:
            raise CommandError("--days ต้องไม่ติดลบ")
        old = Job.objects.filter(
            status__in=[Job.Status.DONE, Job.Status.FAILED],
            finished_at__lt=timezone.now() - timedelta(days=options["days"]),
        )
        count = 0
        for job in old.iterator():
            if job.file:
                job.file.delete(save=False)
            job.delete()
            count += 1
        self.stderr.write(f"ลบงานเก่า {count} งานแล้ว")
