"""A stored version as plain data, in the shape of its YAML file (for parsers, exporters and the CLI).

`template_spec(t)` gives the version as written (placeholders such as `{fy}` kept): exported, imported again
and exported once more it is unchanged. `template_spec(t, fiscal_year_be=2568)` renders the texts for a
round of that year (what the legacy parser compares printed headers with).
"""

from typing import Any

from django.db.models import Prefetch

from .labels import has_placeholder, render_label, years_named
from .models import Column, FormTemplate, Item, Subtopic


def template_spec(template: FormTemplate, *, fiscal_year_be: int | None = None) -> dict[str, Any]:
    def text(value: str) -> str:
        return render_label(value, fiscal_year_be)

    items = (
        Item.objects.filter(template=template)
        .select_related("policy")
        .prefetch_related(
            Prefetch("columns", queryset=Column.objects.order_by("order")),
            Prefetch("subtopics", queryset=Subtopic.objects.order_by("number")),
        )
        .order_by("number")
    )
    policies: dict[int, dict[str, Any]] = {
        p.order: {"order": p.order, "title": p.title, "items": []}
        for p in template.policies.order_by("order")
    }
    for item in items:
        columns = [
            {
                "key": c.key,
                "label": text(c.label),
                "unit": c.unit,
                "value_type": c.value_type,
                "aggregation": c.aggregation,
                **({"weight": c.weight_key} if c.weight_key else {}),
                "continues_from": c.continues_from or None,
            }
            for c in item.columns.all()
        ]
        policies[item.policy.order]["items"].append(
            {
                "number": item.number,
                "code": item.code,
                "numbering": item.numbering,
                "continues_from": item.continues_from or None,
                "title": text(item.title),
                "additional_policy": item.additional_policy,
                "results_heading": text(item.results_heading),
                "table": {"columns": columns} if columns else None,
                "subtopics": [{"number": s.number, "title": text(s.title)} for s in item.subtopics.all()],
                "rules": item.rules,
                "required": item.required or None,
            }
        )
    return {
        "code": template.code,
        "version": template.version,
        "previous_version": template.previous.version if template.previous else None,
        "title": template.title,
        "fiscal_year_be": template.fiscal_year_be,
        "round_number": template.round_number,
        "notes": template.notes,
        "policies": [policies[k] for k in sorted(policies)],
    }


def former_labels(template: FormTemplate) -> dict[tuple[str, str], list[str]]:
    """(item code, column key) → what the columns it continues were called in earlier versions.

    Only labels that name no year are given (a label naming a year means that year, never this column's),
    so that a report still printing a renamed column's old name can be read into the column that continues
    it."""
    current = {
        (c.item.lineage, c.lineage): (c.item.code, c.key, c.label)
        for c in Column.objects.filter(item__template=template).select_related("item")
    }
    out: dict[tuple[str, str], list[str]] = {}
    earlier, seen = template.previous, {template.pk}
    while earlier is not None and earlier.pk not in seen:
        seen.add(earlier.pk)
        for c in Column.objects.filter(item__template=earlier).select_related("item"):
            found = current.get((c.item.lineage, c.lineage))
            if found is None or c.label == found[2] or has_placeholder(c.label) or years_named(c.label):
                continue
            labels = out.setdefault((found[0], found[1]), [])
            if c.label not in labels:
                labels.append(c.label)
        earlier = earlier.previous
    return out
