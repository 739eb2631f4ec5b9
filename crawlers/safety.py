"""Keep the crawler inside its sources and off private networks, and obey robots.txt always.

Every byte the crawler reads comes from someone else's server, and a server chooses where it
redirects us. This downloader middleware refuses, with a reason the archive records:

- `off_site`: a redirect to a host outside the request's source (a press source's `hosts` in
  sources.toml, or the spider's `allowed_domains`). Scrapy's own off-site filter drops off-site
  *links* when they are scheduled (counted as `links_off_site` in the run's counts) but would
  follow a feed-linked article that redirects anywhere.
- `redirect_loop`: a redirect back to a URL already in the request's redirect chain (Scrapy's
  duplicate filter would otherwise drop the request silently: no document, no error).
- `private_address` (real crawls only; the sample web is loopback by design): a host that is,
  or resolves to, a loopback, private, link-local, reserved or multicast address. The check
  runs before every request, robots.txt included, so a feed cannot point us at 127.0.0.1 or
  169.254.169.254. Twisted resolves the name again when it connects: `PublicOnlyResolver`
  (TWISTED_DNS_RESOLVER) refuses a non-public answer there too, so a DNS answer that changes
  between the two look-ups (rebinding) fails as a `dns` error instead of connecting.
- `unverified_address` (real crawls through a proxy): a host that does not resolve here. A
  proxy resolves the name itself, where neither check can see, so the check made here is the
  only one: it runs before any proxy is chosen (Scrapy's HttpProxyMiddleware is at 750) and,
  when a proxy may be used, fails closed. Proxies in the environment are ignored unless
  HTTPPROXY_ENABLED is set (crawlers/settings.py); the connect-time resolver then lets only
  the proxy's own name resolve to a private address.

It also stops retrying a 429/503 whose Retry-After asks for longer than `RETRY_AFTER_MAX`
seconds: the error is recorded with the delay, and the next run asks again, instead of the same
crawl knocking again at once.

`RobotsTxt` works around Scrapy 2.19's RobotsTxtMiddleware handing `None` (meaning "no
robots.txt, allow all") to every request that waited for a host's robots.txt except the first.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Sequence
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.request import getproxies

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.resolver import CachingThreadedResolver
from scrapy.robotstxt import RobotParser
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred
from twisted.internet.error import DNSLookupError
from twisted.internet.threads import deferToThread

REDIRECTS = {301, 302, 303, 307, 308}
RETRY_AFTER_MAX = 30  # seconds we are willing to wait inside one crawl


class Refused(IgnoreRequest):
    """A request the crawler will not make; `kind` is the fetch_error kind."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def is_public(address: str) -> bool:
    """True for a globally routable unicast address (IPv4-mapped IPv6 judged as IPv4)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def resolve(host: str) -> list[str]:
    """Every address `host` resolves to (a literal resolves to itself); [] if it does not."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []  # the download itself will report the DNS failure
    return sorted({info[4][0] for info in infos})


def proxy_hosts(settings: Any) -> set[str]:
    """The hosts of the proxies a crawl with these settings may use: those in the environment,
    and only with HTTPPROXY_ENABLED (Scrapy's HttpProxyMiddleware reads the same variables)."""
    if not settings.getbool("HTTPPROXY_ENABLED"):
        return set()
    hosts = set()
    for scheme, url in getproxies().items():
        if scheme != "no":  # no_proxy lists hosts to reach directly, not a proxy
            host = urlsplit(url if "://" in url else "http://" + url).hostname
            hosts.update([host] if host else [])
    return hosts


def host_allowed(spider: Spider | None, request: Request, host: str | None) -> bool:
    """Whether `host` belongs to the source this request was made for."""
    host = (host or "").lower()
    key = request.meta.get("source")
    for source in getattr(spider, "sources", None) or []:
        if getattr(source, "key", None) == key:
            return source.allows(host)
    domains = getattr(spider, "allowed_domains", None) or []
    if not domains:
        return True  # the spider names no boundary; nothing to enforce
    return any(host == d or host.endswith("." + d) for d in domains)


