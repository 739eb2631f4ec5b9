"""Feeds: bytes in, entries out (RSS 0.9x/1.0/2.0, Atom, JSON Feed), and the poll schedule.

Pure functions: the crawler fetches, storage keeps `feed_state`; this module decides what a
body says and when to ask again.

Reading (`parse_feed`):
- feedparser is only ever given *bytes* (a str would be taken as a URL or a file name, which
  would let feed content make us open files or fetch URLs) plus the HTTP headers we received,
  so a declared charset is used and a wrong one is overridden from the bytes.
- A body still gzip-compressed (some servers send `.xml.gz` as plain bytes) is inflated, with a
  bound so a zip bomb cannot exhaust memory.
- JSON Feed (1.0/1.1) is read here: feedparser 6.0 cannot.
- Ill-formed XML is common in the wild. When feedparser still recovers entries they are kept
  (with a warning); when it recovers none the feed is rejected with the parser's reason. An
  HTML page, an empty body or an unknown format is rejected with a reason, never raised.
- Entries keep only what the crawl needs: an absolute http(s) link, the title and summary as
  plain text, the id and the published (else updated) time in UTC.

Scheduling (`next_interval`): a feed that changed is polled sooner (half the interval, or
faster when its entries arrive faster); an unchanged one later (×1.5); a failing one backs off
exponentially. All bounded, so a feed is never hammered nor forgotten.
"""

from __future__ import annotations

import calendar
import gzip
import io
import json
import re
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import unescape
from statistics import median
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

# Far above any real news feed (the largest real one in the eval set is 158 KB).
MAX_FEED_BYTES = 10 * 1024 * 1024
# Entries kept per feed: a feed listing thousands of items is an archive dump, not news.
MAX_ENTRIES = 500

# Poll schedule bounds (seconds).
MIN_INTERVAL = 15 * 60
MAX_INTERVAL = 24 * 3600
MAX_BACKOFF = 2 * 24 * 3600
DEFAULT_INTERVAL = 3600

_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*(<!doctype\s+html|<html\b)", re.I | re.S)
_FEED_START = re.compile(rb"<(rss|feed|rdf:RDF|channel)\b", re.I)


