"""Crawl benchmark: a generated press site (feeds + articles, >= 10,000 pages) served by the
sample web in its own process, crawled three ways in one run:

1. raw: a do-nothing Scrapy spider fetching every page (same handler, same concurrency);
2. full: the feeds spider end to end into a fresh SQLite archive (WARC, analyse, store, link);
3. re-crawl of the unchanged site into the same archive.

    .venv/bin/python bench/crawl.py [--articles 10000] [--feeds 100]

Prints documents stored per second vs raw pages per second, peak memory of the crawl process
and the re-crawl's time as a share of the first crawl's.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "news.bench.test"
COUNCILS = ["Birmingham", "Kent", "Norfolk", "Bury", "Leeds", "Derby", "Sunderland", "Croydon"]
GRADES = ["good", "inadequate", "requires improvement", "outstanding"]


def generate(root: Path, articles: int, feeds: int) -> None:
    site = root / HOST
    (site / "a").mkdir(parents=True)
    (site / "feed").mkdir()
    (site / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    (site / "_site.json").write_text(
        json.dumps(
            {
                "last_modified": "2025-01-01T00:00:00Z",
                "routes": [
                    {
                        "pattern": r"^/a/(?P<id>\d+)$",
                        "file": "a/{id}.html",
                        "content_type": "text/html; charset=utf-8",
                    },
                    {
                        "pattern": r"^/feed/(?P<n>\d+)\.xml$",
                        "file": "feed/{n}.xml",
                        "content_type": "application/rss+xml",
                    },
                ],
            }
        )
    )
    per_feed = -(-articles // feeds)
    for n in range(feeds):
        items = []
        for i in range(n * per_feed, min(articles, (n + 1) * per_feed)):
            council = COUNCILS[i % len(COUNCILS)]
            grade = GRADES[i % len(GRADES)]
            day = 1 + i % 28
            title = f"{council} children's services rated {grade} (story {i})"
            (site / "a" / f"{i}.html").write_text(
                f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
                f"<p>Ofsted inspectors found that {council} council's children's services were "
                f"{grade} after an inspection of help and protection and children in care, "
                f"report number {i}.</p><p>Social workers in {council} said caseloads had "
                "changed since the last inspection and leaders described their plans for "
                "care leavers in the year ahead.</p><p>The council said it welcomed the "
                "findings.</p></article></body></html>"
            )
            items.append(
                f"<item><title>{title}</title><link>https://{HOST}/a/{i}</link>"
                f"<pubDate>Tue, {day:02d} Apr 2024 10:00:00 GMT</pubDate></item>"
            )
        (site / "feed" / f"{n}.xml").write_text(
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title>'
            + "".join(items)
            + "</channel></rss>"
        )
    (root.parent / "sources.toml").write_text(
        f'[sources.bench]\nname = "Bench"\nhosts = ["{HOST}"]\ncadence = "1h"\nfeeds = ['
        + ", ".join(f'"https://{HOST}/feed/{n}.xml"' for n in range(feeds))
        + "]\n"
    )


CHILD = r"""
import json, resource, sys, time
import scrapy
from crawlers.runner import crawl_settings, run_crawl
mode, base, sources = sys.argv[1:4]
articles, feeds = int(sys.argv[4]), int(sys.argv[5])
HOST = "news.bench.test"
start = time.perf_counter()
def usage():
    # The crawl process and its reaped children (the store worker, crawlers/store_worker.py).
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime, kids.ru_utime + kids.ru_stime
# Peak memory of the crawl process and its children together, sampled from /proc (Linux):
# RUSAGE_CHILDREN's ru_maxrss is the largest child's, and counts short-lived forked helpers at
# their parent's size, so it is not a sum. Falls back to this process's own peak elsewhere.
import glob, threading
peak = [0]
def rss_kb(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
def sample():
    while True:
        tasks = glob.glob("/proc/self/task/*/children")
        kids = [int(c) for f in tasks for c in open(f).read().split()]
        peak[0] = max(peak[0], rss_kb("self") + sum(rss_kb(c) for c in kids))
        time.sleep(0.1)
threading.Thread(target=sample, daemon=True).start()
cpu0, child0 = usage()
if mode == "raw":
    from scrapy.crawler import CrawlerProcess

    class Raw(scrapy.Spider):
        name = "raw"
        async def start(self):
            for n in range(feeds):
                yield scrapy.Request(f"https://{HOST}/feed/{n}.xml", callback=self.noop)
            for i in range(articles):
                yield scrapy.Request(f"https://{HOST}/a/{i}", callback=self.noop)
        def noop(self, response):
            return None

    settings = crawl_settings(None, base)
    settings.set("DOWNLOADER_MIDDLEWARES", {}, priority="cmdline")
    settings.set("SPIDER_MIDDLEWARES", {}, priority="cmdline")
    settings.set("ITEM_PIPELINES", {}, priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(Raw)
    process.crawl(crawler)
    process.start()
    counts = {"pages": crawler.stats.get_value("downloader/response_count", 0)}
else:
    reports = run_crawl({"feeds": {"sources_file": sources}}, db_url=None, sampleweb_url=base)
    counts = reports[0].counts
elapsed = time.perf_counter() - start
cpu, child_cpu = usage()
own_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": elapsed, "cpu": cpu - cpu0, "worker_cpu": child_cpu - child0,
                  "peak_mb": max(peak[0], own_peak) / 1024, "counts": counts}))
