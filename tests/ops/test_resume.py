"""A crawl killed with SIGKILL and started again ends with the same archive as a crawl that
was never interrupted: no document lost, none duplicated."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.ops.helpers import ROOT, canonical, query

# Slow enough to be killed halfway: one request at a time per host, a pause between them.
SLOW = {
    "DOWNLOAD_DELAY": 0.3,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
    "RANDOMIZE_DOWNLOAD_DELAY": False,
}


def crawl(db: Path, overrides: dict | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.ops.crawl_script",
            f"sqlite:///{db}",
            json.dumps(overrides or {}),
        ],
        cwd=ROOT,
        env=dict(os.environ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def documents(db: Path) -> int:
    try:
        return query(db, "select count(*) from document")[0][0]
    except sqlite3.OperationalError:
        return 0  # schema not created yet


def test_killed_crawl_resumes_to_the_same_archive(tmp_path: Path) -> None:
    clean_db = tmp_path / "clean.db"
    clean = crawl(clean_db)
    killed_db = tmp_path / "killed.db"
    victim = crawl(killed_db, SLOW)
    deadline = time.monotonic() + 120
    while documents(killed_db) < 6 and time.monotonic() < deadline:
        assert victim.poll() is None, "the crawl finished before it could be killed"
        time.sleep(0.1)
    victim.send_signal(signal.SIGKILL)
    victim.communicate(timeout=30)
    assert victim.returncode == -signal.SIGKILL
    partial = documents(killed_db)
    assert clean.wait(timeout=180) == 0, clean.stderr.read() if clean.stderr else ""
    expected = canonical(clean_db, any_original=True)
    assert 6 <= partial < len(expected["documents"])

    had_before = {
        u.removeprefix("https://files.ofsted.gov.uk")
        for (u,) in query(killed_db, "select url from document where url like '%files.ofsted%'")
    }
    resumed = crawl(killed_db)
    out, err = resumed.communicate(timeout=180)
    assert resumed.returncode == 0, err[-3000:]
    assert canonical(killed_db, any_original=True) == expected
    assert query(killed_db, "select count(*) from document") == [(len(expected["documents"]),)]
    # Nothing already archived was downloaded again: no Ofsted report file twice.
    files = {p for h, p in json.loads(out)["fetched"] if h == "files.ofsted.gov.uk"}
    assert not files & had_before, files & had_before
