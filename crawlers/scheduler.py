"""`cswatch schedule`: run each crawl job when it is due, one run at a time, until SIGTERM.

Each run is a child process (`cswatch crawl-jobs JOB...`): Twisted's reactor cannot restart
in one process, and a child that crashes or leaks cannot take the scheduler with it. The
scheduler holds the archive's "schedule" lock (storage/locks.py) for its whole life, so a
second scheduler or a cron-started `--once` never overlaps a run; it exits quietly instead.
"""

from __future__ import annotations

import logging
import random
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawlers.schedule import Schedule, load_schedule
from storage.archive import Archive
from storage.locks import exclusive
from storage.runs import last_runs, mark_killed_runs

log = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[1]
# How long a child gets to finish its in-flight requests after SIGTERM before it is killed.
STOP_GRACE = 60
# Never sleep longer than this: sources.toml or the clock may change under a long wait.
MAX_SLEEP = 300


class Scheduler:
    def __init__(
        self,
        db: str | None,
        *,
        schedule: Schedule | None = None,
        jitter: int | None = None,
        sample_web: bool = False,
        say: Callable[[str], None] = print,
    ) -> None:
        self.db = db
        self.schedule = schedule or load_schedule()
        self.jitter = self.schedule.jitter if jitter is None else jitter
        self.sample_web = sample_web
        self.say = say
        self.stop = threading.Event()
        self.child: subprocess.Popen[bytes] | None = None
        self.attempted: dict[str, datetime] = {}

    def _on_signal(self, signum: int, _frame: Any) -> None:
        self.say(f"received {signal.Signals(signum).name}: stopping after the current run")
        self.stop.set()
        if self.child is not None and self.child.poll() is None:
            self.child.send_signal(signal.SIGTERM)  # Scrapy's graceful shutdown

    def _last_starts(self, archive: Archive) -> dict[str, datetime | None]:
        starts: dict[str, datetime | None] = {
            n: r.started_at for n, r in last_runs(archive).items()
        }
        # A run that died before recording itself must not be retried in a tight loop.
        for name, when in self.attempted.items():
            known = starts.get(name)
            starts[name] = when if known is None or when > known else known
        return starts

    def run_jobs(self, jobs: list[str], archive: Archive | None = None) -> int:
        args = [sys.executable, "-m", "cswatch.cli"]
        if self.db:
            args += ["--db", self.db]
        args += ["crawl-jobs", *jobs] + (["--sample-web"] if self.sample_web else [])
        now = datetime.now(UTC)
        for job in jobs:
            self.attempted[job] = now
        self.say(f"{now:%Y-%m-%d %H:%M:%S}Z running {', '.join(jobs)}")
        self.child = subprocess.Popen(args, cwd=ROOT)
        try:
            while True:
                try:
                    return self.child.wait(timeout=1)
                except subprocess.TimeoutExpired:
                    if self.stop.is_set():
                        try:
                            return self.child.wait(timeout=STOP_GRACE)
                        except subprocess.TimeoutExpired:
                            self.child.kill()
                            code = self.child.wait()
                            if archive is not None:
                                # We hold the schedule lock: runs begun since are the child's.
                                killed = mark_killed_runs(archive, now, datetime.now(UTC))
                                self.say(
                                    f"killed the crawl after {STOP_GRACE}s; {killed} "
                                    "run(s) recorded as interrupted"
                                )
                            return code
        finally:
            self.child = None

    def run(self, *, once: bool) -> int:
        """0 when every run went well (or another scheduler holds the lock), 2 when a run
        failed outright: cron and systemd see it."""
        archive = Archive.open(self.db)
        previous = {s: signal.signal(s, self._on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
        worst = 0
        try:
            with exclusive(archive, "schedule") as held:
                if not held:
                    self.say("another cswatch schedule is running on this archive; nothing to do")
                    return 0
                while not self.stop.is_set():
                    now = datetime.now(UTC)
                    due = self.schedule.due(self._last_starts(archive), now)
                    if due:
                        if self.jitter and self.stop.wait(random.uniform(0, self.jitter)):
                            break
                        code = self.run_jobs(due, archive)
                        # A run cut short because we were told to stop says nothing about the
                        # sources' health: a stopped service exits 0, as systemd expects.
                        if not self.stop.is_set():
                            worst = max(worst, code)
                    if once:
                        break
                    now = datetime.now(UTC)
                    wake = self.schedule.next_wake(self._last_starts(archive), now)
                    wait = min(max((wake - now).total_seconds(), 1.0), MAX_SLEEP)
                    self.say(f"next run due {wake:%Y-%m-%d %H:%M:%S}Z")
                    self.stop.wait(wait)
        finally:
            for s, handler in previous.items():
                signal.signal(s, handler)
            archive.close()
        return worst


def next_runs(archive: Archive, schedule: Schedule | None = None) -> dict[str, dict[str, Any]]:
    """Per job: its cadence, last run and when it is next due (for `cswatch status`)."""
    schedule = schedule or load_schedule()
    runs = last_runs(archive)
    now = datetime.now(UTC)
    out: dict[str, dict[str, Any]] = {}
    for name, job in schedule.jobs.items():
        last = runs.get(name)
        nxt = job.next_run(last.started_at if last else None, now)
        out[name] = {
            "cadence": job.describe(),
            "last_run": last,
            "next_run": nxt,
        }
    return out
