"""Operators' commands: `cswatch schedule`, `cswatch reprocess`, `cswatch status` (registered
at the end of cswatch/cli.py). Thin: the work is in crawlers/, storage/ and cswatch/ops_*."""

from __future__ import annotations

import os
import sys
from datetime import date, datetime
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


def _since(value: datetime | None) -> date | None:
    return value.date() if value else None


def main() -> None:  # pragma: no cover - convenience for `python -m cswatch.cli_ops`
    from cswatch.cli import cli

    cli(prog_name="cswatch")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
