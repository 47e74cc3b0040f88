"""The real Samut Sakhon report (imported legacy round) through the roll-up and the dashboards."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from tidtam.dashboards.rollup import counted, reference_items, reference_template, rollup
from tidtam.orgs.models import Membership, OrgUnit
from tidtam.submissions.models import Submission

from .conftest import SEED, member

pytestmark = pytest.mark.django_db

Role = Membership.Role


@pytest.fixture
def seeded(db):
    call_command("load_orgs", verbosity=0)
    call_command("load_template", verbosity=0)
    call_command("import_report", str(SEED), "--quiet-anomalies", verbosity=0)
    return OrgUnit.objects.get(code="TH-74")


def test_item_9_readiness_is_a_weighted_mean_not_the_printed_sum(seeded):
    items = reference_items(template=reference_template(), numbers=[9])
    row = rollup(submissions=counted(Submission.objects.all()), items=items, by=["province"])[9].get(
        (seeded.pk,)
    )
    assert row["readiness_score_avg"].quantize(Decimal("0.01")) == Decimal(
        "97.01"
    )  # the report printed 194.02
    assert row["quality_schools"] == 6
    assert row["investment_2566"] == Decimal("6186200")


def test_the_imported_round_counts_and_shows_on_the_national_dashboard(client, seeded):
    client.force_login(member(Role.NATIONAL_ANALYST, OrgUnit.objects.get(code="MOE")))
    response = client.get("/dashboards/", {"item": 9, "format": "csv", "table": "breakdown"})
    rows = response.content.decode("utf-8-sig").splitlines()
    assert "สมุทรสาคร,6,97.01,6186200,10329000" in rows
    assert rows[-1] == "รวม,6,97.01,6186200,10329000"
    page = client.get("/dashboards/", {"item": 9}).content.decode()
    assert "นำเข้าจากรายงานเดิม" in page  # completeness marks the imported round


def test_a_coordinator_of_another_province_does_not_see_samut_sakhon(client, seeded):
    bangkok_office = OrgUnit.objects.get(code="TH-10-PEO")
    client.force_login(member(Role.COORDINATOR, bangkok_office))
    page = client.get("/dashboards/", {"item": 9}).content.decode()
    assert "97.01" not in page and "6,186,200" not in page
    assert "สมุทรสาคร" not in page
    csv_text = client.get("/dashboards/", {"item": 9, "format": "csv", "table": "breakdown"}).content.decode()
    assert "97.01" not in csv_text
    assert client.get("/regions/REG-04/report/2567/2/").status_code == 404
    assert client.get("/regions/REG-04/report/2567/2/", {"format": "json"}).status_code == 404


def test_samut_sakhons_coordinator_sees_its_agencies(client, seeded):
    client.force_login(member(Role.COORDINATOR, OrgUnit.objects.get(code="TH-74-PEO")))
    rows = client.get("/dashboards/", {"item": 9, "format": "csv", "table": "breakdown"}).content.decode(
        "utf-8-sig"
    )
    assert "สพม.สค. สส.,3,105.1,4469800,7999900" in rows.splitlines()
    assert rows.splitlines()[-1] == "รวม,6,97.01,6186200,10329000"
