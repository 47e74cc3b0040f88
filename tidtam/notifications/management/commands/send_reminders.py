"""tidtam send_reminders [--queue]: remind agencies of reports not yet sent TIDTAM_REMINDER_DAYS days
before the due date (default 3 and 1). Run once a day (cron), before send_digests. Idempotent."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from tidtam.common.jobs import job_enqueue

from ...reminders import reminder_days, reminders_due

FUNC = "tidtam.notifications.reminders.send_reminders"


class Command(BaseCommand):
    help = "สร้างการแจ้งเตือนกำหนดส่งถึงหน่วยงานที่ยังไม่ส่งรายงาน ก่อนถึงกำหนดตามจำนวนวันใน TIDTAM_REMINDER_DAYS"

    def add_arguments(self, parser):
        parser.add_argument("--queue", action="store_true", help="ให้งานเบื้องหลัง (tidtam worker) เป็นผู้ทำ")

    def handle(self, *args, **options):
        if options["queue"]:
            job = job_enqueue(kind="notification_reminders", title=_("สร้างการแจ้งเตือนกำหนดส่ง"), func=FUNC)
            self.stdout.write(_("ส่งงานเข้าคิวแล้ว (งาน %(id)s)") % {"id": job.pk})
            return
        created = reminders_due()
        days = ", ".join(str(d) for d in reminder_days()) or "-"
        self.stdout.write(
            _("สร้างการแจ้งเตือนกำหนดส่งแล้ว %(n)s รายการ (แจ้งก่อนกำหนดส่ง %(days)s วัน)")
            % {"n": len(created), "days": days}
        )
