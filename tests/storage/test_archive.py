"""Writes through the Archive API: documents, captures, authorities, runs and errors."""

from __future__ import annotations

import dataclasses
from datetime import date

from pipeline.records import AuthorityTag, Judgement
from storage import Archive
from tests.storage.factories import (
    AUTHORITIES,
    BIRMINGHAM,
    KENT,
    NORTH_NORTHANTS,
    article,
    capture,
    report,
)


def test_store_new_unchanged_updated(archive: Archive) -> None:
    doc = report()
    first = archive.store_document(doc)
    assert first.status == "new"
    again = archive.store_document(report())
    assert (again.document_id, again.status) == (first.document_id, "unchanged")

    changed = report(grade="requires_improvement", text="Children's services require improvement.")
    updated = archive.store_document(changed)
    assert (updated.document_id, updated.status) == (first.document_id, "updated")
    stats = archive.stats()
    assert stats["documents"] == 1 and stats["inspections"] == 1
    # The update replaced the judgement and the event, and the index follows the new text.
    [event] = archive.timeline(BIRMINGHAM)
    assert event.grades == {"overall_effectiveness": "requires_improvement"}
    assert archive.search("inadequate").total == 0
    assert archive.search("require improvement").total == 1


def test_same_text_new_tags_is_an_update(archive: Archive) -> None:
    # An improved parser over unchanged text must still be able to correct the tags.
    doc = article("https://a/1", "Council news", "Body text about care.", date(2020, 1, 1))
    archive.store_document(doc)
    retagged = dataclasses.replace(doc, authorities=[AuthorityTag(KENT, "subject")])
    assert archive.store_document(retagged).status == "updated"
    assert [e.authority_code for e in archive.timeline(KENT)] == [KENT]
    assert archive.timeline(BIRMINGHAM) == []


def test_identity_is_canonical_url(archive: Archive) -> None:
    a = dataclasses.replace(report(), url="http://127.0.0.1:8123/x", canonical_url="https://c/1")
    b = dataclasses.replace(report(), url="http://127.0.0.1:9999/x", canonical_url="https://c/1")
    assert archive.store_document(a).document_id == archive.store_document(b).document_id
    assert archive.stats()["documents"] == 1


def test_capture_is_idempotent_and_revalidatable(archive: Archive) -> None:
    first = archive.record_capture(capture(ETag='"v1"', **{"Last-Modified": "Tue, 1 Oct 2024"}))
    assert archive.record_capture(capture(ETag='"v1"')) == first
    second = archive.record_capture(capture(body=b"%PDF-1.4 changed", ETag='"v2"'))
    assert second != first
    info = archive.latest_capture("https://files.ofsted.gov.uk/v1/file/1")
    assert info is not None
    assert info.etag == '"v2"' and info.sha256 == capture(body=b"%PDF-1.4 changed").sha256
    assert info.fetched_at.tzinfo is not None
    assert archive.latest_capture("https://nowhere/") is None
    stored = archive.store_document(report(), capture_id=second)
    assert stored.status == "new"
    assert archive.stats()["captures"] == 2


def test_sync_authorities_upserts(archive: Archive) -> None:
    assert archive.sync_authorities(AUTHORITIES) == len(AUTHORITIES)
    renamed = dataclasses.replace(AUTHORITIES[0], name="Birmingham (renamed)")
    assert archive.sync_authorities([renamed]) == 1
    with archive.session() as s:
        from storage.models import Authority

        row = s.get(Authority, BIRMINGHAM)
        assert row is not None and row.name == "Birmingham (renamed)"
        assert row.aliases == ["Birmingham City Council"]
        nn = s.get(Authority, NORTH_NORTHANTS)
        assert nn is not None and nn.valid_from == date(2021, 4, 1)
    assert archive.stats()["authorities"] == len(AUTHORITIES)


def test_sync_real_register_when_present(archive: Archive) -> None:
    try:
        from pipeline.authorities import register
    except ImportError:  # the register is another engineer's module; fine without it
        return
    everyone = register().all()
    assert archive.sync_authorities(everyone) == len(everyone)
    assert archive.sync_authorities(everyone) == len(everyone)  # idempotent
    assert archive.stats()["authorities"] == len(everyone)


