"""{% chart_specs table number as charts %}: the ECharts options of a results table (reports/_chart.html)."""

from django import template

from tidtam.reports.charts import chart_groups, echarts_option
from tidtam.reports.exporters.layout import chart_alt

register = template.Library()


@register.simple_tag
def chart_specs(table, number=0):
    """{"data_id", "label", "specs": [{"id", "option"}]}: one spec per chart (one per unit); no specs
    when the table has nothing to draw."""
    groups = chart_groups(table) if table is not None else []
    return {
        "data_id": f"report-chart-data-{number}",
        "label": chart_alt(number, groups) if groups else "",
        "specs": [
            {"id": f"report-chart-{number}-{i}", "option": echarts_option(g)}
            for i, g in enumerate(groups, start=1)
        ],
    }
