"""PDF text extraction: page text of real reports, and every kind of bad input as a PdfError
with the right kind (the crawl records the kind as the failure's reason and goes on)."""

from __future__ import annotations

import io
from datetime import date

import pypdfium2 as pdfium
import pytest

from pipeline.pdftext import ERROR_KINDS, PdfError, extract, extract_pages, parse_pdf_date

SAMPLE = "80443_bury_area-send-full-inspection_2024-05-07.pdf"


@pytest.fixture(scope="module")
def real_pdf(corpus) -> bytes:
    return (corpus / "ofsted" / "pdf" / SAMPLE).read_bytes()


def _kind(data: bytes, **kw) -> str:
    with pytest.raises(PdfError) as info:
        extract(data, **kw)
    assert info.value.kind in ERROR_KINDS
    assert str(info.value).startswith(info.value.kind)
    return info.value.kind


def _blank_pdf(pages: int = 1) -> bytes:
    doc = pdfium.PdfDocument.new()
    for _ in range(pages):
        doc.new_page(595, 842)
    buf = io.BytesIO()
    doc.save(buf)
    doc.close()
    return buf.getvalue()


def test_real_report_pages_and_metadata(real_pdf):
    got = extract(real_pdf)
    assert len(got.pages) == 12
    assert got.pages[0].startswith("Local area partnership report")
    assert "Inspection dates: 12 to 16 February 2024" in got.pages[0]
    assert "2" in got.pages[1].split("\n")[1]  # running header with page number on page 2
    assert "\r" not in "".join(got.pages)
    assert got.created == date(2024, 5, 3) and got.modified == date(2024, 5, 3)
    assert extract_pages(real_pdf) == got.pages


def test_zero_bytes_and_whitespace_are_empty():
    assert _kind(b"") == "empty"
    assert _kind(b" \n\t ") == "empty"


def test_html_report_not_found_is_not_a_pdf(corpus):
    html = (corpus / "ofsted" / "html" / "report_not_found.html").read_bytes()
    assert _kind(html) == "not_a_pdf"
    assert _kind(b"PK\x03\x04 a zip file") == "not_a_pdf"


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9, 0.999])
def test_cut_real_pdf_is_truncated(real_pdf, fraction):
    assert _kind(real_pdf[: int(len(real_pdf) * fraction)]) == "truncated"


def test_corrupt_bytes():
    assert _kind(b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n") == "corrupt"


def test_corrupt_body_of_a_real_pdf(real_pdf):
    # keep header and trailer, scramble everything between: pdfium cannot rebuild it
    body = bytes((b * 7 + 3) % 256 for b in real_pdf[20:-1024])
    assert _kind(real_pdf[:20] + body + real_pdf[-1024:]) in {"corrupt", "no_text"}


def test_encrypted_pdf():
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Inspection of Nowhere local authority children's services")
    pdf.set_encryption(owner_password="owner", user_password="user")
    assert _kind(bytes(pdf.output())) == "encrypted"


def test_pdf_without_text_layer_is_no_text():
    assert _kind(_blank_pdf(3)) == "no_text"


def test_scanned_looking_pdf_is_no_text():
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 180, 260, style="F")  # an image-like page: ink but no text objects
    assert _kind(bytes(pdf.output())) == "no_text"


def test_caps_make_too_large(real_pdf):
    assert _kind(real_pdf, max_pages=5) == "too_large"
    assert _kind(real_pdf, max_bytes=1000) == "too_large"


def test_pdf_dates():
    assert parse_pdf_date("D:20250507083320+01'00'") == date(2025, 5, 7)
    assert parse_pdf_date("D:2015") == date(2015, 1, 1)
    assert parse_pdf_date("D:20151399") is None
    assert parse_pdf_date("") is None


def test_every_corpus_pdf_extracts(corpus):
    for path in sorted((corpus / "ofsted" / "pdf").glob("*.pdf")):
        pages = extract_pages(path.read_bytes())
        assert pages and all(isinstance(p, str) for p in pages), path.name
        assert sum(len(p) for p in pages) > 5000, path.name
