"""Operators' commands: `cswatch schedule`, `cswatch reprocess`, `cswatch status` (registered
at the end of cswatch/cli.py). Thin: the work is in crawlers/, storage/ and cswatch/ops_*."""

from __future__ import annotations

import os
import sys
from datetime import datetime
from typing import Any

import click
from rich.console import Console

from cswatch.output import dumps

err = Console(stderr=True)


def _warc_dir(value: str | None) -> None:
    # The archive reads CSWATCH_WARC_DIR when it opens (storage/warc.py); child crawl
    # processes inherit it.
    if value:
        os.environ["CSWATCH_WARC_DIR"] = value


warc_dir_option = click.option(
    "--warc-dir",
    envvar="CSWATCH_WARC_DIR",
    default=None,
    metavar="DIR",
    help="Where raw captures (WARC files) live (default: <db name>.warc/ beside a SQLite file).",
)


@click.command()
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Only captures fetched since.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table")
@warc_dir_option
@click.pass_obj
def reprocess(obj: Any, since: datetime | None, fmt: str, warc_dir: str | None) -> None:
    """Rebuild documents, tags, inspections and events from the stored captures with the
    current parsers. No network. Safe to re-run: unchanged documents are left alone."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from storage.reprocess import reprocess as run

    _warc_dir(warc_dir)
    archive = obj.archive()
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as bar:
        task = bar.add_task("reprocessing captures", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        report = run(archive, since.date() if since else None, progress)
    data = report.to_dict()
    if fmt == "json":
        click.echo(dumps(data))
        return
    out = Console()
    out.print(f"{data['captures']} captures read; skipped: {data['skipped'] or 'none'}")
    for kind, counts in data["documents_by_kind"].items():
        line = ", ".join(f"{k} {counts.get(k, 0)}" for k in ("new", "updated", "unchanged"))
        out.print(f"  {kind}: {line}")
    out.print(f"errors: {data['errors_by_kind'] or 'none'}")
    for key, before in data["totals_before"].items():
        after = data["totals_after"][key]
        out.print(f"  {key}: {before} → {after}")
    out.print(f"press ↔ inspection links: {data['press_inspection_links']}")


@click.command()
@click.option("--once", is_flag=True, help="Run what is due now, then exit (for cron/timers).")
@click.option(
    "--jitter",
    type=click.IntRange(0),
    default=None,
    help="Seconds of random delay before each run (default: [schedule] jitter in sources.toml).",
)
@click.option("--sample-web", is_flag=True, help="Crawl the bundled sample web (testing).")
@warc_dir_option
@click.pass_obj
def schedule(
    obj: Any, once: bool, jitter: int | None, sample_web: bool, warc_dir: str | None
) -> None:
    """Run each crawl on its cadence from sources.toml ([schedule.jobs]: intervals or cron
    expressions), one run at a time, until SIGTERM. Exit status 2 when a run failed outright.

    \b
    Examples:
      cswatch schedule                 # a long-running service (systemd)
      cswatch schedule --once          # from cron or a systemd timer
    """
    from crawlers.scheduler import Scheduler
    from crawlers.sources import SourcesError

    _warc_dir(warc_dir)
    obj.archive().close()  # fail early, with a clear message, if the database is unreachable
    try:
        scheduler = Scheduler(obj.db, jitter=jitter, sample_web=sample_web, say=err.print)
    except SourcesError as exc:
        raise click.ClickException(str(exc)) from exc
    sys.exit(scheduler.run(once=once))


@click.command("crawl-jobs", hidden=True)
@click.argument("jobs", nargs=-1, required=True)
@click.option("--sample-web", is_flag=True)
@click.pass_obj
def crawl_jobs(obj: Any, jobs: tuple[str, ...], sample_web: bool) -> None:
    """One scheduled run (what `cswatch schedule` starts in a child process)."""
    from crawlers.schedule import JOB_SPIDERS
    from cswatch.crawl_command import run_spiders

    unknown = set(jobs) - set(JOB_SPIDERS)
    if unknown:
        raise click.BadParameter(f"unknown job(s): {', '.join(sorted(unknown))}")
    spiders = {job: dict(JOB_SPIDERS[job]) for job in jobs}
    sys.exit(run_spiders(obj.db, spiders, sample_web=sample_web))


redis_option = click.option(
    "--redis", "redis_url", required=True, metavar="URL", help="e.g. redis://127.0.0.1:6379/0"
)
crawl_id_option = click.option(
    "--crawl-id", required=True, help="Names this crawl's Redis keys (cswatch:<id>:*)."
)


@click.command()
@redis_option
@crawl_id_option
@click.option("--source", "sources", multiple=True, default=["ofsted"], show_default=True)
@click.option("--authority", "authorities_", multiple=True, help="Limit to these authorities.")
def seed(
    redis_url: str, crawl_id: str, sources: tuple[str, ...], authorities_: tuple[str, ...]
) -> None:
    """Push a crawl's start requests into Redis for `cswatch worker` processes to share."""
    from crawlers.distributed import seed as push
    from cswatch.cli import resolve_authority
    from cswatch.crawl_command import spider_arguments

    spiders = spider_arguments(list(sources), [resolve_authority(a) for a in authorities_])
    for name, count in push(redis_url, crawl_id, spiders).items():
        err.print(f"{name}: {count} start requests queued under cswatch:{crawl_id}:{name}:*")


@click.command()
@redis_option
@crawl_id_option
@click.option("--spider", "spiders", multiple=True, default=["ofsted", "feeds", "listings"])
@click.option(
    "--idle-close",
    type=click.IntRange(1),
    default=10,
    show_default=True,
    help="Stop after the shared queue has been empty this many seconds.",
)
@click.option("--sampleweb-url", default=None, help="Route requests to this sample web (tests).")
@warc_dir_option
@click.pass_obj
def worker(
    obj: Any,
    redis_url: str,
    crawl_id: str,
    spiders: tuple[str, ...],
    idle_close: int,
    sampleweb_url: str | None,
    warc_dir: str | None,
) -> None:
    """One crawler process of a shared crawl: takes requests from the Redis queue seeded by
    `cswatch seed`, stores into the shared archive (--db postgresql+psycopg://...)."""
    from crawlers.distributed import redis_overrides
    from crawlers.runner import run_crawl
    from cswatch.crawl_command import print_reports

    _warc_dir(warc_dir)
    obj.archive().close()
    reports = run_crawl(
        {name: {} for name in spiders},
        db_url=obj.db,
        sampleweb_url=sampleweb_url,
        overrides=redis_overrides(redis_url, crawl_id, idle_close),
    )
    print_reports(reports)
    sys.exit(2 if any(r.status == "failed" for r in reports) else 0)


def status_report(archive: Any) -> dict[str, Any]:
    """What `cswatch status --format json` prints."""
    from datetime import UTC, timedelta

    from crawlers.scheduler import next_runs
    from storage import runs

    def run_json(run: Any) -> dict[str, Any] | None:
        if run is None:
            return None
        return {
            "id": run.id,
            "source": run.source,
            "started_at": run.started_at,
            "finished_at": run.finished_at,
            "status": run.status,
            **run.counts,
        }

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


def main() -> None:  # pragma: no cover - convenience for `python -m cswatch.cli_ops`
    from cswatch.cli import cli

    cli(prog_name="cswatch")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
