"""The authoring pages' forms: each edits one part of a draft's spec (formdefs.spec), and the draft is then
saved whole through `versions.template_replace_contents`, the same path a workbook or YAML file takes."""

import copy
from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from tidtam.orgs.models import Membership, OrgUnit

from .models import Column, FormTemplate
from .speccheck import COLUMN_KEY, ITEM_CODE

FRESH = ""  # the "continues from" choice that starts a fresh series


def can_author_forms(user: Any) -> bool:
    """System administrators (superusers, or the admin role at the ministry) write form versions."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return (
        user.is_superuser
        or Membership.objects.filter(
            user=user, role=Membership.Role.ADMIN, org_unit__kind=OrgUnit.Kind.MINISTRY
        ).exists()
    )


class CopyForm(forms.Form):
    version = forms.CharField(label=_("ชื่อรุ่นใหม่"), max_length=32, help_text=_("เช่น 2568.2"))
    fiscal_year_be = forms.IntegerField(label=_("ปีงบประมาณ (พ.ศ.)"), min_value=2500, max_value=2700)
    round_number = forms.IntegerField(label=_("รอบที่"), min_value=1, max_value=12)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("ไฟล์แบบฟอร์ม (.xlsx หรือ .yaml)"))
    version = forms.CharField(label=_("ชื่อรุ่น (เว้นว่าง = ตามไฟล์)"), max_length=32, required=False)


class SettingsForm(forms.Form):
    title = forms.CharField(label=_("ชื่อแบบฟอร์ม"), max_length=300)
    fiscal_year_be = forms.IntegerField(label=_("ปีงบประมาณ (พ.ศ.)"), min_value=2500, max_value=2700)
    round_number = forms.IntegerField(label=_("รอบที่"), min_value=1, max_value=12)
    notes = forms.CharField(
        label=_("หมายเหตุ / สิ่งที่ยังเป็นสมมติฐาน"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class PolicyForm(forms.Form):
    order = forms.IntegerField(label=_("ลำดับ"), min_value=1)
    title = forms.CharField(label=_("ชื่อนโยบาย"), max_length=300)


class ItemForm(forms.Form):
    code = forms.RegexField(
        label=_("รหัสข้อ (คงที่ข้ามรุ่น)"),
        regex=ITEM_CODE,
        max_length=64,
        error_messages={"invalid": _("รหัสข้อใช้ได้เฉพาะอักษรอังกฤษ ตัวเลข จุด ขีด และขีดล่าง เช่น P1.I6")},
    )
    number = forms.IntegerField(label=_("ลำดับข้อ"), min_value=1)
    numbering = forms.CharField(label=_("เลขข้อที่แสดง (เช่น 1.6)"), max_length=16, required=False)
    policy = forms.TypedChoiceField(label=_("นโยบาย"), coerce=int)
    title = forms.CharField(label=_("ชื่อข้อ"), widget=forms.Textarea(attrs={"rows": 2}))
    additional_policy = forms.BooleanField(label=_("นโยบายเพิ่มเติม"), required=False)
    results_heading = forms.CharField(
        label=_("หัวข้อผลการดำเนินงาน (X.1)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    continues_from = forms.ChoiceField(label=_("สืบต่อจากข้อของรุ่นก่อนหน้า"), required=False)

    def __init__(
        self, *args: Any, policies: list[tuple[int, str]], previous_codes: list[tuple[str, str]], **kw: Any
    ):
        super().__init__(*args, **kw)
        policy = self.fields["policy"]
        continues = self.fields["continues_from"]
        assert isinstance(policy, forms.ChoiceField) and isinstance(continues, forms.ChoiceField)
        policy.choices = policies
        continues.choices = [(FRESH, _("— เริ่มใหม่ (ไม่มีข้อเดิม) —")), *previous_codes]


KEY_INVALID = _("รหัสคอลัมน์ต้องขึ้นต้นด้วยอักษรอังกฤษ แล้วตามด้วยอักษรอังกฤษ ตัวเลข หรือขีดล่าง เช่น janitor_hired")


def key_field(label: Any, *, required: bool = True) -> forms.RegexField:
    """A column key as rules can name it (the same pattern a workbook or YAML file is checked against)."""
    return forms.RegexField(
        label=label,
        regex=COLUMN_KEY,
        max_length=64,
        required=required,
        error_messages={"invalid": KEY_INVALID},
    )


class ColumnForm(forms.Form):
    key = key_field(_("รหัสคอลัมน์"))
    label = forms.CharField(label=_("ชื่อคอลัมน์ (ใช้ {fy} / {fy-1} แทนปีได้)"), max_length=300)
    unit = forms.CharField(label=_("หน่วย"), max_length=32, required=False)
    # Initial values, so that an untouched blank row of the formset counts as unchanged and is skipped.
    value_type = forms.ChoiceField(label=_("ชนิดค่า"), choices=Column.ValueType.choices, initial="count")
    aggregation = forms.ChoiceField(label=_("การรวมยอด"), choices=Column.Aggregation.choices, initial="sum")
    weight = key_field(_("คอลัมน์น้ำหนัก"), required=False)
    continues_from = key_field(_("สืบต่อจากคอลัมน์"), required=False)


class SubtopicForm(forms.Form):
    number = forms.IntegerField(label=_("ลำดับ"), min_value=1)
    title = forms.CharField(label=_("ประเด็นย่อย"), widget=forms.Textarea(attrs={"rows": 1}))


class RuleForm(forms.Form):
    id = forms.SlugField(label=_("รหัสกฎ"), max_length=64)
    severity = forms.ChoiceField(
        label=_("ระดับ"), choices=[("error", _("ผิดพลาด")), ("warning", _("ควรตรวจสอบ"))], initial="error"
    )
    expression = forms.CharField(label=_("เงื่อนไข"), max_length=500)
    message = forms.CharField(label=_("ข้อความแจ้งผู้กรอก"), max_length=500)
    # The column the finding points at (optional; kept when the item is saved again).
    column = key_field(_("คอลัมน์ที่แจ้ง"), required=False)


ColumnFormSet = formset_factory(ColumnForm, extra=2, can_delete=True)
SubtopicFormSet = formset_factory(SubtopicForm, extra=1, can_delete=True)
RuleFormSet = formset_factory(RuleForm, extra=1, can_delete=True)
PolicyFormSet = formset_factory(PolicyForm, extra=1, can_delete=True)


def kept(formset: Any) -> list[dict[str, Any]]:
    """The filled rows of a valid formset that are not marked for deletion."""
    return [
        {k: v for k, v in f.cleaned_data.items() if k != "DELETE"}
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


def find_item(spec: dict[str, Any], code: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
    for policy in spec["policies"]:
        for item in policy["items"]:
            if item["code"] == code:
                return policy, item
    return None


def item_initial(policy: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": item["code"],
        "number": item["number"],
        "numbering": item.get("numbering") or "",
        "policy": policy["order"],
        "title": item["title"],
        "additional_policy": item.get("additional_policy", False),
        "results_heading": item.get("results_heading") or "",
        "continues_from": item.get("continues_from") or FRESH,
    }


def spec_with_item(
    spec: dict[str, Any],
    *,
    old_code: str | None,
    fields: dict[str, Any],
    columns: list[dict[str, Any]],
    subtopics: list[dict[str, Any]],
    rules: list[dict[str, Any]],
    keep_required: list[str] | None,
) -> dict[str, Any]:
    """A copy of `spec` with one item replaced (or added when `old_code` is None)."""
    spec = copy.deepcopy(spec)
    if old_code is not None and (found := find_item(spec, old_code)):
        found[0]["items"].remove(found[1])
    item = {
        "number": fields["number"],
        "code": fields["code"],
        "numbering": fields.get("numbering") or "",
        "continues_from": fields.get("continues_from") or None,
        "title": fields["title"],
        "additional_policy": bool(fields.get("additional_policy")),
        "results_heading": fields.get("results_heading") or "",
        "table": {"columns": [_column(c) for c in columns]} if columns else None,
        "subtopics": sorted(subtopics, key=lambda s: s["number"]),
        "rules": [{k: v for k, v in r.items() if k != "column" or v} for r in rules],
        "required": keep_required,
    }
    policy = next(p for p in spec["policies"] if p["order"] == fields["policy"])
    policy["items"].append(item)
    policy["items"].sort(key=lambda it: it["number"])
    return spec


def _column(c: dict[str, Any]) -> dict[str, Any]:
    out = {k: c[k] for k in ("key", "label", "unit", "value_type", "aggregation")}
    if c.get("weight"):
        out["weight"] = c["weight"]
    out["continues_from"] = c.get("continues_from") or None
    return out


def previous_item_codes(template: FormTemplate) -> list[tuple[str, str]]:
    if template.previous is None:
        return []
    return [
        (code, f"{numbering or number}. {title[:60]} [{code}]")
        for code, number, numbering, title in template.previous.items.order_by("number").values_list(
            "code", "number", "numbering", "title"
        )
    ]
