"""`tidtam otp_reset USERNAME`: remove a user's authenticator and backup codes (lost phone)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from tidtam.security.policy import two_factor_required
from tidtam.security.services import otp_reset


class Command(BaseCommand):
    help = "ลบแอปยืนยันตัวตนและรหัสสำรองของผู้ใช้ (เช่น ทำโทรศัพท์หาย) เพื่อให้ลงทะเบียนใหม่เมื่อเข้าสู่ระบบครั้งถัดไป"

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username: str, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"ไม่พบผู้ใช้ {username}")
        removed = otp_reset(user=user)
        if not removed:
            self.stdout.write(f"ผู้ใช้ {username} ยังไม่ได้ลงทะเบียนการยืนยันตัวตนสองขั้นตอน")
        elif two_factor_required(user):
            self.stdout.write(f"รีเซ็ตแล้ว: {username} ต้องลงทะเบียนแอปยืนยันตัวตนใหม่เมื่อเข้าสู่ระบบครั้งถัดไป")
        else:
            self.stdout.write(f"รีเซ็ตแล้ว: {username} เข้าสู่ระบบด้วยรหัสผ่านได้ และลงทะเบียนใหม่ได้ทุกเมื่อ")
