"""Who runs a command: every `tidtam` command that writes (or exports) records its actor.

`--actor USERNAME` names the account the work is done for (it must exist and be active); without it the
actor is the system. Either way each audit event also carries "cli:<os user>", the login that ran the
command, so a change made from a shell is never anonymous."""

import getpass
import os
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from .services import audit_context


def os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (some containers): fall back to the uid
        return f"uid{os.getuid()}"


def cli_actor_label() -> str:
    return f"cli:{os_user()}"


def cli_actor(username: str | None) -> Any:
    """The user named by --actor, or None (the system). Refuses an unknown or inactive account."""
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None or not user.is_active:
        raise CommandError(f"ไม่พบผู้ใช้ {username} หรือบัญชีถูกปิดใช้งาน (--actor ต้องเป็นชื่อผู้ใช้ในระบบ)")
    return user


class ActorCommand(BaseCommand):
    """A command whose writes are audited as "cli:<os user>" and, with --actor, as that user."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument(
            "--actor",
            metavar="USERNAME",
            default=None,
            help="ชื่อผู้ใช้ที่ทำรายการนี้ (บันทึกในประวัติการแก้ไข); ไม่ระบุ = ระบบ พร้อมชื่อผู้ใช้ของเครื่อง",
        )
        return parser

    def execute(self, *args, **options):
        self.actor = cli_actor(options.get("actor"))
        with audit_context(actor_label=cli_actor_label()):
            return super().execute(*args, **options)
