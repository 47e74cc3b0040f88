"""Charts: one series per column that has a total, separate charts for separate units."""

from decimal import Decimal

from tidtam.formdefs.models import Column
from tidtam.reports.assembly import Table, TableRow
from tidtam.reports.charts import chart_groups, echarts_option


def column(key, unit="ราย", aggregation=Column.Aggregation.SUM):
    return Column(key=key, label=key, unit=unit, aggregation=aggregation, value_type=Column.ValueType.COUNT)


def table(columns, rows):
    return Table(
        columns=columns,
        rows=[TableRow(agency=None, label=label, values=values) for label, values in rows],
        total={},
    )


def test_columns_of_different_units_go_to_separate_charts_and_none_is_left_out():
    t = table(
        [
            column("schools", "แห่ง"),
            column("score", "คะแนน", Column.Aggregation.WEIGHTED_MEAN),
            column("budget", "บาท"),
            column("budget2", "บาท"),
            column("remark", "", Column.Aggregation.NONE),
        ],
        [
            (
                "สพป.สค.",
                {"schools": Decimal(3), "score": Decimal("88.92"), "budget": Decimal(1), "budget2": None},
            ),
            (
                "สพม.สค. สส.",
                {"schools": Decimal(3), "score": Decimal("105.1"), "budget": Decimal(2), "budget2": None},
            ),
        ],
    )
    groups = chart_groups(t)
    assert [g.unit for g in groups] == ["แห่ง", "คะแนน", "บาท"]
    assert [s.key for s in groups[2].series] == ["budget"]  # budget2 has nothing to draw
    assert groups[1].categories == ["สพป.สค.", "สพม.สค. สส."]
    assert groups[1].series[0].values == [88.92, 105.1]


def test_echarts_option_is_a_grouped_bar_chart_per_agency():
    t = table([column("a"), column("b")], [("สพป.สค.", {"a": Decimal(1), "b": Decimal(2)})])
    option = echarts_option(chart_groups(t)[0])
    assert option["xAxis"]["data"] == ["สพป.สค."]
    assert [s["type"] for s in option["series"]] == ["bar", "bar"]
    assert option["title"]["text"] == "หน่วย: ราย"


def test_a_table_without_rows_has_no_chart():
    assert chart_groups(table([column("a")], [])) == []
