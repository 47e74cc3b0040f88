"""An item's form (its columns and sub-topics, in form order) kept per process.

The entry page's autosave needs it every few seconds for every reporter typing; reading it costs two
queries and the building of every column. Keeping it is safe: a round only ever uses a published
version (`versions.ensure_usable_for_rounds`), a published version is never edited (a changed file
for a version in use is refused; the authoring pages edit drafts), and ids are never reused. Still,
any save or delete of a form template, item, column or sub-topic in this process forgets everything
kept (receivers connected in apps.py), so that a test database reusing an id after a rollback, or an
author editing a draft, never meets an old copy.
"""

from typing import Any

from django.db import models

from .models import Column, Item, Subtopic

_COLUMN_FIELDS = tuple(f.attname for f in Column._meta.concrete_fields)
_SUBTOPIC_FIELDS = tuple(f.attname for f in Subtopic._meta.concrete_fields)
# (database alias, item id) -> (column rows, sub-topic rows): plain values, so that each request
# builds its own instances and nothing one request sets on a column reaches another.
_kept: dict[tuple[str, int], tuple[list[tuple], list[tuple]]] = {}
MAX_KEPT = 5_000  # items; a national deployment has a few hundred in use


def item_form_load(item: Item) -> None:
    """Make `item.columns.all()` and `item.subtopics.all()` the item's form in form order, without a
    query once this process has read it. Ordered by their own fields: the models' default orderings
    go through the item and its template, two joins that PostgreSQL would plan on every read."""
    prefetched = item.__dict__.setdefault("_prefetched_objects_cache", {})
    if "columns" in prefetched and "subtopics" in prefetched:
        return
    db = item._state.db or "default"
    rows = _kept.get((db, item.pk))
    if rows is None:
        rows = (
            list(
                Column.objects.using(db)
                .filter(item_id=item.pk)
                .order_by("order")
                .values_list(*_COLUMN_FIELDS)
            ),
            list(
                Subtopic.objects.using(db)
                .filter(item_id=item.pk)
                .order_by("number")
                .values_list(*_SUBTOPIC_FIELDS)
            ),
        )
        if len(_kept) >= MAX_KEPT:
            _kept.clear()
        _kept[(db, item.pk)] = rows
    prefetched["columns"] = _as_prefetched(item, "columns", Column, _COLUMN_FIELDS, rows[0], db)
    prefetched["subtopics"] = _as_prefetched(item, "subtopics", Subtopic, _SUBTOPIC_FIELDS, rows[1], db)


def _as_prefetched(
    item: Item, name: str, model: type[models.Model], fields: tuple[str, ...], rows: list[tuple], db: str
) -> models.QuerySet:
    # What prefetch_related_objects leaves behind: the related manager's queryset with its results
    # filled in, each object knowing its item.
    instances = [model.from_db(db, fields, row) for row in rows]
    item_field: Any = model._meta.get_field("item")
    for obj in instances:
        item_field.set_cached_value(obj, item)
    queryset = getattr(item, name).all()
    queryset._result_cache = instances
    queryset._prefetch_done = True
    return queryset


def item_forms_forget(**_signal: Any) -> None:
    """Forget every kept form (a receiver of any save or delete of a template, item, column or
    sub-topic)."""
    _kept.clear()
