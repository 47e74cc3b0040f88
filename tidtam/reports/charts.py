"""Charts of the results tables: grouped bars per agency, one series per column.

One description (`chart_groups`) feeds every rendering: ECharts options for the web page and the PDF
(`echarts_option`), and a native Word chart in the DOCX (exporters/docx_chart.py). Columns without a
total (aggregation none) are left out; columns of different units (counts of schools, a score, baht)
go to separate charts so that one scale does not flatten the others.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tidtam.formdefs.models import Column

from .assembly import Table

# Colours chosen to stay apart for the common forms of colour blindness (Okabe–Ito), in series order.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
FONT_FAMILY = "Sarabun, 'TH Sarabun New', sans-serif"


@dataclass
class ChartSeries:
    key: str
    name: str
    values: list[float | None]


@dataclass
class ChartGroup:
    unit: str
    categories: list[str]
    series: list[ChartSeries]

    @property
    def title(self) -> str:
        return f"หน่วย: {self.unit}" if self.unit else ""


def _unit(column: Column) -> str:
    return column.unit or column.get_value_type_display()


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def chart_groups(table: Table) -> list[ChartGroup]:
    """The charts of one results table: one group per unit, in column order. Empty when nothing to draw."""
    if table is None or not table.rows:
        return []
    categories = [r.label for r in table.rows]
    groups: dict[str, ChartGroup] = {}
    for column in table.columns:
        if column.aggregation == Column.Aggregation.NONE:
            continue
        values = [_number(r.values.get(column.key)) for r in table.rows]
        if all(v is None for v in values):
            continue
        unit = _unit(column)
        group = groups.setdefault(unit, ChartGroup(unit=unit, categories=categories, series=[]))
        group.series.append(ChartSeries(key=column.key, name=column.label, values=values))
    return list(groups.values())


def echarts_option(group: ChartGroup, *, animation: bool = True) -> dict[str, Any]:
    """ECharts options for one group (the web page and the PDF print page use the same)."""
    return {
        "animation": animation,
        "color": PALETTE,
        "textStyle": {"fontFamily": FONT_FAMILY, "fontSize": 13},
        "title": {"text": group.title, "left": 0, "textStyle": {"fontSize": 13, "fontWeight": "normal"}},
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"bottom": 0, "type": "plain"},
        "grid": {"left": 8, "right": 8, "top": 48, "bottom": 56, "containLabel": True},
        "xAxis": {
            "type": "category",
            "data": group.categories,
            "axisLabel": {"interval": 0, "hideOverlap": False},
        },
        "yAxis": {"type": "value"},
        "series": [
            {
                "type": "bar",
                "name": s.name,
                "data": s.values,
                "barMaxWidth": 28,
                "emphasis": {"focus": "series"},
            }
            for s in group.series
        ],
    }


def echarts_options(table: Table | None, *, animation: bool = True) -> list[dict[str, Any]]:
    return [echarts_option(g, animation=animation) for g in chart_groups(table)] if table else []
