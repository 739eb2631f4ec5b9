"""The press crawl end to end, in subprocesses (Twisted's reactor cannot restart in one).

1. The bundled sample web's press sources crawled twice into a fresh SQLite archive with
   `cswatch crawl --source press --sample-web`: what a user sees on Birmingham's timeline, the
   errors recorded, and that the second run downloads nothing and stores nothing twice.
2. A throwaway site with a moved feed, a failing feed and a page that is not a feed, polled
   twice through the feeds spider: conditional GET, redirect, back-off.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import scrapy
from scrapy.http import XmlResponse

from crawlers.spiders.feeds import FeedsSpider

ROOT = Path(__file__).resolve().parents[2]
CLI = "import sys; from cswatch.cli import main; sys.argv[0] = 'cswatch'; main()"


def run(args: list[str], db: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, CSWATCH_DB=f"sqlite:///{db}")
    proc = subprocess.run(
        [sys.executable, "-c", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc


def query(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as con:
        return con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def press_archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    db = tmp_path_factory.mktemp("press") / "archive.db"
    for _ in range(2):
        run([CLI, "crawl", "--source", "press", "--sample-web"], db)
    runs = [json.loads(c) for (c,) in query(db, "select counts from crawl_run order by id")]
    return db, runs


def test_birmingham_timeline_has_press_and_the_statutory_direction(press_archive):
    db, _ = press_archive
    rows = query(
        db,
        "select e.kind, e.date, d.source_key from event e join document d on d.id = e.document_id "
        "where e.authority_code = 'E08000025' order by e.date",
    )
    kinds = {(k, d) for k, d, _ in rows}
    assert ("government_notice", "2014-10-27") in kinds
    assert ("press", "2016-11-25") in kinds
    assert ("press", "2023-04-19") in kinds  # CYP Now, from its listing page
    # The syndicated 2023 story is on the timeline once, not three times.
    assert sum(1 for k, d, _ in rows if (k, d) == ("press", "2023-04-18")) == 1


def test_syndicated_copies_are_linked_not_deleted(press_archive):
    db, _ = press_archive
    copies = query(
        db,
        "select source_key, duplicate_of from document where published = '2023-04-18' "
        "and kind = 'news_article' order by source_key",
    )
    assert [s for s, _ in copies] == ["bbc", "communitycare", "lgc"]
    originals = [s for s, dup in copies if dup is None]
    assert len(originals) == 1
    assert {dup for _, dup in copies if dup is not None} == {
        query(
            db,
            f"select id from document where source_key = '{originals[0]}' "
            "and published = '2023-04-18'",
        )[0][0]
    }


def test_off_topic_and_foreign_stories_are_kept_but_not_relevant(press_archive):
    db, _ = press_archive
    rows = dict(query(db, "select title, relevant from document"))
    assert rows["Birmingham bin strike: Rubbish piles up as council declares major incident"] == 0
    assert rows["Welsh councils prepare for end of profit in children's care"] == 0
    assert rows["Scottish councils report progress on The Promise"] == 0
    assert rows["Teachers' pay award confirmed"] == 0
    assert rows["Birmingham children's services rated inadequate for second time"] == 1
    # A feed read despite its wrong charset declaration.
    assert "Northamptonshire Children’s Trust takes over children’s services" in rows


def test_not_found_page_served_as_200_is_an_error_not_a_document(press_archive):
    db, _ = press_archive
    errors = query(db, "select kind, url from fetch_error")
    assert (
        "soft_404",
        "https://www.communitycare.co.uk/2025/01/15/council-childrens-homes-plan-withdrawn/",
    ) in errors
    assert not query(db, "select id from document where url like '%plan-withdrawn%'")


def test_tracking_parameters_never_reach_the_archive(press_archive):
    db, _ = press_archive
    assert not query(
        db, "select url from document where url like '%utm_%' or url like '%at_medium%'"
    )


def test_story_reporting_an_inspection_is_linked_to_it(press_archive):
    db, _ = press_archive
    # Only press sources were crawled here: no inspections, so no links (and no guesses).
    assert query(db, "select count(*) from event where inspection_id is not null") == [(0,)]


def test_second_run_downloads_no_body_and_stores_nothing_twice(press_archive):
    db, runs = press_archive
    first, second = runs[:2], runs[2:]
    assert sum(r["documents_new"] for r in first) >= 14
    assert all(r["bodies_downloaded"] == 0 for r in second), second
    assert all(r["documents_new"] == 0 and r["documents_updated"] == 0 for r in second)
    assert second[0]["feeds"] == {"not_modified": 5}
    assert query(db, "select count(*) from document") == query(
        db, "select count(distinct canonical_url) from document"
    )
    assert query(db, "select count(*) from capture") == query(
        db, "select count(distinct url || sha256) from capture"
    )
    states = query(db, "select failures, etag is not null, next_poll > last_poll from feed_state")
    assert len(states) == 5 and all(s == (0, 1, 1) for s in states)


# ------------------------------------------------------------- feed behaviours ---

SOURCES = """
[sources.example]
name = "Example"
hosts = ["news.example.test"]
cadence = "1h"
feeds = [
  "https://news.example.test/old-feed.xml",
  "https://news.example.test/broken.xml",
  "https://news.example.test/notfeed.xml",
]
"""
FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Example</title>
<item><title>Birmingham story</title><link>https://news.example.test/story-1?utm_source=rss</link>
<pubDate>Tue, 18 Apr 2023 10:00:00 GMT</pubDate></item>
<item><title>Same story, other link</title><link>https://news.example.test/story-1#top</link></item>
<item><title>Elsewhere</title><link>https://elsewhere.example.test/x</link></item>
</channel></rss>"""
STORY = (
    "<html><head><title>Birmingham story</title></head><body><article><h1>Birmingham story</h1>"
    "<p>Ofsted has rated Birmingham's children's services good after an inspection of help "
    "and protection, children in care and care leavers in the city this spring.</p>"
    "<p>Inspectors said social workers knew the children they worked with well and that "
    "leaders understood where practice still needed to improve across the service.</p>"
    "<p>The service has been run by Birmingham Children's Trust since 2018, after years in "
    "which inspectors had judged the city council's children's services inadequate.</p>"
    "</article></body></html>"
)
SCRIPT = textwrap.dedent(
    """
    import json, sys
    from crawlers.runner import run_crawl
    from sampleweb.server import SampleWeb
    host = "news.example.test"
    with SampleWeb() as web:
        web.add_route(host, {"path": "/old-feed.xml", "status": 301, "location": "/feed.xml"})
        web.add_route(host, {"path": "/feed.xml", "body": sys.argv[2],
                             "content_type": "application/rss+xml"})
        web.add_route(host, {"path": "/broken.xml", "status": 500, "body": "oops"})
        web.add_route(host, {"path": "/notfeed.xml", "body": "<html><body>Hi</body></html>",
                             "content_type": "text/html"})
        web.add_route(host, {"path": "/story-1", "body": sys.argv[3],
                             "content_type": "text/html; charset=utf-8"})
        reports = run_crawl({"feeds": {"sources_file": sys.argv[1]}}, db_url=None,
                            sampleweb_url=web.base_url)
    print(json.dumps({"counts": reports[0].counts,
                      "requests": [[r.path, r.status] for r in web.requests if r.host == host]}))
    """
)


