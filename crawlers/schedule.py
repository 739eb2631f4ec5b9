"""When each crawl job runs: `[schedule]` in sources.toml (intervals or cron expressions).

A job is a spider name (ofsted, feeds, listings); its runs are recorded in `crawl_run` under
that name, so the last start time the scheduler needs is in the archive, not in a state file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from croniter import CroniterBadCronError, croniter

from crawlers.sources import SOURCES_FILE, SourcesError, seconds

JOB_SPIDERS = {
    # spider name → arguments for a scheduled run
    "ofsted": {},
    "feeds": {"due_only": "1"},
    "listings": {},
}


@dataclass(frozen=True)
class Job:
    name: str
    every: int | None = None  # seconds, for an interval
    cron: str | None = None  # five fields, UTC

    def next_run(self, last_start: datetime | None, now: datetime) -> datetime:
        """When this job is next due: now if it never ran."""
        if last_start is None:
            return now
        if self.every is not None:
            return last_start + timedelta(seconds=self.every)
        return croniter(self.cron, last_start.astimezone(UTC)).get_next(datetime)

    def describe(self) -> str:
        return f"every {self.every}s" if self.every is not None else f"cron {self.cron!r}"


@dataclass(frozen=True)
class Schedule:
    jobs: dict[str, Job]
    jitter: int = 0  # seconds

    def due(self, last_starts: dict[str, datetime | None], now: datetime) -> list[str]:
        return [n for n, j in self.jobs.items() if j.next_run(last_starts.get(n), now) <= now]

    def next_wake(self, last_starts: dict[str, datetime | None], now: datetime) -> datetime:
        return min(j.next_run(last_starts.get(n), now) for n, j in self.jobs.items())


def _job(name: str, value: Any) -> Job:
    if name not in JOB_SPIDERS:
        raise SourcesError(f"[schedule.jobs] {name}: unknown job; known: {', '.join(JOB_SPIDERS)}")
    text = str(value).strip()
    if len(text.split()) == 5:
        try:
            croniter(text)
        except (CroniterBadCronError, ValueError) as exc:
            raise SourcesError(f"[schedule.jobs] {name}: bad cron expression {text!r}") from exc
        return Job(name, cron=text)
    every = seconds(value)
    if every <= 0:
        raise SourcesError(f"[schedule.jobs] {name}: interval must be positive")
    return Job(name, every=every)


def load_schedule(path: Path | None = None) -> Schedule:
    data = tomllib.loads((path or SOURCES_FILE).read_text(encoding="utf-8"))
    raw = data.get("schedule") or {}
    jobs = {name: _job(name, value) for name, value in (raw.get("jobs") or {}).items()}
    if not jobs:
        raise SourcesError("sources.toml has no [schedule.jobs]")
    return Schedule(jobs, seconds(raw.get("jitter", 0)))
