"""The Atom feeds as a feed reader meets them: parsed back with feedparser, which reports
malformed XML (`bozo`), and read for what a reader shows and keys on (ids, dates, links)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date

import feedparser
import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import BIRMINGHAM, KENT, SCRIPT, build_archive, press

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(response) -> feedparser.FeedParserDict:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_authority_feed_lists_its_documents_newest_first(client):
    feed = parse(client.get(f"/authorities/{BIRMINGHAM}/feed.atom"))
    assert feed.feed.title.startswith("Birmingham")
    links = {link.rel: link.href for link in feed.feed.links}
    assert links["self"].endswith(f"/authorities/{BIRMINGHAM}/feed.atom")
    assert links["alternate"].endswith(f"/authorities/{BIRMINGHAM}")
    published = [e.published[:10] for e in feed.entries]
    assert published[0] == "2024-10-24"  # the focused visit, Birmingham's newest document
    assert published == sorted(published, reverse=True)
    assert "2014-05-23" in published  # the 2014 inadequate SIF report
    assert all(e.updated >= e.published for e in feed.entries)
    # Kent's notice is not Birmingham's.
    assert not any("Kent" in e.title for e in feed.entries)


def test_report_entry_carries_grade_and_links_to_our_page_and_the_source(client):
    feed = parse(client.get("/authorities/Birmingham/feed.atom"))
    good = next(e for e in feed.entries if e.published.startswith("2023-04-18"))
    assert good.id == "https://files.ofsted.gov.uk/v1/file/103"
    assert good.summary.startswith("ILACS standard: Good.")
    assert {t.term for t in good.tags} == {"inspection_report", "good"}
    by_rel = {link.rel: link.href for link in good.links}
    assert re.fullmatch(r"http://testserver/documents/\d+", by_rel["alternate"])
    assert by_rel["related"] == "https://files.ofsted.gov.uk/v1/file/103"
    # The entry's page is the document's page.
    page = client.get(by_rel["alternate"].removeprefix("http://testserver"))
    assert "Inspection of Birmingham children&#39;s services 103" in page.text


def test_ids_are_stable_across_calls_and_hosts(client):
    first = parse(client.get(f"/authorities/{BIRMINGHAM}/feed.atom"))
    again = parse(client.get("/authorities/Birmingham/feed.atom", headers={"host": "other:9"}))
    assert first.feed.id == again.feed.id == f"tag:cswatch.archive,2026:authority/{BIRMINGHAM}"
    assert [e.id for e in first.entries] == [e.id for e in again.entries]
    assert [e.updated for e in first.entries] == [e.updated for e in again.entries]
    assert len({e.id for e in first.entries}) == len(first.entries)


def test_planted_script_arrives_as_text(client):
    response = client.get("/search/feed.atom", params={"q": '"trust improved"'})
    feed = parse(response)
    (entry,) = feed.entries
    # A reader shows the characters; nothing in the XML is markup from the capture.
    assert entry.title_detail.type == "text/plain"
    assert SCRIPT in entry.title
    assert "<script>" in entry.summary and entry.summary_detail.type == "text/plain"
    root = ET.fromstring(response.content)
    assert not [el for el in root.iter() if el.tag.rsplit("}", 1)[-1] in ("script", "img")]
    # The javascript: URL is neither the entry's id nor any link.
    assert entry.id.startswith("tag:cswatch.archive,2026:document:")
    assert all(link.href.startswith("http") for link in entry.links)


def test_search_feed_follows_query_and_filters(client):
    feed = parse(client.get("/search/feed.atom", params={"q": "caseloads"}))
    assert len(feed.entries) == 26  # every match, up to the feed size
    published = [e.published[:10] for e in feed.entries]
    assert published == sorted(published, reverse=True)
    assert all("caseloads" in (e.title + e.summary).lower() for e in feed.entries)
    narrowed = parse(
        client.get(
            "/search/feed.atom",
            params={"q": "improvement notice", "authority": "Kent", "kind": "government_notice"},
        )
    )
    assert [e.title for e in narrowed.entries] == [
        "Kent children's services improvement notice lifted"
    ]
    # The same search asked differently is the same feed.
    same = parse(
        client.get(
            "/search/feed.atom",
            params={"kind": "government_notice", "authority": KENT, "q": "improvement notice"},
        )
    )
    assert same.feed.id == narrowed.feed.id
    assert same.feed.id != feed.feed.id


def test_search_feed_with_grade_filter(client):
    feed = parse(client.get("/search/feed.atom", params={"q": "social", "grade": "inadequate"}))
    assert feed.entries
    assert all("inadequate" in {t.term for t in e.tags} for e in feed.entries)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "needs a query"),
        ({"q": "(care"}, ""),
        ({"q": "care", "kind": "poem"}, "unknown kind"),
        ({"q": "care", "authority": "Atlantis"}, ""),
    ],
)
def test_bad_search_feed_is_a_400_with_a_message(client, params, message):
    response = client.get("/search/feed.atom", params=params)
    assert response.status_code == 400
    assert message in response.text


def test_unknown_authority_feed_is_404(client):
    assert client.get("/authorities/Atlantis/feed.atom").status_code == 404


def test_pages_link_their_feeds(client):
    html = client.get(f"/authorities/{BIRMINGHAM}").text
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Birmingham: new documents '
        f'(Atom)" href="/authorities/{BIRMINGHAM}/feed.atom">' in html
    )
    assert f'id="feed-link" class="feed" href="/authorities/{BIRMINGHAM}/feed.atom"' in html
    html = client.get("/search", params={"q": "caseloads", "year": "2016", "page": "2"}).text
    head = re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', html)
    assert head and head.group(1) == "/search/feed.atom?q=caseloads&amp;year=2016"
    assert 'id="feed-link"' in html
    assert "application/atom+xml" not in client.get("/search").text  # no query, no feed


def test_a_newly_archived_document_appears_and_old_entries_keep_their_ids(tmp_path):
    from cswatch.web import create_app

    url = f"sqlite:///{tmp_path / 'archive.db'}"
    archive = build_archive(url)
    with TestClient(create_app(url)) as c:
        before = parse(c.get(f"/authorities/{BIRMINGHAM}/feed.atom"))
        archive.store_document(
            press(900, "Birmingham trust wins award", "Staff praised.", date(2025, 2, 3)),
            None,
        )
        # Newer still, but not about children's services: not in the feed.
        bins = press(901, "Birmingham bin strike", "Rubbish piles up.", date(2025, 3, 1))
        archive.store_document(replace(bins, relevant=False), None)
        after = parse(c.get(f"/authorities/{BIRMINGHAM}/feed.atom"))
    archive.close()
    assert after.entries[0].title == "Birmingham trust wins award"
    assert after.feed.updated >= before.feed.updated
    # Entries already seen keep their id and date, so a reader marks only the new one unread.
    old = {e.id: e.updated for e in before.entries}
    kept = [e for e in after.entries if e.id in old]
    assert len(kept) == len(after.entries) - 1
    assert all(e.updated == old[e.id] for e in kept)


def test_feeds_are_described_in_openapi(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert "/authorities/{ref}/feed.atom" in paths
    assert "/search/feed.atom" in paths
