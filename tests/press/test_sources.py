"""sources.toml: what the press crawl watches, and how politely."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from crawlers.sources import SourcesError, download_slots, load_sources, seconds, select
from storage.feeds import FeedStateInfo


def test_bundled_sources_cover_the_outlets_the_design_names():
    sources = load_sources()
    assert {"communitycare", "bbc", "govuk", "cypnow", "lgc"} <= set(sources)
    assert sources["cypnow"].listings and not sources["cypnow"].feeds  # no usable feed
    assert all(s.feeds or s.listings for s in sources.values())
    for source in sources.values():
        for url in source.feeds:
            assert source.allows(url.split("/")[2]), url  # a feed's own host is followable


def test_every_press_host_gets_a_polite_download_slot():
    slots = download_slots(list(load_sources().values()))
    assert slots["www.cypnow.co.uk"] == {"concurrency": 1, "delay": 5.0}
    assert all(s["concurrency"] == 1 and s["delay"] > 0 for s in slots.values())


def test_durations_and_selection_errors_are_explained(tmp_path):
    assert [seconds(v) for v in ("90", "15m", "1h", "1d", 30)] == [90, 900, 3600, 86400, 30]
    with pytest.raises(SourcesError):
        seconds("soon")
    with pytest.raises(SourcesError, match="unknown source"):
        select(load_sources(), "nosuch")
    bad = tmp_path / "s.toml"
    bad.write_text('[sources.x]\nname = "X"\n[[sources.x.listings]]\nurl = "https://x/"\n')
    with pytest.raises(SourcesError, match="links"):
        load_sources(bad)


def test_a_feed_is_due_when_its_next_poll_has_come():
    now = datetime(2025, 1, 1, tzinfo=UTC)
    assert FeedStateInfo(url="u").due(now)
    assert FeedStateInfo(url="u", next_poll=now - timedelta(seconds=1)).due(now)
    assert not FeedStateInfo(url="u", next_poll=now + timedelta(hours=1)).due(now)
