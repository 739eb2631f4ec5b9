"""`cswatch reprocess`: drop everything derived, rebuild it from the raw captures (WARC), and
get the same archive back, with no network."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.ops.helpers import canonical, cswatch, query

DERIVED = ["event", "judgement", "inspection", "document_authority", "document"]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("reprocess") / "archive.db"
    cswatch("demo", db=db)
    return db


def test_dropped_derived_tables_come_back_the_same(demo_db: Path) -> None:
    before = canonical(demo_db)
    assert len(before["documents"]) >= 30 and before["judgements"] and before["events"]
    assert any(row[-1] for row in before["events"]), "press linked to an inspection"
    # The bodies are in WARC files, not in the database.
    assert query(demo_db, "select count(*) from capture where body is not null") == [(0,)]
    with sqlite3.connect(demo_db) as con:
        for table in DERIVED:
            con.execute(f"delete from {table}")
    assert query(demo_db, "select count(*) from document") == [(0,)]

    out = cswatch("reprocess", "--format", "json", db=demo_db).stdout
    report = json.loads(out)
    assert canonical(demo_db) == before
    reports = report["documents_by_kind"]["inspection_report"]
    assert reports == {"new": len(before["inspections"])}
    assert report["totals_before"]["documents"] == 0
    assert report["totals_after"]["documents"] == len(before["documents"])
    # The "Report not found" page and the soft 404 are reported again, not stored.
    assert report["errors_by_kind"] == {"not_a_pdf": 1, "soft_404": 1}

    again = json.loads(cswatch("reprocess", "--format", "json", db=demo_db).stdout)
    assert all(set(c) == {"unchanged"} for c in again["documents_by_kind"].values()), again
    assert canonical(demo_db) == before


def test_reprocess_needs_no_network_and_reads_only_warc(demo_db: Path, tmp_path: Path) -> None:
    # Another copy of the archive whose WARC directory is gone: bodies cannot be invented.
    copy = tmp_path / "copy.db"
    with sqlite3.connect(demo_db) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    with sqlite3.connect(copy) as con:
        con.execute("delete from document")
    report = json.loads(cswatch("reprocess", "--format", "json", db=copy).stdout)
    assert report["errors_by_kind"].get("warc_unreadable", 0) >= 30
    assert query(copy, "select count(*) from document") == [(0,)]
