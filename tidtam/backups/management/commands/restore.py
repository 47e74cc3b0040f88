from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tidtam.backups.archive import BackupError
from tidtam.backups.services import backup_restore


class Command(BaseCommand):
    help = "กู้คืนฐานข้อมูลและไฟล์สื่อจากไฟล์สำรอง: tidtam restore FILE [--verify] [--force]"

    def add_arguments(self, parser):
        parser.add_argument("path", help="ไฟล์สำรองจาก tidtam backup")
        parser.add_argument("--verify", action="store_true", help="เทียบข้อมูลส่งออก (JSON) ของทุกรอบกับตอนสำรอง")
        parser.add_argument(
            "--force", action="store_true", help="ลบข้อมูลและไฟล์สื่อเดิมทั้งหมดก่อนกู้คืน (ปลายทางไม่ว่าง)"
        )

    def handle(self, *args, **options):
        try:
            result = backup_restore(
                path=Path(options["path"]), force=options["force"], verify=options["verify"], say=self._say
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stderr.write(
            f"กู้คืนแล้ว: {result.objects} รายการ, {result.rounds} รอบการตรวจ, {result.media_files} ไฟล์สื่อ"
        )
        if options["verify"]:
            if result.differences:
                raise CommandError("ตรวจแล้วไม่ตรงกับตอนสำรอง:\n" + "\n".join(result.differences))
            self.stderr.write(f"ตรวจแล้ว: ข้อมูลส่งออก (JSON) ของทั้ง {result.rounds} รอบตรงกับตอนสำรองทุกไบต์")

    def _say(self, message: str) -> None:
        self.stderr.write(f"… {message}")
