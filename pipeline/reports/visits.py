"""Letters: JTAI letters and ILACS focused and monitoring visits. No grades; what matters is
the area, the dates, the theme and the headline findings."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from .dates import DATE, make_date, parse_range
from .text import clean, lines

_I = re.I
_DEAR = re.compile(r"\bDear\b")
_DATE_LINE = re.compile(rf"^\d{{0,3}}\s*({DATE.pattern})\s*$", _I)
# The area after the theme is a capitalised name, so these two are case-sensitive.
_RESPONSE_TO = re.compile(r"[Mm]ulti-agency response to (.{3,200}?) in (?:the )?[A-Z][^.]*?$")
_OPENING = re.compile(
    r"(?:[Jj]oint targeted area inspection \(JTAI\) of|joint inspection of) the multi-agency"
    r" response to ([^.]{3,200}?) in (?:the )?[A-Z][\w'&, -]{1,60}?\s*\d*\."
)
_DEEP_DIVE = re.compile(
    r"deep dive'? focus on (?:the (?:multi-agency )?response to )?([^.]{3,200}?)\s*\.", _I
)
_VISIT_FOCUS = re.compile(
    r"\b(?:the|this) visit (?:focused on|looked at|evaluated|considered) ([^.]{10,240}?)\.", _I
)
_HEADINGS = re.compile(
    r"^(headline findings|overview|summary of findings|main findings|key findings|findings"
    r"|overall judgement on progress(?: since [A-Za-z]+ \d{4})?)\s*:?$",
    _I,
)


def letter_date(page1_text: str) -> tuple[date, str] | None:
    """The date a letter is dated: a line of its own at the top of page 1."""
    for row in lines(page1_text)[:4]:
        m = _DATE_LINE.match(row)
        if m:
            d = DATE.search(row)
            got = make_date(d[1], d[2], d[3]) if d else None
            if got:
                return got, row
    return None


def visit_dates(page1: str, year: int | None) -> tuple[date, date, str] | None:
    """The inspection dates in the opening; letters sometimes omit the year ('Between 20 and
    24 June'), which is then taken from the letter's date."""
    m = _DEAR.search(page1)
    opening = page1[m.end() if m else 0 :]
    return parse_range(opening, default_year=year)


def jtai_theme(page1: str, title: str) -> str | None:
    theme = None
    if m := _RESPONSE_TO.search(title):
        theme = m[1]
    elif m := _OPENING.search(page1):
        theme = m[1]
    deep = _DEEP_DIVE.search(page1)
    if deep:
        focus = deep[1].strip()
        if theme is None:
            theme = focus
        elif theme.lower() in focus.lower():
            theme = focus  # the deep dive names the same theme more fully
        elif focus.lower() not in theme.lower():
            theme = f"{theme} (deep dive: {focus})"
    return theme.strip() if theme else None


def visit_theme(early: str) -> str | None:
    m = _VISIT_FOCUS.search(early)
    return m[1].strip() if m else None


def headline_findings(pages: list[str], max_paragraphs: int = 4) -> list[str]:
    """Paragraphs under the first findings heading ('Headline findings', 'Overview', ...)."""
    raw = [lines(p) for p in pages[:8]]
    # running headers/footers repeat at the top of many pages; they are not findings
    tops = Counter(row for rows in raw for row in rows[:2])
    boiler = {row for row, k in tops.items() if k >= 2} | {str(i) for i in range(100)}
    flat_rows: list[str] = [row for rows in raw for row in rows if row not in boiler]
    for i, row in enumerate(flat_rows):
        if _HEADINGS.match(row):
            found = _paragraphs(flat_rows[i + 1 :], max_paragraphs)
            if found:  # a heading with nothing under it is a contents entry; look on
                return found
    return []


def _is_heading(row: str, prev: str, nxt: str) -> bool:
    return (
        len(row) < 70
        and not row.endswith((".", ",", ";", ":", "-"))
        and row[:1].isupper()
        and (not prev or prev.endswith((".", ":", "?")))
        and (not nxt or nxt[:1].isupper() or nxt[:1].isdigit() or not nxt[:1].isalnum())
    )


def _paragraphs(rows: list[str], limit: int) -> list[str]:
    out: list[str] = []
    current: list[str] = []
    for i, row in enumerate(rows):
        prev = rows[i - 1] if i else ""
        nxt = rows[i + 1] if i + 1 < len(rows) else ""
        if _is_heading(row, prev, nxt) or row.startswith(("◼", "•", "\uf0b7")):
            break
        current.append(row)
        if row.endswith((".", "?")) and len(row) < 72:
            out.append(clean(" ".join(current)))
            current = []
            if len(out) >= limit:
                break
    if current and len(out) < limit:
        out.append(clean(" ".join(current)))
    return out
