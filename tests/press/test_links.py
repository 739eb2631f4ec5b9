"""Storage side of press: near-duplicates linked, stories linked to inspections, feed_state."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from crawlers.feed_items import FeedPolled
from crawlers.feed_recording import record_feed_poll
from pipeline import dedupe
from pipeline.records import AuthorityTag, Capture, Document, Inspection, Judgement
from storage.archive import Archive
from storage.feeds import FeedStateInfo, current_url, get_state, save_state
from storage.links import link_document, relink_all, story_links
from storage.models import Document as DocumentRow
from storage.models import Event

BIRMINGHAM = "E08000025"
STORY = (
    "Ofsted has rated Birmingham's children's services good, four years after the service was "
    "found to require improvement. Inspectors spent two weeks in the city and looked at the "
    "help and protection given to children, the experiences of children in care and the "
    "support for care leavers. Children's social care has been delivered since 2018 by "
    "Birmingham Children's Trust, owned by the city council. Ofsted had judged the service "
    "inadequate in 2014 and again in 2016. Inspectors said social workers knew children well "
    "and that leaders understood where practice still needed to improve."
)
OTHER = (
    "Piles of rubbish have built up on streets across Birmingham as a strike by the city's bin "
    "workers continues. The council declared a major incident, saying it needed to clear "
    "thousands of tonnes of waste. The union said the dispute was about pay and the removal of "
    "a role from collection crews. The council said it was running a reduced service and had "
    "opened extra sites where residents could take household waste, while residents complained "
    "about rats and the smell of uncollected bags left on pavements for weeks."
)


@pytest.fixture
def archive(tmp_path: Path):
    a = Archive.open(f"sqlite:///{tmp_path / 'a.db'}")
    yield a
    a.close()


def press(url: str, text: str, *, title: str = "Story", source: str = "bbc", day=date(2023, 4, 19)):
    return Document(
        kind="news_article",
        url=url,
        source=source,
        title=title,
        text=text,
        published=day,
        content_hash=dedupe.content_hash(text),
        fingerprint=dedupe.fingerprint(text),
        relevant=True,
        authorities=[AuthorityTag(BIRMINGHAM, "subject", 1.0)],
    )


def report(url: str, grade: str, published: date) -> Document:
    return Document(
        kind="inspection_report",
        url=url,
        source="ofsted",
        title="Inspection of Birmingham",
        text=f"report {url}",
        published=published,
        relevant=True,
        authorities=[AuthorityTag(BIRMINGHAM, "subject", 1.0)],
        inspection=Inspection(
            type="ilacs_standard",
            framework="ilacs_2023",
            authority_code=BIRMINGHAM,
            published=published,
            judgements=[Judgement("overall_effectiveness", grade)],
        ),
    )


def store(archive: Archive, doc: Document) -> int:
    doc_id = archive.store_document(doc).document_id
    link_document(archive, doc_id)
    return doc_id


def row(archive: Archive, doc_id: int):
    with archive.session() as s:
        return s.execute(select(DocumentRow).where(DocumentRow.id == doc_id)).scalar_one()


def events_of(archive: Archive, doc_id: int) -> list[Event]:
    with archive.session() as s:
        return list(s.execute(select(Event).where(Event.document_id == doc_id)).scalars())


def test_a_syndicated_copy_is_linked_to_the_original_and_leaves_the_timeline(archive):
    original = store(archive, press("https://bbc.example/a", STORY))
    copy_text = (
        STORY.replace("Ofsted has rated", "Inspectors have rated") + " The trust welcomed it."
    )
    copy = store(archive, press("https://lgc.example/b", copy_text, source="lgc"))
    unrelated = store(archive, press("https://bbc.example/c", OTHER, title="Bin strike"))
    assert row(archive, copy).duplicate_of == original
    assert row(archive, unrelated).duplicate_of is None
    assert events_of(archive, copy) == [] and len(events_of(archive, original)) == 1
    # Nothing deleted, and linking again changes nothing.
    assert link_document(archive, copy).duplicate_of == original
    assert archive.stats()["documents"] == 3


def test_same_title_same_source_same_day_is_one_story(archive):
    first = store(archive, press("https://bbc.example/x", STORY, title="Council rated good"))
    second = store(archive, press("https://bbc.example/y", OTHER, title="Council rated good"))
    elsewhere = store(
        archive,
        press("https://lgc.example/z", OTHER + " More.", title="Council rated good", source="lgc"),
    )
    assert row(archive, second).duplicate_of == first
    assert row(archive, elsewhere).duplicate_of is None


def test_story_links_to_the_inspection_it_reports_whichever_is_stored_first(archive):
    good = store(archive, report("https://files.example/1", "good", date(2023, 4, 18)))
    story = store(archive, press("https://bbc.example/a", STORY))
    inspection_id = events_of(archive, good)[0].inspection_id
    assert story_links(archive, BIRMINGHAM) == [(story, inspection_id)]

    # The other order: the story first, the report later.
    story2 = store(
        archive,
        press(
            "https://bbc.example/2016",
            OTHER.replace("bin", "social") + " Ofsted rated the council inadequate.",
            day=date(2016, 11, 28),
        ),
    )
    assert (story2, None) not in story_links(archive, BIRMINGHAM)
    bad = store(archive, report("https://files.example/2", "inadequate", date(2016, 11, 25)))
    linked = dict(story_links(archive, BIRMINGHAM))
    assert linked[story2] == events_of(archive, bad)[0].inspection_id


def test_no_link_for_another_grade_or_a_story_months_later(archive):
    store(archive, report("https://files.example/1", "inadequate", date(2023, 4, 18)))
    store(archive, press("https://bbc.example/a", STORY))  # reports "good"
    store(
        archive,
        press("https://bbc.example/b", STORY + " Again.", day=date(2023, 12, 1), source="x"),
    )
    assert story_links(archive, BIRMINGHAM) == []


def test_relink_all_restores_links_after_events_are_rebuilt(archive):
    store(archive, report("https://files.example/1", "good", date(2023, 4, 18)))
    store(archive, press("https://bbc.example/a", STORY))
    archive.rebuild_events()
    assert story_links(archive, BIRMINGHAM) == []
    assert relink_all(archive) == 1
    assert len(story_links(archive, BIRMINGHAM)) == 1


def test_feed_state_round_trip_and_moves(archive):
    now = datetime(2025, 1, 1, tzinfo=UTC)
    save_state(archive, FeedStateInfo(url="https://a/feed", etag='"1"', last_poll=now))
    assert get_state(archive, "https://a/feed").etag == '"1"'
    save_state(archive, FeedStateInfo(url="https://a/feed", moved_to="https://b/feed"))
    save_state(archive, FeedStateInfo(url="https://b/feed", moved_to="https://a/feed"))  # a loop
    assert current_url(archive, "https://a/feed") in {"https://a/feed", "https://b/feed"}
    save_state(archive, FeedStateInfo(url="https://b/feed"))
    assert current_url(archive, "https://a/feed") == "https://b/feed"
    assert current_url(archive, "https://unknown/feed") == "https://unknown/feed"


def poll(outcome: str, **kw) -> FeedPolled:
    return FeedPolled(url="https://a/feed", source="s", outcome=outcome, cadence=3600, **kw)


def capture(etag: str) -> Capture:
    return Capture(
        url="https://a/feed",
        final_url="https://a/feed",
        status=200,
        headers={"ETag": etag, "Last-Modified": "Wed, 01 Jan 2025 00:00:00 GMT"},
        body=b"<rss/>",
        fetched_at=datetime.now(UTC),
        source="s",
    )


def test_failures_back_off_and_a_success_resets_them(archive):
    now = datetime(2025, 1, 1, tzinfo=UTC)
    first = record_feed_poll(archive, poll("failed", error_kind="timeout", error_message="t"), now)
    second = record_feed_poll(
        archive, poll("failed", error_kind="http_503", error_message="x"), now
    )
    assert (first.failures, second.failures) == (1, 2)
    assert second.interval_seconds == 2 * first.interval_seconds == 4 * 3600
    assert second.next_poll == now + timedelta(hours=4)
    assert second.last_error.startswith("http_503")
    ok = record_feed_poll(archive, poll("changed", capture=capture('"e1"'), body_hash="h1"), now)
    assert ok.failures == 0 and ok.etag == '"e1"' and ok.body_hash == "h1" and ok.last_error is None
    # A 304 keeps the validators and slows the schedule down.
    same = record_feed_poll(archive, poll("not_modified"), now)
    assert same.etag == '"e1"' and same.interval_seconds > ok.interval_seconds


def test_a_rejected_body_keeps_no_validators_so_it_is_judged_again(archive):
    state = record_feed_poll(
        archive,
        poll(
            "rejected",
            capture=capture('"bad"'),
            body_hash="hb",
            error_kind="not_a_feed",
            error_message="html",
        ),
    )
    assert state.etag is None and state.body_hash is None and state.failures == 1


def test_a_permanent_redirect_moves_the_feed(archive):
    record_feed_poll(
        archive, poll("changed", capture=capture('"e"'), body_hash="h", moved_to="https://b/feed")
    )
    assert get_state(archive, "https://a/feed").moved_to == "https://b/feed"
    assert get_state(archive, "https://b/feed").etag == '"e"'
    assert current_url(archive, "https://a/feed") == "https://b/feed"
