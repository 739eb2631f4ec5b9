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
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage.archive import Archive
from storage.locks import exclusive
from storage.runs import mark_killed_runs, recent_runs
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


def _start(db: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "cswatch.cli", *args],
        cwd=ROOT,
        env=dict(os.environ, CSWATCH_DB=f"sqlite:///{db}"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_sigterm_stops_the_service_cleanly(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    proc = _start(db, "schedule", "--sample-web", "--jitter", "0")
    try:
        _wait_for_runs(db, proc)
        proc.send_signal(signal.SIGTERM)  # mid-run: the crawl finishes its in-flight requests
        _out, err = proc.communicate(timeout=90)
    finally:
        proc.kill()
    assert proc.returncode == 0, err[-2000:]
    assert "stopping" in err
    statuses = query(db, "select status from crawl_run")
    assert statuses and all(s != "running" for (s,) in statuses), statuses


def _wait_for_runs(db: Path, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if query(db, "select count(*) from crawl_run")[0][0] >= 1:
                return
        except sqlite3.OperationalError:
            pass  # the schema is still being created
        time.sleep(0.02)
    pytest.fail("no crawl_run row appeared")


def test_sigterm_while_spiders_open_ends_the_runs_as_interrupted(tmp_path: Path) -> None:
    """The moment the scheduler's SIGTERM most often lands: the runs are recorded, no request
    has gone out yet. Scrapy then stops without closing the spiders; the crawl must still
    exit at once (it used to hang until the scheduler killed it 60 s later) and close its
    runs, not leave them `running`."""
    for attempt in range(3):
        db = tmp_path / f"archive{attempt}.db"
        proc = _start(db, "crawl-jobs", "feeds", "listings", "ofsted", "--sample-web")
        try:
            _wait_for_runs(db, proc)
            sent = time.monotonic()
            proc.send_signal(signal.SIGTERM)
            out, err = proc.communicate(timeout=30)
        finally:
            proc.kill()
        assert time.monotonic() - sent < 20, "the crawl did not stop promptly"
        statuses = [s for (s,) in query(db, "select status from crawl_run")]
        assert statuses and "running" not in statuses, (statuses, err[-2000:])
        # A stopped crawl is not a failing source: cron must not be alerted for it.
        assert "failed" not in statuses, (statuses, out)
        assert proc.returncode == 0, err[-2000:]


def test_runs_left_by_a_killed_crawl_are_closed_as_interrupted(tmp_path: Path) -> None:
    archive = Archive.open(f"sqlite:///{tmp_path / 'archive.db'}")
    try:
        earlier = archive.start_run("feeds")
        archive.finish_run(earlier, {}, "ok")
        stale = archive.start_run("listings")  # a run from before, not this child's
        since = datetime.now(UTC)
        mine = [archive.start_run("feeds"), archive.start_run("ofsted")]
        assert mark_killed_runs(archive, since, datetime.now(UTC)) == 2
        status = {r.id: r.status for r in recent_runs(archive)}
        assert [status[i] for i in mine] == ["interrupted", "interrupted"]
        assert status[earlier] == "ok" and status[stale] == "running"
    finally:
        archive.close()
