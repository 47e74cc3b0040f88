"""Forms of the entry pages. They only turn posted text into typed values (Thai digits, thousands
separators, Buddhist-Era dates); what is allowed is decided by the services."""

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from tidtam.common.thai import BE_OFFSET, format_date_be, parse_number, parse_thai_date, to_arabic_digits
from tidtam.formdefs.labels import render_items
from tidtam.formdefs.models import FormTemplate
from tidtam.orgs.models import OrgUnit

from .content import PROBLEM_KEYS, TEXT_FIELDS, SubmissionContent, content_with
from .models import Section, Submission

_PROBLEM_FIELD = re.compile(r"^problems-(\d+)-(problem|solution|expected_result)$")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")

REQUIRED = {"required": _lazy("กรุณากรอกช่องนี้")}


def parse_date_be(text: str) -> dt.date | None:
    """'30/9/2568', '30 กันยายน 2568', '๓๐/๐๙/๒๕๖๘' and a date picker's '2025-09-30' → date.
    A year above 2400 is Buddhist Era; below, Common Era (what date pickers send)."""
    s = to_arabic_digits(text or "").strip()
    if not s:
        return None
    m = _YMD.match(s)
    if m:
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = _DMY.match(s)
        if not m:
            return parse_thai_date(s)
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if year > 2400:
        year -= BE_OFFSET
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


class ThaiDateField(forms.CharField):
    widget = forms.TextInput(attrs={"placeholder": _lazy("เช่น 30/09/2568"), "autocomplete": "off"})

    def prepare_value(self, value):
        if isinstance(value, dt.date):
            return f"{value.day:02d}/{value.month:02d}/{value.year + BE_OFFSET}"
        return value

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        date = parse_date_be(text)
        if date is None:
            raise forms.ValidationError(_("อ่านวันที่ไม่ออก กรุณากรอกเป็น วัน/เดือน/ปี พ.ศ. เช่น 30/09/2568"))
        return date


