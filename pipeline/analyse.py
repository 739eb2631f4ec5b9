"""One entry point from raw bytes to a Document, shared by the crawl, `cswatch analyse` and
`cswatch reprocess`: decide what the bytes are, then hand them to the right reader."""

from __future__ import annotations

from pipeline.records import Capture, Document


class AnalyseError(Exception):
    """Bytes that cannot become a document; `kind` is the error vocabulary operators see
    (not_a_pdf, corrupt, encrypted, no_text, empty, unsupported…)."""

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
) -> Document:
    """Normalise one fetched or local file. `role="report"` means the link promised a report
    PDF, so anything else is the error the sources really produce (an HTML "Report not
    found" page served with status 200)."""
    if not data:
        raise AnalyseError("empty", "the response body is empty")
    kind = sniff(data, content_type, url)
    if role == "report" and kind != "pdf":
        raise AnalyseError("not_a_pdf", f"expected a report PDF, got {kind} content")
    if kind == "pdf":
        return _analyse_pdf(data, url=url, source=source, listing=listing, urn=urn)
    raise AnalyseError("unsupported", f"no reader yet for {kind} content")


def analyse_capture(
    capture: Capture, *, listing: dict[str, str] | None = None, urn: str | None = None
) -> Document:
    return analyse_bytes(
        capture.body,
        url=capture.url,
        source=capture.source,
        role="report" if capture.source == "ofsted" else None,
        content_type=capture.headers.get("Content-Type"),
        listing=listing,
        urn=urn,
    )


def _analyse_pdf(
    data: bytes, *, url: str, source: str, listing: dict[str, str] | None, urn: str | None
) -> Document:
    from pipeline.pdftext import PdfError
    from pipeline.reports import analyse_report

    try:
        return analyse_report(data, url=url, source=source, listing=listing, urn=urn)
    except PdfError as exc:
        raise AnalyseError(exc.kind, str(exc)) from exc
