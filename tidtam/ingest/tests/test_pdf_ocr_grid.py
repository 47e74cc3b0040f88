"""A ruled table in a scanned page is found from its rules and read cell by cell, column by column."""

import numpy as np

from tidtam.ingest.legacy.pdf.grid import erase_rules, find_grid
from tidtam.ingest.legacy.pdf.ocr import Word, split_grid


def page_with_table() -> np.ndarray:
    """A white page with a three-column table: a header row, a row spanning all columns, a tall row."""
    px = np.full((1200, 1000), 255, dtype=np.uint8)
    for y in (100, 160, 220, 600):
        px[y : y + 3, 100:901] = 0
    for x in (100, 900):
        px[100:603, x : x + 3] = 0
    for x in (366, 633):  # the inner rules stop at the spanning row
        px[100:163, x : x + 3] = 0
        px[220:603, x : x + 3] = 0
    px[300:340, 150:153] = 0  # a letter's stem inside a cell: no rule
    px[800:840, 150:600] = 0  # a dark bar under the table: not a table
    return px


def test_the_cell_grid_is_found_with_merged_cells():
    rows, rules = find_grid(page_with_table())
    assert [len(r.cells) for r in rows] == [3, 1, 3]
    assert [round(c[0]) for c in rows[2].cells] == [101, 367, 634]
    assert all(r.flat or 100 <= r.pos <= 903 for r in rules)


def test_a_page_without_rules_has_no_grid():
    px = np.full((600, 600), 255, dtype=np.uint8)
    px[100:140, 100:103] = 0
    assert find_grid(px)[0] == []


def test_rules_are_erased_before_ocr():
    px = page_with_table()
    _, rules = find_grid(px)
    erase_rules(px, rules)
    assert px[100:603, 100:903].min() == 0  # the letter's stem stays
    assert (px[100:603, 100:903] == 0).sum() == 40 * 3


def test_wrapped_cells_are_joined_by_column_not_across_the_row():
    rows, _ = find_grid(page_with_table())

    def word(text: str, x: float, y: float) -> Word:
        return Word(text, x, x + 20 * len(text), y, y + 40, 95)

    words = [
        word("ปัญหา", 110, 110), word("แนวทาง", 380, 110), word("ผล", 650, 110),
        word("หน่วยงาน", 110, 170),
        word("ครูยังไม่", 110, 240), word("ชี้แจง", 380, 240), word("ครูเข้าใจ", 650, 240),
        word("เข้าใจ", 110, 290), word("ระบบ", 380, 290),
        word("ข้อความนอกตาราง", 110, 700),
    ]  # fmt: skip
    outside, table = split_grid(rows, words)
    assert [row.cells for row in table] == [
        ["ปัญหา", "แนวทาง", "ผล"],
        ["หน่วยงาน"],
        ["ครูยังไม่เข้าใจ", "ชี้แจงระบบ", "ครูเข้าใจ"],
    ]
    assert [line.text for line, _ in outside] == ["ข้อความนอกตาราง"]
