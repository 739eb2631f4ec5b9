"""What the archive says about its own crawling: `cswatch status` (the overview), `cswatch runs`
(crawl runs, newest first) and `cswatch feeds` (every feed and its polling state). Registered
on the `cswatch` group by cswatch/cli.py; each speaks JSON for scripts and monitoring.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import click
from rich.console import Console

from cswatch.output import dumps, format_option, render


def run_json(run: Any) -> dict[str, Any] | None:
    return None if run is None else run_dict(run)


def run_dict(run: Any) -> dict[str, Any]:
    """A crawl_run row as status and runs print it: identity, then its recorded counts."""
    return {
        "id": run.id,
        "source": run.source,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "status": run.status,
        **run.counts,
    }


def status_report(archive: Any) -> dict[str, Any]:
    """What `cswatch status --format json` prints."""
    from crawlers.scheduler import next_runs
    from storage import runs

    week_ago = datetime.now(UTC) - timedelta(days=7)
    return {
        "archive": archive.stats(),
        "sources": {
            name: {**info, "last_run": run_json(info["last_run"])}
            for name, info in next_runs(archive).items()
        },
        "failing_sources": runs.failing_sources(archive),
        "failing_feeds": runs.failing_feeds(archive),
        "errors_last_7_days": runs.errors_by_kind(archive, week_ago),
        "runs": [run_json(r) for r in runs.recent_runs(archive)],
    }


def show_status(archive: Any, fmt: str) -> None:
    from cswatch.summary import print_stats

    data = status_report(archive)
    if fmt == "json":
        click.echo(dumps(data))
        return
    out = Console()
    print_stats(data["archive"], out)
    out.print("[bold]crawls[/bold]")
    for name, info in data["sources"].items():
        last = info["last_run"]
        when = f"{last['started_at']:%Y-%m-%d %H:%M}Z {last['status']}" if last else "never"
        out.print(
            f"  {name} ({info['cadence']}): last {when}; next {info['next_run']:%Y-%m-%d %H:%M}Z"
        )
        if last:
            errors = ", ".join(f"{k} {v}" for k, v in sorted(last["errors_by_kind"].items()))
            out.print(
                f"    {last.get('requests', 0)} requests, {last.get('not_modified', 0)} not "
                f"modified, {last.get('documents_new', 0)} new documents; "
                f"errors: {errors or 'none'}"
            )
    if data["failing_sources"]:
        out.print(f"[red]failing sources:[/red] {', '.join(data['failing_sources'])}")
    for feed in data["failing_feeds"]:
        out.print(
            f"[red]failing feed[/red] {feed['url']}: {feed['failures']}× {feed['last_error']}"
        )
    out.print(f"errors in the last 7 days: {data['errors_last_7_days'] or 'none'}")


@click.command()
@format_option("table", "json", help="json: the same facts for scripts and monitoring.")
@click.pass_obj
def status(obj: Any, fmt: str) -> None:
    """What the archive holds, the last and next run of each crawl, failing feeds and
    sources, and error counts.

    \b
    Examples:
      cswatch status
      cswatch status --format json | jq .archive.documents
      cswatch status --format json | jq -e '.failing_sources == []'    # for monitoring
    """
    show_status(obj.archive(), fmt)


@click.command()
@click.option("--limit", type=click.IntRange(1, 10_000), default=20, show_default=True)
@format_option(
    "table",
    "json",
    "csv",
    help="json: every recorded count of each run (as in `status`); csv: the table's columns.",
)
@click.pass_obj
def runs(obj: Any, limit: int, fmt: str) -> None:
    """Crawl runs, newest first: when, status, requests, new documents and errors.

    \b
    Examples:
      cswatch runs
      cswatch runs --limit 100 --format csv > runs.csv
      cswatch runs --format json | jq '.[] | select(.status == "failed") | .id'
    """
    from cswatch.cli import emit
    from storage import runs as stored_runs

    rows = [run_dict(r) for r in stored_runs.recent_runs(obj.archive(), limit)]
    if fmt == "json":
        emit(dumps(rows))
        return
    for row in rows:
        row["errors"] = sum((row.get("errors_by_kind") or {}).values())
    cols = ["id", "source", "started_at", "finished_at", "status", "requests"]
    cols += ["documents_new", "documents_updated", "errors"]
    if fmt == "table":
        cols = [c for c in cols if c not in ("finished_at", "documents_updated")]
        rows = [_to_minutes(r, ("started_at",)) for r in rows]
    emit(render(rows, fmt, cols, title=f"{len(rows)} most recent runs"))


def _to_minutes(row: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    # Tables for people: a time to the minute, UTC, leaves room for the other columns on an
    # 80-column terminal. JSON and CSV keep the full timestamp.
    out = dict(row)
    for key in keys:
        if isinstance(out.get(key), datetime):
            out[key] = f"{out[key]:%Y-%m-%d %H:%M}Z"
    return out


def feed_rows(archive: Any) -> list[dict[str, Any]]:
    """Every feed in sources.toml with its polling state (empty until first polled), then any
    feed the archive still remembers that sources.toml no longer lists (source None)."""
    from crawlers.sources import load_sources
    from storage.feeds import all_states

    states = {s.url: s for s in all_states(archive)}
    rows = []
    for source in load_sources().values():
        for url in source.feeds:
            rows.append(_feed_row(source.key, url, states.pop(url, None)))
    rows.extend(_feed_row(None, url, state) for url, state in sorted(states.items()))
    return rows


def _feed_row(source: str | None, url: str, state: Any) -> dict[str, Any]:
    fields = ("last_poll", "next_poll", "interval_seconds", "last_error", "moved_to")
    row: dict[str, Any] = {"source": source, "url": url}
    row.update({f: getattr(state, f, None) for f in fields})
    row["failures"] = state.failures if state is not None else 0
    return row


@click.command()
@click.option("--source", help="Only this source's feeds (a key from sources.toml).")
@click.option("--failing", is_flag=True, help="Only feeds whose last poll failed.")
@format_option("table", "json", "csv", help="json/csv: every field, for scripts.")
@click.pass_obj
def feeds(obj: Any, source: str | None, failing: bool, fmt: str) -> None:
    """Every press and government feed: last and next poll, interval, consecutive failures,
    last error, and where a feed moved to.

    \b
    Examples:
      cswatch feeds
      cswatch feeds --failing --format json | jq -r '.[].url'
      cswatch feeds --source communitycare --format csv > feeds.csv
    """
    from cswatch.cli import emit

    rows = feed_rows(obj.archive())
    if source:
        rows = [r for r in rows if r["source"] == source]
    if failing:
        rows = [r for r in rows if r["failures"]]
    cols = ["source", "url", "last_poll", "next_poll", "interval_seconds", "failures"]
    if fmt == "csv":
        cols += ["last_error", "moved_to"]
    elif fmt == "table":
        rows = [_to_minutes(r, ("last_poll", "next_poll")) for r in rows]
    emit(render(rows, fmt, cols, title=f"{len(rows)} feeds"))
