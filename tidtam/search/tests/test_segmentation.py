"""Thai segmentation: what goes into the index and what a query is split into."""

from hypothesis import given, settings
from hypothesis import strategies as st

from tidtam.search.segmentation import query_tokens, segment, tokens


def test_a_budget_shortage_sentence_yields_the_word_budget():
    assert "งบประมาณ" in tokens("ขาดงบประมาณในการจัดหา")


def test_query_for_budget_is_one_word():
    assert query_tokens("งบประมาณ") == ["งบประมาณ"]


def test_agency_abbreviations_stay_whole():
    words = tokens("สพป.สค. สพม. ศธจ. สช. ศกศ. สกร. สอศ. สพฐ. ก.ค.ศ.")
    for abbreviation in ["สพป", "สพม", "ศธจ", "สช", "ศกศ", "สกร", "สอศ", "สพฐ", "กคศ"]:
        assert abbreviation in words
    # The default dictionary would have cut "สพป." into "ส" + "พป."
    assert "ส" not in words and "พป" not in words


def test_thai_digits_latin_words_and_markup_are_normalised():
    assert tokens("DPA ๒๖ คน") == ["dpa", "26", "คน"]
    assert tokens("<script>alert(1)</script>") == ["script", "alert", "1", "script"]


def test_segments_point_back_into_the_original_text():
    text = "ครูมีภาระงานเอกสาร"
    for s in segment(text):
        assert text[s.start : s.end]


def test_query_words_are_distinct_and_in_typed_order():
    assert query_tokens("ครู งบประมาณ ครู") == ["ครู", "งบประมาณ"]


def test_blank_text_has_no_words():
    assert tokens("   ") == [] and query_tokens("") == []


def _seed_lines() -> list[str]:
    from tidtam.search.tests.fixtures import SEED

    return [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_nlpo3_gives_the_words_newmm_gave_on_every_line_of_the_seed():
    from tidtam.search.segmentation import newmm_tokens

    lines = _seed_lines()
    assert len(lines) > 1000
    differing = [line for line in lines if tokens(line) != newmm_tokens(line)]
    assert differing == []


def test_the_engine_returns_the_text_cut_with_nothing_lost_on_the_seed():
    # Segment positions are sums of token lengths: a dropped or altered character would shift them.
    from tidtam.search.segmentation import _nlpo3_words

    for line in _seed_lines():
        assert "".join(_nlpo3_words(line)) == line


def test_dotted_letters_outside_the_dictionary_are_cut_as_before():
    assert tokens("มีพื้นที่ ค.ส.ล. ห้อง") == ["มี", "พื้นที่", "ค", "ส", "ล", "ห้อง"]


def _separate(text: str) -> tuple[list[str], list[str]]:
    from tidtam.search.segmentation import subwords

    segments = segment(text)
    return [s.norm for s in segments], subwords(segments)


def test_indexing_stores_the_words_and_tails_the_separate_steps_give_on_the_seed():
    from tidtam.search.segmentation import index_terms

    lines = _seed_lines()
    # Whole paragraphs too: tails that run from one line's last word into nothing, or across a space.
    texts = lines + ["\n".join(lines[i : i + 7]) for i in range(0, len(lines), 7)]
    differing = [text for text in texts if index_terms(text) != _separate(text)]
    assert differing == []
    assert any(index_terms(text)[1] for text in lines)  # the seed does have tails to compare


@given(
    st.lists(
        st.sampled_from(
            [
                "งบประมาณ",
                "ปี",
                "โครง",
                "การอบรม",
                "ครู",
                " ",
                "\n",
                ".",
                "ค.ส.",
                "2567",
                "๒๕",
                "e-learning",
                "abc123",
                "สพป.",
                "ๆ",
                "ฯ",
                "ไม่มี",
                "-",
                "(1)",
                "ผลการดำเนินงาน",
                "ื",
                "า",
            ]
        ),
        max_size=25,
    )
)
@settings(max_examples=300, deadline=None)
def test_indexing_matches_the_separate_steps_on_any_mix_of_words_and_marks(parts):
    from tidtam.search.segmentation import index_terms

    text = "".join(parts)
    assert index_terms(text) == _separate(text)
