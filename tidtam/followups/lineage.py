"""Which items a follow-up belongs to across form versions. One place decides it: a follow-up keeps the
item's stable code as it was in the origin round (`item_code`), and is found again through the item's
series (`lineage`), which every later version that continues the item keeps (docs/form-versions.md)."""

from tidtam.formdefs.models import Item


def item_code(item: Item) -> str:
    """The item's stable code in its own version ("P1.I6")."""
    return item.code


def item_series(item: Item) -> str:
    """The series of versions the item belongs to: follow-ups of any of them are this item's to answer."""
    return item.lineage
