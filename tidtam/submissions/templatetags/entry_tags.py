"""Template helpers of the entry pages: {{ dt|thdatetime }}, {% entry_nav_links %}."""

from django import template
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tidtam.common.thai import format_date_be
from tidtam.formdefs.models import Round
from tidtam.formdefs.selectors import user_scope

from .. import permissions
from ..models import Submission
from ..selectors import review_queue_count, reviews_anything

register = template.Library()

ACTION_LABELS = {
    "update": _("แก้ไขข้อมูล"),
    "submit": _("ส่งรายงาน"),
    "return": _("ส่งกลับแก้ไข"),
    "accept": _("รับรอง"),
    "reopen": _("เปิดให้แก้ไขอีกครั้ง"),
    "lock": _("ปิดรอบ (ล็อก)"),
    "attach": _("แนบไฟล์"),
    "detach": _("ลบไฟล์แนบ"),
    "comment": _("แสดงความเห็น"),
    "import": _("นำเข้าข้อมูล"),
    "create": _("สร้าง"),
    "excel_upload": _("บันทึกจากไฟล์ Excel"),
    "unlock": _("ปลดล็อก"),
    "open": _("เปิดรอบ"),
    "close": _("ปิดรอบ"),
    "restore": _("กู้คืนข้อมูล"),
    "archive": _("เก็บสำเนาก่อนแทนที่"),
    "remind": _("ส่งแจ้งเตือน"),
    "due_date": _("เปลี่ยนกำหนดส่ง"),
    "export": _("ส่งออกข้อมูล"),
    "export_downloaded": _("ดาวน์โหลดไฟล์ส่งออก"),
    "download": _("ดาวน์โหลด"),
}
UNKNOWN_ACTION = _("บันทึกการทำงาน")


@register.filter
def action_label(action: str) -> str:
    """The Thai name of an audit action; an action not named here reads as a generic entry, not code."""
    return str(ACTION_LABELS.get(action, UNKNOWN_ACTION))


@register.filter
def thdatetime(value):
    """15 ก.ค. 67 14:03 (Buddhist Era, local time)."""
    if value is None:
        return "-"
    local = timezone.localtime(value)
    return f"{format_date_be(local.date(), short=True)} {local:%H:%M}"


@register.filter
def section_of(section: str, item_number) -> str:
    """ "X.2" → "1.2"."""
    return (section or "").replace("X", str(item_number))


@register.inclusion_tag("submissions/_nav_links.html", takes_context=True)
def entry_nav_links(context):
    """Links of the entry workflow for the main navigation, by what the user may do."""
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return {"show": False}
    return {
        "show": True,
        "enters": bool(user_scope(user=user).agency_ids),
        "opens_rounds": bool(permissions.offices_user_can_open_rounds_for(user)),
    }


@register.filter
def status_label(value: str) -> str:
    try:
        return str(Submission.Status(value).label)
    except ValueError:
        pass
    try:
        return str(Round.Status(value).label)
    except ValueError:
        return value or ""


@register.filter
def filesize(value: int) -> str:
    if value is None:
        return "-"
    if value < 1024 * 1024:
        return f"{max(1, round(value / 1024))} KB"
    return f"{value / (1024 * 1024):.1f} MB"


@register.inclusion_tag("submissions/_round_links.html", takes_context=True)
def round_entry_links(context, round_):
    """Links from a round's report page to its entry pages, for those who may open them."""
    user = context.get("user")
    return {
        "round": round_,
        "completeness": user is not None and permissions.can_view_completeness(user, round_),
    }


@register.simple_tag(takes_context=True)
def inbox_nav(context) -> dict:
    """For the navigation's inbox link: whether the user reviews, and how many reports wait (one COUNT
    query for a reviewer, none for anyone else)."""
    user = context.get("user")
    if user is None or not user.is_authenticated or not reviews_anything(user=user):
        return {"show": False, "count": 0}
    return {"show": True, "count": review_queue_count(user=user)}
