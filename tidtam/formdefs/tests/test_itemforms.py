"""An item's form kept per process: read once, in form order, forgotten when any form changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tidtam.formdefs.itemforms import item_form_load
from tidtam.formdefs.models import Item

from .factories import ColumnFactory, ItemFactory, SubtopicFactory

pytestmark = pytest.mark.django_db


def _form(item_id: int) -> tuple[list[str], list[int], int]:
    """(column keys, sub-topic numbers, queries it took) for a freshly read item."""
    item = Item.objects.get(pk=item_id)
    with CaptureQueriesContext(connection) as queries:
        item_form_load(item)
        keys = [c.key for c in item.columns.all()]
        numbers = [s.number for s in item.subtopics.all()]
        assert all(c.item is item for c in item.columns.all())  # no query for a column's item
    return keys, numbers, len(queries)


@pytest.fixture
def item():
    item = ItemFactory()
    ColumnFactory(item=item, key="late", order=2)
    ColumnFactory(item=item, key="early", order=1)
    SubtopicFactory(item=item, number=2)
    SubtopicFactory(item=item, number=1)
    return item


def test_the_form_is_read_once_in_form_order(item):
    assert _form(item.pk) == (["early", "late"], [1, 2], 2)
    assert _form(item.pk) == (["early", "late"], [1, 2], 0)


def test_a_new_column_or_a_deleted_subtopic_is_seen_at_once(item):
    _form(item.pk)
    ColumnFactory(item=item, key="added", order=3)
    assert _form(item.pk) == (["early", "late", "added"], [1, 2], 2)
    item.subtopics.get(number=2).delete()
    assert _form(item.pk)[1] == [1]


def test_each_load_builds_its_own_columns(item):
    first = Item.objects.get(pk=item.pk)
    item_form_load(first)
    first.columns.all()[0].label = "changed by one request"
    second = Item.objects.get(pk=item.pk)
    item_form_load(second)
    assert second.columns.all()[0].label != "changed by one request"
