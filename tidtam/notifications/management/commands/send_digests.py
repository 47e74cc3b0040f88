"""tidtam send_digests [--queue]: one e-mail per person, round and day of the notifications not yet
e-mailed. Run once a day (cron). --queue hands it to the worker as a `notification_digest` job."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tidtam.common.jobs import job_enqueue

from ...digest import digests_send

FUNC = "tidtam.notifications.digest.send_digests"


class Command(BaseCommand):
    help = "ส่งอีเมลสรุปการแจ้งเตือนประจำวัน (หนึ่งฉบับต่อคนต่อรอบต่อวัน); ส่งซ้ำไม่ได้ส่งอีเมลซ้ำ"

    def add_arguments(self, parser):
        parser.add_argument("--queue", action="store_true", help="ให้งานเบื้องหลัง (tidtam worker) เป็นผู้ส่ง")

    def handle(self, *args, **options):
        if options["queue"]:
            job = job_enqueue(kind="notification_digest", title=_("ส่งอีเมลสรุปการแจ้งเตือนประจำวัน"), func=FUNC)
            self.stdout.write(_("ส่งงานเข้าคิวแล้ว (งาน %(id)s)") % {"id": job.pk})
            return
        result = digests_send()
        self.stdout.write(
            _("ส่งอีเมลสรุปแล้ว %(mails)s ฉบับ รวมการแจ้งเตือน %(n)s รายการ (ข้าม %(skipped)s คนที่ไม่มีอีเมลหรือปิดรับอีเมล)")
            % {"mails": result.mails, "n": result.notifications, "skipped": len(result.skipped_people)}
        )
        if result.failed:
            raise CommandError(
                _("ส่งไม่สำเร็จ %(n)s ฉบับ (เซิร์ฟเวอร์อีเมลไม่รับ ดูบันทึกของระบบ) จะส่งอีกครั้งในการสั่งครั้งถัดไป")
                % {"n": result.failed}
            )
