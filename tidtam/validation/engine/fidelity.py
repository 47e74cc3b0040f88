"""Fidelity of what agencies wrote: findings that say "ควรตรวจสอบ" (please check), never silent edits.

Three checks over the free text of a submission (narratives, X.2 rows, X.3–X.5, the table note):

- letters of another script inside a Thai word (Devanagari "वाद" in "กรณีवादภัย", the Lao "ວ" in
  "แวວ"): invisible to a reader, but they break search and sorting. A Lao letter has a Thai twin at a
  fixed distance in Unicode, which is suggested;
- a likely typo of a key term of this domain (วิชยฐานะ → วิทยฐานะ): a small lexicon of terms that occur
  in these reports; a word one edit away from a term (and not itself a term) is flagged with the term
  as the suggested correction. Only terms of six letters or more: shorter ones have real neighbours;
- a number in the narrative that contradicts the agency's own table row ("ยื่นคำขอ 493 ราย" while the
  row says 450). Conservative: the words of one column's label, then (within a short stretch without
  another number) a number followed by that column's unit.

All are warnings with a Thai message; the text itself is never changed.
"""

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .expressions import format_decimal
from .findings import Finding, Section, Severity, json_values

RULE_STRAY_SCRIPT = "text_stray_script"
RULE_TERM_TYPO = "text_term_typo"
RULE_NARRATIVE_NUMBER = "narrative_number_differs"

FIDELITY_RULE_LABELS = {
    RULE_STRAY_SCRIPT: gettext_lazy("มีอักษรของภาษาอื่นปนในคำภาษาไทย"),
    RULE_TERM_TYPO: gettext_lazy("คำสำคัญอาจพิมพ์ผิด"),
    RULE_NARRATIVE_NUMBER: gettext_lazy("ตัวเลขในคำบรรยายไม่ตรงกับตาราง"),
}

# Key terms of this domain, as they are written in the reports (six Thai letters or more).
KEY_TERMS = (
    "วิทยฐานะ",
    "บุคลากรทางการศึกษา",
    "สถานศึกษา",
    "สำนักงานเขตพื้นที่การศึกษา",
    "ประถมศึกษา",
    "มัธยมศึกษา",
    "ศึกษาธิการจังหวัด",
    "ผลสัมฤทธิ์",
    "ประสิทธิภาพ",
    "คุณภาพการศึกษา",
    "หลักเกณฑ์",
    "งบประมาณ",
    "ประชาสัมพันธ์",
    "นักเรียน",
    "ผู้บริหาร",
    "สมุทรสาคร",
    "สมุทรสงคราม",
    "ผู้อำนวยการ",
    "อาชีวศึกษา",
    "ปฐมวัย",
    "กระทรวงศึกษาธิการ",
    "ยุทธศาสตร์",
    "ดิจิทัล",
    "ปรับโครงสร้างหนี้",
    "สวัสดิการ",
    "ความปลอดภัย",
)
MIN_TERM_LETTERS = 6

# Scripts whose letters do not belong inside a Thai word (Thai text may hold Latin words and digits).
FOREIGN_SCRIPTS = {
    "DEVANAGARI": gettext_lazy("เทวนาครี"),
    "LAO": gettext_lazy("ลาว"),
    "KHMER": gettext_lazy("เขมร"),
    "MYANMAR": gettext_lazy("พม่า"),
    "BENGALI": gettext_lazy("เบงกาลี"),
    "TAMIL": gettext_lazy("ทมิฬ"),
    "SINHALA": gettext_lazy("สิงหล"),
    "TIBETAN": gettext_lazy("ทิเบต"),
}
_THAI = "\u0e00-\u0e7f"
_FOREIGN = (
    "\u0900-\u097f\u0980-\u09ff\u0b80-\u0bff\u0d80-\u0dff\u0e80-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff"
)
# A run of foreign letters touching a Thai letter on at least one side.
_STRAY = re.compile(rf"(?<=[{_THAI}])[{_FOREIGN}]+|[{_FOREIGN}]+(?=[{_THAI}])")
_THAI_WORD_AROUND = re.compile(rf"[{_THAI}{_FOREIGN}]+")


@dataclass(frozen=True)
class TextField:
    """One piece of free text of a submission: where it is and what it says."""

    section: str  # Section value ("X.1".."X.5")
    label: str  # Thai: "ผลการดำเนินงาน ประเด็นย่อย 1"
    text: str


def _script_of(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0]


