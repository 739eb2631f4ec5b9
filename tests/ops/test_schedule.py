"""`cswatch schedule` and `cswatch status`: runs on their cadence, never overlapping, stopping
cleanly on SIGTERM, and what an operator reads afterwards."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storage.archive import Archive
from storage.locks import exclusive
from tests.ops.helpers import ROOT, cswatch, query

RUN_KEYS = {
    "requests",
    "responses_by_status",
    "not_modified",
    "bodies_downloaded",
    "documents_new",
    "documents_updated",
    "duplicates",
    "errors_by_kind",
}


@pytest.fixture(scope="module")
def scheduled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    db = tmp_path_factory.mktemp("schedule") / "archive.db"
    first = cswatch("schedule", "--once", "--sample-web", "--jitter", "0", db=db)
    runs_after_first = query(db, "select source, status from crawl_run order by id")
    second = cswatch("schedule", "--once", "--sample-web", "--jitter", "0", db=db)
    return db, [first, runs_after_first, second]


def test_once_runs_every_job_that_never_ran_then_nothing_until_due(scheduled) -> None:
    db, (_first, runs_after_first, _second) = scheduled
    assert sorted(s for s, _ in runs_after_first) == ["feeds", "listings", "ofsted"]
    assert all(status != "running" for _, status in runs_after_first)
    # Straight away again: feeds are due every 30 minutes, Ofsted daily: nothing runs.
    assert query(db, "select count(*) from crawl_run") == [(3,)]


def test_status_json_has_last_and_next_runs_and_per_run_counts(scheduled) -> None:
    db, _ = scheduled
    data = json.loads(cswatch("status", "--format", "json", db=db).stdout)
    sources = data["sources"]
    assert set(sources) == {"feeds", "listings", "ofsted"}
    feeds = sources["feeds"]
    assert feeds["last_run"]["status"] in {"ok", "partial"}
    assert feeds["next_run"] > feeds["last_run"]["started_at"]
    for run in data["runs"]:
        assert RUN_KEYS <= set(run), run
    ofsted = sources["ofsted"]["last_run"]
    assert ofsted["documents_new"] >= 10 and ofsted["errors_by_kind"]["not_a_pdf"] == 1
    # Per-source health: requests, statuses, bytes, items, errors by kind.
    by_source = feeds["last_run"]["by_source"]
    assert {"communitycare", "bbc", "govuk"} <= set(by_source)
    cc = by_source["communitycare"]
    assert cc["requests"] > 0 and cc["bytes"] > 0 and cc["items"] > 0
    assert cc["errors_by_kind"] == {"soft_404": 1}
    assert data["errors_last_7_days"]["not_a_pdf"] == 1
    table = cswatch("status", db=db).stdout
    assert "ofsted" in table and "next" in table


def test_a_second_scheduler_does_not_overlap(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    archive = Archive.open(f"sqlite:///{db}")
    with exclusive(archive, "schedule") as held:
        assert held
        proc = cswatch("schedule", "--once", "--sample-web", "--jitter", "0", db=db)
    archive.close()
    assert "another cswatch schedule is running" in proc.stderr
    assert query(db, "select count(*) from crawl_run") == [(0,)]


def test_sigterm_stops_the_service_cleanly(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "cswatch.cli", "schedule", "--sample-web", "--jitter", "0"],
        cwd=ROOT,
        env=dict(os.environ, CSWATCH_DB=f"sqlite:///{db}"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if query(db, "select count(*) from crawl_run")[0][0] >= 1:
                    break
            except sqlite3.OperationalError:
                pass  # the schema is still being created
            time.sleep(0.2)
        proc.send_signal(signal.SIGTERM)  # mid-run: the crawl finishes its in-flight requests
        _out, err = proc.communicate(timeout=90)
    finally:
        proc.kill()
    assert proc.returncode == 0, err[-2000:]
    assert "stopping" in err
    statuses = query(db, "select status from crawl_run")
    assert statuses and all(s != "running" for (s,) in statuses), statuses
