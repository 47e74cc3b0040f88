import datetime as dt

from django.conf import settings
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from tidtam.common.commands import ActorCommand
from tidtam.common.thai import fiscal_year_be, format_date_be
from tidtam.formdefs.models import Round
from tidtam.formdefs.services import template_nearest
from tidtam.orgs.models import Membership, OrgUnit, User
from tidtam.orgs.services import membership_grant
from tidtam.submissions.services import round_open

DEMO_PASSWORD = "tidtam-demo-2567"  # noqa: S105 - printed for the demo on purpose


class Command(ActorCommand):
    help = "สร้างบัญชีสาธิตหนึ่งบัญชีต่อบทบาท (สำหรับ make demo เท่านั้น)"

    def add_arguments(self, parser):
        parser.add_argument("--province", default="TH-74")
        parser.add_argument(
            "--entry-year",
            type=int,
            default=None,
            help="ปีงบประมาณของรอบสาธิตที่เปิดให้กรอก (ค่าเริ่มต้น: ปีงบประมาณปัจจุบัน)",
        )
        parser.add_argument("--entry-round", type=int, default=1, help="รอบที่ของรอบสาธิตที่เปิดให้กรอก")
        parser.add_argument("--no-entry-round", action="store_true", help="ไม่ต้องเปิดรอบสาธิตสำหรับกรอกข้อมูล")

    @transaction.atomic
    def handle(self, *args, **options):
        province = OrgUnit.objects.filter(code=options["province"], kind=OrgUnit.Kind.PROVINCE).first()
        if province is None:
            raise CommandError("ยังไม่มีโครงสร้างหน่วยงาน: ให้รัน tidtam load_orgs ก่อน")
        office = OrgUnit.objects.get(parent=province, kind=OrgUnit.Kind.PROVINCIAL_OFFICE)
        agencies = list(office.agency_services.select_related("agency").order_by("order"))
        ministry = OrgUnit.objects.get(kind=OrgUnit.Kind.MINISTRY)
        R = Membership.Role
        plan = [
            ("admin", "ผู้ดูแลระบบ", ministry, R.ADMIN),
            ("coordinator", "ผู้ประสานงาน ศธจ.", office, R.COORDINATOR),
            ("inspector", "ผู้ตรวจราชการ", office, R.INSPECTOR),
            ("regional", "นักวิเคราะห์ ศธภ.", province.parent, R.REGIONAL_ANALYST),
            ("national", "นักวิเคราะห์ สป.ศธ.", ministry, R.NATIONAL_ANALYST),
        ]
        agency = next((s.agency for s in agencies if s.agency.kind == OrgUnit.Kind.AGENCY), None)
        if agency is not None:
            plan += [
                ("reporter", f"ผู้รายงาน {agency}", agency, R.AGENCY_REPORTER),
                ("head", f"หัวหน้า {agency}", agency, R.AGENCY_HEAD),
            ]
        rows = []
        for username, first_name, unit, role in plan:
            user, _ = User.objects.get_or_create(username=username, defaults={"first_name": first_name})
            user.first_name = first_name
            user.email = user.email or f"{username}@example.org"  # console mail backend in the demo
            user.is_staff = user.is_superuser = role == R.ADMIN
            user.set_password(DEMO_PASSWORD)
            user.save()
            membership_grant(user=user, org_unit=unit, role=role, by=self.actor)
            rows.append((username, Membership.Role(role).label, str(unit)))
        self.stdout.write("\nบัญชีสาธิต (รหัสผ่านทุกบัญชี: %s)" % DEMO_PASSWORD)
        for username, role, unit in rows:
            self.stdout.write(f"  {username:<12} {role:<28} {unit}")
        if not options["no_entry_round"]:
            # The open round belongs to the fiscal year of today, due two weeks ahead (same fiscal year).
            year = options["entry_year"] or fiscal_year_be(timezone.localdate())
            self._open_entry_round(office, year, options["entry_round"])
        if getattr(settings, "TIDTAM_2FA_REQUIRED", False):
            self.stdout.write(
                "admin และ coordinator ต้องลงทะเบียนแอปยืนยันตัวตน (TOTP) เมื่อเข้าสู่ระบบครั้งแรก"
                " (ปิดได้ด้วย TIDTAM_2FA_REQUIRED=0 ดู docs/security.md)"
            )
        self.stdout.write("เปิด http://127.0.0.1:8000 แล้วเข้าสู่ระบบด้วยบัญชีข้างต้น\n")

    def _open_entry_round(self, office: OrgUnit, year: int, number: int) -> None:
        """An open round where the demo reporter and head can enter data (template: the version nearest it)."""
        existing = Round.objects.filter(office=office, fiscal_year_be=year, number=number).first()
        if existing is not None:
            self.stdout.write(f"รอบสาธิตสำหรับกรอกข้อมูล: {existing.key} (มีอยู่แล้ว)")
            return
        # The published version made for this round (2568.1 for the default FY 2568 round 1), else the nearest.
        template = template_nearest(code="moe-inspection", fiscal_year_be=year, round_number=number)
        if template is None or not office.agency_services.exists():
            self.stdout.write(
                "ข้ามการเปิดรอบสาธิต: ยังไม่มีแบบตรวจหรือหน่วยงาน (รัน load_template และ import-report ก่อน)"
            )
            return
        coordinator = User.objects.get(username="coordinator")
        round_ = round_open(
            office=office,
            fiscal_year_be=year,
            number=number,
            template=template,
            due_date=timezone.localdate() + dt.timedelta(days=14),
            by=coordinator,
        )
        self.stdout.write(
            f"รอบสาธิตสำหรับกรอกข้อมูล: {round_.key} กำหนดส่ง {format_date_be(round_.due_date)} (ผู้ใช้ reporter / head)"
        )