class FeedRejected(Exception):
    """A body that is not a readable feed; `kind` is the error vocabulary operators see."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class FeedEntry:
    link: str
    title: str = ""
    summary: str = ""
    id: str = ""
    published: datetime | None = None  # publisher's published time, else updated, in UTC
    date_field: str = ""  # "published" | "updated" | "": which one `published` came from


@dataclass
class Feed:
    version: str  # feedparser's name (rss20, atom10, …) or "json1"
    title: str = ""
    encoding: str | None = None
    entries: list[FeedEntry] = field(default_factory=list)
    skipped: int = 0  # entries without a usable link
    warnings: list[str] = field(default_factory=list)


def plain(value: Any) -> str:
    """HTML fragment or None to one line of plain text."""
    if not value:
        return ""
    return _SPACE.sub(" ", unescape(_TAGS.sub(" ", str(value)))).strip()


def _utc(struct: Any) -> datetime | None:
    # feedparser normalises every date it reads to a UTC time.struct_time.
    if not struct:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(struct), UTC)
    except (OverflowError, ValueError, TypeError):
        return None


def _iso(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)


def absolute_link(link: Any, base: str | None) -> str | None:
    """An absolute http(s) URL, or None (javascript:, mailto:, garbage)."""
    if not isinstance(link, str) or not link.strip():
        return None
    try:
        url = urljoin(base or "", link.strip())
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return url


def _inflate(body: bytes) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as f:
            data = f.read(MAX_FEED_BYTES + 1)
    except (OSError, EOFError, zlib.error) as exc:  # a damaged stream fails inside zlib
        raise FeedRejected("feed_malformed", f"gzip body cannot be inflated: {exc}") from exc
    if len(data) > MAX_FEED_BYTES:
        raise FeedRejected("too_large", f"inflated feed exceeds {MAX_FEED_BYTES} bytes")
    return data


def parse_feed(body: bytes, *, url: str | None = None, content_type: str | None = None) -> Feed:
    """Read a feed body. Raises FeedRejected(kind, reason) for anything that is not a feed:
    kinds `empty`, `too_large`, `not_a_feed`, `feed_malformed`."""
    if not body or not body.strip():
        raise FeedRejected("empty", "the feed body is empty")
    if len(body) > MAX_FEED_BYTES:
        raise FeedRejected("too_large", f"feed body of {len(body)} bytes exceeds {MAX_FEED_BYTES}")
    warnings: list[str] = []
    if body[:2] == b"\x1f\x8b":
        body = _inflate(body)
        warnings.append("gzip-compressed body inflated")
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"{", b"[")) or "json" in (content_type or "").lower():
        feed = parse_json_feed(body, url=url)
        feed.warnings[:0] = warnings
        return feed
    if _HTML_START.match(body[:4096]) and not _FEED_START.search(body[:4096]):
        raise FeedRejected("not_a_feed", "an HTML page, not a feed")
    # Only a real Content-Type is passed on: feedparser flags a header set without one as a
    # non-XML type. Relative entry links are resolved against `url` below.
    headers = {"content-type": content_type} if content_type else None
    try:
        parsed = feedparser.parse(body, response_headers=headers)
    except Exception as exc:  # feedparser is defensive, but the input is hostile
        raise FeedRejected("feed_malformed", f"parser failed: {type(exc).__name__}: {exc}") from exc
    return _from_feedparser(parsed, url, warnings)


# Bozo reasons that do not make a feed unreadable: a wrong charset label (the bytes were read
# with a working one) and a server calling its feed text/html.
_HARMLESS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


def _from_feedparser(parsed: Any, url: str | None, warnings: list[str]) -> Feed:
    version = parsed.get("version") or ""
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    entries = parsed.get("entries") or []
    if problem is not None and not isinstance(problem, _HARMLESS):
        reason = f"{type(problem).__name__}: {str(problem)[:200]}"
        if not entries:
            kind = "feed_malformed" if version else "not_a_feed"
            raise FeedRejected(kind, f"not a readable feed ({reason})")
        warnings.append(f"ill-formed XML, {len(entries)} entries recovered ({reason})")
    elif isinstance(problem, feedparser.NonXMLContentType):
        warnings.append(f"served with a non-XML content type: {str(problem)[:100]}")
    elif problem is not None:
        warnings.append(f"declared charset overridden: read as {parsed.get('encoding')}")
    if not version and not entries:
        raise FeedRejected("not_a_feed", "no RSS, Atom or JSON Feed structure found")
    channel = parsed.get("feed") or {}
    feed = Feed(
        version=version or "unknown",
        title=plain(channel.get("title")),
        encoding=parsed.get("encoding"),
        warnings=warnings,
    )
    base = url or channel.get("link")
    for raw in entries[:MAX_ENTRIES]:
        # FeedBurner's origLink is the publisher's own URL; `link` is its click-tracking hop.
        link = absolute_link(raw.get("feedburner_origlink"), base) or absolute_link(
            raw.get("link"), base
        )
        if link is None:
            # Atom entries may carry only alternate links in `links`; RSS guid may be the URL.
            alternates = [x.get("href") for x in raw.get("links") or [] if x.get("href")]
            guid_link = raw.get("id") if raw.get("guidislink") else None
            link = next(
                (u for c in [*alternates, guid_link] if (u := absolute_link(c, base))), None
            )
        if link is None:
            feed.skipped += 1
            continue
        # dict.get, not FeedParserDict's: its key aliases (updated ↔ published) would blur
        # the two dates and warn.
        published = _utc(dict.get(raw, "published_parsed"))
        date_field = "published" if published else ""
        if published is None and (published := _utc(dict.get(raw, "updated_parsed"))):
            date_field = "updated"
        feed.entries.append(
            FeedEntry(
                link=link,
                title=plain(raw.get("title")),
                summary=plain(raw.get("summary"))[:2000],
                id=str(raw.get("id") or link),
                published=published,
                date_field=date_field,
            )
        )
    _note_counts(feed, len(entries))
    return feed


def _note_counts(feed: Feed, total: int) -> None:
    if total > MAX_ENTRIES:
        feed.warnings.append(f"{total} entries: only the first {MAX_ENTRIES} kept")
    if feed.skipped:
        feed.warnings.append(f"{feed.skipped} entries without a usable link skipped")
    if not total:
        feed.warnings.append("the feed has no entries")


def parse_json_feed(body: bytes, *, url: str | None = None) -> Feed:
    """JSON Feed 1.0/1.1 (https://jsonfeed.org/version/1.1)."""
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise FeedRejected("feed_malformed", f"invalid JSON: {exc}") from exc
    version = data.get("version") if isinstance(data, dict) else None
    if not isinstance(version, str) or "jsonfeed.org/version/" not in version:
        raise FeedRejected("not_a_feed", "JSON without a JSON Feed version")
    items = data.get("items")
    if not isinstance(items, list):
        raise FeedRejected("feed_malformed", "JSON Feed without an items list")
    feed = Feed(
        version="json" + version.rstrip("/").rsplit("/", 1)[-1].replace(".", ""),
        title=plain(data.get("title")),
        encoding="utf-8",
    )
    base = url or data.get("home_page_url")
    for item in items[:MAX_ENTRIES]:
        if not isinstance(item, dict):
            feed.skipped += 1
            continue
        link = absolute_link(item.get("url"), base) or absolute_link(item.get("external_url"), base)
        if link is None:
            feed.skipped += 1
            continue
        published = _iso(item.get("date_published"))
        date_field = "published" if published else ""
        if published is None and (published := _iso(item.get("date_modified"))):
            date_field = "updated"
        summary = item.get("summary") or item.get("content_text") or item.get("content_html")
        feed.entries.append(
            FeedEntry(
                link=link,
                title=plain(item.get("title")),
                summary=plain(summary)[:2000],
                id=str(item.get("id") or link),
                published=published,
                date_field=date_field,
            )
        )
    _note_counts(feed, len(items))
    return feed


# ------------------------------------------------------------------------- schedule ---


def next_interval(
    previous: int | None,
    outcome: str,
    *,
    failures: int = 0,
    base: int = DEFAULT_INTERVAL,
    entry_times: list[datetime] | None = None,
) -> int:
    """Seconds until the next poll.

    outcome: "changed" (new bytes), "unchanged" (304 or same body hash), "failed".
    `failures` counts consecutive failures including this one; `base` is the source's cadence.
    """
    current = previous or base
    if outcome == "failed":
        # Exponential back-off from the normal cadence: 2×, 4×, 8× … capped.
        return int(min(MAX_BACKOFF, max(MIN_INTERVAL, base) * 2 ** max(1, failures)))
    if outcome == "changed":
        # New entries: ask sooner. When the entries' own dates show how often the feed
        # publishes, poll about twice per typical gap (a weekly feed is not polled hourly).
        gap = _typical_gap(entry_times or [])
        target = gap / 2 if gap is not None else current / 2
        return int(min(MAX_INTERVAL, max(MIN_INTERVAL, target)))
    return int(min(MAX_INTERVAL, max(MIN_INTERVAL, current * 1.5)))


def _typical_gap(times: list[datetime]) -> float | None:
    ordered = sorted(t for t in times if t is not None)
    gaps = [(b - a).total_seconds() for a, b in zip(ordered, ordered[1:], strict=False)]
    gaps = [g for g in gaps if g > 0]
    return median(gaps) if len(gaps) >= 2 else None
