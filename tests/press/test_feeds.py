"""Feed reading: every eval feed read or rejected with a reason; encodings; the schedule."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.feeds import (
    MAX_BACKOFF,
    MAX_INTERVAL,
    MIN_INTERVAL,
    FeedRejected,
    next_interval,
    parse_feed,
)

SAMPLE = Path(__file__).resolve().parents[2] / "sampleweb" / "sites"

# What a person would expect of each eval feed that is not simply read (SOURCES.md).
REJECTED = {
    "fp_illformed_aaa_illformed.xml": "feed_malformed",
    "fp_illformed_rss_empty_document.xml": "not_a_feed",
    "fp_illformed_undeclared_namespace.xml": "feed_malformed",
    "nf_notafeed.html": "not_a_feed",
}


def eval_feeds(eval_dir: Path) -> list[Path]:
    files = sorted(p for p in (eval_dir / "feeds").iterdir() if p.name != "SOURCES.md")
    assert len(files) == 34
    return files


def test_every_eval_feed_is_read_or_rejected_with_a_reason(eval_dir):
    outcomes = {}
    for path in eval_feeds(eval_dir):
        try:
            feed = parse_feed(path.read_bytes(), url="https://example.org/feed")
        except FeedRejected as exc:
            assert str(exc), path.name
            outcomes[path.name] = exc.kind
            continue
        outcomes[path.name] = "read"
        for entry in feed.entries:
            assert entry.link.startswith(("http://", "https://")), (path.name, entry.link)
            assert entry.published is None or entry.published.tzinfo is not None
    assert {k: v for k, v in outcomes.items() if v != "read"} == REJECTED


@pytest.mark.parametrize(
    "name, entries",
    [
        ("rp_guardian.rss", 55),
        ("rp_heraldsun.rss", 2),  # RSS 0.92
        ("rp_craigslist.rss", 25),  # RSS 1.0 (RDF)
        ("nf_tpm.atom", 20),
        ("fp_json_example.json", 2),  # JSON Feed, which feedparser 6.0 cannot read
        ("nf_saxerror.xml", 3),  # one broken item: the others are recovered
    ],
)
def test_formats_give_their_entries(eval_dir, name, entries):
    feed = parse_feed((eval_dir / "feeds" / name).read_bytes(), url="https://example.org/f")
    assert len(feed.entries) == entries


def test_gzip_body_reads_like_the_plain_feed(eval_dir):
    plain = parse_feed((eval_dir / "feeds" / "nf_iconv.xml").read_bytes())
    packed = parse_feed((eval_dir / "feeds" / "nf_compressed.xml").read_bytes())
    assert [e.title for e in packed.entries] == [e.title for e in plain.entries]
    assert any("а" in e.title for e in plain.entries)  # windows-1251 decoded to Cyrillic


def test_relative_links_resolve_against_the_feed_url(eval_dir):
    feed = parse_feed(
        (eval_dir / "feeds" / "nf_intertwingly.atom").read_bytes(),
        url="https://intertwingly.net/blog/index.atom",
    )
    assert feed.entries[0].link.startswith("https://intertwingly.net/blog/")


def test_feedburner_entries_link_to_the_publisher_not_the_tracker():
    body = b"""<rss version="2.0" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0">
    <channel><title>t</title><item><title>a</title>
    <link>http://feedproxy.google.com/~r/cc/~3/abc/story</link>
    <feedburner:origLink>https://www.communitycare.co.uk/2024/01/02/story/</feedburner:origLink>
    </item></channel></rss>"""
    feed = parse_feed(body)
    assert [e.link for e in feed.entries] == ["https://www.communitycare.co.uk/2024/01/02/story/"]


def test_illegally_nested_items_keep_the_real_ones(eval_dir):
    feed = parse_feed((eval_dir / "feeds" / "nf_illegally-nested.xml").read_bytes())
    assert len(feed.entries) == 10 and feed.skipped == 10  # the empty <item /> ghosts


def test_latin1_and_undeclared_encodings_are_decoded(eval_dir):
    feed = parse_feed((eval_dir / "feeds" / "rp_encoding.rss").read_bytes())
    assert any(ch in "".join(e.title for e in feed.entries) for ch in "çãéõ")


def test_feed_served_with_a_wrong_charset_still_reads_its_quotes():
    body = (SAMPLE / "www.lgcplus.com" / "feed" / "index.xml").read_bytes()
    feed = parse_feed(body, content_type="application/rss+xml; charset=utf-8")
    titles = [e.title for e in feed.entries]
    assert "Northamptonshire Children’s Trust takes over children’s services" in titles
    assert any("charset" in w for w in feed.warnings)


def test_sample_feeds_carry_dates_and_real_article_links():
    feed = parse_feed(
        (SAMPLE / "www.communitycare.co.uk" / "feed" / "index.xml").read_bytes(),
        url="https://www.communitycare.co.uk/feed/",
    )
    first = feed.entries[0]
    assert first.published == datetime(2016, 11, 25, 15, 32, tzinfo=UTC)
    assert first.link.startswith("https://www.communitycare.co.uk/2016/11/25/")


@pytest.mark.parametrize(
    "body, kind",
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"<html><body><p>Hello</p></body></html>", "not_a_feed"),
        (b'{"title": "no version"}', "not_a_feed"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": 3}', "feed_malformed"),
        (b"{not json", "feed_malformed"),
        (b"\x1f\x8bnot really gzip", "feed_malformed"),
        (b"%PDF-1.4 binary", "not_a_feed"),
    ],
)
def test_bad_bodies_are_rejected_with_a_kind(body, kind):
    with pytest.raises(FeedRejected) as err:
        parse_feed(body)
    assert err.value.kind == kind


def test_a_gzip_bomb_is_refused_without_inflating_it_all():
    bomb = gzip.compress(b"<" * (11 * 1024 * 1024))
    with pytest.raises(FeedRejected) as err:
        parse_feed(bomb)
    assert err.value.kind == "too_large"


def test_non_http_links_are_skipped_not_followed():
    body = b"""<rss version="2.0"><channel><title>t</title>
    <item><title>a</title><link>javascript:alert(1)</link></item>
    <item><title>b</title><link>file:///etc/passwd</link></item>
    <item><title>c</title><link>/news/1</link></item></channel></rss>"""
    feed = parse_feed(body, url="https://example.org/feed")
    assert [e.link for e in feed.entries] == ["https://example.org/news/1"]
    assert feed.skipped == 2


def test_schedule_speeds_up_on_change_slows_when_idle_and_backs_off_on_failure():
    base = 3600
    assert next_interval(base, "changed", base=base) < base
    assert next_interval(base, "unchanged", base=base) > base
    backoffs = [next_interval(base, "failed", failures=n, base=base) for n in range(1, 8)]
    assert backoffs == sorted(backoffs) and backoffs[0] == 2 * base
    assert max(backoffs) == MAX_BACKOFF
    assert next_interval(60, "changed", base=60) == MIN_INTERVAL
    assert next_interval(MAX_INTERVAL, "unchanged") == MAX_INTERVAL


def test_schedule_follows_how_often_entries_arrive():
    now = datetime(2025, 1, 1, tzinfo=UTC)
    hourly = [now - timedelta(hours=h) for h in range(10)]
    daily = [now - timedelta(days=d) for d in range(10)]
    assert next_interval(6 * 3600, "changed", entry_times=hourly) == 1800
    assert next_interval(3600, "changed", entry_times=daily) == 12 * 3600


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=2000),
        st.text(max_size=500).map(lambda t: f'<?xml version="1.0"?><rss><channel>{t}'.encode()),
        st.text(max_size=500).map(
            lambda t: f'{{"version": "https://jsonfeed.org/version/1", {t}'.encode()
        ),
    )
)
def test_any_bytes_give_a_feed_or_a_reason_never_a_crash(body):
    try:
        feed = parse_feed(body, url="https://example.org/feed")
    except FeedRejected as exc:
        assert exc.kind in {"empty", "too_large", "not_a_feed", "feed_malformed"}
    else:
        assert all(e.link.startswith(("http://", "https://")) for e in feed.entries)
