"""tidtam worker: run background jobs. The database queue by default (no extra server); with
TIDTAM_TASK_BACKEND=rq, an RQ worker on REDIS_URL."""

import signal

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections


class Command(BaseCommand):
    help = (
        "ทำงานเบื้องหลัง (ส่งออกรายงาน ส่งอีเมล): tidtam worker [--burst] [--max-jobs N]; "
        "ใช้คิวในฐานข้อมูล หรือ RQ บน Redis เมื่อตั้ง TIDTAM_TASK_BACKEND=rq"
    )

    def add_arguments(self, parser):
        parser.add_argument("--burst", action="store_true", help="ทำงานที่ค้างในคิวให้หมดแล้วจบ")
        parser.add_argument("--max-jobs", type=int, default=None, help="จบหลังทำงานครบจำนวนนี้")
        parser.add_argument("--interval", type=float, default=1.0, help="วินาทีระหว่างการตรวจคิว (คิวฐานข้อมูล)")
        parser.add_argument(
            "--no-fork", action="store_true", help="RQ: ทำงานในโปรเซสเดียวกัน (ใช้ตรวจปัญหาและในการทดสอบ)"
        )

    def handle(self, *args, **options):
        if options["max_jobs"] is not None and options["max_jobs"] < 1:
            raise CommandError("--max-jobs ต้องมากกว่า 0")
        backend = settings.TASKS["default"]["BACKEND"]
        if not backend.startswith(("django_tasks_rq", "django_tasks_db")):
            raise CommandError(
                "ตั้งค่า TIDTAM_TASK_BACKEND ให้เป็น database หรือ rq: แบบ immediate ทำงานทันทีในคำขอ ไม่ต้องมี worker"
            )
        saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            if backend.startswith("django_tasks_rq"):
                self.rq(options)
            else:
                self.database(options)
        finally:
            for sig, handler in saved.items():  # both workers install their own; give the caller's back
                signal.signal(sig, handler)

    def database(self, options):
        call_command(
            "db_worker",
            queue_name=settings.TIDTAM_JOB_QUEUE,
            batch=options["burst"],
            max_tasks=options["max_jobs"],
            interval=options["interval"],
            reload=False,
            startup_delay=not options["burst"],
            verbosity=options["verbosity"],
            stdout=self.stdout,
            stderr=self.stderr,
        )

    def rq(self, options):
        from django_rq.workers import get_worker
        from django_tasks_rq import Job
        from rq.worker import SimpleWorker

        worker_class = SimpleWorker if options["no_fork"] else None
        worker = get_worker(settings.TIDTAM_JOB_QUEUE, job_class=Job, worker_class=worker_class)
        if worker_class is None:
            # Each forked work horse opens its own database connection rather than sharing the parent's.
            connections.close_all()
        worker.work(burst=options["burst"], max_jobs=options["max_jobs"], with_scheduler=False)
