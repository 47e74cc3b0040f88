"""Analytics reads go to the replica only inside `analytics_reads()` and only when one is configured."""

from tidtam.dashboards import routers
from tidtam.dashboards.routers import AnalyticsReplicaRouter, analytics_reads
from tidtam.submissions.models import Submission


def test_reads_inside_the_block_go_to_the_configured_replica(monkeypatch):
    monkeypatch.setattr(routers, "replica_alias", lambda: "analytics")
    router = AnalyticsReplicaRouter()
    assert router.db_for_read(Submission) is None
    with analytics_reads():
        assert router.db_for_read(Submission) == "analytics"
        assert router.db_for_write(Submission) is None  # writes stay on the primary
    assert router.db_for_read(Submission) is None


def test_without_a_replica_nothing_changes():
    router = AnalyticsReplicaRouter()
    with analytics_reads():
        assert router.db_for_read(Submission) is None


def test_the_replica_is_never_migrated():
    assert AnalyticsReplicaRouter().allow_migrate("analytics", "submissions") is False
    assert AnalyticsReplicaRouter().allow_migrate("default", "submissions") is None
