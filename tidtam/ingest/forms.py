from django import forms
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Many files in one field (Django's documented recipe): cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,.docx,.pdf,.json,.zip"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if not data and self.required:  # a multiple input gives [] for "nothing chosen"
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class BulkImportForm(forms.Form):
    uploads = MultipleFileField(
        label=_("ไฟล์รายงาน (.txt .docx .pdf .json) หรือไฟล์ .zip ที่รวมไฟล์เหล่านี้"),
        error_messages={"required": _("กรุณาเลือกไฟล์อย่างน้อยหนึ่งไฟล์")},
    )
