"""Each kind of Thai damage in PDF text layers is repaired; clean text comes back unchanged."""

import pytest

from tidtam.ingest.legacy.pdf.ocr import Word, check_totals, word_lines
from tidtam.ingest.legacy.pdf.repair import PUA_TO_THAI, join_line_end, repair_thai


def test_private_use_glyphs_map_to_real_marks():
    assert set(PUA_TO_THAI) == set(range(0xF700, 0xF71B))
    assert repair_thai("ผู\uf70bเรียน") == "ผู้เรียน"  # ้ low
    assert repair_thai("ที\uf70a") == "ที่"
    assert repair_thai("ฐ\uf701") == "ฐิ"


def test_sara_am_recomposed():
    assert repair_thai("สํานักงาน") == "สำนักงาน"  # ํ + า
    assert repair_thai("สำาคัญ") == "สำคัญ"  # ำ drawn as nikhahit + a stray า
    assert repair_thai("นำ\u0e49") == "น้ำ"


def test_marks_reordered_tone_after_vowel():
    assert repair_thai("มุ\u0e48\u0e38ง") in ("มุ่ง",)
    assert repair_thai("ม\u0e48\u0e38ง") == "มุ่ง"


def test_marks_separated_by_a_space_are_joined():
    assert repair_thai("เป็ น") == "เป็น"
    assert repair_thai("ผลสัมฤทธิข ์องผู้เรียน") == "ผลสัมฤทธิ์ของผู้เรียน"


def test_displaced_marks_move_back_to_their_base():
    assert repair_thai("ดำรงไว้ซงึ่ความรู้") == "ดำรงไว้ซึ่งความรู้"
    assert repair_thai("สัมฤทธิข์อง") == "สัมฤทธิ์ของ"


@pytest.mark.parametrize("clean", ["ที่ นี่ ได้", "ตำแหน่งครู", "สำนักงานเขตพื้นที่การศึกษา", "DPA 493 ราย", "น้ำ"])
def test_clean_text_is_left_alone(clean):
    assert repair_thai(clean) == clean


def test_words_split_at_a_line_end_are_joined_when_the_dictionary_says_so():
    assert join_line_end("การพัฒนาระบบการประ", "เมินวิทยฐานะ") == "การพัฒนาระบบการประเมินวิทยฐานะ"
    assert join_line_end("Digital", "Performance") == "Digital Performance"


def test_ocr_words_become_table_cells_at_wide_gaps():
    words = [Word("สพป.สค.", 100, 260, 100, 140, 91), Word("493", 600, 660, 100, 140, 95),
             Word("455", 900, 960, 100, 140, 96)]  # fmt: skip
    [(line, groups)] = word_lines(words)
    assert [" ".join(w.text for w in g) for g in groups] == ["สพป.สค.", "493", "455"]
    assert line.confidence == 91


def test_ocr_totals_are_checked_against_the_rows():
    anomalies: list = []
    check_totals([(1, ["ก", "2", "3"]), (2, ["ข", "1", "1"]), (3, ["รวม", "3", "5"])], anomalies)
    assert [a.kind for a in anomalies] == ["ocr_total_mismatch"]
    assert "คอลัมน์ที่ 3" in anomalies[0].message
