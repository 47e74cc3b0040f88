"""Agency labels misread by OCR are matched to the province's known agencies, only when unambiguous."""

import pytest

from tidtam.ingest.legacy.agencies import AgencyResolver
from tidtam.ingest.legacy.agency_match import Candidate, best_match, normalise

from .conftest import parse

SAMUT_SAKHON = {"name": "สมุทรสาคร", "abbreviation": "สค."}


def known(*extra: Candidate) -> list[Candidate]:
    return [*AgencyResolver().candidates(SAMUT_SAKHON), *extra]


@pytest.mark.parametrize(
    ("read", "kind"),
    [
        ("aพป.สค.", "spp"),  # Latin look-alike for ส
        ("สพป สค", "spp"),  # dots dropped, a space inserted
        ("ศกศสค", "sec"),  # dots dropped
        ("สพบ.สค.", "spp"),  # ป read as บ
        ("สกร. สค", "dole"),
        ("สช.ศค.", "opec"),
        ("ศูนย์การศึกษาพีเศษประจำจังหวัดสมุทรสาคร", "sec"),  # a wrong vowel in the full name
        ("สำนักงานอาชีวศึกษาจังหวัดสมทรสาคร", "vec"),  # a vowel mark lost
    ],
)
def test_a_misread_label_is_matched_to_its_agency(read, kind):
    match = best_match(read, known())
    assert match is not None and match.candidate.kind == kind


@pytest.mark.parametrize(
    "read",
    [
        "สพ.สค.",  # as near to สพป. as to สพม.: two agencies, no choice
        "โรงเรียนบ้านนา",
        "ร.ร.",
        "x",
        "หน่วยงานอื่น ๆ",
    ],
)
def test_an_ambiguous_or_unrelated_label_is_not_matched(read):
    assert best_match(read, known()) is None


def test_a_district_read_with_a_latin_letter_finds_its_district():
    seen = [Candidate("สพป.นม.1", "spp", "1"), Candidate("สพป.นม.2", "spp", "2")]
    match = best_match("สพป.นม.l", seen)
    assert match is not None and match.candidate.district == "1"
    assert best_match("สพป.นม.", seen) is None  # which district: not for a guess to say


def test_normalise_drops_what_ocr_gets_wrong_most():
    assert normalise("สพม. สค. ๑") == normalise("สพม.สค.1") == "สพมสค1"
    assert normalise("ศึกษา") == normalise("ศกษา")


def misread(seed_text: str, right: str, wrong: str) -> str:
    """The seed with one label of item 1's results table misread."""
    head, table = seed_text.split("รายการ\tยื่นคำขอ DPA", 1)
    return head + "รายการ\tยื่นคำขอ DPA" + table.replace(right + "\t", wrong + "\t", 1)


def rows_of(parsed, number: int = 1) -> dict[str, dict]:
    item = next(i for i in parsed.data["items"] if i["number"] == number)
    return {r["agency"]: r["values"] for r in item["results_table"]["rows"]}


def test_a_misread_row_keeps_its_agency_and_is_reported(seed_text, seed_parsed, template_data):
    parsed = parse(misread(seed_text, "สพม.สค. สส.", "aพม.สค. aa."), template_data)
    assert rows_of(parsed) == rows_of(seed_parsed)
    notes = [a for a in parsed.anomalies if a.kind == "agency_label_matched"]
    assert len(notes) == 1
    assert '"aพม.สค. aa."' in notes[0].message and "สำนักงานเขตพื้นที่การศึกษามัธยมศึกษา" in notes[0].message
    assert "ควรตรวจสอบ" in notes[0].message
    assert not [a for a in parsed.anomalies if a.kind == "row_not_agency" and a.item == 1]


def test_a_label_near_an_agency_that_has_its_row_is_not_merged(seed_text, template_data):
    # "aพป.สค." would be สพป., but สพป. has its own row in the table: two rows are never one agency.
    text = misread(seed_text, "ศกศ.สค.", "aพป.สค.")
    parsed = parse(text, template_data)
    assert not [a for a in parsed.anomalies if a.kind == "agency_label_matched" and a.item == 1]
    assert any(a.kind == "row_not_agency" and "aพป.สค." in a.message for a in parsed.anomalies)
    assert rows_of(parsed)["สพป.สค."]["dpa_submitted"] == 493


def test_an_unmatched_label_stays_an_anomaly(seed_text, template_data):
    parsed = parse(misread(seed_text, "สกร.สค.", "zzq"), template_data)
    assert any(a.kind == "row_not_agency" and "zzq" in a.message for a in parsed.anomalies)
    assert not [a for a in parsed.anomalies if a.kind == "agency_label_matched"]


def test_a_label_with_latin_letters_is_not_the_agencys_abbreviation_when_a_clean_one_is_seen():
    resolver = AgencyResolver()
    for label in ("สพม.สค. aa.", "สพม.สค. aa.", "สพม.สค. สส."):
        resolver.from_label(label, 1)
    assert resolver.refs["spm"].label == "สพม.สค. สส."
