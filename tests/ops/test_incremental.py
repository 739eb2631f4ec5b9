"""Incremental crawls: an article whose download failed is asked for again next run although
its feed has not changed, and once archived it is never requested again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.ops.helpers import ROOT, query

SOURCES = """
[sources.example]
name = "Example"
hosts = ["news.example.test"]
cadence = "1h"
feeds = ["https://news.example.test/feed.xml"]
"""
FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Example</title>
<item><title>Birmingham story</title><link>https://news.example.test/story-1</link>
<pubDate>Tue, 18 Apr 2023 10:00:00 GMT</pubDate></item>
</channel></rss>"""
STORY = (
    "<html><head><title>Birmingham story</title></head><body><article><h1>Birmingham story</h1>"
    "<p>Ofsted has rated Birmingham's children's services good after an inspection of help "
    "and protection, children in care and care leavers in the city this spring.</p>"
    "<p>Inspectors said social workers knew the children they worked with well and that "
    "leaders understood where practice still needed to improve across the service.</p>"
    "</article></body></html>"
)
SCRIPT = textwrap.dedent(
    """
    import json, sys
    from crawlers.runner import run_crawl
    from sampleweb.server import SampleWeb
    host = "news.example.test"
    with SampleWeb() as web:
        web.add_route(host, {"path": "/feed.xml", "body": sys.argv[2],
                             "content_type": "application/rss+xml"})
        if sys.argv[4] == "down":
            web.add_route(host, {"path": "/story-1", "status": 503, "body": "busy"})
        else:
            web.add_route(host, {"path": "/story-1", "body": sys.argv[3],
                                 "content_type": "text/html; charset=utf-8"})
        reports = run_crawl({"feeds": {"sources_file": sys.argv[1]}}, db_url=None,
                            sampleweb_url=web.base_url, overrides={"RETRY_TIMES": 0})
    print(json.dumps({"counts": reports[0].counts,
                      "requests": [[r.path, r.status] for r in web.requests if r.host == host]}))
    """
)


def crawl(tmp: Path, story: str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp / "sources.toml"), FEED, STORY, story],
        cwd=ROOT,
        env=dict(os.environ, CSWATCH_DB=f"sqlite:///{tmp / 'archive.db'}"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.splitlines()[-1])


def test_failed_article_is_retried_though_its_feed_is_unchanged(tmp_path: Path) -> None:
    (tmp_path / "sources.toml").write_text(SOURCES)
    db = tmp_path / "archive.db"
    first = crawl(tmp_path, "down")
    assert ["/story-1", 503] in first["requests"]
    assert query(db, "select kind from fetch_error") == [("http_503",)]
    assert query(db, "select count(*) from document") == [(0,)]
    # The entry URLs of the body read are remembered with its hash (crawlers/feed_entries.py).
    (urls,) = query(db, "select entry_urls from feed_state")[0]
    assert json.loads(urls) == ["https://news.example.test/story-1"]

    second = crawl(tmp_path, "up")
    assert second["counts"]["feeds"] == {"not_modified": 1}
    assert ["/story-1", 200] in second["requests"]
    assert query(db, "select title from document") == [("Birmingham story",)]

    third = crawl(tmp_path, "up")
    # Archived now: the unchanged feed costs one conditional request and nothing else.
    assert [r for r in third["requests"] if r[0] != "/robots.txt"] == [["/feed.xml", 304]]
    assert third["counts"]["bodies_downloaded"] == 0
    assert query(db, "select count(*) from document") == [(1,)]


def test_a_feed_whose_remembered_entries_are_all_archived_is_not_parsed_again(
    tmp_path: Path,
) -> None:
    from types import SimpleNamespace

    from scrapy.http import Request, XmlResponse

    from crawlers.feed_entries import FollowMissingEntries
    from crawlers.feed_items import FeedPolled
    from storage.archive import Archive

    db = f"sqlite:///{tmp_path / 'archive.db'}"
    feed, known, unknown = (f"https://news.example.test/{p}" for p in ("feed.xml", "a", "b"))
    archive = Archive.open(db)
    # Settled: a page that answered 200 and was judged (here: not an article).
    archive.record_error(None, known, "soft_404", "not an article", http_status=200)
    stats: dict[str, int] = {}
    crawler = SimpleNamespace(
        settings={"CSWATCH_DB": db},
        stats=SimpleNamespace(inc_value=lambda k, n=1: stats.__setitem__(k, stats.get(k, 0) + n)),
        spider=SimpleNamespace(sources=[], entry_requests=lambda *a: []),
    )
    middleware = FollowMissingEntries(crawler)  # type: ignore[arg-type]
    polled = FeedPolled(url=feed, source="example", outcome="not_modified", cadence=3600)

    def poll(remembered: list[str]) -> list:
        # A body that is no feed at all: parsing it would refuse it and count nothing.
        request = Request(feed, meta={"cswatch_feed_entry_urls": remembered})
        response = XmlResponse(feed, body=b"<html>not a feed</html>", request=request)
        return middleware._missing(response, polled)

    assert poll([known]) == [] and stats == {"cswatch/entries_already_archived": 1}
    stats.clear()
    # One remembered entry not archived: the body is read again to rebuild its request.
    assert poll([known, unknown]) == [] and stats == {}
    archive.close()
