"""Run cswatch's spiders against a sample web folder, with test-sized timeouts and caps.

    python -m tests.reliability.crawl SITE_ROOT DB_URL [--sources FILE] [--spiders ofsted,feeds]

A separate process per crawl (Twisted's reactor cannot restart) that tests can also SIGKILL.
Prints one JSON line: each run's counts and the requests the sample web answered.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess

from crawlers.archive_pipeline import run_counts
from crawlers.runner import crawl_settings
from sampleweb.server import SampleWeb

# Small enough that the hang, oversized and gzip-bomb faults cost a few seconds, not minutes;
# the real values live in crawlers/settings.py.
TEST_SETTINGS: dict[str, Any] = {
    "DOWNLOAD_TIMEOUT": 2,
    "DOWNLOAD_MAXSIZE": 4 << 20,
    "DOWNLOAD_WARNSIZE": 2 << 20,
    "RETRY_TIMES": 1,
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("site_root", type=Path, nargs="?")
    parser.add_argument("db_url")
    parser.add_argument("--sources", help="sources.toml for the feeds spider")
    parser.add_argument("--spiders", default="ofsted,feeds")
    parser.add_argument("--urns", default="80429")
    args = parser.parse_args(argv)
    with SampleWeb(root=args.site_root) as web:
        settings = crawl_settings(args.db_url, web.base_url)
        for key, value in TEST_SETTINGS.items():
            settings.set(key, value, priority="cmdline")
        process = CrawlerProcess(settings)
        crawlers = []
        for name in args.spiders.split(","):
            kwargs: dict[str, Any] = {}
            if name == "ofsted":
                kwargs["urns"] = args.urns
            elif args.sources:
                kwargs["sources_file"] = args.sources
            crawler = process.create_crawler(name)
            crawlers.append(crawler)
            process.crawl(crawler, **kwargs)
        process.start()
        requests = [[r.host, r.path, r.status] for r in web.requests]
    runs = {c.spider.name: run_counts(c.stats.get_stats()) for c in crawlers if c.spider}
    print(json.dumps({"runs": runs, "requests": requests}))


if __name__ == "__main__":
    main()
