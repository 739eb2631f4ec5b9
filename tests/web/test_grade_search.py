"""The grade filter's SQLite plan (one walk over FTS5, ordered and paged in Python) gives
what the plain SQL plan gives: the same total, the same hits in the same order, page by
page, and facets that count the same documents."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from storage import Archive
from storage.facets import Filters, _graded_page, faceted_search
from tests.web.conftest import BIRMINGHAM


@pytest.fixture(scope="module")
def archive(archive_url: str) -> Iterator[Archive]:
    a = Archive.open(archive_url)
    yield a
    a.close()


CASES = [
    ("leaders", Filters(grade="inadequate")),
    ("social workers", Filters(grade="good")),
    ("children", Filters(grade="requires_improvement", authority=BIRMINGHAM)),
    ("leaders OR caseloads", Filters(grade="inadequate", year=2019)),
    ("children", Filters(grade="inadequate", kind="news_article")),  # nothing: press has none
]


@pytest.mark.parametrize(("query", "filters"), CASES)
@pytest.mark.parametrize("order", ["rank", "date"])
def test_sqlite_grade_plan_equals_the_sql_plan(archive, query, filters, order):
    for offset in (0, 1, 2):
        fast = faceted_search(archive, query, filters, order=order, limit=1, offset=offset)
        with archive.engine.connect() as conn:
            plain = _graded_page(conn, query, filters, order, 1, offset)
        assert fast.result.total == plain.total
        assert [h.document_id for h in fast.result.hits] == [h.document_id for h in plain.hits]
        assert [h.snippet for h in fast.result.hits] == [h.snippet for h in plain.hits]


def test_grade_facets_count_the_filtered_documents(archive):
    found = faceted_search(archive, "leaders", Filters(grade="inadequate"))
    assert found.result.total == 2  # Birmingham 2014 and Northamptonshire 2019
    assert dict(found.facets["grade"]) == {"inadequate": 2}
    assert dict(found.facets["kind"]) == {"inspection_report": 2}
    assert dict(found.facets["year"]) == {2019: 1, 2014: 1}
    assert {code for code, _ in found.facets["authority"]} == {BIRMINGHAM, "E10000021"}
