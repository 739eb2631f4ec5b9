"""Run spiders in this process and report what each run did."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawlers.archive_pipeline import INTERRUPTED_STAT, run_counts, run_status
from crawlers.progress import CALLBACK_SETTING, ProgressCallback

SAMPLEWEB_HANDLER = "crawlers.sampleweb_routing.SampleWebDownloadHandler"
PROGRESS_EXTENSION = "crawlers.progress.Progress"


@dataclass
class RunReport:
    spider: str
    status: str  # ok | partial | failed
    counts: dict[str, Any]


def crawl_settings(
    db_url: str | None,
    sampleweb_url: str | None = None,
    log_level: str = "WARNING",
    overrides: dict[str, Any] | None = None,
) -> Settings:
    settings = Settings()
    settings.setmodule("crawlers.settings", priority="project")
    settings.set("CSWATCH_DB", db_url, priority="cmdline")
    settings.set("LOG_LEVEL", log_level, priority="cmdline")
    if sampleweb_url:
        settings.set("SAMPLEWEB_URL", sampleweb_url, priority="cmdline")
        settings.set(
            "DOWNLOAD_HANDLERS", {"http": SAMPLEWEB_HANDLER, "https": SAMPLEWEB_HANDLER}, "cmdline"
        )
        # Our own loopback server: no need to be gentle, and the demo should be quick.
        settings.set("DOWNLOAD_DELAY", 0, priority="cmdline")
        settings.set("AUTOTHROTTLE_ENABLED", False, priority="cmdline")
    # Tests, benchmarks and scale-out (crawlers/distributed.py) adjust settings here.
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def run_crawl(
    spiders: dict[str, dict[str, Any]],
    *,
    db_url: str | None,
    sampleweb_url: str | None = None,
    log_level: str = "WARNING",
    overrides: dict[str, Any] | None = None,
    progress: ProgressCallback | None = None,
) -> list[RunReport]:
    """Run the named spiders (name → spider arguments) to completion. Blocks; the Twisted
    reactor cannot be restarted, so call this once per process.

    `progress`, when given, is called on the reactor thread with each spider's counts so far
    (crawlers/progress.py): several times a second while they change, and once at its end."""
    settings = crawl_settings(db_url, sampleweb_url, log_level, overrides)
    if progress is not None:
        # Added for this run only: crawlers/settings.py stays the same for every crawl.
        extensions = dict(settings.getdict("EXTENSIONS"))
        extensions[PROGRESS_EXTENSION] = 0
        settings.set("EXTENSIONS", extensions, priority="cmdline")
    process = CrawlerProcess(settings)
    crawlers = []
    for name, kwargs in spiders.items():
        crawler = process.create_crawler(name)
        if progress is not None:
            # On the crawler's own settings, after Scrapy has deep-copied the process's: a
            # callback that closes over a live display must not be copied.
            crawler.settings.set(CALLBACK_SETTING, progress, priority="cmdline")
        crawlers.append(crawler)
        process.crawl(crawler, **kwargs)
    process.start()
    reports = []
    for crawler in crawlers:
        counts = run_counts(crawler.stats.get_stats())
        reports.append(
            RunReport(
                crawler.spider.name if crawler.spider else "?",
                "interrupted" if crawler.stats.get_value(INTERRUPTED_STAT) else run_status(counts),
                counts,
            )
        )
    return reports
