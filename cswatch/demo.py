"""`cswatch demo`: the bundled sample web, crawled into the archive, summarised."""

from __future__ import annotations

from rich.console import Console

from crawlers.runner import run_crawl
from cswatch.crawl_command import PRESS_SOURCES, press_spiders, print_reports
from cswatch.crawl_progress import crawl_progress
from cswatch.summary import print_stats
from cswatch.timeline_view import render_timeline
from pipeline.authorities import register

# The authorities whose Ofsted provider pages the sample web carries.
DEMO_AUTHORITIES = [
    "Birmingham",
    "Bury",
    "Kent",
    "Norfolk",
    "Kingston upon Hull",
    "North Northamptonshire",
]
SHOWCASE = "Birmingham"


def run_demo(db: str | None, *, verbose: bool = False, progress: str = "auto") -> int:
    """The demo's exit status: 2 when a run failed outright, as for `cswatch crawl`."""
    from sampleweb.server import SampleWeb
    from storage.archive import Archive

    console = Console()
    reg = register()
    urns = [reg.lookup(name).urn for name in DEMO_AUTHORITIES]
    with SampleWeb() as web:
        console.print(
            f"sample web serving on {web.base_url}; crawling {len(urns)} Ofsted provider pages"
            f" and {len(PRESS_SOURCES)} press and government sources"
        )
        # Press first: the Ofsted run is the last one recorded (and printed).
        spiders = press_spiders(sorted(PRESS_SOURCES)) | {
            "ofsted": {"urns": [u for u in urns if u]}
        }
        # Progress on stderr: the summary and timeline below are the demo's stdout.
        with crawl_progress(progress, verbose=verbose) as on_progress:
            reports = run_crawl(
                spiders,
                db_url=db,
                sampleweb_url=web.base_url,
                log_level="INFO" if verbose else "WARNING",
                progress=on_progress,
            )
    print_reports(reports)
    archive = Archive.open(db)
    print_stats(archive.stats(), console)
    showcase = reg.lookup(SHOWCASE)
    render_timeline(showcase, archive.timeline(showcase.code), "table")
    return 2 if any(r.status == "failed" for r in reports) else 0
