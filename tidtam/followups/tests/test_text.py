import pytest

from tidtam.followups.text import SAME_PROBLEM, is_nothing, similarity, split_recommendations, without_marker


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. ควรจัดอบรมครู\n2. ควรติดตามผล\nอย่างต่อเนื่อง", ["ควรจัดอบรมครู", "ควรติดตามผล อย่างต่อเนื่อง"]),
        ("1. ควรจัดอบรม 2. ควรติดตามผล 3. ให้กำลังใจ", ["ควรจัดอบรม", "ควรติดตามผล", "ให้กำลังใจ"]),
        ("๑. ควรจัดอบรม\n๒. ควรติดตามผล", ["ควรจัดอบรม", "ควรติดตามผล"]),
        ("- ขอให้จัดจ้างนักการภารโรง\n- ขอรับงบประมาณ", ["ขอให้จัดจ้างนักการภารโรง", "ขอรับงบประมาณ"]),
        ("4.1. ขยายเครือข่าย\n4.2. จัดอบรม", ["ขยายเครือข่าย", "จัดอบรม"]),
        ("- ขอให้จัดจ้างนักการภารโรง", ["ขอให้จัดจ้างนักการภารโรง"]),
        ("ควรสนับสนุนงบประมาณ 1.5 ล้านบาท ให้โรงเรียน", ["ควรสนับสนุนงบประมาณ 1.5 ล้านบาท ให้โรงเรียน"]),
        ("-", []),
        ("ไม่มี", []),
        ("- ไม่มี -", []),
        ("ไม่มีข้อเสนอแนะ", []),
        ("", []),
    ],
)
def test_recommendations_split_by_their_numbering_or_stay_whole(text, expected):
    assert split_recommendations(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1. งบประมาณ", "งบประมาณ"), ("1.การจัดการ", "การจัดการ"), ("- ครู", "ครู"), ("1.5 ล้านบาท", "1.5 ล้านบาท")],
)
def test_a_list_number_is_not_part_of_the_text(text, expected):
    assert without_marker(text) == expected


def test_nothing_is_nothing_but_a_sentence_is_something():
    assert is_nothing(None) and is_nothing("  -  ") and is_nothing("ไม่มีปัญหาอุปสรรค")
    assert is_nothing("2.") and is_nothing("(3)")
    assert not is_nothing("งบประมาณไม่เพียงพอ")


def test_the_same_problem_reworded_is_similar_and_a_different_one_is_not():
    original = "งบประมาณไม่เพียงพอต่อการซ่อมแซมอาคารเรียนที่ชำรุด"
    reworded = "งบประมาณที่ได้รับไม่เพียงพอสำหรับการซ่อมแซมอาคารเรียนที่ชำรุดทรุดโทรม"
    other = "ครูขาดแคลนในโรงเรียนขนาดเล็ก ทำให้สอนไม่ครบทุกชั้น"
    assert similarity(original, reworded) >= SAME_PROBLEM
    assert similarity(original, other) < SAME_PROBLEM
    assert similarity("", original) == 0.0
