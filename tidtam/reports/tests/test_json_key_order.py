"""The round JSON lists every row's, total's and printed total's keys in column order, whatever order the
database kept (PostgreSQL's jsonb sorts keys by length), so SQLite and PostgreSQL export the same text and
a backup restored into the other database verifies."""

from tidtam.reports.exporters.json import round_to_dict
from tidtam.submissions.models import RoundItem


def _in_order(keys, columns):
    return keys == [c for c in columns if c in keys]


def test_printed_totals_stored_in_another_order_export_in_column_order(seed_round):
    round_item = next(ri for ri in RoundItem.objects.filter(round=seed_round) if len(ri.printed_totals) >= 2)
    round_item.printed_totals = dict(reversed(list(round_item.printed_totals.items())))
    round_item.save()

    items = round_to_dict(seed_round)["items"]
    tables = [i["results_table"] for i in items if i["results_table"]]
    assert tables
    for table in tables:
        columns = [c["key"] for c in table["columns"]]
        assert _in_order(list(table["total"]), columns)
        assert all(_in_order(list(row["values"]), columns) for row in table["rows"])
        if isinstance(table["printed_total"], dict):
            assert _in_order(list(table["printed_total"]), columns)
