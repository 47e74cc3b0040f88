"""Tables printed without ruling lines are rebuilt from the positions of the words (no PDF needed)."""

from tidtam.ingest.legacy.pdf.borderless import page_tables
from tidtam.ingest.legacy.pdf.layout import Glyph

SIZE = 10.0
WIDTH = 5.0
PITCH = 14.0  # line spacing inside a paragraph and a cell
ROW_GAP = 8.0  # extra space after a table row


def text(line: list[tuple[str, float, str]], y: float) -> list[Glyph]:
    """Pieces of one printed line: (text, x, "left" or "right"-aligned at x)."""
    glyphs = []
    for words, x, align in line:
        start = x - WIDTH * len(words) if align == "right" else x
        for k, ch in enumerate(words):
            glyphs.append(Glyph(ch, start + k * WIDTH, start + (k + 1) * WIDTH, y, y + SIZE))
    return glyphs


def cells(glyphs: list[Glyph]) -> list[list[str]]:
    rows = page_tables(glyphs, set(), 800.0)
    return [["".join(glyphs[i].text for i in cell) for cell in row] for _, row in rows]


def page(lines: list[tuple[float, list[tuple[str, float, str]]]]) -> list[Glyph]:
    out: list[Glyph] = []
    for y, line in lines:
        out.extend(text(line, y))
    return out


RUNNING = [("This is running text that fills the whole line from margin to margin.", 50, "left")]


def test_a_tab_aligned_table_with_right_aligned_numbers_and_a_wrapped_header():
    y = 100.0
    lines = [(y, RUNNING)]
    y += PITCH
    lines.append((y, [("Agency", 50, "left"), ("Submitted", 200, "right"), ("Passed", 300, "right")]))
    y += PITCH
    lines.append((y, [("(cases)", 200, "right")]))  # the header's second line, under one column
    for label, a, b in (("SPP.SK.", "493", "455"), ("SPM.SK.", "38", "33"), ("SEC.SK.", "1", "1")):
        y += PITCH + ROW_GAP
        lines.append((y, [(label, 50, "left"), (a, 200, "right"), (b, 300, "right")]))
    y += PITCH + ROW_GAP
    lines.append((y, RUNNING))
    got = cells(page(lines))
    assert got == [
        ["Agency", "Submitted(cases)", "Passed"],
        ["SPP.SK.", "493", "455"],
        ["SPM.SK.", "38", "33"],
        ["SEC.SK.", "1", "1"],
    ]


def test_a_wrapped_label_stays_with_its_row_and_a_merged_row_keeps_the_table_going():
    y = 100.0
    lines = [(y, [("Problem", 50, "left"), ("Solution", 200, "left"), ("Result", 350, "left")])]
    y += PITCH + ROW_GAP
    lines.append((y, [("Agency: a long merged heading across all the columns", 50, "left")]))
    y += PITCH + ROW_GAP
    lines.append(
        (y, [("Teachers lack the", 50, "left"), ("Train them every", 200, "left"), ("Better", 350, "left")])
    )
    y += PITCH
    lines.append((y, [("skills", 50, "left"), ("term", 200, "left")]))
    got = cells(page(lines))
    assert got == [
        ["Problem", "Solution", "Result"],
        ["Agency: a long merged heading across all the columns"],
        ["Teachers lack theskills", "Train them everyterm", "Better"],
    ]


def test_running_text_with_a_wide_gap_is_not_a_table():
    lines = [
        (100.0, [("Some words", 50, "left"), ("then more after a wide gap", 200, "left")]),
        (100.0 + PITCH, RUNNING),
        (100.0 + 2 * PITCH, [("A short line", 50, "left")]),
    ]
    assert cells(page(lines)) == []