def _lao_to_thai(text: str) -> str | None:
    """The Thai twin of Lao letters (ວ U+0EA7 → ว U+0E27): same layout, 0x80 apart, for most letters."""
    out = []
    for ch in text:
        if not "\u0e80" <= ch <= "\u0eff":
            return None
        twin = chr(ord(ch) - 0x80)
        if not unicodedata.name(twin, "").startswith("THAI"):
            return None
        out.append(twin)
    return "".join(out)


def stray_scripts(text: str) -> Iterator[tuple[str, str, str, str | None]]:
    """(the word as written, the foreign letters, the script's Thai name, the word corrected or None)."""
    for match in _STRAY.finditer(text):
        letters = match.group()
        word_match = next(w for w in _THAI_WORD_AROUND.finditer(text) if w.start() <= match.start() < w.end())
        # Thai runs on without spaces: show a few letters either side, not the whole sentence.
        start = max(word_match.start(), match.start() - 8)
        end = min(word_match.end(), match.end() + 8)
        while start > word_match.start() and unicodedata.combining(text[start]):
            start -= 1
        while end < word_match.end() and unicodedata.combining(text[end]):
            end += 1
        word = text[start:end]
        script = _script_of(letters[0])
        twin = _lao_to_thai(letters) if script == "LAO" else None
        corrected = word.replace(letters, twin) if twin else None
        yield word, letters, str(FOREIGN_SCRIPTS.get(script, script)), corrected


def _edit_distance_at_most_one(a: str, b: str) -> bool:
    """True when a and b differ by at most one insertion, deletion, substitution or swap of neighbours."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    i = 0
    while i < min(la, lb) and a[i] == b[i]:
        i += 1
    if la == lb:
        if a[i + 1 :] == b[i + 1 :]:
            return True
        return i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
    if la > lb:
        return a[i + 1 :] == b[i:]
    return a[i:] == b[i + 1 :]


def _letters(term: str) -> int:
    return sum(1 for ch in term if not unicodedata.combining(ch))


def term_typos(text: str, terms: Sequence[str] = KEY_TERMS) -> Iterator[tuple[str, str]]:
    """(the word as written, the key term it most likely means), once per place in the text.

    A near miss keeps one half of the term exactly (one edit cannot touch both halves), so each half is
    searched for with str.find and the window around it compared; a window holding the term itself, or
    overlapping another key term, is no typo."""
    exact_spans = [(m.start(), m.end()) for term in terms for m in re.finditer(re.escape(term), text)]
    seen: set[int] = set()
    for term in terms:
        if _letters(term) < MIN_TERM_LETTERS:
            continue
        n = len(term)
        half = n // 2
        starts: set[int] = set()
        for piece, offset in ((term[:half], 0), (term[half:], half)):
            pos = text.find(piece)
            while pos != -1:
                starts.add(pos - offset)
                pos = text.find(piece, pos + 1)
        for start in sorted(starts):
            for length in (n, n - 1, n + 1):
                for begin in (start, start - 1, start + 1) if length != n else (start,):
                    end = begin + length
                    if begin < 0 or end > len(text) or begin in seen:
                        continue
                    window = text[begin:end]
                    if window == term or any(ch.isspace() for ch in window):
                        continue  # a term broken by a space or a line break is a layout matter, not a typo
                    if not _edit_distance_at_most_one(window, term):
                        continue
                    if any(s < end and begin < e for s, e in exact_spans):
                        continue
                    # The window must sit on letter boundaries: not cut a vowel or tone mark off its letter.
                    if end < len(text) and unicodedata.combining(text[end]):
                        continue
                    if unicodedata.combining(window[0]):
                        continue
                    seen.add(begin)
                    yield window, term
                    break
                else:
                    continue
                break


_NUMBER = r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"


def _keyword(label: str) -> str | None:
    """The Thai words a column's label starts with ("ยื่นคำขอ DPA" → "ยื่นคำขอ"); None when too short."""
    words = [w for w in label.split() if re.search(f"[{_THAI}]", w)]
    if not words:
        return None
    keyword = words[0]
    return keyword if _letters(keyword) >= 4 else None


