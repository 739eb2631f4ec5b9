"""One entry point from raw bytes to a Document, shared by the crawl, `cswatch analyse` and
`cswatch reprocess`: decide what the bytes are, then hand them to the right reader."""

from __future__ import annotations

import re
from datetime import date, datetime

from pipeline.records import Capture, Document


class AnalyseError(Exception):
    """Bytes that cannot become a document; `kind` is the error vocabulary operators see
    (not_a_pdf, corrupt, encrypted, no_text, empty, unsupported, and for articles not_html,
    soft_404, index_page, no_article_text, too_large: see pipeline/articles.py)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def sniff(data: bytes, content_type: str | None = None, name: str | None = None) -> str:
    """'pdf', 'html', 'text' or 'unknown', trusting the bytes over headers and names."""
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return "pdf"
    lowered = head[:512].lower()
    if (
        lowered.startswith((b"<!doctype html", b"<html"))
        or b"<html" in lowered
        or b"<body" in lowered
    ):
        return "html"
    ctype = (content_type or "").lower()
    if "html" in ctype:
        return "html"
    if (name or "").lower().endswith((".txt", ".text")) or ctype.startswith("text/plain"):
        return "text"
    return "unknown"


def analyse_bytes(
    data: bytes,
    *,
    url: str,
    source: str,
    role: str | None = None,
    content_type: str | None = None,
    listing: dict[str, str] | None = None,
    urn: str | None = None,
    fetched_at: datetime | None = None,
) -> Document:
    """Normalise one fetched or local file. `role="report"` means the link promised a report
    PDF, so anything else is the error the sources really produce (an HTML "Report not
    found" page served with status 200). `role="article"` is a page a feed entry or a listing
    page linked as an article; `listing` then carries the entry's title and date
    (`feed_title`, `feed_published`)."""
    if not data:
        raise AnalyseError("empty", "the response body is empty")
    kind = sniff(data, content_type, url)
    if role == "report" and kind != "pdf":
        raise AnalyseError("not_a_pdf", f"expected a report PDF, got {kind} content")
    if kind == "pdf":
        return _analyse_pdf(data, url=url, source=source, listing=listing, urn=urn)
    if kind in ("html", "text"):
        from pipeline.articles import analyse_article_html, analyse_article_text

        if kind == "text":
            return analyse_article_text(data, url=url, source=source)
        entry = listing or {}
        doc = analyse_article_html(
            data,
            url=url,
            source=source,
            charset=_charset(content_type),
            fetched_at=fetched_at,
            feed_date=_iso_date(entry.get("feed_published")),
            feed_title=entry.get("feed_title") or None,
        )
        doc.listing = dict(entry)
        return doc
    raise AnalyseError("unsupported", f"no reader for {kind} content")


def analyse_capture(
    capture: Capture,
    *,
    listing: dict[str, str] | None = None,
    urn: str | None = None,
    role: str | None = None,
) -> Document:
    """A crawled response. Ofsted captures are report PDFs unless the spider says otherwise;
    `role="article"` routes feed-followed and listing-followed pages to the article reader."""
    if role is None or role == "listing":
        role = "report" if capture.source == "ofsted" else None
    return analyse_bytes(
        capture.body,
        url=capture.url,
        source=capture.source,
        role=role,
        content_type=_header(capture.headers, "content-type"),
        listing=listing,
        urn=urn,
        fetched_at=capture.fetched_at,
    )


def _header(headers: dict[str, str], name: str) -> str | None:
    return next((v for k, v in headers.items() if k.lower() == name), None)


def _charset(content_type: str | None) -> str | None:
    m = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type or "", re.I)
    return m.group(1) if m else None


def _iso_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _analyse_pdf(
    data: bytes, *, url: str, source: str, listing: dict[str, str] | None, urn: str | None
) -> Document:
    from pipeline.pdftext import PdfError
    from pipeline.reports import analyse_report

    try:
        return analyse_report(data, url=url, source=source, listing=listing, urn=urn)
    except PdfError as exc:
        raise AnalyseError(exc.kind, str(exc)) from exc
