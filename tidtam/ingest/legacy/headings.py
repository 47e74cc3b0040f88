"""Item, section and policy headings, read against the chosen form version.

Two layouts are read:
- the FY 2567 layout: items "1." to "14.", sections "X.1" to "X.5" under item X;
- a version's printed numbering (FY 2568: items "1.1"–"1.7", "2.1"–…): item headings "1.6 <title>", sections
  "1.6.1" to "1.6.5" (or still "6.1", or "(1)") and policy headings "นโยบายที่ 1 <title>" or "1. <title>".

A line "1.6 <text>" is an item heading only when the version has an item numbered "1.6", the text resembles
that item's title and the item's results section (X.1) follows; otherwise "1.6" is section 6 of item 1 or
a numbered line of content. A version without dotted numbering (FY 2567) reads only the first layout."""

import re
from dataclasses import dataclass
from typing import Any

from tidtam.common.thai import to_arabic_digits

from .document import ADDITIONAL, ITEM_LINE, SECTION_KEYWORDS, SECTION_LINE
from .lines import SourceLine
from .textutil import clean, key, prefix_similarity, similarity

NUMBERED_ITEM_LINE = re.compile(r"^(?:(?:ข้อ|ตัวชี้วัด)(?:ที่)?\s*)?(\d{1,2}(?:\.\d{1,2})+)\.?\s*(?!\d)(\S.*)$")
NUMBERED_SECTION_LINE = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\.(\d)\.?(?![\d.])\s*(\S.*)$")
BRACKETED_SECTION_LINE = re.compile(r"^\((\d)\)\s*(\S.*)$")
POLICY_NUMBER_LINE = re.compile(r"^นโยบาย(?:ที่)?\s*(\d{1,2})(?!\d)\s*[:：.]?\s*(.*)$")

# How much a printed title must resemble the version's (0–1): typos and a wrapped or shortened title pass,
# a line of content that happens to start with the same number does not (those score about 0.5).
TITLE_SIMILARITY = 0.75
LOOKAHEAD = 6  # non-blank lines between an item heading and its X.1 heading


@dataclass(frozen=True)
class SectionHeading:
    printed: str  # as printed: "1.2", "1.6.2", "(2)"
    prefix: str | None  # the item part: "1", "1.6"; None for "(2)"
    digit: int
    section: int
    title: str


def section_of(title: str) -> int | None:
    k = key(title)
    for number, words in SECTION_KEYWORDS:
        if any(k.startswith(key(w)) for w in words):
            return number
    return None


def resembles(printed: str, title: str) -> bool:
    return max(prefix_similarity(printed, title), similarity(printed, title)) >= TITLE_SIMILARITY


class HeadingsMixin:
    lines: list[SourceLine]
    template: dict[str, Any]
    t_items: dict[int, dict[str, Any]]

    def init_headings(self) -> None:
        # Printed numbering of more than one level ("1.6") → item number. Only such a version reads the
        # second layout, so that a FY 2567 report is read exactly as before.
        self.by_numbering: dict[str, int] = {
            to_arabic_digits(str(it["numbering"])).strip(): number
            for number, it in self.t_items.items()
            if "." in str(it.get("numbering") or "")
        }
        self.numbered = bool(self.by_numbering)
        self.policy_titles: dict[int, str] = {
            int(p["order"]): p["title"] for p in self.template["policies"] if p.get("order") is not None
        }

    def printed_label(self, number: int) -> str:
        numbering = to_arabic_digits(str((self.t_items.get(number) or {}).get("numbering") or ""))
        return numbering if "." in numbering else str(number)

    # -- sections ------------------------------------------------------------------------------
    def section_heading(self, line: SourceLine) -> SectionHeading | None:
        if line.cells is not None:
            return None
        flat = to_arabic_digits(line.text)
        if m := SECTION_LINE.match(flat):
            section = section_of(m.group(3))
            if section is None:
                return None
            return SectionHeading(
                f"{m.group(1)}.{m.group(2)}",
                str(int(m.group(1))),
                int(m.group(2)),
                section,
                clean(m.group(3)),
            )
        if not self.numbered:
            return None
        if (m := NUMBERED_SECTION_LINE.match(flat)) and m.group(1) in self.by_numbering:
            section = section_of(m.group(3))
            if section is None:
                return None
            return SectionHeading(
                f"{m.group(1)}.{m.group(2)}", m.group(1), int(m.group(2)), section, clean(m.group(3))
            )
        if m := BRACKETED_SECTION_LINE.match(flat):
            # "(2) ..." is also how content is listed: only a heading when its number is its section's.
            section = section_of(m.group(2))
            if section is None or section != int(m.group(1)):
                return None
            return SectionHeading(f"({m.group(1)})", None, section, section, clean(m.group(2)))
        return None

    def results_follow(self, i: int, *, first: bool = False) -> SectionHeading | None:
        """The X.1 heading among the next few non-blank lines (with `first`: only if no other section
        heading comes before it)."""
        j, seen = i + 1, 0
        while j < len(self.lines) and seen < LOOKAHEAD:
            nxt = self.lines[j]
            j += 1
            if nxt.is_blank:
                continue
            seen += 1
            heading = self.section_heading(nxt)
            if heading is not None and (heading.section == 1 or first):
                return heading if heading.section == 1 else None
        return None

    # -- items -----------------------------------------------------------------------------------
    def item_heading(self, i: int, line: SourceLine) -> tuple[int, str, str] | None:
        """(item number, title as printed, label the item is printed under) when the line heads an item."""
        if line.cells is not None:
            return None
        text = line.text
        flat = to_arabic_digits(text)
        if m := ITEM_LINE.match(flat):
            number = int(m.group(1))
            follows = self.results_follow(i)
            if follows is not None and follows.prefix in (str(number), None):
                return number, text[text.index(".") + 1 :].strip(), str(number)
            return None
        if not self.numbered or not (m := NUMBERED_ITEM_LINE.match(flat)):
            return None
        if m.group(1) not in self.by_numbering:
            return None
        number = self.by_numbering[m.group(1)]
        title = text[m.start(2) :].strip()
        t_title = self.t_items[number]["title"]
        printed = ADDITIONAL.sub("", title).strip()
        section = section_of(printed)
        if section is not None and section != section_of(t_title):
            return None  # "1.1 ผลการดำเนินงาน…": section 1 of item 1, whatever the numbering
        if not resembles(printed, t_title):
            return None
        # Its own X.1 must come next: "2.2 <item 2.2's title>" quoted above another item's heading is content.
        follows = self.results_follow(i, first=True)
        if follows is None or follows.prefix not in (m.group(1), str(number), None):
            return None
        return number, title, m.group(1)

    # -- policies ----------------------------------------------------------------------------------
    def policy_heading(self, line: SourceLine) -> str | None:
        """The policy a numbered policy heading names ("นโยบายที่ 1 …", or "1. <policy title>" in a version
        with dotted numbering); the printed title, or the version's when none is printed."""
        if line.cells is not None:
            return None
        flat = to_arabic_digits(line.text)
        if m := POLICY_NUMBER_LINE.match(flat):
            order, rest = int(m.group(1)), clean(line.text[m.start(2) :])
            title = self.policy_titles.get(order)
            if title is not None and (not rest or resembles(rest, title)):
                return rest or title
            return None
        if self.numbered and (m := ITEM_LINE.match(flat)):
            title = self.policy_titles.get(int(m.group(1)))
            rest = clean(line.text[line.text.index(".") + 1 :])
            if title is not None and similarity(rest, title) >= TITLE_SIMILARITY:
                return rest
        return None
