"""The dashboard's filters: a GET form that works without JavaScript.

Choices come from the user's scope, so a region or province outside it is not offered and, typed into
the address bar, is refused with a Thai message while the other filters still apply.
"""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tidtam.formdefs.models import Item
from tidtam.orgs.models import OrgUnit

from .rollup import Slot

BREAKDOWN_CHOICES = [
    ("", _("อัตโนมัติ")),
    ("province", _("รายจังหวัด")),
    ("region", _("รายภาค")),
    ("agency", _("รายหน่วยงาน")),
    ("agency_kind", _("รายประเภทหน่วยงาน")),
]


class DashboardFilterForm(forms.Form):
    item = forms.TypedChoiceField(label=_("ข้อ"), coerce=int, required=False, empty_value=None)
    column = forms.ChoiceField(label=_("ตัวชี้วัด"), required=False)
    fy = forms.TypedChoiceField(label=_("ปีงบประมาณ"), coerce=int, required=False, empty_value=None)
    round = forms.TypedChoiceField(label=_("รอบที่"), coerce=int, required=False, empty_value=None)
    region = forms.ChoiceField(label=_("ภาค"), required=False)
    province = forms.ChoiceField(label=_("จังหวัด"), required=False)
    kind = forms.ChoiceField(label=_("ประเภทหน่วยงาน"), required=False)
    by = forms.ChoiceField(label=_("แยกตาม"), choices=BREAKDOWN_CHOICES, required=False)

    def __init__(
        self,
        data,
        *,
        items: Sequence[Item],
        columns: Sequence[tuple[str, str]],
        slots: Sequence[Slot],
        regions: Sequence[OrgUnit],
        provinces: Sequence[OrgUnit],
        kinds: Sequence[tuple[str, str]],
    ):
        super().__init__(data)
        self._choices("item", [(it.number, f"{it.number}. {_short(it.title)}") for it in items])
        self._choices("column", [("", _("คอลัมน์แรก")), *columns])
        years = sorted({s.fiscal_year_be for s in slots}, reverse=True)
        self._choices("fy", [("", _("ล่าสุด")), *((y, str(y)) for y in years)])
        numbers = sorted({s.number for s in slots})
        self._choices("round", [("", _("ล่าสุด")), *((n, str(n)) for n in numbers)])
        self._choices("region", [("", _("ทุกภาค")), *((r.code, r.short_name or r.name) for r in regions)])
        grouped: dict[str, list[tuple[str, str]]] = {}
        for p in provinces:
            region = p.parent.short_name or p.parent.name if p.parent else ""
            grouped.setdefault(region, []).append((p.code, p.name))
        self._choices("province", [("", _("ทุกจังหวัด")), *grouped.items()])
        self._choices("kind", [("", _("ทุกประเภท")), *kinds])

    def _choices(self, name: str, choices: list[Any]) -> None:
        """Set the choices of one of the declared choice fields (a plain Field has none)."""
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def value(self, name: str):
        """The cleaned value of a field, or None when it was left empty or is invalid."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return self.cleaned_data.get(name) or None


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
