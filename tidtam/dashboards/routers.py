"""Analytics reads on a read replica.

A ministry deployment adds a second database alias, ``analytics``, pointing at a streaming replica of
the primary, and lists this router in ``DATABASE_ROUTERS``. The dashboards and consolidated reports
then wrap their assembly in ``analytics_reads()``: every read inside goes to the replica, so heavy
aggregations never compete with data entry on the primary. Everything else (sessions, entry, workflow,
writes of any kind) keeps using ``default``.

Replication lag is harmless here: aggregates count only accepted/locked submissions, which change
rarely and never during the seconds a replica may lag. Without an ``analytics`` alias the router does
nothing, so development and tests run on one database unchanged.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

ANALYTICS_ALIAS = "analytics"
_reading_analytics: ContextVar[bool] = ContextVar("tidtam_analytics_reads", default=False)


def replica_alias() -> str | None:
    return ANALYTICS_ALIAS if ANALYTICS_ALIAS in settings.DATABASES else None


@contextmanager
def analytics_reads() -> Iterator[None]:
    """Send the reads made inside this block to the analytics replica (when one is configured)."""
    token = _reading_analytics.set(True)
    try:
        yield
    finally:
        _reading_analytics.reset(token)


class AnalyticsReplicaRouter:
    """``DATABASE_ROUTERS = ["tidtam.dashboards.routers.AnalyticsReplicaRouter"]``."""

    def db_for_read(self, model, **hints) -> str | None:
        if _reading_analytics.get():
            return replica_alias()
        return None

    def db_for_write(self, model, **hints) -> str | None:
        return None  # writes always go to the primary

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # The replica holds the same rows as the primary: objects read from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool | None:
        if db == ANALYTICS_ALIAS:
            return False  # a replica follows the primary's schema; it is never migrated itself
        return None
