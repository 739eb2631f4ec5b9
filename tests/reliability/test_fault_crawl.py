"""A site mixing good pages with every fault a source can send, crawled twice (ofsted + feeds
spiders, subprocesses, a temporary SQLite archive, 2 s download timeout, 4 MB size cap).

What a user of the archive must see: every good page stored once, every bad one in
`fetch_error` with its reason, both runs finished, and nothing stored twice by the second.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.reliability import faultsite
from tests.reliability.conftest import Crawled

pytestmark = pytest.mark.reliability


def query(db: Path, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(db)) as con:
        return con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def crawled(fault_crawl: Crawled):
    c = fault_crawl
    return c.site, c.db, c.first, c.second, c.documents_after_first


def test_every_good_page_is_stored_with_its_title(crawled):
    site, db, *_ = crawled
    titles = dict(query(db, "select url, title from document"))
    for url, fragment in site.good.items():
        assert url in titles, f"good page not stored: {url}"
        assert fragment in titles[url]
    # Nothing bad slipped in as a document (an error page, the corrupt PDF, the bomb...).
    assert not set(titles) & set(site.bad)


def test_a_wrong_charset_declaration_does_not_garble_the_text(crawled):
    site, db, *_ = crawled
    [(title, text)] = query(db, "select title, text from document where url like '%/charset/'")
    assert "Birmingham’s" in title and "Ofsted’s" in title
    assert "â€" not in title + text and "trust’s" in text


def test_a_report_served_with_the_wrong_content_type_is_read_from_its_bytes(crawled):
    _, db, *_ = crawled
    rows = query(
        db,
        "select d.kind, i.type from document d join inspection i on i.document_id = d.id "
        f"where d.url = '{faultsite.FILE}{faultsite.MISLABELLED_REPORT}'",
    )
    assert rows and rows[0][0] == "inspection_report"


def test_every_bad_page_is_recorded_with_its_reason(crawled):
    site, db, *_ = crawled
    first_run = query(db, "select min(run_id) from fetch_error")[0][0]
    errors: dict[str, tuple[str, str]] = {}
    for url, kind, message, run in query(db, "select url, kind, message, run_id from fetch_error"):
        if run in (first_run, first_run + 1):  # the first crawl's two runs (ofsted, feeds)
            errors[url] = (kind, message)
    loop = f"{faultsite.FILE}60000007"
    for url, kind in site.bad.items():
        if url == loop:  # recorded on the request that closed the loop, naming the chain
            kind_, message = errors.get(url) or errors[f"{faultsite.FILE}60000008"]
            assert kind_ == "redirect_loop" and loop in message
            continue
        assert url in errors, f"no fetch_error for {url} (expected {kind})"
        assert errors[url][0] == kind, (url, errors[url])
        assert errors[url][1], f"no message for {url}"
    assert "retry after 120" in errors[f"{faultsite.FILE}60000429"][1]


def test_both_runs_complete_and_say_what_went_wrong(crawled):
    _, db, first, second, _ = crawled
    runs = query(db, "select source, status, finished_at is not null from crawl_run order by id")
    assert [r[0] for r in runs] == ["ofsted", "feeds", "ofsted", "feeds"]
    assert all(status == "partial" and finished for _, status, finished in runs), runs
    assert first["runs"]["ofsted"]["errors_by_kind"]["timeout"] == 1
    assert first["runs"]["ofsted"]["links_off_site"] == 1  # the provider page's foreign link
    assert first["runs"]["feeds"]["links_off_site"] == 1  # the feed's foreign entry
    assert query(db, "pragma integrity_check") == [("ok",)]


def test_the_crawler_is_polite_and_stays_on_its_sources(crawled):
    _, _, first, second, _ = crawled
    asked = [(h, p) for h, p, _ in first["requests"]]
    assert not [h for h, _ in asked if h == faultsite.OFF_SITE], "went off-site"
    assert ("files.ofsted.gov.uk", "/v1/file/60000009") not in asked, "ignored robots.txt"
    # Retry-After: 120 is longer than a crawl should wait: asked once, not retried at once.
    assert asked.count(("files.ofsted.gov.uk", "/v1/file/60000429")) == 1
    # A 503 asking for 1 s is retried (RETRY_TIMES=1 in the test settings).
    assert asked.count(("files.ofsted.gov.uk", "/v1/file/60000503")) == 2


def test_second_run_stores_nothing_twice(crawled):
    _, db, first, second, documents_after_first = crawled
    for run in second["runs"].values():
        assert run["documents_new"] == 0 and run["documents_updated"] == 0, run
    assert query(db, "select id, canonical_url, content_hash from document") == (
        documents_after_first
    )
    assert query(db, "select count(*) from capture") == query(
        db, "select count(distinct url || sha256) from capture"
    )
    # Reports already archived are never downloaded again.
    assert second["runs"]["ofsted"]["skipped_known"] == len(faultsite.GOOD_REPORTS) + 1
