"""Fuzzing the pipeline's entry points with mutated real input: the bytes a crawl hands to
`analyse_bytes` (report PDFs, article pages), real feeds, listing labels, and report text for
authority tagging and dates. Whatever the damage, the result is a record in the vocabulary or
the documented error (AnalyseError, FeedRejected) — never another exception.

Existing property tests cover text extraction over mutated HTML (tests/test_text.py), report
parsing over mutated page text (tests/reports/test_properties.py) and random feeds
(tests/press/test_feeds.py); these add the byte-level and real-input cases."""

from __future__ import annotations

import gzip
import re
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import vocabulary as v
from pipeline.analyse import AnalyseError, analyse_bytes
from pipeline.attribution import tag_authorities
from pipeline.authorities import register
from pipeline.dates import parse_date_text, published_date
from pipeline.dedupe import canonical_url
from pipeline.feeds import Feed, FeedRejected, parse_feed
from pipeline.listing import parse_listing_label
from pipeline.records import Document
from sampleweb.server import SITES_ROOT
from tests.conftest import CORPUS, EVAL

pytestmark = pytest.mark.reliability
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)
ONS = re.compile(r"^[EW]\d{8}$")
SAMPLE_PDFS = sorted((SITES_ROOT / "files.ofsted.gov.uk" / "v1" / "file").glob("*.pdf"))
CODES = {a.code for a in register().all()}


def check_document(doc: Document) -> None:
    """The promises every stored document keeps, whatever its input."""
    assert doc.kind in v.DOCUMENT_KINDS
    assert isinstance(doc.title, str) and isinstance(doc.text, str)
    assert doc.published is None or isinstance(doc.published, date)
    assert doc.relevant is None or isinstance(doc.relevant, bool)
    assert isinstance(doc.content_hash, str)
    for tag in doc.authorities:
        assert tag.role in v.ROLES and tag.code in CODES, tag
    if doc.inspection is not None:
        ins = doc.inspection
        assert ins.type in v.INSPECTION_TYPES
        assert ins.authority_code is None or ONS.match(ins.authority_code)
        for j in ins.judgements:
            assert j.area in v.JUDGEMENT_AREAS and j.grade in v.ALL_GRADES


@st.composite
def mutated_bytes(draw: st.DrawFn, originals: list[bytes]) -> bytes:
    """Real bytes, damaged the ways transfers and servers damage them."""
    data = bytearray(draw(st.sampled_from(originals)))
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "cut", "truncate", "insert", "dup", "zero"]))
        i = draw(st.integers(0, max(0, len(data) - 1)))
        j = draw(st.integers(i, min(len(data), i + 512)))
        if op == "flip" and data:
            data[i] ^= draw(st.integers(1, 255))
        elif op == "cut":
            del data[i:j]
        elif op == "truncate":
            del data[i:]
        elif op == "insert":
            data[i:i] = draw(st.binary(max_size=64))
        elif op == "dup":
            data[i:i] = data[i:j]
        elif op == "zero":
            data[i:j] = bytes(j - i)
    return bytes(data)


def analyse_or_reason(data: bytes, **kwargs: object) -> None:
    try:
        doc = analyse_bytes(data, **kwargs)  # type: ignore[arg-type]
    except AnalyseError as exc:
        assert exc.kind and str(exc)
        return
    check_document(doc)


PDFS = [p.read_bytes() for p in SAMPLE_PDFS]


@FUZZ
@given(mutated_bytes(PDFS), st.sampled_from(["report", None]))
def test_damaged_report_pdfs_give_a_document_or_a_reason(data, role):
    analyse_or_reason(data, url="https://files.ofsted.gov.uk/v1/file/1", source="ofsted", role=role)


@pytest.mark.corpus
def test_damaged_real_report_pdfs_give_a_document_or_a_reason(corpus: Path):
    smallest = sorted((corpus / "ofsted" / "pdf").glob("*.pdf"), key=lambda p: p.stat().st_size)
    real = [p.read_bytes() for p in smallest[:3]]

    @settings(FUZZ, max_examples=20)
    @given(mutated_bytes(real))
    def check(data: bytes) -> None:
        analyse_or_reason(
            data, url="https://files.ofsted.gov.uk/v1/file/2", source="ofsted", role="report"
        )

    check()