def test_runs_errors_sources_and_stats(archive: Archive) -> None:
    archive.upsert_source("ofsted", "Ofsted", "https://reports.ofsted.gov.uk")
    archive.upsert_source("ofsted", "Ofsted reports")  # upsert, not a second row
    run = archive.start_run("ofsted")
    archive.record_error(run, "https://x/404", "http_404", "Not Found", http_status=404)
    archive.record_error(run, "https://x/pdf", "parse", "no text", listing={"label": "SIF"})
    archive.record_error(None, "https://x/dns", "dns", "no such host")
    archive.finish_run(run, {"requests": 3, "documents_new": 0}, status="failed")
    archive.store_document(report())
    archive.store_document(article("https://a/1", "T", "Body", date(2020, 1, 1), (KENT,)))
    stats = archive.stats()
    assert stats["errors"] == 3 and stats["runs"] == 1
    assert stats["errors_by_kind"] == {"http_404": 1, "parse": 1, "dns": 1}
    assert stats["documents_by_kind"] == {"inspection_report": 1, "news_article": 1}
    assert stats["documents_by_authority"] == {BIRMINGHAM: 1, KENT: 1}
    assert stats["documents_by_source"] == {"ofsted": 1, "communitycare": 1}
    with archive.session() as s:
        from storage.models import CrawlRun, Source

        assert s.get(Source, "ofsted").name == "Ofsted reports"  # type: ignore[union-attr]
        r = s.get(CrawlRun, run)
        assert r is not None and r.status == "failed" and r.counts["requests"] == 3
        assert r.finished_at is not None and r.finished_at >= r.started_at


def test_exact_duplicates_point_at_the_original(archive: Archive) -> None:
    text = "Ofsted rated the council inadequate, the report said."
    one = archive.store_document(article("https://a/1", "A", text, date(2020, 1, 1)))
    two = archive.store_document(article("https://b/2", "B", text, date(2020, 1, 2)))
    assert one.duplicate_of is None and two.duplicate_of == one.document_id
    assert archive.stats()["duplicates"] == 1
    # The original carries the timeline entry; the syndicated copy adds none.
    assert [e.document_id for e in archive.timeline(BIRMINGHAM)] == [one.document_id]


def test_repeated_tags_and_fingerprints(archive: Archive) -> None:
    doc = article("https://a/1", "T", "Body", date(2020, 1, 1))
    doc = dataclasses.replace(
        doc,
        fingerprint=(1 << 64) - 1,  # uses the top bit: stored signed, returned unsigned
        authorities=[AuthorityTag(KENT, "subject", 0.5), AuthorityTag(KENT, "subject", 0.9)],
    )
    stored = archive.store_document(doc)
    with archive.session() as s:
        from storage.models import Document, DocumentAuthority

        row = s.get(Document, stored.document_id)
        assert row is not None and row.fingerprint == (1 << 64) - 1
        tags = s.query(DocumentAuthority).all()
        assert [(t.authority_code, t.score) for t in tags] == [(KENT, 0.9)]


def test_rebuild_events_gives_same_timeline(archive: Archive) -> None:
    archive.store_document(report())
    archive.store_document(
        report(url="https://f/2", published=date(2018, 3, 1), grade="good", text="Good.")
    )
    archive.store_document(article("https://a/1", "Press", "Text", date(2017, 1, 1)))
    archive.store_document(
        article("https://g/1", "Notice", "Direction", date(2017, 6, 1), kind="government_notice")
    )
    before = archive.timeline(BIRMINGHAM)
    assert archive.rebuild_events() == 4
    assert archive.timeline(BIRMINGHAM) == before


def test_visit_and_undated_and_irrelevant(archive: Archive) -> None:
    visit = report(url="https://f/v", itype="focused_visit", published=date(2019, 2, 2))
    visit.inspection.judgements = [Judgement("overall_effectiveness", "good")]  # type: ignore[union-attr]
    archive.store_document(visit)
    archive.store_document(article("https://a/undated", "No date", "Text", None))
    off_topic = dataclasses.replace(
        article("https://a/bins", "Bin strike", "Bins", date(2020, 1, 1)), relevant=False
    )
    archive.store_document(off_topic)
    kinds = [(e.kind, e.date) for e in archive.timeline(BIRMINGHAM)]
    assert kinds == [("visit", date(2019, 2, 2))]


def test_bulk_insert_matches_one_by_one(db_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    docs = [
        report(text="first report inadequate"),
        report(url="https://f/2", published=date(2018, 3, 1), grade="good", text="second good"),
        article("https://a/1", "Press", "Kent fostering text", date(2017, 1, 1), (KENT,)),
        article("https://g/1", "Notice", "Direction", date(2017, 6, 1), kind="government_notice"),
    ]
    bulk = Archive.open(db_url)
    try:
        assert bulk.bulk_insert_documents(docs[:1]) == 1
        assert bulk.bulk_insert_documents(docs[1:], batch_size=2) == 3
        one = Archive.open(f"sqlite:///{tmp_path}/one.db")
        for doc in docs:
            one.store_document(doc)
        for archive in (bulk, one):
            assert archive.search("inadequate").total == 1
            assert archive.search("fostering", authority=KENT).total == 1
        assert bulk.timeline(BIRMINGHAM) == one.timeline(BIRMINGHAM)
        assert bulk.stats() == one.stats()
        # A bulk-loaded document is then stored idempotently by the ordinary path.
        assert bulk.store_document(docs[2]).status == "unchanged"
        one.close()
    finally:
        bulk.close()
