"""Years named in labels and headers: in full, short after the word for year, or relative to the document."""

import pytest

from tidtam.formdefs.labels import render_label, strip_years, years_named


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("งบลงทุน ปี 2567", (2567,)),
        ("งบลงทุน ปี ๒๕๖๘", (2568,)),
        ("ปีงบประมาณ 68", (2568,)),
        ("พ.ศ. ๖๗ / พ.ศ. 2568", (2567, 2568)),
        ("ปีก่อน", (2567,)),
        ("ปีงบประมาณปัจจุบัน", (2568,)),
        ("อายุ 3 ปี 10 เดือน", ()),  # a short number after "ปี" that cannot be a year
        ("ผู้เรียน 2567 คน ในรหัส 125670", (2567,)),
    ],
)
def test_years_named(text, years):
    assert years_named(text, fiscal_year_be=2568) == years


def test_relative_words_need_the_documents_year_and_strip_like_years():
    assert years_named("ปีก่อน") == ()
    stripped = {strip_years(t).strip() for t in ("งบ ปีก่อน", "งบ ปี 2567", "งบ ปี 67", "งบ ปี {fy-1}")}
    assert stripped == {"งบ ปี"}
    assert render_label("ปี {fy-1} / ปี {fy}", 2569) == "ปี 2568 / ปี 2569"
