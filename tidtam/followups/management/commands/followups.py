"""`tidtam followups PROVINCE_CODE [--round KEY] [--status S] --format json|csv` (docs: round-export.md)."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tidtam.followups.exports import followup_records, followups_csv
from tidtam.followups.models import FollowUp
from tidtam.formdefs.models import Round
from tidtam.orgs.models import OrgUnit
from tidtam.orgs.services import office_code

FORMATS = ("json", "csv")


class Command(BaseCommand):
    help = "เรื่องที่ติดตามของจังหวัด (ปัญหาและข้อเสนอแนะจากรอบก่อน) เป็น JSON หรือ CSV"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("province", help="รหัสจังหวัด ISO 3166-2 เช่น TH-74")
        parser.add_argument("--round", dest="round_key", help="เฉพาะเรื่องที่พบในรอบนี้ เช่น TH-74/2567/2")
        # Checked in handle, not by argparse, so that a wrong value is answered in Thai.
        parser.add_argument("--status", help="open | in_progress | resolved | not_relevant")
        parser.add_argument("--format", default="json", help="json | csv")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["status"] and opts["status"] not in FollowUp.Status.values:
            raise CommandError(f"สถานะ «{opts['status']}» ไม่มี ใช้ได้: {', '.join(FollowUp.Status.values)}")
        if opts["format"] not in FORMATS:
            raise CommandError(f"รูปแบบ «{opts['format']}» ไม่มี ใช้ได้: {', '.join(FORMATS)}")
        code = office_code(opts["province"].strip().upper())
        if not OrgUnit.objects.filter(code=code).exists():
            raise CommandError(f"ไม่พบจังหวัดรหัส {opts['province']}")
        qs = FollowUp.objects.filter(origin_round__office__code=code).select_related(
            "origin_round", "agency", "item"
        )
        if opts["round_key"]:
            key = opts["round_key"].strip()
            if not Round.objects.filter(key=key, office__code=code).exists():
                raise CommandError(f"ไม่พบรอบ {key} ของจังหวัด {opts['province']}")
            qs = qs.filter(origin_round__key=key)
        if opts["status"]:
            qs = qs.filter(status=opts["status"])
        records = followup_records(qs)
        if opts["format"] == "csv":
            self.stdout.write(followups_csv(records, thai_headers=False), ending="")
        else:
            self.stdout.write(json.dumps(records, ensure_ascii=False, indent=2))
