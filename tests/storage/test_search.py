"""Full-text search through the one interface, on both engines."""

from __future__ import annotations

import re
from datetime import date

import pytest

from storage import Archive, QueryError
from storage.search import HIGHLIGHT_END, HIGHLIGHT_START
from tests.storage.factories import BIRMINGHAM, KENT, article, report

DOCS = [
    article(
        "https://cc/1",
        "Birmingham children's trust launched",
        "The council handed its children's services to an independent trust after years of "
        "inadequate ratings. Care leavers and social workers welcomed the change.",
        date(2018, 4, 1),
        (BIRMINGHAM,),
    ),
    article(
        "https://cc/2",
        "Kent fostering shortage",
        "Kent council says fostering placements are scarce; unaccompanied asylum seeking "
        "children arrive at the port in Dover.",
        date(2021, 9, 1),
        (KENT,),
        (BIRMINGHAM,),
        source="bbc",
    ),
    article(
        "https://cc/3",
        "Commissioner appointed",
        "The Department for Education appointed a commissioner after an inadequate "
        "inspection; the commissioner will report on leadership.",
        date(2014, 2, 1),
        (BIRMINGHAM,),
        kind="government_notice",
        source="govuk",
    ),
    report(
        text="Inspection of children's social care services. The experiences and progress of "
        "care leavers are inadequate. Social workers have high caseloads.",
        published=date(2016, 7, 21),
    ),
]


@pytest.fixture
def loaded(archive: Archive) -> Archive:
    for doc in DOCS:
        archive.store_document(doc)
    return archive


def urls(result) -> set[str]:  # type: ignore[no-untyped-def]
    return {h.url for h in result.hits}


def test_words_are_anded(loaded: Archive) -> None:
    assert urls(loaded.search("inadequate")) == {"https://cc/1", "https://cc/3", DOCS[3].url}
    assert urls(loaded.search("inadequate commissioner")) == {"https://cc/3"}
    assert urls(loaded.search("inadequate AND commissioner")) == {"https://cc/3"}


def test_stemming_finds_word_forms(loaded: Archive) -> None:
    assert "https://cc/3" in urls(loaded.search("inspections"))
    assert "https://cc/2" in urls(loaded.search("placement"))


def test_phrase(loaded: Archive) -> None:
    assert urls(loaded.search('"care leavers"')) == {"https://cc/1", DOCS[3].url}
    assert loaded.search('"leavers care"').total == 0


def test_or_not_minus_and_groups(loaded: Archive) -> None:
    assert urls(loaded.search("fostering OR commissioner")) == {"https://cc/2", "https://cc/3"}
    assert urls(loaded.search("inadequate NOT commissioner")) == {"https://cc/1", DOCS[3].url}
    assert urls(loaded.search("inadequate -commissioner -trust")) == {DOCS[3].url}
    assert urls(loaded.search('(fostering OR trust) "social workers"')) == {"https://cc/1"}
    assert urls(loaded.search("inadequate -(trust OR commissioner)")) == {DOCS[3].url}


def test_prefix(loaded: Archive) -> None:
    assert urls(loaded.search("commission*")) == {"https://cc/3"}
    assert urls(loaded.search("unaccomp*")) == {"https://cc/2"}


def test_lowercase_operators_are_words(loaded: Archive) -> None:
    # "and"/"or"/"not" in lower case are searched for (and found) as ordinary words.
    assert loaded.search("fostering or commissioner").total == 0
    assert loaded.search("fostering OR commissioner").total == 2
    assert urls(loaded.search("leavers and welcomed")) == {"https://cc/1"}


def test_filters(loaded: Archive) -> None:
    assert urls(loaded.search("children", authority=KENT)) == {"https://cc/2"}
    # Birmingham is only mentioned in the Kent article: any role by default, or subject only.
    assert "https://cc/2" in urls(loaded.search("children", authority=BIRMINGHAM))
    assert "https://cc/2" not in urls(
        loaded.search("children", authority=BIRMINGHAM, role="subject")
    )
    assert urls(loaded.search("inadequate", kind="government_notice")) == {"https://cc/3"}
    assert urls(loaded.search("children", source="bbc")) == {"https://cc/2"}
    ranged = loaded.search("inadequate", since=date(2015, 1, 1), until=date(2017, 12, 31))
    assert urls(ranged) == {DOCS[3].url}
    both = loaded.search("children", authority=[KENT, BIRMINGHAM], role="subject")
    assert both.total == 3


def test_date_order_and_paging(loaded: Archive) -> None:
    result = loaded.search("children OR commissioner", order="date")
    dates = [h.published for h in result.hits]
    assert dates == sorted(dates, reverse=True) and len(dates) == 4
    page1 = loaded.search("children OR commissioner", order="date", limit=2)
    page2 = loaded.search("children OR commissioner", order="date", limit=2, offset=2)
    assert page1.total == page2.total == 4
    assert [h.url for h in page1.hits + page2.hits] == [h.url for h in result.hits]


def test_rank_order_prefers_title_and_frequency(loaded: Archive) -> None:
    hits = loaded.search("commissioner").hits
    assert hits[0].url == "https://cc/3"
    scored = loaded.search("inadequate OR commissioner").hits
    assert scored[0].url == "https://cc/3"  # matches both, twice
    assert all(a.score >= b.score for a, b in zip(scored, scored[1:], strict=False))


