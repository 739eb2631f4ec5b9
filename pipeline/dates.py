"""Publication dates of articles and notices.

Precedence, most to least trusted:

1. ``feed``: the feed entry's published date. The publisher states it for this very item.
2. ``html``: the page itself, read by htmldate in original-date mode (the first publication,
   not "updated on"), without its free-text search: meta tags, JSON-LD, <time>, date-classed
   elements.
3. ``url``: a full date in the URL path (/2019/11/18/, /2019-11-18-, /20191118/). When the
   URL has one and the page's date differs, the URL wins: it was fixed when the story went
   up, in the publisher's own day, whereas page timestamps are often UTC (an evening story
   lands on the next day) and htmldate's fallbacks sometimes pick an unrelated date (seen on
   the article benchmark: 12 of 181 pages disagree, 2 by years). Most UK sources we watch
   (BBC, gov.uk, CYP Now) have no date in their URLs, so the page date is used there.
4. ``html:text``: htmldate's extensive search over the page text, a last resort.

Bounds: never before 1995 (no English council published news on the web earlier; older dates
on a page are dates the story talks about), never after the fetch. A date up to a day after the
fetch is clamped to the fetch day (time-zone skew between a feed and our clock); a later one is
refused. Without `fetched_at`, today (UTC) is the upper bound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

MIN_DATE = date(1995, 1, 1)
# A feed date this far past the fetch is clock/time-zone skew, not a future article.
CLAMP_SLACK = timedelta(days=1)

_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for m in names
}
_MONTH_RX = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY_RX = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR_RX = r"(?P<year>\d{4})"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*,?\s+)?"

_TEXT_PATTERNS = [
    # 2009-07-03 (ISO; also with a time after it)
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?:[T\s].*)?"),
    # 3 July 2009, Friday 3rd July 2009, 3 Jul. 2009, 3 July, 2009
    re.compile(_WEEKDAY + _DAY_RX + r"(?:\s+of)?\s+" + _MONTH_RX + r",?\s+" + _YEAR_RX, re.I),
    # July 3, 2009 / July 3rd 2009 / Friday, July 3, 2009
    re.compile(_WEEKDAY + _MONTH_RX + r"\s+" + _DAY_RX + r",?\s+" + _YEAR_RX, re.I),
    # 03/07/2009, 3.7.2009, 03-07-2009: UK order, day first
    re.compile(r"(?P<day>\d{1,2})[/.-](?P<month>\d{1,2})[/.-](?P<year>\d{4})"),
    # 03/07/09: two-digit year, day first
    re.compile(r"(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<yy>\d{2})"),
]

_URL_PATTERNS = [
    # /2019/11/18/ or /2019/11/18-slug
    re.compile(r"/(?P<year>(?:19|20)\d{2})/(?P<month>[01]?\d)/(?P<day>[0-3]?\d)(?:[/_.-]|$)"),
    # /2019-11-18/ or -2019-11-18- in a slug
    re.compile(r"[/_-](?P<year>(?:19|20)\d{2})-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?:[/_.-]|$)"),
    # /20191118/ as a whole path segment
    re.compile(r"/(?P<year>(?:19|20)\d{2})(?P<month>[01]\d)(?P<day>[0-3]\d)(?:/|$)"),
]


@dataclass(frozen=True)
class DateCandidate:
    method: str  # feed | html | url | html:text
    value: date | None
    note: str = ""  # why it was refused or changed, if it was


@dataclass
class DateResult:
    date: date | None
    method: str | None  # the candidate's method, "+clamped" if moved back to the fetch day
    candidates: list[DateCandidate] = field(default_factory=list)


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _from_match(m: re.Match[str]) -> date | None:
    parts = m.groupdict()
    if parts.get("yy"):
        yy = int(parts["yy"])
        # two-digit years: 95-99 are 1990s (the archive starts in 1995), the rest 2000s
        year = 1900 + yy if yy >= 95 else 2000 + yy
    else:
        year = int(parts["year"])
    month_s = parts["month"]
    month = int(month_s) if month_s.isdigit() else _MONTHS.get(month_s.lower().rstrip("."))
    if not month:
        return None
    return _make(year, month, int(parts["day"]))


def parse_date_text(text: str) -> date | None:
    """A date written in a page or listing: "3 July 2009", "03/07/2009" (day first, as in the
    UK), "2009-07-03", "July 3, 2009". The whole (stripped) text must be the date."""
    if not text:
        return None
    s = " ".join(text.strip().split()).rstrip(".")
    for rx in _TEXT_PATTERNS:
        m = rx.fullmatch(s)
        if m:
            return _from_match(m)
    return None


def url_date(url: str | None) -> date | None:
    """A full year-month-day date in the URL path, if there is one."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url.strip(), flags=re.I).split("?")[0].split("#")[0]
    for rx in _URL_PATTERNS:
        for m in rx.finditer(path):
            d = _from_match(m)
            if d:
                return d
    return None


