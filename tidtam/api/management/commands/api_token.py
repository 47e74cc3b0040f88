"""`tidtam api_token USERNAME [--reset]`: print the user's API token (created if missing)."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from tidtam.api.services import api_token_issue
from tidtam.common.commands import ActorCommand


class Command(ActorCommand):
    help = "พิมพ์โทเค็น API ของผู้ใช้ (สร้างให้หากยังไม่มี) ใช้ส่งในส่วนหัว Authorization: Token <โทเค็น>"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--reset", action="store_true", help="ออกโทเค็นใหม่แทนโทเค็นเดิม (โทเค็นเดิมใช้ไม่ได้อีก)")

    def handle(self, *args, username: str, reset: bool = False, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"ไม่พบผู้ใช้ {username}")
        if not user.is_active:
            raise CommandError(f"ผู้ใช้ {username} ถูกระงับการใช้งาน")
        token = api_token_issue(user=user, reset=reset, by=self.actor)
        self.stdout.write(token.key)
