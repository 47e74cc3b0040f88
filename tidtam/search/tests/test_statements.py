"""Splitting a listed problem or recommendation into statements, and scoring against the lexicon."""

from tidtam.search.segmentation import tokens
from tidtam.search.themes import analyse, default_lexicon, split_points
from tidtam.search.themes.statements import Statement


def test_numbered_and_bulleted_points_become_separate_statements():
    text = "1. บางครั้งเน็ตไม่เสถียร 2. ครูผู้สอนมีความสามารถแตกต่างกัน"
    assert split_points(text) == ["บางครั้งเน็ตไม่เสถียร", "ครูผู้สอนมีความสามารถแตกต่างกัน"]
    assert split_points("- ขอรับงบประมาณ - ควรจัดอบรมครู") == ["ขอรับงบประมาณ", "ควรจัดอบรมครู"]
    assert split_points("๑. การเปลี่ยนแปลงผู้รับผิดชอบบ่อย") == ["การเปลี่ยนแปลงผู้รับผิดชอบบ่อย"]


def test_a_bare_number_is_not_a_statement():
    assert split_points("2.") == []


def test_a_lexicon_word_matches_whole_words_only():
    lexicon = default_lexicon()
    # "เน็ต" (internet) must not be found inside another word; "อินเทอร์เน็ต" is its own entry.
    assert "internet" in lexicon.scores(tokens("บางครั้งเน็ตไม่เสถียร"))
    assert "budget" not in lexicon.scores(tokens("การงบดุล"))


def _st(text: str, agency: str = "ก", item: int = 1) -> Statement:
    return Statement(
        text=text,
        round_key="R",
        item_number=item,
        item_title="",
        agency_code=agency,
        agency_label=agency,
        words=tokens(text),
    )


def test_statements_without_lexicon_words_are_clustered_or_left_as_other():
    statements = [
        _st("ขาดงบประมาณในการจัดหา", "ก", 4),
        _st("ขาดแคลนงบประมาณในการดำเนินงาน", "ข", 8),
        _st("ฝนตกหนักน้ำท่วมโรงเรียน", "ค", 5),
        _st("น้ำท่วมโรงเรียนในฤดูฝน", "ง", 6),
        _st("นกบินผ่าน", "จ", 7),
    ]
    themes = {t.key: t for t in analyse(statements)}
    assert themes["budget"].count == 2
    clusters = [t for t in themes.values() if t.source == "cluster"]
    assert len(clusters) == 1 and clusters[0].count == 2
    assert "น้ำท่วม" in clusters[0].label
    assert [a.statement.text for a in themes["other"].assignments] == ["นกบินผ่าน"]


def test_no_statements_no_themes():
    assert analyse([]) == []
