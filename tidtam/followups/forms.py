from django import forms
from django.utils.translation import gettext_lazy as _

from .models import FollowUp

NOTE_MAX = 5000


class UpdateForm(forms.Form):
    status = forms.ChoiceField(
        label=_("สถานะ"),
        choices=FollowUp.Status.choices,
        error_messages={
            "required": _("กรุณาเลือกสถานะของเรื่องที่ติดตาม"),
            "invalid_choice": _("สถานะไม่ถูกต้อง กรุณาเลือกจากรายการ"),
        },
    )
    note = forms.CharField(
        label=_("สิ่งที่ได้ดำเนินการ / เหตุผล"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=NOTE_MAX,
        required=False,
        error_messages={
            "max_length": _(
                "สิ่งที่ได้ดำเนินการยาวเกิน %(limit_value)s ตัวอักษร (มี %(show_value)s ตัวอักษร) กรุณาสรุปให้สั้นลง"
            ),
        },
    )
    evidence = forms.FileField(
        label=_("หลักฐาน (PDF, JPEG หรือ PNG ไม่เกิน 10 MB)"),
        required=False,
        error_messages={
            "empty": _("ไฟล์นี้ว่างเปล่า"),
            "invalid": _("ไฟล์ที่ส่งมาไม่ถูกต้อง กรุณาเลือกไฟล์ใหม่"),
        },
    )