def retry_after_seconds(value: bytes | None) -> float | None:
    """Delta-seconds form of Retry-After; an HTTP date counts as 'long' (None means absent)."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    return float(text) if text.isdigit() else float("inf")


class Safety:
    """Downloader middleware; wired in crawlers/settings.py after RedirectMiddleware (600)
    so it sees a redirect response before RedirectMiddleware follows it."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        # The sample web is our own loopback server; only real crawls must avoid private hosts.
        self.check_addresses = not crawler.settings.get("SAMPLEWEB_URL")
        self.retry_after_max = crawler.settings.getfloat("CSWATCH_RETRY_AFTER_MAX", RETRY_AFTER_MAX)
        self.proxied = bool(proxy_hosts(crawler.settings))
        self._addresses: dict[str, list[str]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Safety:
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        if not self.check_addresses:
            return None
        host = urlsplit(request.url).hostname
        if not host:
            return None
        if host not in self._addresses:
            self._addresses[host] = await maybe_deferred_to_future(deferToThread(resolve, host))
        addresses = self._addresses[host]
        private = [a for a in addresses if not is_public(a)]
        if private:
            self.crawler.stats.inc_value("cswatch/refused/private_address")
            raise Refused(
                "private_address",
                f"{host} is or resolves to a non-public address ({', '.join(private)})",
            )
        if not addresses and (self.proxied or request.meta.get("proxy")):
            # Without a proxy the download reports the DNS failure; a proxy would resolve the
            # name itself, perhaps to an address on its own network.
            self.crawler.stats.inc_value("cswatch/refused/unverified_address")
            raise Refused(
                "unverified_address",
                f"{host} does not resolve here, so its address cannot be checked before a proxy",
            )
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        spider = self.crawler.spider
        location = response.headers.get(b"Location")
        if response.status in REDIRECTS and location:
            target = urljoin(request.url, location.decode("latin-1"))
            if not host_allowed(spider, request, urlsplit(target).hostname):
                self.crawler.stats.inc_value("cswatch/refused/off_site")
                raise Refused("off_site", f"redirect to {target}, outside the source's hosts")
            chain = [*request.meta.get("redirect_urls", []), request.url]
            if target in chain:
                self.crawler.stats.inc_value("cswatch/refused/redirect_loop")
                raise Refused("redirect_loop", "redirect loop: " + " → ".join([*chain, target]))
        if response.status in (429, 503):
            wait = retry_after_seconds(response.headers.get(b"Retry-After"))
            if wait is not None and wait > self.retry_after_max:
                # Knocking again within this crawl would ignore what the server asked for.
                request.meta["dont_retry"] = True
        return response


class PublicOnlyResolver(CachingThreadedResolver):
    """Scrapy's resolver, refusing non-public answers in real crawls (the connect-time half
    of the private-address check; the sample web's loopback server needs them), except for
    the name of a proxy the crawl was configured to use (often on a private network)."""

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> PublicOnlyResolver:
        resolver = super().from_crawler(crawler, reactor)
        resolver.check_addresses = not crawler.settings.get("SAMPLEWEB_URL")
        resolver.proxy_hosts = {host.lower() for host in proxy_hosts(crawler.settings)}
        return resolver

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:  # noqa: N802
        answer = super().getHostByName(name, timeout)
        if getattr(self, "check_addresses", True) and name.lower() not in getattr(
            self, "proxy_hosts", ()
        ):
            answer.addCallback(self._public_only, name)
        return answer

    @staticmethod
    def _public_only(address: str, name: str) -> str:
        if not is_public(address):
            raise DNSLookupError(f"{name} resolved to the non-public address {address}")
        return address


class RobotsTxt(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, with every waiting request getting the parsed rules."""

    async def robot_parser(self, request: Request) -> RobotParser | None:
        parser = await super().robot_parser(request)
        if parser is None:
            # By now the first waiter has stored the parser (or None if robots.txt failed).
            stored: Any = self._parsers.get(urlparse_cached(request).netloc)
            if not isinstance(stored, Deferred):
                parser = stored
        return parser
