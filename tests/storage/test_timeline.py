"""Timelines: date order, kinds and dates filters, predecessors' history."""

from __future__ import annotations

from datetime import date

from storage import Archive
from tests.storage.factories import (
    AUTHORITIES,
    BIRMINGHAM,
    NORTH_NORTHANTS,
    NORTHAMPTONSHIRE,
    WEST_NORTHANTS,
    article,
    report,
)


def test_events_in_date_order_with_links(archive: Archive) -> None:
    archive.upsert_source("ofsted", "Ofsted")
    archive.store_document(report(published=date(2016, 7, 21), text="one"))
    archive.store_document(report(url="https://f/2", published=date(2012, 5, 1), text="two"))
    archive.store_document(article("https://cc/1", "Trust launched", "x", date(2018, 4, 1)))
    events = archive.timeline(BIRMINGHAM)
    assert [e.date for e in events] == [date(2012, 5, 1), date(2016, 7, 21), date(2018, 4, 1)]
    assert [e.kind for e in events] == ["inspection", "inspection", "press"]
    first = events[0]
    assert first.url == "https://f/2" and first.source == "ofsted"
    assert first.grades == {"overall_effectiveness": "inadequate"}
    assert first.via_predecessor is None and first.authority_code == BIRMINGHAM
    assert events[2].source == "communitycare" and events[2].grades == {}


def test_kind_and_date_filters(archive: Archive) -> None:
    archive.store_document(report(published=date(2016, 7, 21)))
    archive.store_document(article("https://cc/1", "A", "x", date(2018, 4, 1)))
    archive.store_document(article("https://cc/2", "B", "y", date(2020, 4, 1)))
    assert [e.kind for e in archive.timeline(BIRMINGHAM, kinds={"press"})] == ["press", "press"]
    ranged = archive.timeline(BIRMINGHAM, since=date(2017, 1, 1), until=date(2019, 12, 31))
    assert [e.date for e in ranged] == [date(2018, 4, 1)]


def test_successor_shows_predecessor_history_until_it_began(archive: Archive) -> None:
    archive.sync_authorities(AUTHORITIES)
    archive.store_document(
        report(NORTHAMPTONSHIRE, date(2019, 5, 1), "inadequate", "https://f/n1", "n1")
    )
    # Press about the old county after the split stays on the county's own timeline only.
    archive.store_document(
        article("https://cc/late", "Old county", "z", date(2022, 1, 1), (NORTHAMPTONSHIRE,))
    )
    archive.store_document(
        report(NORTH_NORTHANTS, date(2023, 3, 1), "requires_improvement", "https://f/nn", "nn")
    )
    archive.store_document(report(WEST_NORTHANTS, date(2023, 4, 1), "good", "https://f/wn", "wn"))

    north = archive.timeline(NORTH_NORTHANTS)
    documents = [(e.date, e.authority_code, e.via_predecessor) for e in north if e.document_id]
    assert documents == [
        (date(2019, 5, 1), NORTHAMPTONSHIRE, NORTHAMPTONSHIRE),
        (date(2023, 3, 1), NORTH_NORTHANTS, None),
    ]
    reorganisations = [e for e in north if e.kind == "reorganisation"]
    assert date(2021, 4, 1) in [e.date for e in reorganisations]
    assert all(e.document_id is None for e in reorganisations)
    assert [e.date for e in north] == sorted(e.date for e in north)

    own = archive.timeline(NORTH_NORTHANTS, include_predecessors=False, kinds={"inspection"})
    assert [e.date for e in own] == [date(2023, 3, 1)]
    county = archive.timeline(NORTHAMPTONSHIRE, kinds={"inspection", "press"})
    assert [e.date for e in county] == [date(2019, 5, 1), date(2022, 1, 1)]


def test_predecessor_chain_is_followed(archive: Archive) -> None:
    from tests.storage.factories import FakeAuthority

    chain = [
        FakeAuthority("X1", "Oldest", valid_to=date(2009, 3, 31), successors=("X2",)),
        FakeAuthority(
            "X2",
            "Middle",
            valid_from=date(2009, 4, 1),
            valid_to=date(2019, 3, 31),
            predecessors=("X1",),
            successors=("X3",),
        ),
        FakeAuthority("X3", "Newest", valid_from=date(2019, 4, 1), predecessors=("X2",)),
    ]
    archive.sync_authorities(chain)
    archive.store_document(article("https://a/1", "old", "a", date(2008, 1, 1), ("X1",)))
    archive.store_document(article("https://a/2", "old late", "b", date(2010, 1, 1), ("X1",)))
    archive.store_document(article("https://a/3", "middle", "c", date(2015, 1, 1), ("X2",)))
    archive.store_document(article("https://a/4", "new", "d", date(2020, 1, 1), ("X3",)))
    got = [(e.title, e.via_predecessor) for e in archive.timeline("X3", kinds={"press"})]
    assert got == [("old", "X1"), ("middle", "X2"), ("new", None)]


def test_unknown_authority_has_empty_timeline(archive: Archive) -> None:
    assert archive.timeline("E99999999") == []
