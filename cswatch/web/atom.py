"""Atom 1.0 (RFC 4287) documents for the archive's feeds, built with ElementTree.

Everything in an entry comes from crawled pages and is untrusted: titles and summaries are
Atom *text* constructs (`type="text"`), so a reader shows `<script>` as those characters;
ElementTree escapes them on the way out, and characters XML 1.0 cannot carry (control
codes a PDF extraction may leave) are dropped so the document always parses.

Identities are stable and independent of where the server runs: a feed's id is a tag: URI
naming the authority or the search; an entry's id is the document's canonical URL (the
archive's own identity for it), or a tag: URI built from it when it is not http(s).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from urllib.parse import quote

from cswatch.web.templating import label, safe_url
from storage.feed_entries import FeedEntry

ATOM_NS = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml; charset=utf-8"
TAG_PREFIX = "tag:cswatch.archive,2026:"
KIND_SCHEME = TAG_PREFIX + "kind"  # document kinds (DESIGN.md vocabulary)
GRADE_SCHEME = TAG_PREFIX + "grade"  # headline grade of an inspection report
SUMMARY_LENGTH = 320
# An empty feed still needs an <updated>; a fixed instant keeps it stable across calls.
EMPTY_FEED_UPDATED = datetime(2026, 1, 1, tzinfo=UTC)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class FeedMeta:
    id: str  # a tag: URI
    title: str
    self_url: str  # this feed, absolute
    page_url: str  # the HTML page it follows, absolute
    subtitle: str = ""


def tag_uri(specific: str) -> str:
    """A tag: URI (RFC 4151) under the archive's tagging authority."""
    return TAG_PREFIX + quote(specific, safe="/:?=&+,;@-._~%")


def entry_id(entry: FeedEntry) -> str:
    url = safe_url(entry.canonical_url)
    return url if url else tag_uri("document:" + entry.canonical_url)


def plain(text: str | None) -> str:
    """Text safe to put in XML: no characters XML forbids, whitespace collapsed."""
    return _SPACE.sub(" ", _NOT_XML.sub("", text or "")).strip()


def shorten(text: str, limit: int = SUMMARY_LENGTH) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + " …"


def rfc3339(value: datetime | date | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(0, 0), tzinfo=UTC)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def entry_updated(entry: FeedEntry) -> datetime:
    """When our record last changed, never before the document's own date (a reader sorts
    by it; a 2014 report archived in 2026 was still "updated" in 2026)."""
    stamps = [s for s in (entry.updated_at, entry.stored_at) if s is not None]
    if entry.published is not None:
        stamps.append(datetime.combine(entry.published, time(0, 0), tzinfo=UTC))
    stamps = [s if s.tzinfo else s.replace(tzinfo=UTC) for s in stamps]
    return max(stamps) if stamps else EMPTY_FEED_UPDATED


def summary_text(entry: FeedEntry, snippet: str | None = None) -> str:
    """What the entry says in a reader: the headline grade of a report, then the search
    snippet (match markers removed) or the start of the text."""
    lead = ""
    if entry.inspection_type:
        lead = label(entry.inspection_type)
        if entry.headline_grade:
            lead += f": {label(entry.headline_grade)}"
        lead += ". "
    body = plain((snippet or "").replace("«", "").replace("»", "")) or plain(entry.text_start)
    return plain(lead + shorten(body))


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attrs)
    if text is not None:
        el.text = text
    return el


def render_feed(
    meta: FeedMeta,
    entries: Sequence[FeedEntry],
    document_url: str,
    snippets: dict[int, str] | None = None,
) -> bytes:
    """The Atom document. `document_url` is our document page with `{id}` in place of the
    document's id; `snippets` (by document id) replace the text start in summaries."""
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed", {"xml:lang": "en-GB"})
    _sub(feed, "id", meta.id)
    _sub(feed, "title", plain(meta.title), type="text")
    if meta.subtitle:
        _sub(feed, "subtitle", plain(meta.subtitle), type="text")
    updated = max((entry_updated(e) for e in entries), default=EMPTY_FEED_UPDATED)
    _sub(feed, "updated", rfc3339(updated))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=meta.self_url)
    _sub(feed, "link", rel="alternate", type="text/html", href=meta.page_url)
    author = _sub(feed, "author")
    _sub(author, "name", "cswatch archive")
    _sub(feed, "generator", "cswatch")
    for e in entries:
        item = _sub(feed, "entry")
        _sub(item, "id", entry_id(e))
        _sub(item, "title", plain(e.title) or "(untitled)", type="text")
        _sub(item, "updated", rfc3339(entry_updated(e)))
        if e.published is not None:
            _sub(item, "published", rfc3339(e.published))
        page = document_url.format(id=e.document_id)
        _sub(item, "link", rel="alternate", type="text/html", href=page)
        source = safe_url(e.url)
        if source:
            original = f"original ({e.source or 'source'})"
            _sub(item, "link", rel="related", href=source, title=original)
        _sub(item, "category", term=e.kind, scheme=KIND_SCHEME, label=label(e.kind))
        if e.headline_grade:
            grade = label(e.headline_grade)
            _sub(item, "category", term=e.headline_grade, scheme=GRADE_SCHEME, label=grade)
        _sub(item, "summary", summary_text(e, (snippets or {}).get(e.document_id)), type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
