"""A loaded template as plain data, in the shape of its YAML file (for parsers and exporters)."""

from typing import Any

from django.db.models import Prefetch

from .models import Column, FormTemplate, Item, Subtopic


def template_spec(template: FormTemplate) -> dict[str, Any]:
    items = (
        Item.objects.filter(template=template)
        .select_related("policy")
        .prefetch_related(
            Prefetch("columns", queryset=Column.objects.order_by("order")),
            Prefetch("subtopics", queryset=Subtopic.objects.order_by("number")),
        )
        .order_by("number")
    )
    policies: dict[int, dict[str, Any]] = {}
    for item in items:
        policy = policies.setdefault(
            item.policy.order, {"order": item.policy.order, "title": item.policy.title, "items": []}
        )
        columns = [
            {
                "key": c.key,
                "label": c.label,
                "unit": c.unit,
                "value_type": c.value_type,
                "aggregation": c.aggregation,
                **({"weight": c.weight_key} if c.weight_key else {}),
            }
            for c in item.columns.all()
        ]
        policy["items"].append(
            {
                "number": item.number,
                "title": item.title,
                "additional_policy": item.additional_policy,
                "results_heading": item.results_heading,
                "table": {"columns": columns} if columns else None,
                "subtopics": [{"number": s.number, "title": s.title} for s in item.subtopics.all()],
                "rules": item.rules,
                "required": item.required,
            }
        )
    return {
        "code": template.code,
        "version": template.version,
        "title": template.title,
        "fiscal_year_be": template.fiscal_year_be,
        "round_number": template.round_number,
        "policies": [policies[k] for k in sorted(policies)],
    }