@pytest.fixture(scope="module")
def feed_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    tmp = tmp_path_factory.mktemp("feeds")
    (tmp / "sources.toml").write_text(SOURCES)
    db = tmp / "archive.db"
    outs = [
        json.loads(
            run([SCRIPT, str(tmp / "sources.toml"), FEED, STORY], db).stdout.splitlines()[-1]
        )
        for _ in range(2)
    ]
    return db, outs


def test_moved_feed_is_read_then_polled_at_its_new_url_with_a_conditional_get(feed_runs):
    db, (first, second) = feed_runs
    assert ["/old-feed.xml", 301] in first["requests"] and ["/feed.xml", 200] in first["requests"]
    assert ["/old-feed.xml", 301] not in second["requests"]
    assert ["/feed.xml", 304] in second["requests"]
    moved = dict(query(db, "select url, moved_to from feed_state"))
    assert moved["https://news.example.test/old-feed.xml"] == "https://news.example.test/feed.xml"


def test_one_article_per_page_and_off_source_links_skipped(feed_runs):
    db, (first, second) = feed_runs
    story_requests = [r for run_ in (first, second) for r in run_["requests"] if r[0] == "/story-1"]
    assert story_requests == [["/story-1", 200]]
    assert query(db, "select url from document") == [("https://news.example.test/story-1",)]
    assert first["counts"]["documents_new"] == 1


def test_failing_and_non_feed_urls_back_off_with_their_reasons(feed_runs):
    db, (first, second) = feed_runs
    state = {u: (f, e) for u, f, e in query(db, "select url, failures, last_error from feed_state")}
    failures, error = state["https://news.example.test/broken.xml"]
    assert failures == 2 and error.startswith("http_500")
    failures, error = state["https://news.example.test/notfeed.xml"]
    assert failures == 2 and error.startswith("not_a_feed")
    assert first["counts"]["errors_by_kind"] == {"http_500": 1, "not_a_feed": 1}
    intervals = dict(query(db, "select url, interval_seconds from feed_state"))
    assert intervals["https://news.example.test/broken.xml"] == 4 * 3600


def test_a_server_ignoring_conditional_get_is_caught_by_the_body_hash(tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text(SOURCES)
    spider = FeedsSpider(sources_file=str(sources))
    body = FEED.encode()
    import hashlib

    request = scrapy.Request(
        "https://news.example.test/feed.xml",
        meta={
            "cswatch_feed": "https://news.example.test/feed.xml",
            "cswatch_feed_key": "https://news.example.test/feed.xml",
            "cswatch_feed_known_hash": hashlib.sha256(body).hexdigest(),
            "source": "example",
        },
    )
    out = list(spider.parse_feed(XmlResponse(request.url, body=body, request=request)))
    assert [o.outcome for o in out] == ["unchanged"]  # no entries followed, nothing parsed
