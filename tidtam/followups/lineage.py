"""Which items a follow-up belongs to across form versions: one place decides an item's stable code."""

from tidtam.formdefs.models import Item


def item_code(item: Item) -> str:
    """The item's stable code, the same in every form version that continues the item."""
    return f"item-{item.number}"


def lineage_codes(item: Item) -> frozenset[str]:
    """The codes whose follow-ups this item answers: its own and those it continues from."""
    return frozenset({item_code(item)})