def test_a_damaged_gzip_feed_is_rejected_not_raised():
    feed = (SITES_ROOT / "www.communitycare.co.uk" / "feed" / "index.xml").read_bytes()
    packed = bytearray(gzip.compress(feed))
    packed[len(packed) // 2] ^= 0xFF  # one flipped byte inside the deflate stream
    with pytest.raises(FeedRejected) as exc:
        parse_feed(bytes(packed), url="https://www.communitycare.co.uk/feed/")
    assert exc.value.kind == "feed_malformed"


@pytest.fixture(scope="module")
def benchmark_pages() -> list[bytes]:
    pages = sorted((EVAL / "article-extraction-benchmark" / "html").glob("*.html.gz"))[:12]
    if not pages:
        pytest.skip(f"benchmark HTML not found under {EVAL}")
    return [gzip.decompress(p.read_bytes()) for p in pages]


@pytest.mark.corpus
def test_damaged_article_pages_give_a_document_or_a_reason(benchmark_pages):
    @FUZZ
    @given(mutated_bytes(benchmark_pages), st.sampled_from([None, "text/html; charset=utf-8"]))
    def check(data: bytes, ctype: str | None) -> None:
        analyse_or_reason(
            data,
            url="https://www.communitycare.co.uk/2024/01/01/story/",
            source="communitycare",
            role="article",
            content_type=ctype,
            listing={"feed_title": "A story", "feed_published": "2024-01-01T09:00:00+00:00"},
        )

    check()


@pytest.fixture(scope="module")
def real_feeds() -> list[bytes]:
    feeds = sorted(p for p in (EVAL / "feeds").glob("*.xml"))[:30]
    feeds += sorted(SITES_ROOT.glob("*/feed*/*.xml")) + sorted(SITES_ROOT.glob("*/**/*.atom"))
    if not feeds:
        pytest.skip("no feeds found")
    return [p.read_bytes() for p in feeds]


def test_damaged_real_feeds_give_entries_or_a_reason(real_feeds):
    @FUZZ
    @given(mutated_bytes(real_feeds), st.sampled_from(["application/rss+xml", "text/html", ""]))
    def check(data: bytes, ctype: str) -> None:
        try:
            feed = parse_feed(data, url="https://www.example.org/feed", content_type=ctype)
        except FeedRejected as exc:
            assert exc.kind in {"empty", "too_large", "not_a_feed", "feed_malformed"}, exc.kind
            return
        assert isinstance(feed, Feed) and isinstance(feed.version, str)
        for entry in feed.entries:
            assert isinstance(entry.link, str) and entry.link.startswith(("http://", "https://"))
            assert canonical_url(entry.link) == canonical_url(canonical_url(entry.link))
            assert entry.published is None or (
                isinstance(entry.published, datetime) and entry.published.tzinfo is not None
            )

    check()


LABELS = [
    "Children's services inspection, pdf - 24 October 2024",
    "Focused visit, pdf - 24 October 2024",
    "Monitoring visit, pdf - 02 February 2026",
    "Joint targeted area inspection, pdf - 1 May 2019",
    "Area SEND inspection, pdf - 13/01/2023",
]


@FUZZ
@given(st.sampled_from(LABELS), st.text(max_size=20), st.integers(0, 60), st.integers(0, 60))
def test_damaged_listing_labels_keep_their_shape(label, insert, a, b):
    a, b = sorted((a % (len(label) + 1), b % (len(label) + 1)))
    entry = parse_listing_label(label[:a] + insert + label[b:])
    assert isinstance(entry.label, str) and isinstance(entry.raw, str)
    assert entry.listed is None or date(1990, 1, 1) <= entry.listed <= date(2100, 1, 1)


@pytest.fixture(scope="module")
def report_texts(corpus: Path) -> list[str]:
    from pipeline.pdftext import extract_pages

    paths = sorted((corpus / "ofsted" / "pdf").glob("*.pdf"))[:6]
    return ["\n".join(extract_pages(p.read_bytes())[:3]) for p in paths]


@pytest.mark.corpus
def test_damaged_report_text_keeps_tags_and_dates_in_the_vocabulary(report_texts):
    @FUZZ
    @given(
        st.sampled_from(report_texts),
        st.integers(0, 4000),
        st.integers(0, 400),
        st.text(max_size=60),
        st.booleans(),
    )
    def check(text: str, at: int, cut: int, insert: str, swap: bool) -> None:
        at %= len(text) + 1
        text = text[:at] + insert + text[at + cut :]
        if swap:
            text = text.swapcase()
        title = text[:120]
        for tag in tag_authorities(title, text, published=date(2020, 1, 1)):
            assert tag.role in v.ROLES and tag.code in CODES
        found = parse_date_text(text[:200])
        assert found is None or isinstance(found, date)
        html = f"<html><body><p>{text}</p></body></html>".encode("utf-8", "replace")
        when = published_date(html=html, url=None).date
        assert when is None or isinstance(when, date)

    check()


def test_corpus_is_where_ci_expects_it():
    # The corpus-driven tests above skip without ../shared; CI must have it (tests/conftest.py).
    assert CORPUS.name == "corpus"
