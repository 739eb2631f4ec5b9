"""The readable views (migration 0004) on SQLite and PostgreSQL, read the way a researcher
would read them: plain SQL through the database's own client, with no cswatch code involved
on the SQLite side (the stdlib sqlite3 module, like the sqlite3 shell or Datasette)."""

from __future__ import annotations

import os
import sqlite3
from datetime import date
from typing import Any

import pytest
from alembic import command
from sqlalchemy import text

from storage import Archive
from storage.db import create_engine_for
from storage.migrate import MIGRATIONS, alembic_config, head_revision
from tests.storage.factories import (
    AUTHORITIES,
    BIRMINGHAM,
    KENT,
    NORTH_NORTHANTS,
    article,
    capture,
    report,
)

VERSIONS = MIGRATIONS / "versions"
VIEWS = {"timeline_view", "document_view", "judgement_view", "latest_grades"}


@pytest.fixture
def filled(archive: Archive) -> Archive:
    archive.sync_authorities(AUTHORITIES)
    for n, (published, grade) in enumerate(
        [(date(2014, 5, 23), "inadequate"), (date(2023, 4, 18), "good")], start=1
    ):
        url = f"https://files.ofsted.gov.uk/v1/file/{n}"
        archive.store_document(
            report(published=published, grade=grade, url=url, text=f"Birmingham is {grade}."),
            archive.record_capture(capture(url, body=f"pdf {n}".encode())),
        )
    archive.store_document(
        report(code=KENT, published=date(2022, 12, 1), grade="outstanding", url="https://f/kent")
    )
    archive.store_document(
        article(
            "https://www.communitycare.co.uk/a",
            "Two councils share a trust",
            "Kent and Birmingham.",
            date(2024, 1, 5),
            subjects=(KENT, BIRMINGHAM),
            mentioned=(NORTH_NORTHANTS,),
        )
    )
    return archive


def rows(archive: Archive, sql: str, **params: Any) -> list[dict[str, Any]]:
    with archive.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(text(sql), params)]


def iso(value: Any) -> str | None:
    """Dates come back as date objects from PostgreSQL and as ISO text from SQLite."""
    return value.isoformat() if hasattr(value, "isoformat") else value


def test_timeline_view_reads_as_a_timeline(filled: Archive) -> None:
    got = rows(
        filled,
        "SELECT * FROM timeline_view WHERE authority_code = :c ORDER BY date",
        c=BIRMINGHAM,
    )
    assert [(iso(r["date"]), r["kind"], r["headline_grade"]) for r in got] == [
        ("2014-05-23", "inspection", "inadequate"),
        ("2023-04-18", "inspection", "good"),
        ("2024-01-05", "press", None),
    ]
    first = got[0]
    assert first["authority_name"] == "Birmingham"
    assert first["inspection_type"] == "sif"
    assert first["url"] == "https://files.ofsted.gov.uk/v1/file/1"
    assert first["source"] == "ofsted"


def test_document_view_lists_subject_authorities_and_citation(filled: Archive) -> None:
    (press,) = rows(filled, "SELECT * FROM document_view WHERE kind = 'news_article'")
    # Subjects only, in code order; the mentioned authority is not one.
    assert press["subject_authorities"] == f"{BIRMINGHAM}, {KENT}"
    assert press["title"] == "Two councils share a trust"
    assert iso(press["published"]) == "2024-01-05"
    assert press["source"] == "communitycare"
    first = rows(filled, "SELECT * FROM document_view WHERE url LIKE '%/file/1'")[0]
    assert first["capture_sha256"] and len(first["capture_sha256"]) == 64
    assert first["captured_at"] is not None
    total = rows(filled, "SELECT count(*) AS n FROM document_view")[0]["n"]
    assert total == 4


def test_judgement_view_has_quote_and_dates(filled: Archive) -> None:
    got = rows(filled, "SELECT * FROM judgement_view ORDER BY published")
    assert [(r["authority_name"], r["grade"]) for r in got] == [
        ("Birmingham", "inadequate"),
        ("Kent", "outstanding"),
        ("Birmingham", "good"),
    ]
    assert got[0]["quote"] == "Overall: inadequate"
    assert got[0]["area"] == "overall_effectiveness"
    assert got[0]["framework"] == "sif_2013"
    assert {"start_date", "end_date", "page", "url", "inspection_type"} <= set(got[0])