class ThaiIntegerField(forms.CharField):
    """Whole numbers typed with Thai or Arabic digits."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        number = parse_number(text)
        if number is None or number != number.to_integral_value():
            raise forms.ValidationError(_("กรุณากรอกเป็นจำนวนเต็ม"))
        return int(number)


class RoundOpenForm(forms.Form):
    office: "forms.ModelChoiceField[OrgUnit]" = forms.ModelChoiceField(
        queryset=None, label=_lazy("สำนักงานศึกษาธิการจังหวัด"), error_messages=REQUIRED
    )
    fiscal_year_be = ThaiIntegerField(label=_lazy("ปีงบประมาณ (พ.ศ.)"), error_messages=REQUIRED)
    number = ThaiIntegerField(label=_lazy("รอบที่"), error_messages=REQUIRED)
    template = forms.ModelChoiceField(
        queryset=FormTemplate.objects.filter(status=FormTemplate.Status.PUBLISHED),
        label=_lazy("แบบตรวจ"),
        error_messages=REQUIRED,
    )
    due_date = ThaiDateField(label=_lazy("กำหนดส่ง (วัน/เดือน/ปี พ.ศ.)"), error_messages=REQUIRED)

    def __init__(self, *args, offices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        self.fields["office"].label_from_instance = lambda o: o.name
        self.fields["template"].label_from_instance = lambda t: f"{t.title} ({t.version})"
        if offices.count() == 1:
            self.fields["office"].initial = offices.first()


class DueDateForm(forms.Form):
    due_date = ThaiDateField(label=_lazy("กำหนดส่งใหม่ (วัน/เดือน/ปี พ.ศ.)"), error_messages=REQUIRED)


def section_choices(item_number: int | None = None, *, blank: str | None = None) -> list[tuple[str, str]]:
    """X.1 … X.5 shown with the item number: "1.2 ปัญหาอุปสรรค …"."""
    prefix = str(item_number) if item_number is not None else "X"
    choices = [(value, f"{value.replace('X', prefix)} {label}") for value, label in Section.choices]
    return [("", blank), *choices] if blank is not None else choices


def _set_section_choices(form: forms.Form, item_number: int | None, *, blank: str) -> None:
    field = form.fields["section"]
    assert isinstance(field, forms.ChoiceField)  # declared as one by each form that calls this
    field.choices = section_choices(item_number, blank=blank)


class ReturnForm(forms.Form):
    section = forms.ChoiceField(label=_lazy("ส่วนที่ต้องแก้ไข"), error_messages=REQUIRED)
    reason = forms.CharField(
        label=_lazy("เหตุผลในการส่งกลับ"), widget=forms.Textarea(attrs={"rows": 3}), error_messages=REQUIRED
    )

    def __init__(self, *args, item_number: int | None, **kwargs):
        # None: for reports of several items at once (the inbox's bulk return): sections read "X.1 …".
        super().__init__(*args, **kwargs)
        _set_section_choices(self, item_number, blank=_("— เลือกส่วน —"))


class ReopenForm(forms.Form):
    section = forms.ChoiceField(label=_lazy("ส่วนที่ต้องแก้ไข (ถ้ามี)"), required=False)
    reason = forms.CharField(
        label=_lazy("เหตุผลในการเปิดให้แก้ไข"), widget=forms.Textarea(attrs={"rows": 3}), error_messages=REQUIRED
    )

    def __init__(self, *args, item_number: int, **kwargs):
        super().__init__(*args, **kwargs)
        _set_section_choices(self, item_number, blank=_("— ทั้งข้อ —"))


class CommentForm(forms.Form):
    section = forms.ChoiceField(label=_lazy("เรื่องของส่วน"), required=False)
    text = forms.CharField(
        label=_lazy("ความเห็น"), widget=forms.Textarea(attrs={"rows": 3}), error_messages=REQUIRED
    )

    def __init__(self, *args, item_number: int, **kwargs):
        super().__init__(*args, **kwargs)
        _set_section_choices(self, item_number, blank=_("— ทั้งข้อ —"))


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_lazy("ไฟล์หลักฐาน (PDF, JPEG หรือ PNG ไม่เกิน 10 MB)"),
        error_messages={"required": _lazy("กรุณาเลือกไฟล์"), "empty": _lazy("ไฟล์นี้ว่างเปล่า")},
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
        ),
    )


# --- the entry form ---------------------------------------------------------------------------------


@dataclass
class PostedEntry:
    """The entry form as posted: typed content, the raw text of each number as typed (shown back
    when it cannot be read), and per-field messages."""

    version: int | None
    content: SubmissionContent
    present: set[str] = field(default_factory=set)  # which parts the form carried
    raw_values: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def over(self, saved: SubmissionContent) -> SubmissionContent:
        """`saved` with what the form carried put over it, as a save would store it (justifications
        merge: a warning that is not shown right now keeps its saved justification)."""
        c = self.content
        return content_with(
            saved,
            values=c.values if "values" in self.present else None,
            narratives=c.narratives if "narratives" in self.present else None,
            problems=c.problems if "problems" in self.present else None,
            justifications={**saved.justifications, **c.justifications}
            if "justifications" in self.present
            else None,
            **{name: getattr(c, name) if name in self.present else None for name in TEXT_FIELDS},
        )

    def update_kwargs(self) -> dict:
        """Keyword arguments for `submission_update`: only the parts the form carried."""
        c = self.content
        kwargs: dict = {}
        if "values" in self.present:
            kwargs["values"] = c.values
        if "narratives" in self.present:
            kwargs["narratives"] = c.narratives
        if "problems" in self.present:
            kwargs["problems"] = c.problems
        for name in TEXT_FIELDS:
            if name in self.present:
                kwargs[name] = getattr(c, name)
        return kwargs


def parse_entry(data: QueryDict, submission: Submission) -> PostedEntry:
    version_text = to_arabic_digits(data.get("version", "")).strip()
    posted = PostedEntry(
        version=int(version_text) if version_text.isdigit() else None, content=SubmissionContent()
    )
    c = posted.content
    render_items([submission.item], submission.round.fiscal_year_be)
    for column in submission.item.columns.all():
        name = f"value-{column.key}"
        if name not in data:
            continue
        posted.present.add("values")
        raw = data.get(name, "").strip()
        posted.raw_values[column.key] = raw
        if not raw:
            c.values[column.key] = None
            continue
        number = parse_number(raw)
        if number is None:
            # Not saved (the saved value stays), but kept in the form as typed.
            posted.errors[name] = _("«%(column)s»: กรุณากรอกเป็นตัวเลข เช่น 1,234 หรือ ๑๒๓") % {
                "column": column.label
            }
            continue
        c.values[column.key] = number
    for subtopic in submission.item.subtopics.all():
        name = f"narrative-{subtopic.number}"
        if name in data:
            posted.present.add("narratives")
            c.narratives[subtopic.number] = data.get(name, "")
    if "narrative-general" in data:
        posted.present.add("narratives")
        c.narratives[None] = data.get("narrative-general", "")
    if "problems-present" in data:
        posted.present.add("problems")
        rows: dict[int, dict[str, str]] = {}
        for name in data:
            m = _PROBLEM_FIELD.match(name)
            if m:
                rows.setdefault(int(m.group(1)), {k: "" for k in PROBLEM_KEYS})[m.group(2)] = data.get(
                    name, ""
                )
        c.problems = [rows[i] for i in sorted(rows)]
    for name in TEXT_FIELDS:
        if name in data:
            posted.present.add(name)
            setattr(c, name, data.get(name, ""))
    for name in data:
        if name.startswith("justify-"):
            posted.present.add("justifications")
            c.justifications[name.removeprefix("justify-")] = data.get(name, "")
    return posted


def apply_row_action(problems: list[dict[str, str]], action: str) -> list[dict[str, str]]:
    """The X.2 row buttons for browsers without JavaScript: add, remove-N, up-N, down-N (N from 0)."""
    rows = list(problems)
    verb, _sep, index_text = action.partition("-")
    index = int(index_text) if index_text.isdigit() else -1
    if verb == "remove" and 0 <= index < len(rows):
        del rows[index]
    elif verb == "up" and 0 < index < len(rows):
        rows[index - 1], rows[index] = rows[index], rows[index - 1]
    elif verb == "down" and 0 <= index < len(rows) - 1:
        rows[index + 1], rows[index] = rows[index], rows[index + 1]
    return rows


def display_value(value: Decimal | None) -> str:
    """A saved number as the form shows it: thousands separators, no trailing zeros."""
    if value is None:
        return ""
    normalized = value.normalize()
    exponent = normalized.as_tuple().exponent  # "n", "N" or "F" for NaN and Infinity: no places
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return f"{normalized:,.{places}f}"


def due_text(date: dt.date | None) -> str:
    return format_date_be(date)
