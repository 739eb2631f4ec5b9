"""The search page's faceted search on both engines: the same totals, hits and facet counts on
SQLite (FTS5 walks, the graded index of migration 0005) and PostgreSQL (plain SQL)."""

from __future__ import annotations

from datetime import date

import pytest

from storage import Archive
from storage.facets import Filters, faceted_search, filtered_search
from tests.storage.factories import BIRMINGHAM, KENT, article, report


@pytest.fixture
def seeded(archive: Archive) -> Archive:
    archive.store_document(
        report(url="https://f/1", published=date(2014, 6, 1), text="Leaders failed children")
    )
    archive.store_document(
        report(url="https://f/2", code=KENT, grade="good", text="Leaders supported children")
    )
    archive.store_document(
        report(
            url="https://f/3",
            published=date(2019, 3, 1),
            text="Leaders let children down again",
        )
    )
    archive.store_document(
        article("https://n/1", "Inadequate leaders", "children", date(2019, 4, 1))
    )
    return archive


def test_facets_count_the_matches(seeded: Archive) -> None:
    found = faceted_search(seeded, "leaders", Filters())
    assert found.result.total == 4
    assert dict(found.facets["kind"]) == {"inspection_report": 3, "news_article": 1}
    assert dict(found.facets["grade"]) == {"inadequate": 2, "good": 1}
    assert dict(found.facets["authority"]) == {BIRMINGHAM: 3, KENT: 1}
    assert dict(found.facets["year"]) == {2019: 2, 2016: 1, 2014: 1}
    assert not found.facets_sampled


@pytest.mark.parametrize("order", ["rank", "date"])
def test_grade_filter(seeded: Archive, order: str) -> None:
    found = faceted_search(seeded, "leaders", Filters(grade="inadequate"), order=order)
    assert found.result.total == 2
    ids = [h.document_id for h in found.result.hits]
    assert sorted(ids) == [1, 3]
    if order == "date":
        assert ids == [3, 1]
    assert dict(found.facets["grade"]) == {"inadequate": 2}
    assert dict(found.facets["kind"]) == {"inspection_report": 2}
    # "inadequate" in the article's title is a word, not a grade
    assert faceted_search(seeded, "inadequate", Filters(grade="good")).result.total == 0
    # A grade outside the vocabulary's alphabet is checked against the judgements instead.
    assert faceted_search(seeded, "leaders", Filters(grade="in adequate!")).result.total == 0
    page = filtered_search(seeded, "children", Filters(grade="inadequate", year=2019))
    assert [h.document_id for h in page.hits] == [3]
    assert "«" in page.hits[0].snippet


def test_grade_filter_follows_new_inspections(seeded: Archive) -> None:
    assert filtered_search(seeded, "leaders", Filters(grade="good")).total == 1
    # Kent's report is re-stored with a new grade: it moves between the filters at once.
    seeded.store_document(
        report(url="https://f/2", code=KENT, grade="inadequate", text="Leaders slipped")
    )
    assert filtered_search(seeded, "leaders", Filters(grade="good")).total == 0
    assert filtered_search(seeded, "slipped", Filters(grade="inadequate")).total == 1
    assert filtered_search(seeded, "supported", Filters(grade="inadequate")).total == 0


def test_facets_over_a_sample_count_the_newest_matches(
    seeded: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("storage.facets.FACET_SAMPLE", 1)
    found = faceted_search(seeded, "leaders", Filters(grade="inadequate"))
    assert found.result.total == 2 and found.facets_sampled
    assert dict(found.facets["year"]) == {2019: 1}  # document 3, the newest of 1 and 3
