"""The SQLite index of graded documents (`document_fts_graded`, migration 0005) holds exactly the
documents with a headline judgement, with their current title, text and grades, whatever writes the
archive: the single and bulk store paths, re-storing, deletes with and without foreign-key
cascades (cswatch reprocess, a researcher's sqlite3), direct updates, and the upgrade of an
archive that already has rows.

"Exactly" is checked token by token: the index is compared, through fts5vocab, with a fresh
FTS5 table built from what it should hold."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from pipeline.records import Judgement
from storage import Archive
from storage.db import create_engine_for
from storage.facets import Filters, faceted_search
from storage.migrate import upgrade
from tests.storage.factories import BIRMINGHAM, KENT, article, report

HEADLINE = "('overall_effectiveness', 'send_outcome')"
TOKENIZER = "porter unicode61 remove_diacritics 2"


def graded_index_state(con: sqlite3.Connection) -> tuple[set[int], set[int], bool]:
    """(ids that should be indexed, ids that are, whether the tokens agree exactly)."""
    grades: dict[int, list[str]] = {}
    for doc_id, grade in con.execute(
        "SELECT i.document_id, j.grade FROM inspection AS i "
        "JOIN judgement AS j ON j.inspection_id = i.id "
        f"JOIN document AS d ON d.id = i.document_id WHERE j.area IN {HEADLINE} ORDER BY j.id"
    ):
        grades.setdefault(doc_id, []).append("grade" + grade.replace("_", ""))
    expected = set(grades)
    indexed = {r[0] for r in con.execute("SELECT id FROM document_fts_graded_docsize")}
    con.execute(
        f"CREATE VIRTUAL TABLE temp.ref USING fts5(title, text, grades, tokenize='{TOKENIZER}')"
    )
    try:
        for doc_id, tokens in grades.items():
            con.execute(
                "INSERT INTO temp.ref(rowid, title, text, grades) "
                "SELECT id, title, text, ? FROM document WHERE id = ?",
                (" ".join(tokens), doc_id),
            )
        con.execute("CREATE VIRTUAL TABLE temp.ref_v USING fts5vocab(temp, ref, instance)")
        con.execute(
            "CREATE VIRTUAL TABLE temp.graded_v "
            "USING fts5vocab(main, document_fts_graded, instance)"
        )
        rows = "SELECT term, doc, col, offset FROM temp.{} ORDER BY 1, 2, 3, 4"
        same = (
            con.execute(rows.format("ref_v")).fetchall()
            == con.execute(rows.format("graded_v")).fetchall()
        )
    finally:
        for table in ("graded_v", "ref_v", "ref"):
            con.execute(f"DROP TABLE IF EXISTS temp.{table}")
    return expected, indexed, same


def assert_consistent(path: Path) -> set[int]:
    """The graded index is exactly right; returns the ids it holds."""
    con = sqlite3.connect(path)
    try:
        expected, indexed, same = graded_index_state(con)
    finally:
        con.close()
    assert indexed == expected
    assert same, "document_fts_graded's tokens differ from its documents' current text"
    return indexed


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "archive.db"


@pytest.fixture
def archive(path: Path) -> Iterator[Archive]:
    a = Archive.open(f"sqlite:///{path}")
    yield a
    a.close()


def _ungraded(doc):  # type: ignore[no-untyped-def]
    """The report with only a non-headline judgement (a focused visit's area, say)."""
    insp = replace(doc.inspection, judgements=[Judgement("leadership", "good", "", 1)])
    return replace(doc, inspection=insp)


def test_store_restore_and_delete_keep_the_index_exact(archive: Archive, path: Path) -> None:
    a = archive.store_document(
        report(url="https://f/1", text="Leaders failed toddlers")
    ).document_id
    archive.store_document(report(url="https://f/2", grade="good", text="Leaders thrived"))
    archive.store_document(article("https://n/1", "Council news", "leaders said", date(2020, 1, 1)))
    archive.store_document(_ungraded(report(url="https://f/3", text="a visit")))
    assert len(assert_consistent(path)) == 2

    # New text: the old words go, the new ones come (re-stored through the update path).
    archive.store_document(report(url="https://f/1", text="Leaders improved adolescents"))
    assert_consistent(path)
    found = faceted_search(archive, "toddlers", Filters(grade="inadequate"))
    assert found.result.total == 0
    found = faceted_search(archive, "adolescents", Filters(grade="inadequate"))
    assert [h.document_id for h in found.result.hits] == [a]

    # Re-stored without a headline judgement: it leaves; with one again: it comes back.
    archive.store_document(_ungraded(report(url="https://f/1", text="Leaders improved")))
    assert a not in assert_consistent(path)
    archive.store_document(report(url="https://f/1", text="Leaders improved again"))
    assert a in assert_consistent(path)

    # Deleted with cascades (foreign keys on, as the archive's connections have them).
    with archive.engine.begin() as conn:
        conn.execute(text("DELETE FROM document WHERE id = :id"), {"id": a})
    assert a not in assert_consistent(path)
    # FTS5's own rebuild reads the content view: the same index again.
    con = sqlite3.connect(path)
    with con:
        con.execute("INSERT INTO document_fts_graded(document_fts_graded) VALUES ('rebuild')")
    con.close()
    assert len(assert_consistent(path)) == 1


def test_bulk_path_indexes_graded_documents(archive: Archive, path: Path) -> None:
    docs = [
        report(url=f"https://f/{i}", code=BIRMINGHAM if i % 2 else KENT, text=f"report {i} leaders")
        for i in range(20)
    ] + [article(f"https://n/{i}", "news", f"leaders {i}", date(2020, 1, 1)) for i in range(20)]
    assert archive.bulk_insert_documents(docs, batch_size=7) == 40
    assert len(assert_consistent(path)) == 20
    assert faceted_search(archive, "leaders", Filters(grade="inadequate")).result.total == 20


def test_reprocess_style_deletes_without_cascades(archive: Archive, path: Path) -> None:
    """tests/ops/test_reprocess.py empties the derived tables with plain sqlite3 (foreign keys
    off, so no cascades), child tables first, then reprocess stores everything again."""
    for i in range(5):
        archive.store_document(report(url=f"https://f/{i}", text=f"report {i}"))
    archive.store_document(article("https://n/1", "news", "text", date(2020, 1, 1)))
    assert len(assert_consistent(path)) == 5
    con = sqlite3.connect(path)
    with con:
        for table in ("event", "judgement", "inspection", "document_authority", "document"):
            con.execute(f"DELETE FROM {table}")
    con.close()
    assert assert_consistent(path) == set()
    for i in range(5):
        archive.store_document(report(url=f"https://f/{i}", text=f"report {i} again"))
    assert len(assert_consistent(path)) == 5


def test_document_deleted_without_cascade_leaves_the_index(archive: Archive, path: Path) -> None:
    """A document deleted by a connection without foreign keys leaves orphan judgements; the
    index must still drop it (the orphans can never match a document again)."""
    doc_id = archive.store_document(report(url="https://f/1")).document_id
    con = sqlite3.connect(path)
    with con:
        con.execute("DELETE FROM document WHERE id = ?", (doc_id,))
    assert con.execute("SELECT count(*) FROM judgement").fetchone() == (1,)
    with con:
        con.execute("DELETE FROM inspection")  # then the orphans: nothing left to take out
    con.close()
    assert assert_consistent(path) == set()


def test_direct_updates_of_judgements_and_inspections(archive: Archive, path: Path) -> None:
    one = archive.store_document(report(url="https://f/1")).document_id
    two = archive.store_document(_ungraded(report(url="https://f/2"))).document_id
    assert assert_consistent(path) == {one}
    con = sqlite3.connect(path)
    with con:  # the headline judgement becomes another area: no longer graded
        con.execute("UPDATE judgement SET area = 'leadership' WHERE area = 'overall_effectiveness'")
    assert assert_consistent(path) == set()
    with con:
        con.execute("UPDATE judgement SET area = 'send_outcome' WHERE id = 1")
    assert assert_consistent(path) == {one}
    with con:  # a grade corrected in place: the document's grade token changes
        con.execute("UPDATE judgement SET grade = 'requires_improvement' WHERE id = 1")
    assert assert_consistent(path) == {one}
    with con:  # the judgement moves to the other report's inspection
        con.execute(
            "UPDATE judgement SET inspection_id = "
            "(SELECT id FROM inspection WHERE document_id = ?) WHERE id = 1",
            (two,),
        )
    assert assert_consistent(path) == {two}
    with con:  # a title edit re-indexes a graded document only
        con.execute("UPDATE document SET title = 'Renamed report' WHERE id IN (?, ?)", (one, two))
    assert assert_consistent(path) == {two}
    with con:  # an inspection moved to another document (the unique key allows it once freed)
        con.execute("DELETE FROM inspection WHERE document_id = ?", (one,))
        con.execute("UPDATE inspection SET document_id = ? WHERE document_id = ?", (one, two))
    assert assert_consistent(path) == {one}
    con.close()


def _seed_0004(path: Path) -> None:
    """An archive at revision 0004 with graded and ungraded documents, written by the code of
    the time (the store path is unchanged by 0005, only triggers are added)."""
    engine = create_engine_for(f"sqlite:///{path}")
    upgrade(engine, "0004")
    engine.dispose()
    a = Archive.open(f"sqlite:///{path}", migrate=False)
    try:
        a.store_document(report(url="https://f/1", text="Leaders failed"))
        a.store_document(report(url="https://f/2", grade="good", text="Leaders succeeded"))
        a.store_document(_ungraded(report(url="https://f/3", text="Leaders visited")))
        a.store_document(article("https://n/1", "Leaders", "leaders", date(2020, 1, 1)))
    finally:
        a.close()


def test_upgrade_from_0004_with_rows_builds_the_index(path: Path) -> None:
    _seed_0004(path)
    con = sqlite3.connect(path)
    assert not con.execute(
        "SELECT 1 FROM sqlite_master WHERE name = 'document_fts_graded'"
    ).fetchall()
    con.close()
    archive = Archive.open(f"sqlite:///{path}")  # upgrades to head
    try:
        assert len(assert_consistent(path)) == 2
        found = faceted_search(archive, "leaders", Filters(grade="inadequate"))
        assert found.result.total == 1
        assert dict(found.facets["grade"]) == {"inadequate": 1}
        # and the triggers run from then on
        archive.store_document(report(url="https://f/4", text="Leaders again"))
        assert len(assert_consistent(path)) == 3
        # 0004's readable views still read
        with archive.engine.connect() as conn:
            for view in ("timeline_view", "document_view", "judgement_view", "latest_grades"):
                assert conn.execute(text(f"SELECT count(*) FROM {view}")).scalar_one() > 0
    finally:
        archive.close()


def test_downgrade_to_0004_and_back(path: Path) -> None:
    _seed_0004(path)
    engine = create_engine_for(f"sqlite:///{path}")
    upgrade(engine)
    from alembic import command

    from storage.migrate import alembic_config

    with engine.connect() as conn:
        command.downgrade(alembic_config(conn), "0004")
        conn.commit()
        names = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master"))}
    assert not {n for n in names if n.startswith("document_fts_graded")}
    upgrade(engine)
    engine.dispose()
    assert len(assert_consistent(path)) == 2
