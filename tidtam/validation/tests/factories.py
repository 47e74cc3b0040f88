"""A small item with one column of each value type and a template rule, for engine tests."""

from tidtam.formdefs.models import Column
from tidtam.formdefs.tests.factories import ColumnFactory, ItemFactory

RULE = {
    "id": "passed_le_submitted",
    "severity": "error",
    "expression": "passed <= submitted",
    "message": "จำนวนที่ผ่านต้องไม่เกินจำนวนที่ยื่น",
}


def item_with_columns(**item_fields):
    """Item with columns submitted/passed (count), budget (money), share (percent), score (decimal)."""
    item = ItemFactory(rules=[RULE], **item_fields)
    for order, (key, label, value_type) in enumerate(
        [
            ("submitted", "ยื่นคำขอ", Column.ValueType.COUNT),
            ("passed", "ผ่านเกณฑ์", Column.ValueType.COUNT),
            ("budget", "งบประมาณ", Column.ValueType.MONEY),
            ("share", "ร้อยละที่ผ่าน", Column.ValueType.PERCENT),
            ("score", "คะแนนเฉลี่ย", Column.ValueType.DECIMAL),
        ]
    ):
        # A percent is averaged in the total row; adding it up is itself a finding.
        aggregation = (
            Column.Aggregation.MEAN if value_type == Column.ValueType.PERCENT else Column.Aggregation.SUM
        )
        ColumnFactory(
            item=item, order=order, key=key, label=label, value_type=value_type, aggregation=aggregation
        )
    return item
