"""The crawler never leaves its sources and, in a real crawl, never talks to private or
loopback addresses, not even through a proxy; response size and decompression caps hold
(crawlers/safety.py, settings)."""

from __future__ import annotations

import json
import os
import socketserver
import sqlite3
import subprocess
import sys
import textwrap
import threading
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit

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
    if sys.argv[3] == "proxy-enabled":  # the explicit opt-in to the environment's proxy
        overrides["HTTPPROXY_ENABLED"] = True
    reports = run_crawl(
        {"feeds": {"sources_file": sys.argv[1]}}, db_url=sys.argv[2], overrides=overrides
    )
    print(json.dumps(reports[0].counts))
    """
)


def real_crawl(
    tmp_path: Path, feeds: list[str], mode: str, web: SampleWeb, env: dict[str, str] | None = None
) -> list[tuple]:
    hosts = sorted({"127.0.0.1", "localhost", "::1", *(urlsplit(f).hostname for f in feeds)})
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f'[sources.local]\nname = "Local"\nhosts = {json.dumps(hosts)}\n'
        f'cadence = "1h"\nfeeds = {json.dumps(feeds)}\n'
    )
    db = tmp_path / f"{mode}.db"
    proc = subprocess.run(
        [sys.executable, "-c", REAL_MODE, str(sources), f"sqlite:///{db}", mode],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT), **(env or {})),
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


class RecordingProxy(socketserver.ThreadingTCPServer):
    """A local listener standing in for an HTTP(S) proxy: records each request's head
    (`GET http://host/path HTTP/1.1` or `CONNECT host:443 HTTP/1.1`, then its headers) and
    answers 502 itself, forwarding nothing."""

    daemon_threads = True

    def __init__(self) -> None:
        self.requests: list[list[str]] = []
        super().__init__(("127.0.0.1", 0), RecordingProxyHandler)

    def url(self, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.server_address[1]}"

    def env(self, host: str = "127.0.0.1") -> dict[str, str]:
        """The environment that points every http(s) client at this listener."""
        names = ("http_proxy", "https_proxy", "all_proxy")
        proxies = {name: self.url(host) for name in names}
        proxies.update({name.upper(): url for name, url in proxies.items()})
        return {**proxies, "no_proxy": "", "NO_PROXY": ""}

    def targets(self) -> set[str]:
        """The hosts of the requests that reached the proxy (`GET http://host/…`, `CONNECT
        host:port`)."""
        hosts = set()
        for head in self.requests:
            target = head[0].split()[1]
            hosts.add(urlsplit(target if "://" in target else "//" + target).hostname)
        return hosts

    def __enter__(self) -> RecordingProxy:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()


class RecordingProxyHandler(socketserver.StreamRequestHandler):
    server: RecordingProxy

    def handle(self) -> None:
        head = []
        while line := self.rfile.readline(8192).decode("latin-1").strip():
            head.append(line)
        if head:
            self.server.requests.append(head)
        self.wfile.write(
            b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )


# A name this machine cannot resolve but a proxy might (split-horizon DNS: an intranet host
# the proxy's resolver knows). Without a proxy its feed fails as a DNS error.
INTRANET = ["http://intranet.invalid/feed.xml", "https://intranet.invalid/feed.xml"]


def test_a_proxy_in_the_environment_is_ignored_so_private_targets_never_reach_it(tmp_path):
    with SampleWeb() as web, RecordingProxy() as proxy:
        private = [f"http://127.0.0.1:{web.port}/feed.xml", f"http://localhost:{web.port}/feed.xml"]
        errors = real_crawl(tmp_path, private + INTRANET, "full", web, env=proxy.env())
    assert proxy.requests == [], "a request reached the environment's proxy"
    assert sorted(errors) == sorted(
        [(url, "private_address") for url in private] + [(url, "dns") for url in INTRANET]
    )


def test_a_sample_crawl_is_never_sent_to_a_proxy_in_the_environment(tmp_path):
    with RecordingProxy() as proxy:
        proc = subprocess.run(
            [sys.executable, "-m", "tests.reliability.crawl", f"sqlite:///{tmp_path / 's.db'}"]
            + ["--spiders", "ofsted", "--urns", "80429"],
            cwd=ROOT,
            env=dict(os.environ, PYTHONPATH=str(ROOT), **proxy.env()),
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proxy.requests == [], "the sample web's loopback requests were sent to the proxy"
    assert json.loads(proc.stdout.splitlines()[-1])["runs"]["ofsted"]["documents_new"] > 0


def test_an_enabled_proxy_gets_only_requests_for_hosts_resolved_here_to_public_addresses(
    tmp_path,
):
    # HTTPPROXY_ENABLED is the explicit opt-in. The proxy is named `localhost`: the connect-time
    # resolver must let the configured proxy's own name resolve, and nothing else private.
    public = "http://151.101.0.81/feed.xml"  # reaches only the local listener, which answers 502
    with SampleWeb() as web, RecordingProxy() as proxy:
        private = [f"http://127.0.0.1:{web.port}/feed.xml", f"http://localhost:{web.port}/feed.xml"]
        env = proxy.env(host="localhost")
        errors = dict(
            real_crawl(tmp_path, [*private, *INTRANET, public], "proxy-enabled", web, env)
        )
    assert proxy.targets() == {"151.101.0.81"}, proxy.requests
    assert errors == {
        **{url: "private_address" for url in private},
        **{url: "unverified_address" for url in INTRANET},  # cannot be checked before the proxy
        public: "http_502",  # the listener's own answer: the request went through the proxy
    }


def test_the_address_check_runs_before_any_proxy_is_chosen():
    from scrapy.settings.default_settings import DOWNLOADER_MIDDLEWARES_BASE

    proxy = "scrapy.downloadermiddlewares.httpproxy.HttpProxyMiddleware"
    assert crawl_settings.HTTPPROXY_ENABLED is False  # the environment's proxies are ignored
    safety = crawl_settings.DOWNLOADER_MIDDLEWARES["crawlers.safety.Safety"]
    assert (
        crawl_settings.DOWNLOADER_MIDDLEWARES.get(proxy, DOWNLOADER_MIDDLEWARES_BASE[proxy])
        > safety
    )
