"""PDF bytes to per-page text with pypdfium2, failing with a reason rather than an empty result.

Pure: bytes in, text out. Page numbers are kept (list index + 1) because every judgement cites
the page it was read from. Every failure is a `PdfError` whose `kind` the crawl records as the
fetch error's reason, so a bad file is never silently turned into an empty document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

# Caps keep one hostile or mistaken download from eating the worker's memory or time. Real
# Ofsted reports are under 5 MB and 100 pages; the caps leave an order of magnitude of room.
MAX_BYTES = 64 * 1024 * 1024
MAX_PAGES = 1000

ERROR_KINDS = frozenset(
    {"empty", "not_a_pdf", "corrupt", "truncated", "encrypted", "no_text", "too_large"}
)

# The PDF spec lets a header sit anywhere in the first 1024 bytes, and "%%EOF" may be followed
# by a little junk (some servers append a newline or two), so both checks allow some slack.
_HEADER_WINDOW = 1024
_TAIL_WINDOW = 2048
_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?")


class PdfError(Exception):
    """A PDF that cannot be read; `kind` is one of ERROR_KINDS."""

    def __init__(self, kind: str, message: str) -> None:
        assert kind in ERROR_KINDS, kind
        super().__init__(f"{kind}: {message}")
        self.kind = kind
        self.message = message


@dataclass(frozen=True)
class PdfText:
    pages: list[str]
    title: str = ""
    created: date | None = None  # from the document info dictionary, if present and sane
    modified: date | None = None


def extract_pages(data: bytes, *, max_pages: int = MAX_PAGES) -> list[str]:
    """Text of each page (index 0 is page 1). Raises PdfError."""
    return extract(data, max_pages=max_pages).pages


def extract(data: bytes, *, max_pages: int = MAX_PAGES, max_bytes: int = MAX_BYTES) -> PdfText:
    """Pages plus the cheap metadata (title, creation/modification dates). Raises PdfError.

    The metadata dates matter because ILACS and area SEND reports print no publication date:
    the file is usually made within a week of publication.
    """
    _check_bytes(data, max_bytes)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _classify_open_error(data, exc) from None
    try:
        n = len(pdf)
        if n == 0:
            raise PdfError("corrupt", "the document has no pages")
        if n > max_pages:
            raise PdfError("too_large", f"{n} pages (limit {max_pages})")
        pages = [_page_text(pdf, i) for i in range(n)]
        meta = _metadata(pdf)
    finally:
        pdf.close()  # pdfium memory is not tied to Python's GC promptly; free it now
    if not any(p.strip() for p in pages):
        raise PdfError("no_text", f"none of the {n} pages has a text layer (scanned?)")
    if not _has_eof(data):
        # pdfium rebuilds a damaged cross-reference table and may open a cut file, but the
        # pages past the cut are gone: reading it would silently drop part of the report.
        raise PdfError("truncated", "no %%EOF marker at the end of the file")
    return PdfText(pages=pages, **meta)


def _check_bytes(data: bytes, max_bytes: int) -> None:
    if not data or not data.strip():
        raise PdfError("empty", "zero bytes" if not data else "only whitespace")
    if len(data) > max_bytes:
        raise PdfError("too_large", f"{len(data)} bytes (limit {max_bytes})")
    if b"%PDF-" not in data[:_HEADER_WINDOW]:
        head = data[:_HEADER_WINDOW].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
            raise PdfError("not_a_pdf", "an HTML page was served instead of a PDF")
        raise PdfError("not_a_pdf", "no %PDF- header")


def _has_eof(data: bytes) -> bool:
    return b"%%EOF" in data[-_TAIL_WINDOW:]


def _classify_open_error(data: bytes, exc: pdfium.PdfiumError) -> PdfError:
    code = getattr(exc, "err_code", None)
    if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
        return PdfError("encrypted", "password-protected or unsupported security handler")
    if not _has_eof(data):
        return PdfError("truncated", f"no %%EOF marker and pdfium cannot open it ({exc})")
    return PdfError("corrupt", str(exc))


def _page_text(pdf: pdfium.PdfDocument, index: int) -> str:
    try:
        page = pdf[index]
    except pdfium.PdfiumError as exc:
        raise PdfError("corrupt", f"page {index + 1} cannot be loaded ({exc})") from None
    try:
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range()
        finally:
            textpage.close()
    except pdfium.PdfiumError as exc:
        raise PdfError("corrupt", f"page {index + 1} text cannot be read ({exc})") from None
    finally:
        page.close()
    # pdfium reports line ends as CRLF and hyphenation points as U+FFFE; normalise both so
    # parsers see one convention ("multi\ufffedisciplinary" -> "multi-disciplinary").
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufffe", "-")


def _metadata(pdf: pdfium.PdfDocument) -> dict:
    try:
        info = pdf.get_metadata_dict(skip_empty=True)
    except (pdfium.PdfiumError, UnicodeDecodeError):
        return {}
    return {
        "title": (info.get("Title") or "").strip(),
        "created": parse_pdf_date(info.get("CreationDate", "")),
        "modified": parse_pdf_date(info.get("ModDate", "")),
    }


def parse_pdf_date(value: str) -> date | None:
    """'D:20250507083320+01'00'' -> 2025-05-07 (the local date the author's tool wrote)."""
    m = _PDF_DATE.search(value or "")
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        return None
