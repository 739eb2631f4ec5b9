"""The `cswatch` command line: a thin layer over pipeline/ and storage/."""

from __future__ import annotations

import dataclasses
import sys
from datetime import date
from pathlib import Path
from typing import Any

import click
from rich.console import Console

from cswatch.output import dumps, render

FORMATS_LIST = click.Choice(["table", "json", "csv"])
err = Console(stderr=True)


class Context:
    def __init__(self, db: str | None) -> None:
        self.db = db

    def archive(self):  # noqa: ANN201 - storage.archive.Archive, imported lazily for speed
        from storage.archive import Archive, ArchiveError

        try:
            return Archive.open(self.db)
        except ArchiveError as exc:
            raise click.ClickException(str(exc)) from exc


def resolve_authority(text: str, on: date | None = None):  # noqa: ANN201 - Authority
    from pipeline.authorities import AuthorityError, register

    try:
        return register().lookup(text, on=on)
    except AuthorityError as exc:
        raise click.BadParameter(str(exc), param_hint="AUTHORITY") from exc


def emit(text: str | None, output: str | None = None) -> None:
    if text is None:
        return
    if output:
        Path(output).write_text(text + ("" if text.endswith("\n") else "\n"), encoding="utf-8")
        err.print(f"wrote {output}")
    else:
        click.echo(text)


def emit_bytes(data: bytes, output: str | None, *, binary: bool = False) -> None:
    if output:
        Path(output).write_bytes(data)
        err.print(f"wrote {output}")
        return
    if binary and sys.stdout.isatty():
        raise click.UsageError("binary output: write it to a file with -o FILE")
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    envvar="CSWATCH_DB",
    default=None,
    metavar="URL",
    help="SQLAlchemy URL of the archive (default: sqlite:///cswatch.db; env CSWATCH_DB).",
)
@click.pass_context
def cli(ctx: click.Context, db: str | None) -> None:
    """cswatch: an archive of English councils' children's services — Ofsted reports,
    government notices and press coverage, as a searchable timeline per authority.

    \b
    Examples:
      cswatch demo
      cswatch authorities --format csv > authorities.csv
      cswatch timeline "Birmingham Children's Trust"
      cswatch search '"children in care" AND inadequate' --since 2016-01-01
      cswatch analyse report.pdf --format json
    """
    ctx.obj = Context(db)


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=FORMATS_LIST,
    default="table",
    show_default=True,
    help="json: every field, names and codes of predecessors and successors.",
)
@click.option(
    "--current/--all", default=False, help="Only the 153 current authorities (default: all)."
)
def authorities(fmt: str, current: bool) -> None:
    """List the authority register (current and ended authorities).

    \b
    Examples:
      cswatch authorities
      cswatch authorities --current --format json
      cswatch authorities --format csv > authorities.csv
    """
    from pipeline.authorities import register

    reg = register()
    rows = [a.to_dict() for a in (reg.current() if current else reg.all())]
    cols = [
        "code",
        "dfe_code",
        "urn",
        "name",
        "region",
        "kind",
        "valid_from",
        "valid_to",
        "successors",
    ]
    emit(render(rows, fmt, cols, title=f"{len(rows)} authorities"))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "jsonl"]),
    default="json",
    show_default=True,
    help="json: one object (a list for several files); jsonl: one line a file.",
)
@click.option("--with-text", is_flag=True, help="Include the extracted text.")
def analyse(paths: tuple[str, ...], fmt: str, with_text: bool) -> None:
    """Normalise local PDF/HTML/TXT files and print what the archive would record.
    Stores nothing.

    \b
    Example:
      cswatch analyse ../shared/corpus/ofsted/pdf/80429_birmingham_*.pdf --format jsonl
    """
    from cswatch.document_json import document_json
    from pipeline.analyse import AnalyseError, analyse_bytes

    records: list[dict[str, Any]] = []
    failed = 0
    for path in paths:
        data = Path(path).read_bytes()
        try:
            doc = analyse_bytes(data, url=Path(path).resolve().as_uri(), source="local")
        except AnalyseError as exc:
            failed += 1
            records.append({"path": path, "error": {"kind": exc.kind, "message": str(exc)}})
            continue
        records.append(document_json(doc, path, with_text=with_text))
    if fmt == "jsonl":
        for rec in records:
            click.echo(dumps(rec, indent=None))
    else:
        click.echo(dumps(records[0] if len(records) == 1 else records))
    if failed:
        sys.exit(1)


