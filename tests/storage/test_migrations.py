"""Schema migrations: an archive made by an older revision is upgraded in place, rows kept;
the models agree with what the migrations build; bad databases give clear errors."""

from __future__ import annotations

from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from storage import Archive, ArchiveError
from storage.db import create_engine_for
from storage.migrate import (
    alembic_config,
    current_revision,
    head_revision,
    include_object,
    upgrade,
)
from storage.models import Base

# Rows written with plain SQL in the shape of revision 0001, as an old cswatch would have.
SEED_0001 = [
    "INSERT INTO authority (code, name, aliases, predecessors, successors) "
    "VALUES ('E08000025', 'Birmingham', '[]', '[]', '[]')",
    "INSERT INTO source (key, name) VALUES ('ofsted', 'Ofsted')",
    "INSERT INTO capture (id, url, status, headers, sha256, size, fetched_at, source_key) "
    "VALUES (1, 'https://f/1', 200, '{}', 'abc', 3, '2016-07-21 10:00:00', 'ofsted')",
    "INSERT INTO document (id, kind, title, text, url, canonical_url, published, source_key, "
    "capture_id, content_hash, record_hash, extraction_method, extraction_version, listing, "
    "pages, created_at, updated_at) VALUES (1, 'inspection_report', 'Birmingham SIF', "
    "'Services for children are inadequate', 'https://f/1', 'https://f/1', '2016-07-21', "
    "'ofsted', 1, 'h', 'r', '', '', '{}', '[]', '2016-07-21 10:00:00', '2016-07-21 10:00:00')",
    "INSERT INTO document_authority (document_id, authority_code, role, score, evidence) "
    "VALUES (1, 'E08000025', 'subject', 1.0, '')",
    "INSERT INTO inspection (id, document_id, authority_code, type, framework, published, "
    "findings, missing, flags) VALUES (1, 1, 'E08000025', 'sif', 'sif_2013', '2016-07-21', "
    "'[]', '[]', '[]')",
    "INSERT INTO judgement (inspection_id, area, grade, quote) "
    "VALUES (1, 'overall_effectiveness', 'inadequate', '')",
    "INSERT INTO event (authority_code, date, kind, title, document_id, inspection_id, grades) "
    "VALUES ('E08000025', '2016-07-21', 'inspection', 'Birmingham SIF', 1, 1, "
    '\'{"overall_effectiveness": "inadequate"}\')',
]
TABLES = [
    "authority",
    "source",
    "capture",
    "document",
    "document_authority",
    "inspection",
    "judgement",
    "event",
]


def _counts(engine) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in TABLES}


def _revisions() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def test_first_revision_archive_is_upgraded_in_place(db_url: str) -> None:
    engine = create_engine_for(db_url)
    revisions = _revisions()
    upgrade(engine, revisions[0])
    with engine.begin() as conn:
        for statement in SEED_0001:
            conn.execute(text(statement))
        if conn.dialect.name == "postgresql":
            # Explicit ids above: move the sequences on as the old code's inserts would have.
            for table in ("capture", "document", "inspection"):
                conn.execute(text(f"SELECT setval('{table}_id_seq', 1)"))
    seeded = _counts(engine)
    assert all(seeded.values())
    # Step through every later revision, then to head (a no-op while 0001 is the only one).
    for revision in [*revisions[1:], "head"]:
        upgrade(engine, revision)
        assert _counts(engine) == seeded
    with engine.connect() as conn:
        assert current_revision(conn) == head_revision()
    engine.dispose()

    archive = Archive.open(db_url)
    try:
        assert archive.search("inadequate").total == 1  # the index survived too
        # and the grade filter finds it (on SQLite through 0005's index of graded documents)
        from storage.facets import Filters, faceted_search

        graded = faceted_search(archive, "services", Filters(grade="inadequate"))
        assert [h.document_id for h in graded.result.hits] == [1]
        [event] = archive.timeline("E08000025")
        assert event.grades == {"overall_effectiveness": "inadequate"}
        assert event.date == date(2016, 7, 21)
        assert (event.url, event.source) == ("https://f/1", "ofsted")  # filled in by 0003
        assert archive.rebuild_events() == 1
        # and the upgraded archive takes new writes
        from tests.storage.factories import report

        assert archive.store_document(report(url="https://f/2", text="new")).status == "new"
    finally:
        archive.close()


def test_models_match_migrations(db_url: str) -> None:
    engine = create_engine_for(db_url)
    upgrade(engine)
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_object": include_object, "compare_type": False}
        )
        diffs = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert diffs == []


def test_open_twice_is_a_no_op(db_url: str) -> None:
    Archive.open(db_url).close()
    archive = Archive.open(db_url)
    assert archive.stats()["documents"] == 0
    archive.close()


def test_archive_from_a_newer_cswatch_is_refused(db_url: str) -> None:
    Archive.open(db_url).close()
    engine = create_engine_for(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'fffffffffff'"))
    engine.dispose()
    with pytest.raises(ArchiveError, match="newer cswatch"):
        Archive.open(db_url)


def test_unreachable_postgres_names_the_url_without_password() -> None:
    with pytest.raises(ArchiveError) as caught:
        Archive.open("postgresql+psycopg://reader:s3cret@127.0.0.1:1/archive")
    message = str(caught.value)
    assert "postgresql+psycopg://reader:***@127.0.0.1:1/archive" in message
    assert "s3cret" not in message
    assert "server is running" in message


def test_plain_postgresql_url_uses_psycopg() -> None:
    with pytest.raises(ArchiveError, match=r"postgresql\+psycopg://"):
        Archive.open("postgresql://nobody@127.0.0.1:1/x")


def test_unopenable_sqlite_path(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ArchiveError, match="directory exists"):
        Archive.open(f"sqlite:///{tmp_path}/missing/dir/x.db")


def test_not_a_url() -> None:
    with pytest.raises(ArchiveError, match="not a database URL"):
        Archive.open("archive.db")


def test_url_from_environment_and_default(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CSWATCH_DB", f"sqlite:///{tmp_path}/env.db")
    Archive.open().close()
    assert (tmp_path / "env.db").exists()
    monkeypatch.delenv("CSWATCH_DB")
    monkeypatch.chdir(tmp_path)
    Archive.open().close()
    assert (tmp_path / "cswatch.db").exists()


def test_sqlite_pragmas(tmp_path) -> None:  # type: ignore[no-untyped-def]
    archive = Archive.open(f"sqlite:///{tmp_path}/p.db")
    with archive.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    archive.close()
