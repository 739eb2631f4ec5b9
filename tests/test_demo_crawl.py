"""End to end: the bundled sample web crawled into a fresh SQLite archive, twice.

Runs `cswatch demo` in a subprocess because Twisted's reactor cannot restart in one process.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def cswatch(*args: str, db: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, CSWATCH_DB=f"sqlite:///{db}")
    proc = subprocess.run(
        [sys.executable, "-m", "cswatch.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"cswatch {' '.join(args)} exited {proc.returncode}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="module")
def demo_archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict]]:
    db = tmp_path_factory.mktemp("demo") / "archive.db"
    first = cswatch("demo", db=db)
    runs_after_first = runs(db)
    second = cswatch("demo", db=db)
    return db, [first, second, runs_after_first, runs(db)]


def runs(db: Path) -> list[dict]:
    with sqlite3.connect(db) as con:
        rows = con.execute("select counts from crawl_run order by id").fetchall()
    return [json.loads(r[0]) for r in rows]


def scalar(db: Path, sql: str) -> int:
    with sqlite3.connect(db) as con:
        return con.execute(sql).fetchone()[0]


def test_demo_stores_reports_for_every_sample_authority(demo_archive):
    db, (first, *_rest) = demo_archive
    assert "Birmingham" in first.stdout
    assert scalar(db, "select count(*) from document where kind = 'inspection_report'") >= 10
    subjects = scalar(
        db,
        "select count(distinct authority_code) from document_authority where role = 'subject'",
    )
    assert subjects >= 6


def test_birmingham_timeline_tells_its_real_history(demo_archive):
    db, _ = demo_archive
    out = cswatch("timeline", "Birmingham Children's Trust", "--format", "json", db=db).stdout
    events = json.loads(out)["events"]
    # Inspection events only: the timeline also carries press and government notices (no grades).
    graded = [e for e in events if e.get("grades")]
    grades = {e["date"][:4]: e["grades"].get("overall_effectiveness") for e in graded}
    assert grades.get("2014") == "inadequate"
    assert grades.get("2016") == "inadequate"
    assert grades.get("2019") == "requires_improvement"
    assert grades.get("2023") == "good"
    dates = [e["date"] for e in events]
    assert dates == sorted(dates)
    # Press coverage sits on the same timeline (bundled press sample web).
    kinds = {e["kind"] for e in events}
    assert {"press", "government_notice"} <= kinds, kinds
    # ILACS reports print no publication date: Ofsted's listing date is it.
    assert "2023-04-18" in dates


def test_report_not_found_page_is_recorded_as_not_a_pdf(demo_archive):
    db, _ = demo_archive
    assert scalar(db, "select count(*) from fetch_error where kind = 'not_a_pdf'") >= 1


def test_second_run_downloads_no_body_and_adds_no_document(demo_archive):
    db, (_first, second, after_first, after_second) = demo_archive
    assert second.returncode == 0
    first_counts, second_counts = after_first[-1], after_second[-1]
    assert first_counts["documents_new"] >= 10
    assert second_counts["documents_new"] == 0
    assert second_counts["bodies_downloaded"] == 0, second_counts
    assert second_counts["not_modified"] >= 6
    # The unchanged provider pages were replayed from the archive, so every known report link
    # was seen again and skipped without a request; only the "Report not found" link errs.
    reports = scalar(db, "select count(*) from document where kind = 'inspection_report'")
    assert second_counts["skipped_known"] == reports
    assert second_counts["errors_by_kind"] == first_counts["errors_by_kind"] == {"not_a_pdf": 1}
    docs = scalar(db, "select count(*) from document")
    assert docs == scalar(db, "select count(distinct canonical_url) from document")
