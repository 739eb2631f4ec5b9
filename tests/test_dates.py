"""Publication dates: which source wins, bounds, UK day-first dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.dates import MIN_DATE, parse_date_text, published_date, url_date

FETCHED = datetime(2020, 3, 1, 12, 0, tzinfo=UTC)


def page(meta: str = "", body: str = "<p>Story text about a council.</p>") -> str:
    head = f"<head><title>Story</title>{meta}</head>"
    return f"<html>{head}<body><article>{body}</article></body></html>"


PUBLISHED_META = (
    '<meta property="article:published_time" content="2019-06-04T09:30:00+01:00">'
    '<meta property="article:modified_time" content="2020-01-15T10:00:00Z">'
)
URL = "https://www.example.co.uk/news/2019/06/03/council-story"


# ------------------------------------------------------------------ parse_date_text ---


@pytest.mark.parametrize(
    "text",
    [
        "3 July 2009",
        "3rd July 2009",
        "Friday 3 July 2009",
        "Friday, 3 July 2009",
        "3 Jul 2009",
        "03/07/2009",
        "3/7/2009",
        "03.07.2009",
        "03-07-2009",
        "03/07/09",
        "2009-07-03",
        "2009-07-03T08:15:00Z",
        "July 3, 2009",
        "July 3rd 2009",
        "Jul. 3, 2009",
        "  3 July 2009.  ",
    ],
)
def test_parse_date_text_forms(text):
    assert parse_date_text(text) == date(2009, 7, 3)


def test_slashed_dates_are_day_first_as_in_the_uk():
    assert parse_date_text("12/01/2010") == date(2010, 1, 12)
    assert parse_date_text("01/12/2010") == date(2010, 12, 1)
    # a US-order date is not a valid UK date: refused, not swapped
    assert parse_date_text("07/31/2009") is None


@pytest.mark.parametrize("text", ["", "hello", "31/02/2009", "32 July 2009", "July 2009", "2009"])
def test_parse_date_text_refuses_non_dates(text):
    assert parse_date_text(text) is None


# ------------------------------------------------------------------ url_date ---


@pytest.mark.parametrize(
    "url,expected",
    [
        ("https://www.bbc.co.uk/news/2019/06/03/story", date(2019, 6, 3)),
        ("https://www.communitycare.co.uk/2019/06/03/council-rated-inadequate/", date(2019, 6, 3)),
        ("https://example.org/blog/2019-06-03-council", date(2019, 6, 3)),
        ("https://example.org/archive/20190603/story.html", date(2019, 6, 3)),
        ("https://example.org/news/2019/06/", None),  # month only: no day to give
        ("https://example.org/news/story-123456789", None),
        ("https://example.org/2019/13/45/x", None),
        (None, None),
    ],
)
def test_url_dates(url, expected):
    assert url_date(url) == expected


# ------------------------------------------------------------------ precedence ---


def test_feed_date_beats_page_and_url():
    res = published_date(
        html=page(PUBLISHED_META), url=URL, feed_date=datetime(2019, 6, 5, 8, 0), fetched_at=FETCHED
    )
    assert res.date == date(2019, 6, 5)
    assert res.method == "feed"
    assert [c.method for c in res.candidates][:1] == ["feed"]


def test_page_metadata_is_the_original_not_the_update():
    res = published_date(html=page(PUBLISHED_META), url=URL.replace("/2019/06/03", ""))
    assert res.date == date(2019, 6, 4)  # published, not modified (2020-01-15)
    assert res.method == "html"


def test_page_metadata_agreeing_with_the_url():
    res = published_date(html=page(PUBLISHED_META), url=URL.replace("03", "04"))
    assert (res.date, res.method) == (date(2019, 6, 4), "html")


def test_a_url_date_settles_a_disagreeing_page_date():
    # e.g. a UTC timestamp that moved an evening story to the next day
    res = published_date(html=page(PUBLISHED_META), url=URL, fetched_at=FETCHED)
    assert (res.date, res.method) == (date(2019, 6, 3), "url")
    notes = {c.method: c.note for c in res.candidates}
    assert notes["html"] == "differs from the URL date"


def test_url_date_when_the_page_has_none():
    res = published_date(html=page(), url=URL, fetched_at=FETCHED)
    assert (res.date, res.method) == (date(2019, 6, 3), "url")


def test_bytes_page_and_feed_date_as_date():
    res = published_date(html=page(PUBLISHED_META).encode("utf-8"), fetched_at=FETCHED)
    assert res.date == date(2019, 6, 4)
    res = published_date(feed_date=date(2018, 1, 2), fetched_at=FETCHED)
    assert (res.date, res.method) == (date(2018, 1, 2), "feed")


def test_feed_date_keeps_the_publishers_own_day():
    # 00:30 in London (BST) is the previous day in UTC: the publisher's day is the 4th
    bst = timezone(timedelta(hours=1))
    res = published_date(feed_date=datetime(2019, 6, 4, 0, 30, tzinfo=bst), fetched_at=FETCHED)
    assert res.date == date(2019, 6, 4)


def test_nothing_known_gives_none():
    res = published_date(url="https://example.org/news/story", fetched_at=FETCHED)
    assert res.date is None and res.method is None and res.candidates == []


# ------------------------------------------------------------------ bounds ---


def test_a_date_after_the_fetch_is_refused_and_the_next_source_used():
    res = published_date(feed_date=datetime(2021, 1, 1), url=URL, fetched_at=FETCHED)
    assert (res.date, res.method) == (date(2019, 6, 3), "url")
    assert "refused" in res.candidates[0].note


def test_a_date_a_few_hours_after_the_fetch_is_clamped_to_the_fetch_day():
    res = published_date(feed_date=datetime(2020, 3, 2, 1, 0), fetched_at=FETCHED)
    assert (res.date, res.method) == (date(2020, 3, 1), "feed+clamped")


def test_page_dates_after_the_fetch_are_not_taken():
    meta = '<meta property="article:published_time" content="2024-05-01T09:00:00Z">'
    res = published_date(html=page(meta + PUBLISHED_META), fetched_at=FETCHED)
    assert res.date == date(2019, 6, 4)


def test_dates_before_1995_are_refused():
    res = published_date(feed_date=date(1970, 1, 1), fetched_at=FETCHED)
    assert res.date is None
    assert res.candidates[0].note.startswith("before")
    meta = '<meta property="article:published_time" content="1989-05-01">'
    res = published_date(html=page(meta), fetched_at=FETCHED)
    assert res.date is None or res.date >= MIN_DATE


def test_without_fetched_at_the_future_is_still_refused():
    res = published_date(feed_date=date.today() + timedelta(days=400))
    assert res.date is None


# ------------------------------------------------------------------ bad input ---


@pytest.mark.parametrize(
    "html",
    [
        "",
        b"",
        "not html at all",
        "https://example.org/2019/06/03/story",  # must not be fetched as a URL
        b"%PDF-1.4 \x00\x01\x02",
        "<html><body><p>" + "\x00" * 10 + "</p>",
        b"<html><body>\xff\xfe\xfa caf\xe9</body></html>",
    ],
)
def test_bad_html_never_raises(html):
    res = published_date(html=html, fetched_at=FETCHED)
    assert res.date is None or MIN_DATE <= res.date <= FETCHED.date()


# ------------------------------------------------------------------ properties ---


@given(st.dates(min_value=date(1995, 1, 1), max_value=date(2030, 12, 31)))
def test_written_dates_parse_back(d):
    for fmt in ("%d %B %Y", "%d/%m/%Y", "%Y-%m-%d", "%B %d, %Y", "%A %d %B %Y", "%d %b %Y"):
        assert parse_date_text(d.strftime(fmt)) == d, fmt


@settings(max_examples=80, deadline=None)
@given(
    html=st.one_of(st.none(), st.text(max_size=300), st.binary(max_size=300)),
    url=st.one_of(st.none(), st.text(max_size=80)),
    feed=st.one_of(st.none(), st.dates(), st.datetimes()),
)
def test_published_date_never_raises_and_stays_in_bounds(html, url, feed):
    if isinstance(html, str):
        html = f"<html><body><p>{html}</p></body></html>"
    res = published_date(html=html, url=url, feed_date=feed, fetched_at=FETCHED)
    assert res.date is None or MIN_DATE <= res.date <= FETCHED.date()
