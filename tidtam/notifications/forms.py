from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NotificationPreference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["email_digest", "line_user_id"]
        help_texts = {
            "email_digest": _("อีเมลหนึ่งฉบับต่อรอบต่อวัน รวมการแจ้งเตือนของวันนั้น ส่งไปที่อีเมลในบัญชีของท่าน"),
            "line_user_id": _(
                "ไม่บังคับ: รหัสผู้ใช้ LINE (ขึ้นต้นด้วย U ยาว 33 ตัว) ที่ผู้ดูแลระบบแจ้งให้หลังจากท่านเพิ่มบัญชี LINE "
                "ของระบบเป็นเพื่อน เว้นว่างไว้ถ้าไม่ต้องการรับทาง LINE"
            ),
        }
