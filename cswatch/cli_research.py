"""The researcher's commands beyond search and timelines: `export`, `national`, `serve`.

Registered on the `cswatch` group by cswatch/cli.py (kept apart to keep each module short).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from cswatch.output import dumps, render
from cswatch.web.server import KEEP_ALIVE_SECONDS
from cswatch.web.server import run as run_server

if TYPE_CHECKING:
    from cswatch.cli import Context

# Its own stderr console: importing cswatch.cli here would be circular when the CLI runs as
# `python -m cswatch.cli` (that module is then __main__, not cswatch.cli).
err = Console(stderr=True)

KINDS = click.Choice(["inspection_report", "news_article", "government_notice", "other"])


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "jsonl", "parquet"]),
    required=True,
    help="csv: spreadsheets; jsonl: one JSON object a line; parquet: pandas/R/DuckDB.",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="File to write (replaced if it exists).",
)
@click.option("--authority", help="Only documents tagged with this authority (code, name, alias).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Published on or after.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Published on or before.")
@click.option("--kind", type=KINDS, help="Only this document kind.")
@click.option("--no-text", is_flag=True, help="Leave out the documents' full text.")
@click.option("--batch-size", type=click.IntRange(1, 100_000), default=1000, show_default=True)
@click.pass_obj
def export(
    obj: Context,
    fmt: str,
    output: str,
    authority: str | None,
    since,
    until,
    kind: str | None,
    no_text: bool,
    batch_size: int,
) -> None:
    """Export documents (all, or a filtered part) with their citations: URL, capture time and
    sha256 of the captured bytes. Streams in batches: memory stays flat at any archive size.

    \b
    Examples:
      cswatch export --format parquet -o archive.parquet
      cswatch export --format csv -o birmingham.csv --authority Birmingham --since 2014-01-01
      cswatch export --format jsonl -o reports.jsonl --kind inspection_report --no-text
    """
    from cswatch.cli import resolve_authority
    from cswatch.exports import write_archive_export
    from storage.exports import ExportFilter, count_documents, iter_document_batches

    flt = ExportFilter(
        authority=resolve_authority(authority).code if authority else None,
        since=since.date() if since else None,
        until=until.date() if until else None,
        kind=kind,
        with_text=not no_text,
    )
    archive = obj.archive()
    total = count_documents(archive.engine, flt)
    columns = [
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    ]
    with Progress(*columns, console=err, transient=False) as bar:
        task = bar.add_task(f"exporting {fmt}", total=total)
        written = write_archive_export(
            iter_document_batches(archive.engine, flt, batch_size),
            fmt,
            output,
            with_text=flt.with_text,
            progress=lambda n: bar.advance(task, n),
        )
    err.print(f"wrote {written} documents to {output}")


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
    help="json: a list of objects, one an authority; csv: spreadsheets.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to a file.")
@click.pass_obj
def national(obj: Context, fmt: str, output: str | None) -> None:
    """The national picture: every current authority's latest overall effectiveness grade,
    with its date and a link to the report (a predecessor's, marked, if none since).

    \b
    Examples:
      cswatch national
      cswatch national --format csv -o national.csv
      cswatch national --format json | jq '[.[] | select(.grade == "inadequate")]'
    """
    from cswatch.cli import emit
    from cswatch.exports import national_csv
    from storage.national import national_table

    rows = national_table(obj.archive().engine)
    if fmt == "csv":
        emit(national_csv(rows), output)
        return
    if fmt == "json":
        emit(dumps([r.to_dict() for r in rows]), output)
        return
    graded = sum(1 for r in rows if r.grade)
    cols = ["code", "name", "grade", "date", "inspection_type", "via_predecessor"]
    render(
        [r.to_dict() for r in rows],
        "table",
        cols,
        title=f"{len(rows)} current authorities, {graded} with a grade in the archive",
    )


@click.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Interface to bind; the default serves this machine only.",
)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--exports",
    "exports_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory of prepared export files to offer for download at /exports/.",
)
@click.option(
    "--keep-alive",
    "keep_alive",
    type=click.IntRange(1),
    default=KEEP_ALIVE_SECONDS,
    show_default=True,
    help="Seconds an idle connection stays open; keep it above the idle timeout of any proxy "
    "or load balancer in front (theirs must close first, or requests are lost).",
)
@click.pass_obj
def serve(obj: Context, host: str, port: int, exports_dir: Path | None, keep_alive: int) -> None:
    """Serve the read-only web UI and JSON API (OpenAPI at /openapi.json).

    \b
    Examples:
      cswatch serve
      cswatch serve --port 8080 --exports ./exports
      cswatch serve --keep-alive 130    # behind a proxy that keeps idle connections 120 s
      curl 'http://127.0.0.1:8000/api/search?q=inadequate&grade=inadequate'
      curl http://127.0.0.1:8000/authorities/Birmingham/feed.atom    # Atom feed
    """
    from cswatch.web import create_app

    obj.archive()  # a clear error now rather than on the first request
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"[yellow]serving on {host}: reachable from other machines[/yellow]")
    app = create_app(obj.db, exports_dir=exports_dir)
    run_server(app, host=host, port=port, keep_alive=keep_alive)