def narrative_number_conflicts(
    text: str, columns: Sequence[tuple[str, str, str]], row: Mapping[str, Decimal | None]
) -> Iterator[tuple[str, str, Decimal, Decimal]]:
    """(column key, the phrase as written, the number written, the table's value) for each place where
    a column's words are followed, within 30 characters and no other number, by a number and the
    column's unit, and that number is not the row's value. `columns`: (key, label, unit)."""
    keywords = [(key, kw, unit) for key, label, unit in columns if unit and (kw := _keyword(label))]
    for key, keyword, unit in keywords:
        value = row.get(key)
        if value is None:
            continue
        # Longer labels win: "ผ่านเกณฑ์" inside "ไม่ผ่านเกณฑ์" belongs to the other column.
        longer = [kw for _k, kw, _u in keywords if kw != keyword and keyword in kw]
        pattern = re.compile(rf"{re.escape(keyword)}[^\d\n]{{0,30}}?{_NUMBER}\s*{re.escape(unit)}")
        for match in pattern.finditer(text):
            if any(text.find(kw, max(0, match.start() - len(kw)), match.end()) != -1 for kw in longer):
                continue
            try:
                written = Decimal(match.group(1).replace(",", ""))
            except InvalidOperation:
                continue
            if written != value:
                yield key, match.group(0), written, value


def fidelity_findings(
    *,
    item_number: int,
    agency_label: str | None,
    fields: Iterable[TextField],
    columns: Sequence[tuple[str, str, str]] = (),
    row: Mapping[str, Decimal | None] | None = None,
) -> list[Finding]:
    """Warnings about the free text of one submission (see the module's docstring)."""
    where = (
        _("ข้อ %(item)s · %(agency)s") % {"item": item_number, "agency": agency_label}
        if agency_label
        else _("ข้อ %(item)s") % {"item": item_number}
    )
    findings: list[Finding] = []

    def add(field: TextField, rule: str, message: str, values: dict, column: str | None = None) -> None:
        findings.append(
            Finding(
                item=item_number,
                agency=agency_label,
                section=field.section,
                rule=rule,
                severity=Severity.WARNING,
                message=f"{where} · {field.label}: {message}",
                values=values,
                column=column,
            )
        )

    labels = {key: label for key, label, _unit in columns}
    for field in fields:
        text = strip_tags(field.text or "")
        if not text.strip():
            continue
        for word, letters, script, corrected in stray_scripts(text):
            message = _("คำว่า «%(word)s» มีอักษร%(script)s «%(letters)s» ปนอยู่ ควรตรวจสอบ") % {
                "word": word,
                "script": script,
                "letters": letters,
            }
            if corrected:
                message += " " + _("(น่าจะเป็น «%(corrected)s»)") % {"corrected": corrected}
            add(field, RULE_STRAY_SCRIPT, message, {})
        for typed, term in term_typos(text):
            add(
                field,
                RULE_TERM_TYPO,
                _("«%(written)s» อาจพิมพ์ผิด ควรตรวจสอบ (น่าจะเป็น «%(term)s»)")
                % {"written": typed, "term": term},
                {},
            )
        if columns and row:
            for key, phrase, written, value in narrative_number_conflicts(text, columns, row):
                add(
                    field,
                    RULE_NARRATIVE_NUMBER,
                    _("คำบรรยายเขียนว่า «%(phrase)s» แต่ตารางกรอก «%(column)s» ไว้ %(value)s ควรตรวจสอบ")
                    % {"phrase": phrase.strip(), "column": labels[key], "value": format_decimal(value)},
                    json_values({key: value, "narrative": written}),
                    column=key,
                )
    return findings


def submission_text_fields(submission) -> list[TextField]:
    """The free text of a submission as TextFields (prefetch narratives with their subtopic, and problems,
    when checking many)."""
    fields = []
    for entry in submission.narratives.all():
        number = entry.subtopic.number if entry.subtopic_id else None
        label = _("ผลการดำเนินงาน ประเด็นย่อย %(n)s") % {"n": number} if number else _("ผลการดำเนินงาน")
        fields.append(TextField(Section.RESULTS, label, entry.text))
    if submission.table_note:
        fields.append(TextField(Section.RESULTS, _("หมายเหตุใต้ตาราง"), submission.table_note))
    for index, problem in enumerate(submission.problems.all(), start=1):
        for name, heading in (
            ("problem", _("ปัญหาอุปสรรค")),
            ("solution", _("แนวทางแก้ไข")),
            ("expected_result", _("ผลที่คาดว่าจะได้รับ")),
        ):
            fields.append(
                TextField(
                    Section.PROBLEMS,
                    _("%(h)s แถวที่ %(i)s") % {"h": heading, "i": index},
                    getattr(problem, name),
                )
            )
    for name, section, heading in (
        ("success_factors", Section.SUCCESS_FACTORS, _("ปัจจัยแห่งความสำเร็จ")),
        ("recommendations", Section.RECOMMENDATIONS, _("ข้อเสนอแนะ")),
        ("best_practices", Section.BEST_PRACTICES, _("แนวปฏิบัติที่ดี")),
    ):
        fields.append(TextField(section, str(heading), getattr(submission, name, "") or ""))
    return fields
