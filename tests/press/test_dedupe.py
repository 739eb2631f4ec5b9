"""Recognising one story seen several times."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from pipeline import dedupe
from pipeline.articles import analyse_article_html

SITES = Path(__file__).resolve().parents[2] / "sampleweb" / "sites"
INT64 = (-(2**63), 2**63 - 1)


@pytest.mark.parametrize(
    "variant, canonical",
    [
        (
            "https://www.communitycare.co.uk/2024/10/07/rules/?utm_source=rss&utm_medium=rss",
            "https://www.communitycare.co.uk/2024/10/07/rules/",
        ),
        (
            "https://www.bbc.co.uk/news/articles/cx9k2vz8l4po?at_medium=RSS&at_campaign=rss",
            "https://www.bbc.co.uk/news/articles/cx9k2vz8l4po",
        ),
        (
            "https://www.bbc.co.uk/news/articles/cx9k2vz8l4po.amp",
            "https://www.bbc.co.uk/news/articles/cx9k2vz8l4po",
        ),
        ("https://m.bbc.co.uk/news/uk-1#comments", "https://bbc.co.uk/news/uk-1"),
        ("https://example.org/story/amp/", "https://example.org/story/"),
        ("https://example.org/amp/story", "https://example.org/story"),
        ("https://example.org/story?amp", "https://example.org/story"),
        ("https://example.org/story?amp=1&id=4", "https://example.org/story?id=4"),
        ("HTTPS://Example.ORG:443/a?fbclid=x&gclid=y", "https://example.org/a"),
        ("https://example.org/a?page=2", "https://example.org/a?page=2"),  # content, kept
    ],
)
def test_url_variants_of_one_page_share_a_canonical_url(variant, canonical):
    assert dedupe.canonical_url(variant) == canonical


def test_url_key_ignores_trailing_slash_scheme_www_and_parameter_order():
    a = dedupe.url_key("http://www.example.org/news/story/?b=2&a=1")
    b = dedupe.url_key("https://example.org/news/story?a=1&b=2&utm_campaign=x")
    assert a == b
    assert dedupe.url_key("https://example.org/news/other") != a


@given(st.text(max_size=80))
@example("\x0c#")  # white space left at the end once the fragment is dropped
@example(" ?utm_source=x")
def test_canonical_url_never_raises_and_is_idempotent(s):
    once = dedupe.canonical_url("https://example.org/" + s)
    assert dedupe.canonical_url(once) == once


def test_content_hash_ignores_case_spacing_and_quote_style():
    a = "Ofsted rated the council ‘inadequate’.\n\nIt said  more."
    b = "ofsted rated the council 'inadequate'. It said more."
    assert dedupe.content_hash(a) == dedupe.content_hash(b)
    assert dedupe.content_hash(a) != dedupe.content_hash(a + " Extra.")


@given(st.text(min_size=400, max_size=2000))
def test_fingerprint_fits_a_signed_bigint(text):
    fp = dedupe.fingerprint(text)
    assert fp is None or INT64[0] <= fp <= INT64[1]


def test_short_texts_get_no_fingerprint():
    assert dedupe.fingerprint("Birmingham children's services rated good.") is None


def _text(relative: str, url: str) -> str:
    return analyse_article_html((SITES / relative).read_bytes(), url=url).text


def test_syndicated_copies_are_near_duplicates_and_other_stories_are_not():
    bbc = _text(
        "www.bbc.co.uk/news/articles/cx9k2vz8l4po.html",
        "https://www.bbc.co.uk/news/articles/cx9k2vz8l4po",
    )
    cc = _text(
        "www.communitycare.co.uk/2023/04/18/birmingham-childrens-trust-good-ofsted/index.html",
        "https://www.communitycare.co.uk/2023/04/18/birmingham-childrens-trust-good-ofsted/",
    )
    lgc = _text(
        "www.lgcplus.com/services/children/birmingham-childrens-services-judged-good-18-04-2023/"
        "index.html",
        "https://www.lgcplus.com/services/children/birmingham-childrens-services-judged-good-18-04-2023/",
    )
    # CYP Now's own report of the same inspection, in its own words: not a copy.
    cyp = _text(
        "www.cypnow.co.uk/news/article/birmingham-children-s-services-rated-good-by-ofsted.html",
        "https://www.cypnow.co.uk/news/article/birmingham-children-s-services-rated-good-by-ofsted",
    )
    inadequate = _text(
        "www.communitycare.co.uk/2016/11/25/birmingham-childrens-services-inadequate-second-time/"
        "index.html",
        "https://www.communitycare.co.uk/2016/11/25/birmingham-childrens-services-inadequate-second-time/",
    )
    copies = [dedupe.fingerprint(t) for t in (bbc, cc, lgc)]
    assert dedupe.content_hash(bbc) != dedupe.content_hash(cc)  # not exact copies
    for a, b in itertools.combinations(copies, 2):
        assert dedupe.near_duplicate(a, b), dedupe.hamming(a, b)
    for other in (cyp, inadequate):
        for copy in copies:
            assert not dedupe.near_duplicate(copy, dedupe.fingerprint(other))


def test_hamming_reads_signed_and_unsigned_alike():
    assert dedupe.hamming(-1, 2**64 - 1) == 0
    assert dedupe.hamming(0, -1) == 64


def test_story_key_same_title_source_and_day():
    day = date(2023, 4, 18)
    a = dedupe.story_key("Birmingham children's services rated good - BBC News", "bbc", day)
    b = dedupe.story_key("Birmingham Children’s Services Rated Good", "bbc", day)
    assert a == b
    assert dedupe.story_key("Birmingham children's services rated good", "lgc", day) != a
    assert (
        dedupe.story_key("Birmingham children's services rated good", "bbc", date(2023, 4, 19)) != a
    )
    assert dedupe.story_key("", "bbc", day) is None
    assert dedupe.story_key("Title", "bbc", None) is None
