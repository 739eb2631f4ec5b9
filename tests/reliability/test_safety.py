"""The crawler never leaves its sources and, in a real crawl, never talks to private or
loopback addresses; response size and decompression caps hold (crawlers/safety.py, settings)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from contextlib import closing
from pathlib import Path

import pytest
from scrapy import Request

from crawlers import settings as crawl_settings
from crawlers.safety import host_allowed, is_public, resolve, retry_after_seconds
from crawlers.sources import Source
from crawlers.spiders.feeds import FeedsSpider
from crawlers.spiders.ofsted import OfstedSpider
from sampleweb.server import SampleWeb

pytestmark = pytest.mark.reliability
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0",
     "::1", "fe80::1", "fc00::1", "::ffff:127.0.0.1", "224.0.0.1", "100.64.0.1", "not an ip"],
)  # fmt: skip
def test_private_loopback_and_special_addresses_are_not_public(address):
    assert not is_public(address)


@pytest.mark.parametrize("address", ["151.101.0.81", "2a04:4e42::81", "::ffff:8.8.8.8"])
def test_public_addresses_are_public(address):
    assert is_public(address)


def test_redirect_boundaries_follow_the_source_or_the_spiders_domains():
    ofsted = OfstedSpider(urns="80429")
    request = Request("https://files.ofsted.gov.uk/v1/file/1")
    assert host_allowed(ofsted, request, "files.ofsted.gov.uk")
    assert not host_allowed(ofsted, request, "ofsted.gov.uk.evil.example")
    feeds = FeedsSpider()
    feeds.sources = [Source(key="cc", name="CC", hosts=("www.communitycare.co.uk",))]
    article = Request("https://www.communitycare.co.uk/a", meta={"source": "cc"})
    assert host_allowed(feeds, article, "www.communitycare.co.uk")
    assert not host_allowed(feeds, article, "communitycare.co.uk.attacker.test")


def test_retry_after_forms():
    assert retry_after_seconds(b"120") == 120
    assert retry_after_seconds(b"Wed, 21 Oct 2099 07:28:00 GMT") == float("inf")
    assert retry_after_seconds(None) is None


def test_names_are_judged_by_every_address_they_resolve_to():
    assert resolve("localhost") and not any(is_public(a) for a in resolve("localhost"))
    assert resolve("127.0.0.1") == ["127.0.0.1"]
    assert resolve("no-such-host.invalid") == []  # left to the download to report as dns


def test_size_and_decompression_caps_are_set():
    # HttpCompressionMiddleware applies DOWNLOAD_MAXSIZE to the *inflated* body (Scrapy ≥ 2.11).
    assert 0 < crawl_settings.DOWNLOAD_MAXSIZE <= 64 << 20
    assert 0 < crawl_settings.DOWNLOAD_WARNSIZE < crawl_settings.DOWNLOAD_MAXSIZE
    assert crawl_settings.DOWNLOADER_MIDDLEWARES["crawlers.safety.Safety"] > 600  # > Redirect


REAL_MODE = textwrap.dedent(
    """
    import json, sys
    from crawlers import settings
    from crawlers.runner import run_crawl
    overrides = {}
    if sys.argv[3] == "resolver-only":  # the connect-time check alone, as after a rebinding
        overrides["DOWNLOADER_MIDDLEWARES"] = dict(
            settings.DOWNLOADER_MIDDLEWARES, **{"crawlers.safety.Safety": None}
        )
    reports = run_crawl(
        {"feeds": {"sources_file": sys.argv[1]}}, db_url=sys.argv[2], overrides=overrides
    )
    print(json.dumps(reports[0].counts))
    """
)


def real_crawl(tmp_path: Path, feeds: list[str], mode: str, web: SampleWeb) -> list[tuple]:
    sources = tmp_path / "sources.toml"
    sources.write_text(
        '[sources.local]\nname = "Local"\nhosts = ["127.0.0.1", "localhost", "::1"]\n'
        f'cadence = "1h"\nfeeds = {json.dumps(feeds)}\n'
    )
    db = tmp_path / f"{mode}.db"
    proc = subprocess.run(
        [sys.executable, "-c", REAL_MODE, str(sources), f"sqlite:///{db}", mode],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert web.requests == [], "the crawler connected to a loopback address"
    with closing(sqlite3.connect(db)) as con:
        return con.execute("select url, kind from fetch_error").fetchall()


def test_a_real_crawl_never_connects_to_loopback_even_when_a_feed_points_there(tmp_path):
    with SampleWeb() as web:  # listening on 127.0.0.1: any request that reaches it is a failure
        feeds = [
            f"http://127.0.0.1:{web.port}/feed.xml",
            f"http://localhost:{web.port}/feed.xml",
            f"http://[::1]:{web.port}/feed.xml",
        ]
        errors = real_crawl(tmp_path, feeds, "full", web)
    assert sorted(errors) == sorted((url, "private_address") for url in feeds)


def test_the_resolver_refuses_loopback_answers_at_connect_time(tmp_path):
    # Without the middleware's look-up, the connection's own DNS answer is still checked.
    with SampleWeb() as web:
        feed = f"http://localhost:{web.port}/feed.xml"
        errors = real_crawl(tmp_path, [feed], "resolver-only", web)
    assert errors == [(feed, "dns")]
