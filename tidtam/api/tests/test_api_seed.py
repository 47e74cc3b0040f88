"""The read API on the imported seed (Samut Sakhon FY 2567 round 2)."""

import pytest

from tidtam.orgs.models import Membership
from tidtam.orgs.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(seed_round, api_client_for):
    return api_client_for(
        MembershipFactory(role=Membership.Role.COORDINATOR, org_unit=seed_round.office).user
    )


def test_round_detail_lists_items_with_columns_and_agencies(seed_round, coordinator):
    body = coordinator.get(f"/api/rounds/{seed_round.key}/").json()
    assert body["key"] == "TH-74/2567/2"
    assert body["province"]["code"] == "TH-74"
    assert [i["number"] for i in body["items"]] == list(range(1, 15))
    assert body["items"][0]["columns"][0]["key"] == "dpa_submitted"
    assert "สพม.สค. สส." in [a["label"] for a in body["agencies"]]


def test_rollup_computes_totals_never_copies_printed_ones(seed_round, coordinator):
    body = coordinator.get(f"/api/rounds/{seed_round.key}/rollup/").json()
    items = {i["number"]: i for i in body["items"]}
    assert items[1]["total"]["dpa_submitted"] == 543
    # Item 9 averages a score: the legacy report printed 194.02 (a sum of two averages).
    mean_keys = [c["key"] for c in items[9]["columns"] if c["aggregation"] in ("mean", "weighted_mean")]
    assert mean_keys
    assert all(items[9]["total"][k] != 194.02 for k in mean_keys)


def test_export_is_the_canonical_round_json(seed_round, coordinator):
    response = coordinator.get(f"/api/rounds/{seed_round.key}/export.json")
    assert response.status_code == 200
    body = response.json()
    assert body["schema"] == "tidtam.round/1"
    assert body["office"]["code"] == "TH-74"
    assert len(body["items"]) == 14


def test_findings_flag_the_seeds_known_inconsistency(seed_round, coordinator):
    response = coordinator.get(f"/api/rounds/{seed_round.key}/findings/")
    assert response.status_code == 200
    findings = response.json()
    assert {"item", "agency", "section", "rule", "severity", "message", "values"} <= set(findings[0])
    assert any(f["item"] == 1 and f["agency"] == "สกร.สค." for f in findings)


def test_themes_endpoint_groups_budget_problems(seed_round, coordinator):
    body = coordinator.get(f"/api/rounds/{seed_round.key}/themes/").json()
    budget = next(t for t in body["themes"] if t["key"] == "budget")
    assert {4, 5, 8} <= set(budget["items"])
    assert coordinator.get(f"/api/rounds/{seed_round.key}/themes/", {"kind": "nonsense"}).status_code == 400