"""


# The sample web serves with TCP_NODELAY (see sampleweb/server.py): with Nagle's algorithm on,
# every body waited for the client's delayed ACK and the do-nothing spider idled 85% of the
# time, a baseline that measured the server, not Scrapy. Same server for all runs.
# It also listened with socketserver's backlog of 5: Scrapy opens a new connection for about
# every other request, and whenever the server was a moment late to accept (the crawler's two
# processes busy on both cores) the kernel dropped the SYN and the client waited the 1 s SYN
# retransmission timeout (TcpExtListenOverflows: 67 in one 3,000-page full crawl, 15 in a raw
# one). Real servers listen with backlogs of hundreds; the sample web now listens with 128
# (sampleweb/server.py), for every run alike.
SERVER = "import runpy; runpy.run_module('sampleweb', run_name='__main__')"


def child(
    mode: str,
    base: str,
    tmp: Path,
    articles: int,
    feeds: int,
    db: Path,
    profile: Path | None = None,
) -> dict:
    # --profile: sample the child with py-spy (collapsed stacks, one file per crawl), so the
    # profile is of the very run whose figures are printed.
    spy = (
        [str(Path(sys.executable).with_name("py-spy")), "record", "--format", "raw", "-r", "200"]
        + ["--subprocesses", "-o", str(profile), "--"]
        if profile
        else []
    )
    proc = subprocess.run(
        [
            *spy,
            sys.executable,
            "-c",
            CHILD,
            mode,
            base,
            str(tmp / "sources.toml"),
            str(articles),
            str(feeds),
        ],
        cwd=ROOT,
        env=dict(os.environ, CSWATCH_DB=f"sqlite:///{db}"),
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise SystemExit(f"{mode} crawl failed:\n{proc.stderr[-3000:]}")
    # py-spy may print its own lines after the child's; the child's figures are the JSON one.
    return json.loads(next(x for x in reversed(proc.stdout.splitlines()) if x.startswith("{")))


def server_cpu(pid: int) -> float:
    """CPU seconds the sample-web server has used so far (Linux /proc; 0 elsewhere): whether
    a crawl's wall time is the crawler's or the server's."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--feeds", type=int, default=100)
    parser.add_argument(
        "--profile", type=Path, help="directory for py-spy profiles (raw, full, again)"
    )
    args = parser.parse_args()
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)

    def prof(name: str) -> Path | None:
        return args.profile / f"{name}.txt" if args.profile else None

    with tempfile.TemporaryDirectory(prefix="cswatch-bench-crawl-") as name:
        tmp = Path(name)
        generate(tmp / "sites", args.articles, args.feeds)
        server = subprocess.Popen(
            [sys.executable, "-c", SERVER, "--root", str(tmp / "sites")],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            base = server.stdout.readline().strip()  # type: ignore[union-attr]
            db = tmp / "archive.db"
            sizes = (args.articles, args.feeds)
            runs = []
            for mode, name, path in (("raw", "raw", tmp / "raw.db"), ("full", "full", db)) + (
                ("full", "again", db),
            ):
                before = server_cpu(server.pid)
                result = child(mode, base, tmp, *sizes, path, prof(name))
                result["server_cpu"] = server_cpu(server.pid) - before
                runs.append(result)
            raw, full, again = runs
        finally:
            server.terminate()
            server.wait()
    pages = args.articles + args.feeds
    raw_rate = raw["counts"]["pages"] / raw["seconds"]
    docs = full["counts"]["documents_new"]
    doc_rate = docs / full["seconds"]
    print(f"pages: {pages} ({args.feeds} feeds, {args.articles} articles)")
    # CPU seconds of the crawl process (all its threads) next to wall time: on a shared
    # machine the wall figures move with other load, CPU per page much less.
    print(
        f"raw Scrapy fetch: {raw['counts']['pages']} pages in {raw['seconds']:.1f} s "
        f"= {raw_rate:.0f} pages/s (cpu {raw['cpu']:.1f} s, server cpu {raw['server_cpu']:.1f} s, "
        f"peak {raw['peak_mb']:.0f} MB)"
    )
    print(
        f"full crawl: {docs} documents in {full['seconds']:.1f} s = {doc_rate:.0f} docs/s "
        f"= {doc_rate / raw_rate:.2f}x raw (cpu {full['cpu']:.1f} s of which store worker "
        f"{full['worker_cpu']:.1f} s, "
        f"server cpu {full['server_cpu']:.1f} s, peak {full['peak_mb']:.0f} MB)"
    )
    print(
        f"re-crawl: {again['seconds']:.1f} s = {again['seconds'] / full['seconds']:.1%} of the "
        f"first (cpu {again['cpu']:.1f} s, store worker {again['worker_cpu']:.1f} s); "
        f"bodies downloaded {again['counts']['bodies_downloaded']}, documents new "
        f"{again['counts']['documents_new']}, requests {again['counts']['requests']}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