@cli.command()
@click.argument("query")
@click.option("--authority", help="Only documents tagged with it: ONS code, name or alias.")
@click.option(
    "--kind",
    type=click.Choice(["inspection_report", "news_article", "government_notice", "other"]),
    help="Only this document kind.",
)
@click.option("--source", help="Only this source key (ofsted, communitycare, govuk, ...).")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Published on or after.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Published on or before.")
@click.option(
    "--order",
    type=click.Choice(["rank", "date"]),
    default="rank",
    show_default=True,
    help="rank: best match first; date: newest first.",
)
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0, help="Skip this many (paging).")
@click.option(
    "--format",
    "fmt",
    type=FORMATS_LIST,
    default="table",
    show_default=True,
    help="json: {total, offset, hits}; csv: one row a hit.",
)
@click.pass_obj
def search(
    obj: Context,
    query: str,
    authority: str | None,
    kind: str | None,
    source: str | None,
    since,
    until,
    order: str,
    limit: int,
    offset: int,
    fmt: str,
) -> None:
    """Full-text search: words, "phrases", AND / OR / NOT, -word, prefix*, (groups).

    \b
    Examples:
      cswatch search inadequate --authority Birmingham --order date
      cswatch search '"care leavers" OR adoption' --since 2018-01-01 --format json
      cswatch search 'commissioner NOT trust' --kind government_notice --format csv > hits.csv
      cswatch search 'leav*' --limit 20 --offset 20          # the second page
    """
    from storage.query import QueryError

    code = resolve_authority(authority).code if authority else None
    try:
        result = obj.archive().search(
            query,
            authority=code,
            kind=kind,
            source=source,
            since=since.date() if since else None,
            until=until.date() if until else None,
            order=order,
            limit=limit,
            offset=offset,
        )
    except QueryError as exc:
        raise click.BadParameter(str(exc), param_hint="QUERY") from exc
    rows = [h if isinstance(h, dict) else dataclasses.asdict(h) for h in result.hits]
    if fmt == "json":
        emit(dumps({"total": result.total, "offset": offset, "hits": rows}))
        return
    cols = ["published", "kind", "source", "title", "snippet", "url"]
    emit(render(rows, fmt, cols, title=f"{result.total} documents match {query!r}"))


@cli.command()
@click.argument("authority")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "md", "ics", "html", "png", "svg"]),
    default="table",
    show_default=True,
    help="ics: calendar; html: standalone page; png/svg: rating-history chart.",
)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    help="Only these event kinds (repeatable): inspection, visit, press, government_notice, "
    "reorganisation.",
)
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Events on or after.")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Events on or before.")
@click.option("--no-predecessors", is_flag=True, help="Leave out predecessor councils' history.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to a file.")
@click.pass_obj
def timeline(
    obj: Context,
    authority: str,
    fmt: str,
    kinds: tuple[str, ...],
    since,
    until,
    no_predecessors: bool,
    output: str | None,
) -> None:
    """One authority's timeline: inspections with grades, visits, coverage.

    \b
    Examples:
      cswatch timeline Birmingham
      cswatch timeline Birmingham --kind inspection --format json
      cswatch timeline E06000061 --format csv -o north-northants.csv
      cswatch timeline Kent --format ics -o kent.ics
      cswatch timeline "North Northamptonshire" --format png -o nn.png
    """
    from cswatch.timeline_view import FILE_FORMATS, render_timeline, render_timeline_file

    auth = resolve_authority(authority)
    events = obj.archive().timeline(
        auth.code,
        kinds=set(kinds) or None,
        since=since.date() if since else None,
        until=until.date() if until else None,
        include_predecessors=not no_predecessors,
    )
    if fmt in FILE_FORMATS:
        emit_bytes(render_timeline_file(auth, events, fmt), output, binary=fmt in ("png",))
        return
    emit(render_timeline(auth, events, fmt), output)


from cswatch.cli_crawl import crawl, demo  # noqa: E402 - commands below cli
from cswatch.cli_research import export, national, serve  # noqa: E402
from cswatch.cli_status import feeds, runs, status  # noqa: E402

cli.add_command(crawl)
cli.add_command(demo)

cli.add_command(export)
cli.add_command(national)
cli.add_command(serve)
cli.add_command(status)
cli.add_command(runs)
cli.add_command(feeds)

from cswatch.cli_ops import (  # noqa: E402 - operators' commands
    crawl_jobs,
    reprocess,
    schedule,
    seed,
    worker,
)

cli.add_command(reprocess)
cli.add_command(schedule)
cli.add_command(crawl_jobs)
cli.add_command(seed)
cli.add_command(worker)


def main() -> None:
    cli(prog_name="cswatch")


if __name__ == "__main__":
    main()
