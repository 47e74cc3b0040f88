"""The synthetic national dataset: expected counts, the shared agency, template rules, idempotence."""

import pytest
from django.core.management import call_command

from tidtam.formdefs.models import Round, RoundParticipant
from tidtam.orgs.models import AgencyService, OrgUnit
from tidtam.submissions.models import NarrativeEntry, Submission, TableValue

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated(db):
    call_command("load_orgs", verbosity=0)
    call_command("load_template", verbosity=0)
    call_command("generate_national", "--provinces", "3", "--rounds", "2", "--seed", "1", verbosity=0)


def test_tiny_configuration_creates_the_expected_counts(generated):
    assert Round.objects.count() == 3 * 2
    assert set(Round.objects.values_list("fiscal_year_be", "number").distinct()) == {(2568, 1), (2568, 2)}
    # Six agencies per province, but Samut Sakhon and Samut Songkhram share their secondary office.
    assert OrgUnit.objects.filter(kind=OrgUnit.Kind.AGENCY).count() == 3 * 6 - 1
    assert RoundParticipant.objects.count() == 3 * 6 * 2
    assert Submission.objects.count() == 3 * 6 * 14 * 2
    assert set(Submission.objects.values_list("status", flat=True)) <= {"accepted", "locked"}
    assert not Round.objects.filter(origin=Round.Origin.LEGACY).exists()
    # Items 1–6 have a row for every agency (19 columns), items 9 and 14 for spp and spm (8 columns).
    assert TableValue.objects.count() == 3 * 2 * (6 * 19 + 2 * 8)
    # One narrative per sub-topic (30 in the template) and one for each of the four items without.
    assert NarrativeEntry.objects.count() == 3 * 6 * 2 * 34


def test_the_shared_secondary_office_reports_for_both_provinces(generated):
    spm = OrgUnit.objects.get(code="TH-74-spm")
    offices = set(AgencyService.objects.filter(agency=spm).values_list("office__code", flat=True))
    assert offices == {"TH-74-PEO", "TH-75-PEO"}
    assert set(
        Submission.objects.filter(agency=spm).values_list("round__office__parent__code", flat=True)
    ) == {"TH-74", "TH-75"}
    assert AgencyService.objects.get(agency=spm, office__code="TH-75-PEO").label == "สพม.สค. สส."


def test_numbers_respect_the_template_rules(generated):
    rows: dict[int, dict[str, float]] = {}
    for sub_id, key, value in TableValue.objects.filter(submission__item__number=1).values_list(
        "submission_id", "column__key", "value"
    ):
        rows.setdefault(sub_id, {})[key] = value
    assert rows
    for row in rows.values():
        outcomes = (
            row["dpa_passed"]
            + row["dpa_failed"]
            + row["dpa_pending_committee"]
            + row["dpa_awaiting_committee"]
        )
        assert outcomes <= row["dpa_submitted"]


def test_narratives_are_thai_sentences_about_real_problems(generated):
    problems = " ".join(Submission.objects.values_list("problems__problem", flat=True).exclude(problems=None))
    assert any(word in problems for word in ("ขาดงบประมาณ", "ขาดแคลนครู", "อินเทอร์เน็ตไม่เสถียร"))
    assert NarrativeEntry.objects.filter(text__contains="ได้ดำเนินการเรื่อง").exists()


def test_running_again_adds_nothing(generated):
    before = Submission.objects.count()
    call_command("generate_national", "--provinces", "3", "--rounds", "2", verbosity=0)
    assert Submission.objects.count() == before


def test_the_dataset_changes_form_between_years_and_series_continue(db):
    from tidtam.dashboards.charts import trend

    call_command("load_orgs", verbosity=0)
    call_command("load_template", verbosity=0)
    call_command("generate_national", "--provinces", "2", "--rounds", "4", "--seed", "1", verbosity=0)
    versions = dict(Round.objects.values_list("fiscal_year_be", "template__version").distinct())
    assert versions == {2567: "2567.2", 2568: "2568.1"}
    janitor = Round.objects.filter(fiscal_year_be=2568).first().template.items.get(numbering="1.6")
    series = trend(submissions=Submission.objects.all(), item=janitor, slots=[])
    # FY 2567's item 6 (column janitor_recruited) and FY 2568's 1.6 (janitor_hired) make one series.
    assert [s.fiscal_year_be for s in series.slots] == [2567, 2567, 2568, 2568]
    assert all(series.values[s]["janitor_hired"] for s in series.slots)
