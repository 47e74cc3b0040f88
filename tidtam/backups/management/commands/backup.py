from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tidtam.backups.archive import BackupError
from tidtam.backups.services import backup_create


class Command(BaseCommand):
    help = "สำรองฐานข้อมูลและไฟล์สื่อเป็นไฟล์ .tar.gz: tidtam backup -o FILE [--verify]"

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="ไฟล์ปลายทาง เช่น tidtam-2568-01-31.tar.gz")
        parser.add_argument("--verify", action="store_true", help="อ่านไฟล์ที่เขียนแล้วกลับมาตรวจค่าตรวจสอบ")

    def handle(self, *args, **options):
        output = Path(options["output"])
        try:
            manifest = backup_create(output=output, verify=options["verify"], say=self._say)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        objects = sum(manifest["counts"].values())
        media = len(manifest["files"]) - 1
        self.stderr.write(
            f"บันทึก {output} แล้ว: {objects} รายการ, {len(manifest['rounds'])} รอบการตรวจ, {media} ไฟล์สื่อ"
            + (" (ตรวจแล้ว)" if options["verify"] else "")
        )

    def _say(self, message: str) -> None:
        self.stderr.write(f"… {message}")
