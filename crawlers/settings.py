"""Scrapy settings for cswatch's spiders: polite by default, wired to the archive.

`cswatch crawl` and `cswatch demo` set CSWATCH_DB (the archive URL) and, for the bundled sample
web, SAMPLEWEB_URL; everything else here holds for real crawls too.
"""

BOT_NAME = "cswatch"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

# Identify ourselves so site owners can see who we are and why.
USER_AGENT = "cswatch/0.1 (research archive of children's services reports; +https://github.com/cswatch/cswatch)"
ROBOTSTXT_OBEY = True

# Politeness: a few requests per host at a time, adapting to the server's latency.
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0

DOWNLOAD_TIMEOUT = 60
RETRY_ENABLED = True
RETRY_TIMES = 2
# Ofsted PDFs are a few MB; anything far larger is not a report.
DOWNLOAD_MAXSIZE = 64 * 1024 * 1024
DOWNLOAD_WARNSIZE = 16 * 1024 * 1024

DOWNLOADER_MIDDLEWARES = {
    # Feed polls: conditional GET from feed_state, moved feeds, due-only polling. Before
    # Revisit, which it tells to leave feed polls alone.
    "crawlers.feed_state.FeedStateMiddleware": 440,
    # Before the retry/redirect middlewares, so a known file is never requested again.
    "crawlers.revisit.Revisit": 450,
    # Off-site and looping redirects, private addresses, long Retry-After (crawlers/safety.py);
    # robots.txt obeyed by every request, not only the first per host.
    "crawlers.safety.Safety": 700,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawlers.safety.RobotsTxt": 100,
    # Per-source requests, statuses, 304s and bytes, next to the wire (crawlers/source_stats.py).
    "crawlers.source_stats.SourceStats": 950,
}
# Refuses private and loopback answers at connect time too (real crawls; crawlers/safety.py).
TWISTED_DNS_RESOLVER = "crawlers.safety.PublicOnlyResolver"
# Proxies in the environment (http_proxy, https_proxy, ...) are ignored: a proxy resolves names
# and connects where crawlers/safety.py cannot see, and the sample web's loopback requests would
# go to it too. True is the explicit opt-in to the environment's proxy; the safety middleware
# then passes on only requests for hosts that resolve here, to public addresses only.
HTTPPROXY_ENABLED = False
# Per-host politeness for press sites: the feeds and listings spiders add a DOWNLOAD_SLOTS
# entry (one request at a time, the source's `delay`) for every host in sources.toml.
SPIDER_MIDDLEWARES = {
    # The request headers we sent, for the WARC request record.
    "crawlers.warc_context.WarcContext": 900,
    # Entries of unchanged feeds whose article never reached the archive (retry, resume).
    "crawlers.feed_entries.FollowMissingEntries": 910,
    # Each request's last capture for Revisit, looked up once per page rather than per link.
    # Output passes from high numbers to low: this sees the entries FollowMissingEntries adds.
    "crawlers.known_captures.KnownCaptures": 905,
    # Scale-out workers take their start requests from the shared queue (crawlers/distributed.py).
    "crawlers.distributed.SeededStart": 920,
}
ITEM_PIPELINES = {
    "crawlers.archive_pipeline.ArchivePipeline": 300,
}
# The pipeline analyses and stores in another process (crawlers/archive_pipeline.py), so the
# downloader can run ahead of it. The pipeline itself holds up to its PENDING_BYTES of pages
# not yet stored; past that each page waits in Scrapy's scraper slot, and Scrapy stops
# downloading while the slot holds more than this many bytes (each page counts at least
# 1 KiB): about a thousand small pages rather than Scrapy's 5 MB default, which let a
# 10,000-page crawl hold thousands in memory, all of them lost to a crash and fetched again
# by the next run.
SCRAPER_SLOT_MAX_ACTIVE_SIZE = 1_000_000

TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "WARNING"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"

# The archive to write into; None means storage's default (CSWATCH_DB or ./cswatch.db).
CSWATCH_DB = None
# Base URL of the bundled sample web; when set, real URLs are served from it.
SAMPLEWEB_URL = None
