"""The crawling commands, `cswatch crawl` and `cswatch demo`, and the options they share with
`cswatch worker` (registered on the `cswatch` group by cswatch/cli.py).

Light at import time: Scrapy and the sample web are imported when a crawl actually runs, so
`cswatch --help` and the research commands start quickly.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from cswatch.output import format_option

if TYPE_CHECKING:
    from cswatch.cli import Context

progress_option = click.option(
    "--progress",
    "progress_mode",
    type=click.Choice(["auto", "bar", "log", "none"]),
    default="auto",
    show_default=True,
    help="Live counts on stderr — bar: a live display; log: a line every 30 s; none. auto: bar "
    "when stderr is a terminal, else log (none with --verbose). Never written to stdout.",
)
report_format_option = format_option(
    "table",
    "json",
    help="table: a summary on stderr; json: each run's counts on stdout, for scripts.",
)
verbose_option = click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log.")


@click.command()
@click.option(
    "--source",
    "sources",
    multiple=True,
    metavar="ofsted|press|all|KEY",
    help="Source to crawl (repeatable): ofsted (the reports site), press (every press and "
    "government source), all, or one source key from sources.toml. Default: ofsted with "
    "--authority, else all.",
)
@click.option(
    "--authority",
    "authorities_",
    multiple=True,
    help="Limit the Ofsted crawl to these authorities (repeatable).",
)
@click.option(
    "--sample-web", is_flag=True, help="Crawl the bundled sample web instead of the real sites."
)
@report_format_option
@progress_option
@verbose_option
@click.pass_obj
def crawl(
    obj: Context,
    sources: tuple[str, ...],
    authorities_: tuple[str, ...],
    sample_web: bool,
    fmt: str,
    progress_mode: str,
    verbose: bool,
) -> None:
    """Crawl sources into the archive. Re-running is safe: known reports are not fetched
    again and unchanged pages are revalidated, not re-downloaded. Exit status 2 when a run
    failed outright (no request got a usable answer).

    Without --source: every source (as `cswatch schedule` does), or only the Ofsted reports
    when --authority is given; the sources chosen are printed first.

    \b
    Examples:
      cswatch crawl --authority Birmingham --authority Kent
      cswatch crawl --source press
      cswatch crawl --source all --sample-web
      cswatch crawl --source ofsted --format json --progress none | jq '.[].status'
    """
    from cswatch.cli import resolve_authority
    from cswatch.crawl_command import crawl_and_report

    obj.archive()  # fail early, with a clear message, if the database is unreachable
    code = crawl_and_report(
        obj.db,
        list(sources),
        [resolve_authority(a) for a in authorities_],
        sample_web=sample_web,
        verbose=verbose,
        progress=progress_mode,
        fmt=fmt,
    )
    sys.exit(code)


@click.command()
@progress_option
@verbose_option
@click.pass_obj
def demo(obj: Context, progress_mode: str, verbose: bool) -> None:
    """Serve the bundled sample web on 127.0.0.1, crawl it into the archive, and print a
    summary and Birmingham's timeline. Nothing leaves this machine.

    \b
    Examples:
      cswatch demo
      cswatch --db sqlite:///demo.db demo && cswatch --db sqlite:///demo.db serve
    """
    from cswatch.demo import run_demo

    obj.archive()
    sys.exit(run_demo(obj.db, verbose=verbose, progress=progress_mode))
