"""Rating charts are drawn once and served from the app's cache, with an ETag that answers a
revalidation with 304; a new inspection, a new day or another format is a new chart, never a
stale one; the cache stays within its bounds."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from cswatch import charts
from cswatch.charts import ChartCache, chart_fingerprint
from storage import Archive
from tests.web.conftest import (
    BIRMINGHAM,
    KENT,
    NORTH_NORTHANTS,
    build_archive,
    press,
    report,
)


@pytest.fixture
def archive_and_client(tmp_path: Path) -> Iterator[tuple[Archive, TestClient]]:
    """An archive of its own: these tests add inspections."""
    from cswatch.web import create_app

    url = f"sqlite:///{tmp_path / 'charts.db'}"
    archive = build_archive(url)
    with TestClient(create_app(url)) as client:
        yield archive, client
    archive.close()


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The titles of the charts actually drawn (not served from the cache)."""
    calls: list[str] = []
    real = charts.rating_chart

    def counting(title, events, fmt="png", **kw):  # type: ignore[no-untyped-def]
        calls.append(title)
        return real(title, events, fmt, **kw)

    monkeypatch.setattr("cswatch.web.downloads.rating_chart", counting)
    return calls


def test_second_request_is_served_from_the_cache(archive_and_client, drawn) -> None:
    _, client = archive_and_client
    first = client.get(f"/authorities/{BIRMINGHAM}/chart.svg")
    second = client.get(f"/authorities/{BIRMINGHAM}/chart.svg")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content and first.content.startswith(b"<?xml")
    assert len(drawn) == 1
    etag = first.headers["etag"]
    assert etag.startswith('"') and etag == second.headers["etag"]
    assert first.headers["cache-control"] == "no-cache"
    assert first.headers["content-security-policy"].startswith("default-src 'none'")
    # Each format is a chart of its own.
    png = client.get(f"/authorities/{BIRMINGHAM}/chart.png")
    assert png.content.startswith(b"\x89PNG") and png.headers["etag"] != etag
    assert len(drawn) == 2
    # The authority's code and its name reach the same chart.
    assert client.get("/authorities/Birmingham/chart.svg").headers["etag"] == etag
    assert len(drawn) == 2


def test_revalidation_answers_304(archive_and_client, drawn) -> None:
    _, client = archive_and_client
    etag = client.get(f"/authorities/{KENT}/chart.svg").headers["etag"]
    for header in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        again = client.get(f"/authorities/{KENT}/chart.svg", headers={"if-none-match": header})
        assert again.status_code == 304, header
        assert again.content == b""
        assert again.headers["etag"] == etag
    stale = client.get(f"/authorities/{KENT}/chart.svg", headers={"if-none-match": '"old"'})
    assert stale.status_code == 200 and stale.content
    assert len(drawn) == 1


def test_a_new_inspection_is_a_new_chart(archive_and_client, drawn) -> None:
    archive, client = archive_and_client
    before = client.get(f"/authorities/{NORTH_NORTHANTS}/chart.svg")
    archive.store_document(report(901, NORTH_NORTHANTS, date(2025, 2, 3), "good"))
    after = client.get(
        f"/authorities/{NORTH_NORTHANTS}/chart.svg",
        headers={"if-none-match": before.headers["etag"]},
    )
    assert after.status_code == 200  # not 304: the browser's copy is out of date
    assert after.headers["etag"] != before.headers["etag"]
    assert after.content != before.content
    assert len(drawn) == 2
    # A grade corrected in place (the same report stored again) changes it too.
    archive.store_document(report(901, NORTH_NORTHANTS, date(2025, 2, 3), "outstanding"))
    corrected = client.get(f"/authorities/{NORTH_NORTHANTS}/chart.svg")
    assert corrected.headers["etag"] not in (before.headers["etag"], after.headers["etag"])
    # Press coverage does not change the chart: still the cached one.
    archive.store_document(
        press(902, "North Northants news", "Inspectors return", date(2025, 3, 1), NORTH_NORTHANTS)
    )
    again = client.get(f"/authorities/{NORTH_NORTHANTS}/chart.svg")
    assert again.headers["etag"] == corrected.headers["etag"]
    assert again.content == corrected.content
    assert len(drawn) == 3


def test_the_chart_of_another_day_is_another_chart(archive_and_client) -> None:
    archive, _ = archive_and_client
    events = archive.timeline(BIRMINGHAM, kinds=set(charts.CHART_KINDS))

    def key(today: date, fmt: str = "svg") -> str:
        return chart_fingerprint("Birmingham", events, fmt, today=today)

    # The last grade's step runs to today, so the day is part of the chart.
    assert key(date(2026, 1, 1)) != key(date(2026, 1, 2))
    assert key(date(2026, 1, 1)) == key(date(2026, 1, 1))
    assert key(date(2026, 1, 1)) != key(date(2026, 1, 1), "png")
    # Reading only the kinds a chart draws gives the chart of the whole timeline.
    whole = archive.timeline(BIRMINGHAM)
    assert chart_fingerprint("Birmingham", whole, "svg", today=date(2026, 1, 1)) == key(
        date(2026, 1, 1)
    )
    assert charts.rating_chart(
        "Birmingham", whole, "svg", today=date(2026, 1, 1)
    ) == charts.rating_chart("Birmingham", events, "svg", today=date(2026, 1, 1))


def test_cache_is_bounded_least_recently_used_first() -> None:
    cache = ChartCache(max_entries=2, max_bytes=10)
    assert cache.get_or_render("a", lambda: b"aaa") == b"aaa"
    cache.get_or_render("b", lambda: b"bbb")
    cache.get_or_render("a", lambda: b"never drawn")  # a is now the most recent
    cache.get_or_render("c", lambda: b"ccc")  # over two entries: b goes
    assert len(cache) == 2
    assert cache.get_or_render("b", lambda: b"b again") == b"b again"
    assert (cache.hits, cache.misses) == (1, 4)
    cache.get_or_render("big", lambda: b"x" * 9)  # over ten bytes: all but "big" go
    assert len(cache) == 1
    assert cache.get_or_render("big", lambda: b"redrawn") == b"x" * 9
