"""Shared by the reliability tests: the fault site crawled twice into one archive (the archive
the security and load tests then serve), and `cswatch serve` in a subprocess on a free
127.0.0.1 port."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.reliability import faultsite

ROOT = Path(__file__).resolve().parents[2]


def run_crawl(site: faultsite.FaultSite, db: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "tests.reliability.crawl", str(site.root), f"sqlite:///{db}"]
        + ["--sources", str(site.sources)],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.splitlines()[-1])


@dataclass
class Crawled:
    site: faultsite.FaultSite
    db: Path
    first: dict
    second: dict
    documents_after_first: list[tuple]


@pytest.fixture(scope="session")
def fault_crawl(tmp_path_factory: pytest.TempPathFactory) -> Crawled:
    import sqlite3
    from contextlib import closing

    tmp = tmp_path_factory.mktemp("faults")
    site = faultsite.build(tmp / "site")
    db = tmp / "archive.db"
    first = run_crawl(site, db)
    with closing(sqlite3.connect(db)) as con:
        after_first = con.execute("select id, canonical_url, content_hash from document").fetchall()
    second = run_crawl(site, db)
    return Crawled(site, db, first, second, after_first)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def served(fault_crawl: Crawled, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`cswatch serve` (uvicorn) over the fault crawl's archive, with an exports directory
    holding one file and a secret beside it that must never be served."""
    tmp = tmp_path_factory.mktemp("serve")
    exports = tmp / "exports"
    exports.mkdir()
    (exports / "documents.csv").write_text("url,title\n")
    (tmp / "secret.txt").write_text("not for the web\n")
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT), CSWATCH_DB=f"sqlite:///{fault_crawl.db}")
    proc = subprocess.Popen(
        [sys.executable, "-m", "cswatch.cli", "serve", "--host", "127.0.0.1"]
        + ["--port", str(port), "--exports", str(exports)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(f"{base}/api/home", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"cswatch serve did not start: {proc.stderr.read().decode()[-2000:]}")
        time.sleep(0.1)
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
