"""What the legacy parser reads and produces: the patterns of a report's structure (headers, items,
sections, sub-topics, agency headings), anomalies, parsed items, and the header scan that picks the
template before parsing."""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tidtam.common.thai import to_arabic_digits

from .lines import SourceLine
from .tables import ProblemRows

PROVINCES_FILE = Path(__file__).resolve().parents[2] / "orgs" / "data" / "provinces.yaml"

FORM_HEADER = re.compile(r"^แบบ(?:ตรวจราชการ|รายงานผลการตรวจราชการ)")
ROUND_LINE = re.compile(r"^รอบที่\s*(\d+)\s*(?:ประจำ)?ปีงบประมาณ\s*(?:พ\.?\s*ศ\.?)?\s*(\d{4})")
OFFICE_LINE = re.compile(r"^สำนักงานศึกษาธิการจังหวัด\s*(\S+)\s*$")
POLICY_LINE = re.compile(r"^นโยบายการตรวจ(?:ราชการ)?(?:ฯ)?\s*[:：]\s*(.+)$")
AS_OF_LINE = re.compile(r"^หมายเหตุ.*ข้อมูล\s*ณ\s*วันที่\s*(.+?)\)?\s*$")
ITEM_LINE = re.compile(r"^(\d{1,2})\s*\.\s*(?!\d)(\S.*)$")
SECTION_LINE = re.compile(r"^(\d{1,2})\.(\d)(?![\d.])\s*(.+)$")
SUBTOPIC_LINE = re.compile(r"^(?:[-–]\s*)?(\d{1,2})\)\s*(\S.*)$")
AGENCY_LINE = re.compile(r"^หน่วยงาน(?:\s*[:：]\s*|\s+)(\S.{0,120})$")
ADDITIONAL = re.compile(r"\s*\(นโยบายเพิ่มเติม\)\s*$")

SECTION_KEYWORDS = [
    (1, ("ผลการดำเนินงาน",)),
    (2, ("ปัญหาอุปสรรค", "ปัญหา/อุปสรรค", "ปัญหาและอุปสรรค")),
    (3, ("ปัจจัยแห่งความสำเร็จ", "ปัจจัยความสำเร็จ")),
    (4, ("ข้อเสนอแนะ",)),
    (5, ("รูปแบบ", "นวัตกรรม")),
]
SECTION_FIELDS = {3: "success_factors", 4: "recommendations", 5: "best_practices"}
SECTION_NAMES = {
    1: "ผลการดำเนินงาน",
    2: "ปัญหาอุปสรรค",
    3: "ปัจจัยแห่งความสำเร็จ",
    4: "ข้อเสนอแนะ",
    5: "รูปแบบ/นวัตกรรม",
}
OFFICE = "__office__"


@dataclass
class Anomaly:
    line: int | None
    severity: str  # info (repaired) | warning (check) | error (could not place)
    kind: str
    message: str
    excerpt: str = ""
    item: int | None = None


@dataclass
class ParsedItem:
    number: int
    title: str
    policy: str
    additional_policy: bool
    results_heading: str = ""
    header: list[str] | None = None
    column_keys: list[str | None] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    printed_total: dict[str, Any] = field(default_factory=dict)
    total_label: str = ""
    texts: dict[tuple, list[str]] = field(default_factory=lambda: defaultdict(list))
    problems: ProblemRows = field(default_factory=ProblemRows)
    footnotes: list[str] = field(default_factory=list)


@dataclass
class ParseResult:
    data: dict[str, Any]
    anomalies: list[Anomaly]
    content_lines: set[int]
    placed_lines: set[int]

    @property
    def coverage(self) -> float:
        return (
            len(self.placed_lines & self.content_lines) / len(self.content_lines)
            if self.content_lines
            else 1.0
        )

    @property
    def unplaced(self) -> list[int]:
        return sorted(self.content_lines - self.placed_lines)


def load_provinces() -> dict[str, dict]:
    data = yaml.safe_load(PROVINCES_FILE.read_text(encoding="utf-8"))
    return {p["name"]: p for p in data["provinces"]}


def scan_header(lines: list[SourceLine]) -> dict[str, Any]:
    """Round, fiscal year and office from the first form header, to pick a template before parsing."""
    info: dict[str, Any] = {}
    for line in lines[:200]:
        m = ROUND_LINE.match(to_arabic_digits(line.text))
        if m and "round" not in info:
            info["round"], info["fiscal_year_be"] = int(m.group(1)), int(m.group(2))
        m2 = OFFICE_LINE.match(line.text)
        if m2 and "province_name" not in info:
            info["province_name"] = m2.group(1)
        if len(info) == 3:
            break
    return info
