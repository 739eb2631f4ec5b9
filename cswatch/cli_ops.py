"""Operators' commands: `cswatch schedule`, `cswatch reprocess`, and scale-out's `cswatch seed`
and `cswatch worker` (registered at the end of cswatch/cli.py; `status`, `runs` and `feeds`
are in cswatch/cli_status.py). Thin: the work is in crawlers/ and storage/."""

from __future__ import annotations

import os
import sys
from datetime import datetime
from typing import Any

import click
from rich.console import Console

from cswatch.cli_crawl import progress_option, report_format_option
from cswatch.output import dumps, format_option

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
@format_option(
    "table",
    "json",
    help="json: the report on stdout for scripts (progress, on a terminal, is on stderr).",
)
@warc_dir_option
@click.pass_obj
def reprocess(obj: Any, since: datetime | None, fmt: str, warc_dir: str | None) -> None:
    """Rebuild documents, tags, inspections and events from the stored captures with the
    current parsers. No network. Safe to re-run: unchanged documents are left alone.

    \b
    Examples:
      cswatch reprocess
      cswatch reprocess --since 2025-01-01 --format json | jq .documents_by_kind
      cswatch --db sqlite:////data/cswatch.db reprocess --warc-dir /data/warc
    """
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
    """One scheduled run (what `cswatch schedule` starts in a child process). Jobs are the
    keys of [schedule.jobs] in sources.toml.

    \b
    Example:
      cswatch crawl-jobs feeds listings --sample-web
    """
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
@click.option(
    "--source",
    "sources",
    multiple=True,
    metavar="ofsted|press|all|KEY",
    help="Source to queue (repeatable), as for `cswatch crawl`. Default: ofsted with "
    "--authority, else all.",
)
@click.option(
    "--authority",
    "authorities_",
    multiple=True,
    help="Limit the Ofsted start requests to these authorities (repeatable).",
)
@format_option("table", "json", help="json: {spider: start requests queued} on stdout.")
def seed(
    redis_url: str,
    crawl_id: str,
    sources: tuple[str, ...],
    authorities_: tuple[str, ...],
    fmt: str,
) -> None:
    """Push a crawl's start requests into Redis for `cswatch worker` processes to share.

    \b
    Examples:
      cswatch seed --redis redis://127.0.0.1:6379/0 --crawl-id 2025-06-01 --source all
      cswatch seed --redis redis://127.0.0.1:6379/0 --crawl-id kent --authority Kent
    """
    from crawlers.distributed import seed as push
    from cswatch.cli import resolve_authority
    from cswatch.crawl_command import chosen_sources, spider_arguments

    authorities = [resolve_authority(a) for a in authorities_]
    spiders = spider_arguments(chosen_sources(list(sources), authorities), authorities)
    queued = push(redis_url, crawl_id, spiders)
    if fmt == "json":
        click.echo(dumps(queued))
        return
    for name, count in queued.items():
        err.print(f"{name}: {count} start requests queued under cswatch:{crawl_id}:{name}:*")


@click.command()
@redis_option
@crawl_id_option
@click.option(
    "--spider",
    "spiders",
    multiple=True,
    default=["ofsted", "feeds", "listings"],
    show_default=True,
    help="Spiders this worker runs (repeatable); each takes only its own queue's requests.",
)
@click.option(
    "--idle-close",
    type=click.IntRange(1),
    default=10,
    show_default=True,
    help="Stop after the shared queue has been empty this many seconds.",
)
@click.option("--sampleweb-url", default=None, help="Route requests to this sample web (tests).")
@warc_dir_option
@report_format_option
@progress_option
@click.pass_obj
def worker(
    obj: Any,
    redis_url: str,
    crawl_id: str,
    spiders: tuple[str, ...],
    idle_close: int,
    sampleweb_url: str | None,
    warc_dir: str | None,
    fmt: str,
    progress_mode: str,
) -> None:
    """One crawler process of a shared crawl: takes requests from the Redis queue seeded by
    `cswatch seed`, stores into the shared archive (--db postgresql+psycopg://...). Exit
    status 2 when a run failed outright.

    \b
    Examples:
      cswatch worker --redis redis://redis.internal:6379/0 --crawl-id 2025-06-01
      cswatch worker --redis redis://127.0.0.1:6379/0 --crawl-id kent --spider ofsted --format json
    """
    from crawlers.distributed import redis_overrides
    from crawlers.runner import run_crawl
    from cswatch.crawl_command import print_reports, reports_json
    from cswatch.crawl_progress import crawl_progress

    _warc_dir(warc_dir)
    obj.archive().close()
    with crawl_progress(progress_mode, console=err) as on_progress:
        reports = run_crawl(
            {name: {} for name in spiders},
            db_url=obj.db,
            sampleweb_url=sampleweb_url,
            overrides=redis_overrides(redis_url, crawl_id, idle_close),
            progress=on_progress,
        )
    if fmt == "json":
        click.echo(reports_json(reports))
    else:
        print_reports(reports)
    sys.exit(2 if any(r.status == "failed" for r in reports) else 0)


def main() -> None:  # pragma: no cover - convenience for `python -m cswatch.cli_ops`
    from cswatch.cli import cli

    cli(prog_name="cswatch")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
