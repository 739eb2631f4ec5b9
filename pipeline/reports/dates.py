"""Dates as Ofsted prints them: '17 March to 21 March 2025', '6 to 17 December 2021',
'18 November - 10 December 2014', '8 - 12 July 2013', 'Between 20 and 24 June' (year from the
letter's date), 'Report published: 3 February 2015', 'Published: 16 August 2013'.

All functions take flattened text (see text.flat), so line breaks inside a date do not matter.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_D = r"(\d{1,2})(?:st|nd|rd|th)?"
_Y = r"((?:19|20)\d{2})"
DATE = re.compile(rf"\b{_D}\s+({MONTH})\s*,?\s+{_Y}\b", re.I)
# A range: first day (optionally with its own month/year, and possibly a list '6, 7 and 8'),
# a joiner, then the closing day with its month (year optional: some letters omit it).
RANGE = re.compile(
    rf"\b{_D}(?:\s+({MONTH}))?(?:\s*,?\s+{_Y})?(?:\s*,\s*\d{{1,2}}(?:st|nd|rd|th)?)*"
    rf"\s*(?:-|to|and|until|till)\s*{_D}\s+({MONTH})(?:\s*,?\s+{_Y})?",
    re.I,
)
# Inspections run from a day to about six weeks (SIF: four weeks on site plus a gap).
MAX_SPAN = timedelta(days=75)


def month_number(name: str) -> int:
    return _MONTHS[name.strip(".").lower()[:3]]


def make_date(day: str | int, month: str, year: str | int) -> date | None:
    try:
        return date(int(year), month_number(month), int(day))
    except (ValueError, KeyError):
        return None


def parse_date(text: str) -> date | None:
    """The first 'D Month YYYY' in text."""
    m = DATE.search(text)
    return make_date(m[1], m[2], m[3]) if m else None


def parse_range(text: str, default_year: int | None = None) -> tuple[date, date, str] | None:
    """The first plausible date range in text, as (start, end, matched text)."""
    for m in RANGE.finditer(text):
        got = _range_from_match(m, default_year)
        if got:
            return got[0], got[1], m[0]
    return None


def _range_from_match(m: re.Match[str], default_year: int | None) -> tuple[date, date] | None:
    d1, m1, y1, d2, m2, y2 = m.groups()
    year2 = int(y2) if y2 else (int(y1) if y1 else default_year)
    if year2 is None:
        return None
    end = make_date(d2, m2, year2)
    if end is None:
        return None
    month1 = m1 or m2
    if y1:
        year1 = int(y1)
    else:
        # '29 December to 9 January 2020' starts in the previous year
        year1 = year2 - 1 if month_number(month1) > month_number(m2) else year2
    start = make_date(d1, month1, year1)
    if start is None or start > end or end - start > MAX_SPAN:
        return None
    return start, end


def date_after(text: str, label: re.Pattern[str]) -> tuple[date, str] | None:
    """A date printed right after a label such as 'Report published:'."""
    m = label.search(text)
    if not m:
        return None
    window = text[m.end() : m.end() + 40]
    d = DATE.search(window)
    if not d:
        return None
    got = make_date(d[1], d[2], d[3])
    return (got, f"{m[0]}{window[: d.end()]}".strip()) if got else None