def test_snippets_highlight_matches(loaded: Archive) -> None:
    [hit] = loaded.search("fostering placements").hits
    assert f"{HIGHLIGHT_START}placements{HIGHLIGHT_END}" in hit.snippet
    assert hit.authorities == [KENT, BIRMINGHAM]  # subject first, then mentioned
    assert hit.kind == "news_article" and hit.source == "bbc"
    assert hit.published == date(2021, 9, 1)
    # A match only in the title still gets a highlighted snippet.
    [title_hit] = loaded.search("launched").hits
    assert f"{HIGHLIGHT_START}launched{HIGHLIGHT_END}" in title_hit.snippet


def test_counts_without_hits(loaded: Archive) -> None:
    result = loaded.search("children", limit=0)
    assert result.total == 3 and result.hits == []
    assert loaded.search("zebra").total == 0


@pytest.mark.parametrize(
    "hostile",
    [
        "'; DROP TABLE document; --",
        'x" OR 1=1 --',
        "NEAR(children trust)",
        "title:commissioner",
        "children & !trust | kent",
        "commissioner:*",
        "^children",
        "' OR ''='",
        "%_\\",
        "children)) UNION SELECT",
    ],
)
def test_injection_is_text(loaded: Archive, hostile: str) -> None:
    try:
        result = loaded.search(hostile)
    except QueryError:
        result = None  # a clear refusal is fine; a crash or a changed database is not
    if result is not None:
        assert result.total <= len(DOCS)
    assert loaded.stats()["documents"] == len(DOCS)
    assert loaded.search("children").total == 3


def test_fts_syntax_is_not_interpreted(loaded: Archive) -> None:
    # In FTS5 `title:commissioner` would be a column filter; here it is two plain words.
    assert urls(loaded.search("title:commissioner")) == set()
    assert urls(loaded.search("commissioner:appointed")) == {"https://cc/3"}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "empty query"),
        ("   ", "empty query"),
        ('"care leavers', "unbalanced quote"),
        ("(care OR leavers", "never closed"),
        ("care)", "no matching '('"),
        ("care AND", "needs a word"),
        ("OR care", "needs a word"),
        ("care AND OR leavers", "needs a word"),
        ("NOT", "needs a word"),
        ("-care", "cannot only exclude"),
        ("care OR -leavers", "cannot be one side of OR"),
        ("()", "empty parentheses"),
        ("; -- !!", "no searchable words"),
    ],
)
def test_malformed_queries_raise_query_error(loaded: Archive, query: str, message: str) -> None:
    with pytest.raises(QueryError, match=re.escape(message)):
        loaded.search(query)


def test_bad_order_is_a_query_error(loaded: Archive) -> None:
    with pytest.raises(QueryError, match="unknown order"):
        loaded.search("children", order="random")


def test_index_follows_updates_and_deletes(archive: Archive) -> None:
    stored = archive.store_document(
        article("https://a/1", "First", "alpha words", date(2020, 1, 1))
    )
    assert archive.search("alpha").total == 1
    archive.store_document(article("https://a/1", "First", "beta words", date(2020, 1, 1)))
    assert archive.search("alpha").total == 0 and archive.search("beta").total == 1
    with archive.session(write=True) as s:
        from storage.models import Document

        s.delete(s.get(Document, stored.document_id))
    assert archive.search("beta").total == 0


def test_huge_result_sets_are_ranked_within_a_window(
    loaded: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storage import search_sqlite

    exact = loaded.search("children")
    assert not exact.approximate
    monkeypatch.setattr(search_sqlite, "RANK_WINDOW", 2)  # both engines share the setting
    windowed = loaded.search("children")
    assert windowed.approximate and windowed.total == exact.total == 3
    assert len(windowed.hits) == 2
    assert not loaded.search("children", kind="news_article").approximate
    assert not loaded.search("children", order="date").approximate


def test_sqlite_plans_agree(loaded: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    """The date-index walk and the sort give the same pages; a huge result set is ranked
    within its newest matches and says so, with an exact total."""
    if loaded.backend != "sqlite":
        pytest.skip("SQLite plan choice")
    from storage import search_sqlite

    def pages(**kw: object) -> list[list[str]]:
        return [
            [
                h.url
                for h in loaded.search(
                    "children OR commissioner", order="date", limit=2, offset=o, **kw
                ).hits
            ]  # type: ignore[arg-type]
            for o in (0, 2)
        ]

    monkeypatch.setattr(search_sqlite, "PROBE_BUDGET", 10**9)
    walked = pages(), pages(authority=BIRMINGHAM)
    monkeypatch.setattr(search_sqlite, "PROBE_BUDGET", 0)
    assert (pages(), pages(authority=BIRMINGHAM)) == walked

    def filtered() -> list[list[str]]:
        return [
            [
                h.url
                for h in loaded.search(
                    "children OR inadequate", authority=BIRMINGHAM, order=order, limit=2
                ).hits
            ]
            for order in ("rank", "date")
        ]

    one_pass = filtered()
    monkeypatch.setattr(search_sqlite, "SURVIVOR_CAP", 0)  # force count + ordered queries
    assert filtered() == one_pass

    exact = loaded.search("children")
    assert not exact.approximate
    monkeypatch.setattr(search_sqlite, "RANK_WINDOW", 2)
    windowed = loaded.search("children")
    assert windowed.approximate and windowed.total == exact.total == 3
    assert len(windowed.hits) == 2
    assert not loaded.search("children", kind="news_article").approximate
