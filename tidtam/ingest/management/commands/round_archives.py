from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandError
from django.utils import timezone

from tidtam.common.commands import ActorCommand
from tidtam.common.thai import format_date_be, format_number
from tidtam.ingest.archives import round_archive_restore, round_archives
from tidtam.ingest.models import RoundArchive
from tidtam.ingest.services import ImportFailed


class Command(ActorCommand):
    help = (
        "ฉบับเก่าของรอบที่ถูกแทนที่ด้วยการนำเข้า: tidtam round-archives ROUND_KEY แสดงรายการ; "
        "--restore ID กู้คืนฉบับนั้น (รอบปัจจุบันถูกเก็บเป็นฉบับเก่าก่อน)"
    )

    def add_arguments(self, parser):
        parser.add_argument("round_key")
        parser.add_argument("--restore", type=int, metavar="ARCHIVE_ID", help="กู้คืนฉบับเก่าหมายเลขนี้")

    def handle(self, *args, **options):
        key = options["round_key"].strip()
        if options["restore"] is not None:
            archive = RoundArchive.objects.filter(pk=options["restore"], round_key=key).first()
            if archive is None:
                raise CommandError(f"ไม่พบฉบับเก่าหมายเลข {options['restore']} ของรอบ {key}")
            try:
                outcome = round_archive_restore(archive=archive, by=self.actor)
            except (ImportFailed, PermissionDenied) as exc:
                raise CommandError(str(exc)) from exc
            self.stderr.write(
                f"กู้คืนฉบับเก่า #{archive.pk} เป็นรอบ {outcome.round.key} แล้ว (รอบก่อนกู้คืนเก็บเป็นฉบับเก่า)"
            )
            self.stdout.write(outcome.round.key)
            return
        archives = list(round_archives(round_key=key))
        if not archives:
            self.stdout.write(f"รอบ {key} ไม่มีฉบับเก่า")
            return
        self.stdout.write(f"ฉบับเก่าของรอบ {key} ({len(archives)} ฉบับ, ใหม่สุดก่อน):")
        for a in archives:
            who = a.archived_by.username if a.archived_by else (a.archived_by_label or "ระบบ")
            at = timezone.localtime(a.archived_at)
            when = f"{format_date_be(at.date())} {at:%H:%M}"
            self.stdout.write(
                f"  #{a.pk}  {when}  โดย {who}  {a.get_reason_display()}  "
                f"ข้อ {format_number(a.items)} รายงาน {format_number(a.submissions)} "
                f"ค่า {format_number(a.table_values)} ข้อความ {format_number(a.text_chars)} ตัวอักษร"
            )
            self.stdout.write(
                f"       ที่มา: {a.original_source or '-'} → แทนที่ด้วย: {a.replaced_by_source or '-'} "
                f"sha256 {a.replaced_by_sha256[:12] or '-'}"
            )
