"""`cswatch crawl` and the crawl half of `cswatch demo`: run spiders, print what they did."""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any

import click
from rich.console import Console

from crawlers.runner import RunReport, run_crawl
from crawlers.sources import load_sources
from cswatch.crawl_progress import crawl_progress
from cswatch.output import dumps
from pipeline.authorities import Authority

# "ofsted" (the reports site) plus every press and government source in sources.toml; "press"
# names all of the latter at once, "all" every source.
PRESS_SOURCES = load_sources()
SOURCES = {"all", "ofsted", "press", *PRESS_SOURCES}
# soft_wrap on every print: one line per message in a log file, whatever its length (the
# terminal wraps on screen); rich would otherwise break lines at 80 columns off a terminal.
console = Console(stderr=True, soft_wrap=True)


def chosen_sources(sources: list[str], authorities: list[Authority]) -> list[str]:
    """The sources a crawl runs when --source is not given: with --authority, the Ofsted
    reports (the only source a crawl can limit to authorities); without, every source, as the
    scheduler does. Said on stderr, so the choice is never silent."""
    if sources:
        chosen = sources
    elif authorities:
        chosen = ["ofsted"]
    else:
        chosen = ["all"]
    press = [s for s in chosen if s in ("all", "press") or s in PRESS_SOURCES]
    if authorities and press:
        console.print(
            f"note: --authority limits only the Ofsted crawl; the press sources "
            f"({', '.join(press)}) are crawled in full"
        )
    return chosen


def press_spiders(keys: list[str]) -> dict[str, dict[str, Any]]:
    """The feeds and listings spiders for these press sources (press runs first, so the
    Ofsted run is the last of a combined crawl: its summary ends the report)."""
    chosen = [PRESS_SOURCES[k] for k in keys]
    spiders: dict[str, dict[str, Any]] = {}
    with_feeds = [s.key for s in chosen if s.feeds]
    with_listings = [s.key for s in chosen if s.listings]
    if with_feeds:
        spiders["feeds"] = {"sources": ",".join(with_feeds)}
    if with_listings:
        spiders["listings"] = {"sources": ",".join(with_listings)}
    return spiders


def spider_arguments(sources: list[str], authorities: list[Authority]) -> dict[str, dict[str, Any]]:
    unknown = set(sources) - SOURCES
    if unknown:
        raise click.BadParameter(
            f"unknown source(s): {', '.join(sorted(unknown))}; known: {', '.join(sorted(SOURCES))}",
            param_hint="--source",
        )
    every = "all" in sources
    press = (
        sorted(PRESS_SOURCES)
        if every or "press" in sources
        else [s for s in sources if s in PRESS_SOURCES]
    )
    spiders: dict[str, dict[str, Any]] = press_spiders(press) if press else {}
    if every or "ofsted" in sources:
        urns = [a.urn for a in authorities if a.urn]
        if authorities and not urns:
            raise click.BadParameter("none of these authorities has an Ofsted provider page (URN)")
        spiders["ofsted"] = {"urns": urns} if urns else {}
    return spiders


def describe_spiders(spiders: dict[str, dict[str, Any]]) -> str:
    """What will be crawled, e.g. "feeds (bbc, cypnow), ofsted (2 authorities)"."""
    parts = []
    for name, args in spiders.items():
        if name == "ofsted":
            n = len(args.get("urns") or [])
            what = "every authority" if n == 0 else "1 authority" if n == 1 else f"{n} authorities"
        else:
            what = args.get("sources", "").replace(",", ", ")
        parts.append(f"{name} ({what})" if what else name)
    return ", ".join(parts)


def reports_json(reports: list[RunReport]) -> str:
    """`--format json`: one object a run, with the same counts `cswatch status` records."""
    return dumps([{"spider": r.spider, "status": r.status, "counts": r.counts} for r in reports])


def print_reports(reports: list[RunReport]) -> None:
    for r in reports:
        c = r.counts
        errors = ", ".join(f"{k}: {v}" for k, v in sorted(c["errors_by_kind"].items())) or "none"
        console.print(
            f"[bold]{r.spider}[/bold] {r.status}: {c['requests']} requests, "
            f"{c['bodies_downloaded']} bodies downloaded, {c['not_modified']} not modified, "
            f"{c['skipped_known']} known reports skipped; documents new {c['documents_new']}, "
            f"updated {c['documents_updated']}, unchanged {c['documents_unchanged']}, "
            f"duplicates {c.get('duplicates', 0)}; errors: {errors}"
            + (f"; feeds: {_feeds(c['feeds'])}" if c.get("feeds") else "")
        )


def _feeds(outcomes: dict[str, int]) -> str:
    return ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in sorted(outcomes.items()))


def crawl_and_report(
    db: str | None,
    sources: list[str],
    authorities: list[Authority],
    *,
    sample_web: bool = False,
    verbose: bool = False,
    progress: str = "none",
    fmt: str = "table",
) -> int:
    """Run the crawl; 0 when it ran (some errors are normal on real sites), 2 when a run failed
    outright (every request failed), so cron and systemd can alert."""
    spiders = spider_arguments(chosen_sources(sources, authorities), authorities)
    return run_spiders(
        db, spiders, sample_web=sample_web, verbose=verbose, progress=progress, fmt=fmt
    )


def run_spiders(
    db: str | None,
    spiders: dict[str, dict[str, Any]],
    *,
    sample_web: bool = False,
    verbose: bool = False,
    progress: str = "none",
    fmt: str = "table",
) -> int:
    """Run these spiders; the report goes to stderr (table) or stdout (json), progress to
    stderr only."""
    if sample_web:
        from sampleweb.server import SampleWeb

        server_cm = SampleWeb()
    else:
        server_cm = nullcontext()
    with server_cm as web:
        console.print(
            f"crawling {describe_spiders(spiders)}"
            + (f" from the sample web at {web.base_url}" if web else "")
        )
        with crawl_progress(progress, verbose=verbose, console=console) as on_progress:
            reports = run_crawl(
                spiders,
                db_url=db,
                sampleweb_url=web.base_url if web else None,
                log_level="INFO" if verbose else "WARNING",
                progress=on_progress,
            )
    if fmt == "json":
        click.echo(reports_json(reports))
    else:
        print_reports(reports)
    return 2 if any(r.status == "failed" for r in reports) else 0
