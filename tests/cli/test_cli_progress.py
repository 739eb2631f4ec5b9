"""Crawl progress: the extension's counts (a real crawl of the sample web, in a subprocess as
Twisted's reactor cannot restart), and the CLI's displays, which write to stderr only."""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from rich.console import Console

from crawlers.progress import CrawlProgress
from cswatch import crawl_progress
from cswatch.crawl_progress import crawl_progress as progress_display
from tests.ops.helpers import ROOT

# Birmingham and Kent, plus one press source: two spiders run at once, each with its counts.
SCRIPT = textwrap.dedent(
    """
    import dataclasses, json, sys
    from crawlers.runner import run_crawl
    from sampleweb.server import SampleWeb
    snapshots = []
    with SampleWeb() as web:
        reports = run_crawl(
            {"feeds": {"sources": "communitycare"}, "ofsted": {"urns": ["80429", "80477"]}},
            db_url=sys.argv[1], sampleweb_url=web.base_url, progress=snapshots.append,
            overrides={"CSWATCH_PROGRESS_INTERVAL": 0.05},
        )
    print(json.dumps({
        "snapshots": [dataclasses.asdict(s) for s in snapshots],
        "reports": {r.spider: r.counts for r in reports},
    }))
    """
)


def crawl_with_progress(db: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, f"sqlite:///{db}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.splitlines()[-1])


def test_progress_counts_agree_with_the_run_reports(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    for run in (crawl_with_progress(db), crawl_with_progress(db)):  # fresh, then revalidating
        for spider, counts in run["reports"].items():
            mine = [s for s in run["snapshots"] if s["spider"] == spider]
            assert mine, f"no progress for {spider}"
            # One last snapshot, marked, and counts that only ever grow.
            assert [s["finished"] for s in mine] == [False] * (len(mine) - 1) + [True]
            for key in ("requests", "responses", "documents", "errors"):
                values = [s[key] for s in mine]
                assert values == sorted(values), (spider, key, values)
            last = mine[-1]
            assert last["requests"] == counts["requests"]
            assert last["responses"] == sum(counts["responses_by_status"].values())
            assert last["documents"] == sum(
                counts[f"documents_{k}"] for k in ("new", "updated", "unchanged")
            )
            assert last["errors"] == sum(counts["errors_by_kind"].values())
    fresh = crawl_with_progress(tmp_path / "other.db")
    last = {s["spider"]: s for s in fresh["snapshots"] if s["finished"]}
    assert last["ofsted"]["documents"] >= 5 and last["feeds"]["documents"] >= 1
    # The sample web's Birmingham page links one "Report not found" page: an error.
    assert last["ofsted"]["errors"] >= 1


def snapshot(spider: str = "ofsted", **counts: int) -> CrawlProgress:
    return CrawlProgress(spider, **counts)


def test_log_mode_writes_a_line_at_most_every_interval(monkeypatch) -> None:
    clock = iter([0.0, 10.0, 31.0, 40.0, 62.0])
    monkeypatch.setattr(crawl_progress.time, "monotonic", lambda: next(clock))
    err = io.StringIO()
    console = Console(file=err, width=60)  # a narrow log must not wrap a line
    with progress_display("auto", console=console) as callback:  # not a terminal: log
        assert callback is not None
        callback(snapshot(requests=5))  # 10 s in: too soon
        callback(snapshot("feeds", requests=2, documents=1))  # 31 s: a line
        callback(snapshot(requests=9, responses=9, documents=3, errors=1))  # 40 s: too soon
        callback(snapshot(requests=12, responses=12, documents=4, errors=1))  # 62 s: a line
    lines = err.getvalue().splitlines()
    assert len(lines) == 2
    assert "ofsted: 5 requests" in lines[0] and "feeds: 2 requests" in lines[0]
    assert "ofsted: 12 requests, 12 responses, 4 documents stored, 1 errors" in lines[1]


def test_bar_mode_draws_every_spider_on_stderr() -> None:
    err = io.StringIO()
    console = Console(file=err, force_terminal=True, width=100)
    with progress_display("bar", console=console) as callback:
        assert callback is not None
        callback(snapshot(requests=3, responses=2))
        callback(snapshot("feeds", requests=1))
        callback(snapshot(requests=9, responses=9, documents=5, errors=1, finished=True))
    shown = err.getvalue()
    assert "ofsted" in shown and "feeds" in shown
    assert "9 req · 9 resp · 5 docs · 1 err" in shown


def test_none_and_verbose_show_nothing() -> None:
    console = Console(file=io.StringIO())
    with progress_display("none", console=console) as callback:
        assert callback is None
    with progress_display("auto", verbose=True, console=console) as callback:
        assert callback is None  # Scrapy's own log is the progress


def run_with_terminal_stderr(*args: str, db: Path) -> tuple[str, str]:
    """Run cswatch with stderr on a pseudo-terminal (as at an operator's shell) and stdout on
    a pipe (as into jq): `--progress auto` must draw on the terminal and leave stdout alone."""
    master, slave = pty.openpty()
    chunks: list[bytes] = []

    def drain() -> None:  # a full pty buffer would block the child's writes
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed its end
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    env = dict(os.environ, CSWATCH_DB=f"sqlite:///{db}", COLUMNS="100", TERM="xterm")
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "cswatch.cli", *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=slave,
            timeout=180,
        )
    finally:
        os.close(slave)
    reader.join(timeout=10)
    os.close(master)
    assert proc.returncode == 0, b"".join(chunks)[-2000:]
    return proc.stdout.decode(), b"".join(chunks).decode("utf-8", "replace")


def test_on_a_terminal_progress_draws_on_stderr_and_json_stays_parseable(tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    args = ["crawl", "--sample-web", "--authority", "Birmingham", "--format", "json"]
    stdout, terminal = run_with_terminal_stderr(*args, db=db)
    [report] = json.loads(stdout)
    assert report["spider"] == "ofsted" and report["counts"]["documents_new"] >= 5
    assert "req ·" in terminal and "ofsted" in terminal
    # reprocess draws its own bar on a terminal, with the same promise about stdout.
    stdout, _terminal = run_with_terminal_stderr("reprocess", "--format", "json", db=db)
    assert json.loads(stdout)["captures"] > 0
