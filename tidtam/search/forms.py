"""Filter forms of the search, themes and best-practice pages (GET parameters, validated, Thai messages).

Choices come from what the user may see, so a filter can never widen the scope; a value outside the
choices is an error shown on the page, not a 500.
"""

from collections.abc import Iterable

from django import forms
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tidtam.common.thai import parse_number
from tidtam.formdefs.models import Item, Round
from tidtam.orgs.models import OrgUnit

from .models import SearchDocument
from .themes.selectors import KIND_PROBLEMS, KIND_RECOMMENDATIONS

MAX_QUERY = 200


def _choices(pairs: Iterable[tuple[str, str | Promise]]) -> list[tuple[str, str | Promise]]:
    return [("", _("ทั้งหมด")), *pairs]


def _set_choices(form: forms.BaseForm, name: str, pairs: Iterable[tuple[str, str | Promise]]) -> None:
    """Offer `pairs` (after "all") in the choice field `name`."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)  # every field set here is declared as one
    field.choices = _choices(pairs)


class ScopeFilterForm(forms.Form):
    """Round, item, province, region and fiscal year, offered from the rounds the user may see."""

    item = forms.TypedChoiceField(label=_("ข้อ"), required=False, coerce=int, empty_value=None)
    province = forms.ChoiceField(label=_("จังหวัด"), required=False)
    region = forms.ChoiceField(label=_("ภาค"), required=False)
    fiscal_year = forms.TypedChoiceField(label=_("ปีงบประมาณ"), required=False, coerce=int, empty_value=None)

    def __init__(self, data=None, *, rounds: QuerySet[Round], **kwargs):
        super().__init__(data, **kwargs)
        rounds = rounds.order_by()
        self.rounds = rounds
        template_ids = rounds.values("template_id")
        items: dict[int, str] = {}
        for number, title in (
            Item.objects.filter(template_id__in=template_ids)
            .order_by("number", "-id")
            .values_list("number", "title")
        ):
            items.setdefault(number, title)
        _set_choices(self, "item", ((str(n), f"{n}. {t[:70]}") for n, t in items.items()))
        provinces = OrgUnit.objects.filter(pk__in=rounds.values("office__parent_id")).order_by("code")
        _set_choices(self, "province", ((p.code, p.name) for p in provinces))
        regions = OrgUnit.objects.filter(pk__in=rounds.values("office__parent__parent_id")).order_by("code")
        _set_choices(self, "region", ((r.code, r.name) for r in regions))
        years = sorted(set(rounds.values_list("fiscal_year_be", flat=True)), reverse=True)
        _set_choices(self, "fiscal_year", ((str(y), str(y)) for y in years))

    def filters(self) -> dict:
        """Cleaned filters for the selectors (empty ones left out). Call after is_valid()."""
        data = getattr(self, "cleaned_data", {})
        return {
            k: v
            for k in ("item", "province", "region", "fiscal_year")
            if (v := data.get(k)) not in (None, "")
        }


class SearchForm(ScopeFilterForm):
    q = forms.CharField(label=_("คำค้น"), required=False, max_length=MAX_QUERY, strip=True)
    round = forms.ChoiceField(label=_("รอบการตรวจ"), required=False)
    field = forms.ChoiceField(label=_("หัวข้อ"), required=False)
    page = forms.CharField(required=False)

    def __init__(self, data=None, *, rounds: QuerySet[Round], **kwargs):
        super().__init__(data, rounds=rounds, **kwargs)
        _set_choices(self, "round", ((r.key, r.key) for r in rounds.order_by("-fiscal_year_be", "key")))
        _set_choices(self, "field", SearchDocument.Field.choices)

    def clean_page(self) -> int:
        number = parse_number(self.cleaned_data.get("page") or "1")
        if number is None:
            return 1
        try:
            return max(1, int(number))
        except (ValueError, ArithmeticError):  # NaN, Infinity
            return 1

    def filters(self) -> dict:
        out = super().filters()
        for name in ("round", "field"):
            if value := self.cleaned_data.get(name):
                out[name] = value
        return out


class BestPracticeForm(ScopeFilterForm):
    q = forms.CharField(label=_("ค้นหาในแบบอย่างที่ดี"), required=False, max_length=MAX_QUERY, strip=True)
    page = forms.CharField(required=False)

    clean_page = SearchForm.clean_page


class ThemeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("จัดกลุ่มจาก"),
        required=False,
        choices=[(KIND_PROBLEMS, _("ปัญหาอุปสรรค")), (KIND_RECOMMENDATIONS, _("ข้อเสนอแนะ"))],
    )
    region = forms.ChoiceField(label=_("ภาค"), required=False)
    fiscal_year = forms.TypedChoiceField(label=_("ปีงบประมาณ"), required=False, coerce=int, empty_value=None)

    def __init__(self, data=None, *, rounds: QuerySet[Round], **kwargs):
        super().__init__(data, **kwargs)
        rounds = rounds.order_by()
        # Every region is offered (their names are no secret): a link to a region whose rounds the user
        # does not see shows an empty page, not a form error.
        regions = OrgUnit.objects.filter(kind=OrgUnit.Kind.REGION).order_by("code")
        _set_choices(self, "region", ((r.code, r.name) for r in regions))
        years = sorted(set(rounds.values_list("fiscal_year_be", flat=True)), reverse=True)
        _set_choices(self, "fiscal_year", ((str(y), str(y)) for y in years))

    @property
    def selected_kind(self) -> str:
        return (getattr(self, "cleaned_data", {}) or {}).get("kind") or KIND_PROBLEMS
