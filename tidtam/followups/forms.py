from django import forms
from django.utils.translation import gettext_lazy as _

from .models import FollowUp


class UpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("สถานะ"), choices=FollowUp.Status.choices)
    note = forms.CharField(
        label=_("สิ่งที่ได้ดำเนินการ / เหตุผล"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        required=False,
    )
    evidence = forms.FileField(label=_("หลักฐาน (PDF, JPEG หรือ PNG ไม่เกิน 10 MB)"), required=False)