def test_latest_grades_is_the_newest_overall_grade_per_authority(filled: Archive) -> None:
    got = {r["authority_code"]: r for r in rows(filled, "SELECT * FROM latest_grades")}
    assert set(got) == {BIRMINGHAM, KENT}
    assert got[BIRMINGHAM]["grade"] == "good"  # 2023, not the 2014 inadequate
    assert iso(got[BIRMINGHAM]["published"]) == "2023-04-18"
    assert got[KENT]["grade"] == "outstanding"
    assert got[KENT]["url"] == "https://f/kent"


def test_views_read_with_plain_sqlite3(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """What the README shows: the archive file opened by sqlite3 alone."""
    path = tmp_path / "archive.db"
    archive = Archive.open(f"sqlite:///{path}")
    archive.sync_authorities(AUTHORITIES)
    archive.store_document(report())
    archive.close()
    with sqlite3.connect(path) as con:
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
        assert VIEWS <= names
        row = con.execute(
            "SELECT authority_name, date, headline_grade FROM timeline_view"
        ).fetchone()
    assert row == ("Birmingham", "2016-07-21", "inadequate")


LATER_REVISION = """
from alembic import op
import sqlalchemy as sa

revision = "9999"
down_revision = "{head}"


def upgrade():
    # SQLite rebuilds the table; PostgreSQL alters it in place.
    sqlite = op.get_bind().dialect.name == "sqlite"
    # (Leaf tables only: rebuilding a parent such as document with foreign keys on would
    # cascade its DROP to the children; that is a separate matter for such a revision.)
    for table in ("event", "judgement"):
        with op.batch_alter_table(table, recreate="always" if sqlite else "auto") as batch:
            batch.add_column(sa.Column("note", sa.Text))
"""


def test_views_survive_a_later_table_rebuild(db_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A later revision that rebuilds tables (SQLite batch mode: copy, drop, rename), run
    by our Alembic environment, must leave the views working."""
    archive = Archive.open(db_url)
    archive.sync_authorities(AUTHORITIES)
    archive.store_document(report())
    archive.close()
    later = tmp_path / "later"
    later.mkdir()
    (later / "9999_rebuild.py").write_text(LATER_REVISION.format(head=head_revision()))
    engine = create_engine_for(db_url)
    with engine.connect() as conn:
        config = alembic_config(conn)
        config.set_main_option("version_locations", os.pathsep.join([str(VERSIONS), str(later)]))
        command.upgrade(config, "9999")
        conn.commit()
        got = [
            dict(r._mapping)
            for r in conn.execute(
                text(
                    "SELECT authority_name, headline_grade, note FROM timeline_view "
                    "CROSS JOIN (SELECT note FROM event) AS e"
                )
            )
        ]
        grades = [r[0] for r in conn.execute(text("SELECT grade FROM latest_grades"))]
        subjects = [
            r[0] for r in conn.execute(text("SELECT subject_authorities FROM document_view"))
        ]
    engine.dispose()
    assert got == [{"authority_name": "Birmingham", "headline_grade": "inadequate", "note": None}]
    assert grades == ["inadequate"]
    assert subjects == [BIRMINGHAM]  # a view over a table the revision did not touch


def test_downgrade_removes_the_views(db_url: str) -> None:
    archive = Archive.open(db_url)
    archive.close()
    engine = create_engine_for(db_url)
    with engine.connect() as conn:
        command.downgrade(alembic_config(conn), "0003")
        conn.commit()
        if conn.dialect.name == "sqlite":
            sql = "SELECT name FROM sqlite_master WHERE type = 'view'"
        else:
            sql = "SELECT table_name FROM information_schema.views WHERE table_schema = 'public'"
        left = {r[0] for r in conn.execute(text(sql))}
    engine.dispose()
    assert not VIEWS & left
