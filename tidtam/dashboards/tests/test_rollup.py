"""Roll-up arithmetic: province → region → nation by each column's aggregation, per round and as a series."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tidtam.dashboards.rollup import Slot, counted, reference_items, reference_template, rollup
from tidtam.submissions.models import Submission

pytestmark = pytest.mark.django_db

LATEST = Slot(2567, 2)


def latest_submissions():
    return counted(Submission.objects.filter(round__fiscal_year_be=2567, round__number=2))


def item_one():
    return reference_items(template=reference_template(), numbers=[1])


def approx(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.0001"))


def test_province_level_applies_each_columns_aggregation(nation):
    result = rollup(submissions=latest_submissions(), items=item_one(), by=["province"])[1]
    p1 = result.get((nation.p1.pk,))
    assert p1["count"] == 40  # 10 + 30: sums add
    assert p1["score"] == 85  # (80 + 90) / 2: means average
    assert p1["rate"] == 65  # (10×50 + 30×70) / 40: weighted by the count column
    assert p1["code"] is None  # "none" is never aggregated
    p2 = result.get((nation.p2.pk,))
    assert (p2["count"], p2["score"], p2["rate"]) == (80, 80, 70)


def test_region_and_nation_aggregate_the_reporting_units(nation):
    regions = rollup(submissions=latest_submissions(), items=item_one(), by=["region"])[1]
    a = regions.get((nation.region_a.pk,))
    assert a["count"] == 120
    assert a["score"] == Decimal("82.5")  # mean of the four agency rows, not of the province means
    assert approx(a["rate"]) == approx(Decimal(8200) / 120)
    assert regions.get((nation.region_b.pk,))["count"] == 40

    total = rollup(submissions=latest_submissions(), items=item_one(), by=[])[1].get(())
    assert total["count"] == 160
    assert total["score"] == 80
    assert total["rate"] == Decimal("73.75")  # (8200 + 40×90) / 160
    assert total["code"] is None


def test_an_agency_serving_two_provinces_counts_once_per_province(nation):
    by_agency = rollup(submissions=latest_submissions(), items=item_one(), by=["province", "agency"])[1]
    shared = nation.agencies["S"].pk
    assert by_agency.get((nation.p1.pk, shared))["count"] == 30
    assert by_agency.get((nation.p2.pk, shared))["count"] == 20
    # Over the whole nation the shared agency's two reports add up, neither merged nor dropped.
    overall = rollup(submissions=latest_submissions(), items=item_one(), by=["agency"])[1]
    assert overall.get((shared,))["count"] == 50


def test_drafts_do_not_count(nation):
    p3 = rollup(submissions=latest_submissions(), items=item_one(), by=["province"])[1].get((nation.p3.pk,))
    assert p3["count"] == 40  # the draft's 1000 is left out
    assert (p3["score"], p3["rate"]) == (70, 90)


def test_series_across_rounds_matches_items_and_columns_across_template_versions(nation):
    assert nation.item_old.template_id != nation.item_new.template_id
    series = rollup(submissions=counted(Submission.objects.all()), items=item_one(), by=[], per_slot=True)[1]
    assert series.get((Slot(2567, 1),))["count"] == 25  # five rows of 5 under the older version
    assert series.get((LATEST,))["count"] == 160
    by_region = rollup(
        submissions=counted(Submission.objects.all()), items=item_one(), by=["region"], per_slot=True
    )[1]
    assert by_region.get((nation.region_a.pk, Slot(2567, 1)))["count"] == 20


def test_the_roll_up_runs_in_the_database_in_a_fixed_number_of_queries(nation):
    items = item_one()
    with CaptureQueriesContext(connection) as queries:
        rollup(submissions=counted(Submission.objects.all()), items=items, by=["province"], per_slot=True)
    # One grouped aggregation over the values, plus one lookup of the weight columns' ids.
    assert len(queries) == 2
    grouped = [q["sql"] for q in queries if "GROUP BY" in q["sql"].upper()]
    assert len(grouped) == 1 and "SUM(" in grouped[0].upper()