def _to_date(value: datetime | date | None) -> date | None:
    # The feed's own wall-clock date: an article published 00:30 BST is dated that day, not the
    # previous one in UTC. (feedparser's *_parsed fields are UTC: callers pass what they have.)
    if isinstance(value, datetime):
        return value.date()
    return value


def _html_dates(html: str | bytes, upper: date, tree: Any = None) -> list[DateCandidate]:
    """htmldate on our own parse of the page: structured data first, then free text.
    The tree is always ours, never a string, so htmldate can never take it for a URL to fetch."""
    from htmldate import find_date

    from pipeline.charset import decode_html
    from pipeline.text import parse_html

    if tree is None:
        if isinstance(html, bytes):
            html = decode_html(html)[0]
        if "<" not in html:
            return []
        tree = parse_html(html[:5_000_000])
    if tree is None:
        return []
    out: list[DateCandidate] = []
    common = {
        "original_date": True,
        "outputformat": "%Y-%m-%d",
        "min_date": MIN_DATE.isoformat(),
        "max_date": upper.isoformat(),
        # url="" stops htmldate reading the canonical link's URL: the URL is our own candidate
        "url": "",
    }
    for method, extensive in (("html", False), ("html:text", True)):
        try:
            # No copy of our tree: htmldate only reads a tree it is handed and deep-copies it
            # itself before its pruning stage (a copy of ours cost more than the search).
            found = find_date(tree, extensive_search=extensive, **common)
        except Exception:  # htmldate is best effort; a broken page just has no page date
            found = None
        if found:
            out.append(DateCandidate(method, date.fromisoformat(found)))
            if method == "html":
                break  # the structured answer is enough; skip the costlier text search
    return out


def _check(c: DateCandidate, upper: date) -> tuple[DateCandidate, date | None, bool]:
    """(candidate as recorded, accepted date or None, clamped?)."""
    d = c.value
    if d is None:
        return c, None, False
    if d < MIN_DATE:
        return DateCandidate(c.method, d, f"before {MIN_DATE.isoformat()}"), None, False
    if d > upper:
        if d - upper <= CLAMP_SLACK:
            return DateCandidate(c.method, d, "after the fetch by ≤1 day: clamped"), upper, True
        return DateCandidate(c.method, d, "after the fetch: refused"), None, False
    return c, d, False


def published_date(
    *,
    html: str | bytes | None = None,
    url: str | None = None,
    feed_date: datetime | date | None = None,
    fetched_at: datetime | None = None,
    tree: Any = None,
) -> DateResult:
    """Original publication date of a document, with how it was found and every candidate
    considered (so a wrong date can be traced). Never raises. `tree` is the page already
    parsed by pipeline.text (Extraction.tree), to spare a second parse."""
    upper = (fetched_at or datetime.now(UTC)).date()
    candidates: list[DateCandidate] = []
    result = DateResult(None, None, candidates)

    def consider(c: DateCandidate) -> bool:
        recorded, accepted, clamped = _check(c, upper)
        candidates.append(recorded)
        if accepted and result.date is None:
            result.date = accepted
            result.method = c.method + ("+clamped" if clamped else "")
        return accepted is not None

    if feed_date is not None and consider(DateCandidate("feed", _to_date(feed_date))):
        # The feed's date wins over any page date; searching the page would change nothing.
        return result
    html_cands: list[DateCandidate] = []
    if html or tree is not None:
        try:
            html_cands = _html_dates(html or "", upper, tree)
        except Exception:  # never let a date lookup sink a document
            html_cands = []
    u = url_date(url)
    u_ok = u is not None and _check(DateCandidate("url", u), upper)[1] is not None
    for c in html_cands:
        if c.method == "html":
            if u_ok and c.value != u:
                # The URL's date was fixed when the story went up, in the publisher's own day;
                # page timestamps are often UTC (an evening story lands on the next day) and
                # htmldate's fallbacks can pick an unrelated date. Keep it, but as evidence.
                candidates.append(DateCandidate(c.method, c.value, "differs from the URL date"))
            else:
                consider(c)
    if u is not None:
        consider(DateCandidate("url", u))
    for c in html_cands:
        if c.method == "html:text":
            consider(c)
    return result
