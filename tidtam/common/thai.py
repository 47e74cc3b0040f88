"""Thai-first formatting and parsing: digits, numbers, Buddhist-Era dates."""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_TO_ARABIC = str.maketrans(THAI_DIGITS, "0123456789")
_TO_THAI = str.maketrans("0123456789", THAI_DIGITS)

THAI_MONTHS = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
]
THAI_MONTHS_ABBR = [
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
]
BE_OFFSET = 543


def to_arabic_digits(text: str) -> str:
    return text.translate(_TO_ARABIC)


def to_thai_digits(text: str) -> str:
    return text.translate(_TO_THAI)


_NUMBER = re.compile(r"^[+-]?\d[\d,]*(?:\.\d+)?$|^[+-]?\.\d+$")


def parse_number(text: str) -> Decimal | None:
    """'4,111' → 4111; '๒๖' → 26; '88.92' → 88.92. Returns None when the text is not one number."""
    s = to_arabic_digits(text).strip().replace("\u00a0", "").replace(" ", "")
    if not s or not _NUMBER.match(s):
        return None
    if "," in s and not re.match(r"^[+-]?\d{1,3}(,\d{3})*(\.\d+)?$", s):
        return None
    try:
        return Decimal(s.replace(",", ""))
    except InvalidOperation:
        return None


def format_number(
    value: Decimal | int | float | None, *, thai_digits: bool = False, places: int | None = None
) -> str:
    """Thai number formatting: thousands separators; integral values without decimals."""
    if value is None:
        return "-"
    d = Decimal(str(value))
    if places is None:
        places = 0 if d == d.to_integral_value() else 2
    text = f"{d:,.{places}f}"
    return to_thai_digits(text) if thai_digits else text


def be_year(year_ce: int) -> int:
    return year_ce + BE_OFFSET


def fiscal_year_be(date: dt.date) -> int:
    """The Thai government's fiscal year (BE) a date falls in: it runs 1 October to 30 September, so
    2 December 2569 is in fiscal year 2570."""
    return be_year(date.year) + (1 if date.month >= 10 else 0)


def format_date_be(date: dt.date | None, *, thai_digits: bool = False, short: bool = False) -> str:
    """15 กรกฎาคม 2567 (Buddhist Era)."""
    if date is None:
        return "-"
    month = (THAI_MONTHS_ABBR if short else THAI_MONTHS)[date.month - 1]
    year = be_year(date.year)
    text = f"{date.day} {month} {year % 100 if short else year}"
    return to_thai_digits(text) if thai_digits else text


def parse_thai_date(text: str) -> dt.date | None:
    """'15 กรกฎาคม 67' / '15 ก.ค. 2567' / '๑๕ กรกฎาคม ๒๕๖๗' → date. A two-digit year means 25xx."""
    s = to_arabic_digits(text)
    names = "|".join(re.escape(m) for m in THAI_MONTHS + THAI_MONTHS_ABBR)
    m = re.search(rf"(\d{{1,2}})\s*({names})\s*(\d{{2,4}})", s)
    if not m:
        return None
    day, month_name, year_text = int(m.group(1)), m.group(2), int(m.group(3))
    month = (
        THAI_MONTHS.index(month_name) if month_name in THAI_MONTHS else THAI_MONTHS_ABBR.index(month_name)
    ) + 1
    year_be = 2500 + year_text if year_text < 100 else year_text
    try:
        return dt.date(year_be - BE_OFFSET, month, day)
    except ValueError:
        return None
