"""The sample web: a local replay of the real sites, dispatched on the Host header.

Spiders ask for the real URLs; in demo and test mode a downloader middleware sends each
request to this server with `Host: <real host>`, so one loopback port serves every site.
Humans can browse `http://127.0.0.1:<port>/_site/<host>/<path>` instead. A host with no folder
under `sites/` is a 404: this server never proxies anywhere.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from sampleweb import faults
from sampleweb.manifest import Match, Site, content_type_for, load_sites

SITES_ROOT = Path(__file__).resolve().parent / "sites"
LOOPBACK_NAMES = {"127.0.0.1", "localhost", "[::1]", ""}


@dataclass(frozen=True)
class LoggedRequest:
    """One answered request, for tests to assert on what a crawler actually fetched."""

    method: str
    host: str
    path: str
    status: int


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest() + '"'


def _not_modified(headers: Any, etag: str | None, last_modified: datetime | None) -> bool:
    """RFC 9110 13.2.2: If-None-Match decides when present; else If-Modified-Since."""
    inm = headers.get("If-None-Match")
    if inm is not None:
        if etag is None:
            return False
        tags = {t.strip().removeprefix("W/") for t in inm.split(",")}
        return "*" in tags or etag in tags
    ims = headers.get("If-Modified-Since")
    if ims and last_modified is not None:
        try:
            since = parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False  # an unparseable date is ignored, as the RFC says
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return last_modified.replace(microsecond=0) <= since
    return False


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"  # keep-alive, like the real sites; Content-Length always set
    # Headers and body go out in two sends on a kept-alive connection: with Nagle's algorithm on,
    # every body waited ~40 ms for the client's delayed ACK, so the server, not the crawler, set
    # the pace of every crawl against it.
    disable_nagle_algorithm = True
    server_version = "cswatch-sampleweb/1"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass  # quiet: tests and the demo read the request log instead

    def do_GET(self) -> None:
        self._serve(head=False)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def _target(self) -> tuple[str, str]:
        """The (host, path) asked for: Host header, or the /_site/<host>/ form for browsers."""
        host = (self.headers.get("Host") or "").strip().lower()
        host = host.rsplit(":", 1)[0] if not host.startswith("[") else host.split("]")[0] + "]"
        path = unquote(urlsplit(self.path).path) or "/"
        if host in LOOPBACK_NAMES and path.startswith("/_site/"):
            rest = path[len("/_site/") :]
            site_host, _, site_path = rest.partition("/")
            return site_host.lower(), "/" + site_path
        return host, path

    def _serve(self, head: bool) -> None:
        host, path = self._target()
        site = self.server.sites.get(host)
        if site is None and host in LOOPBACK_NAMES and path == "/":
            self._send(200, self._index_page(), "text/html; charset=utf-8", head=head, log=host)
            return
        match = site.resolve(path) if site is not None else None
        if match is None:
            self._send(404, b"Not found\n", "text/plain; charset=utf-8", head=head, log=host)
            return
        self._answer(site, match, host, path, head)

    def _answer(self, site: Site, match: Match, host: str, path: str, head: bool) -> None:
        route = match.route
        fault = route.fault
        if fault is not None and faults.preempts(fault):
            self.server.log(self.command, host, path, 0)  # logged first: the client may hang
            faults.before_response(self, fault)
            return
        if fault is not None:
            faults.before_response(self, fault)
        if match.file is not None:
            body = match.file.read_bytes()
            ctype = route.content_type or content_type_for(match.file.name)
        else:
            body = (route.body or "").encode("utf-8")
            ctype = route.content_type or "text/plain; charset=utf-8"
        status = route.status
        headers = dict(site.headers)
        headers.update(route.headers)
        if route.location is not None:
            headers["Location"] = route.location
        cacheable = 200 <= status < 300 and fault is None
        etag = _etag(body) if cacheable and route.etag else None
        last_modified = route.last_modified or site.last_modified if cacheable else None
        if etag:
            headers["ETag"] = etag
        if last_modified is not None:
            headers["Last-Modified"] = format_datetime(last_modified, usegmt=True)
        if cacheable and _not_modified(self.headers, etag, last_modified):
            self._send(304, b"", None, head=True, extra=headers, log=host, path=path)
            return
        self._send(status, body, ctype, head=head, extra=headers, log=host, path=path, fault=fault)

    def _send(
        self,
        status: int,
        body: bytes,
        ctype: str | None,
        *,
        head: bool,
        log: str,
        path: str | None = None,
        extra: dict[str, str] | None = None,
        fault: dict[str, Any] | None = None,
    ) -> None:
        length, fault_headers = faults.body_plan(fault, body)
        # Log before any byte goes out, so a client that has its answer sees it in the log.
        self.server.log(self.command, log, path or urlsplit(self.path).path, status)
        self.send_response(status)
        if ctype is not None:
            self.send_header("Content-Type", ctype)
        if status != 304:
            self.send_header("Content-Length", str(length))
        for name, value in {**(extra or {}), **fault_headers}.items():
            self.send_header(name, value)
        self.end_headers()
        if head or status == 304:
            return
        faults.write_body(self, fault, body)

    def _index_page(self) -> bytes:
        items = "".join(
            f'<li><a href="/_site/{escape(h)}/">{escape(h)}</a></li>' for h in self.server.sites
        )
        return (
            "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            "<title>cswatch sample web</title></head><body><h1>cswatch sample web</h1>"
            "<p>Sites replayed here (browse as /_site/&lt;host&gt;/&lt;path&gt;):</p>"
            f"<ul>{items}</ul>"
            "</body></html>"
        ).encode()


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a hung client must not keep the process (or a test run) alive
    allow_reuse_address = True
    # socketserver's default backlog of 5 overflowed whenever the server was a moment late to
    # accept: the kernel dropped the SYN and the crawler waited out a 1 s retransmission
    # (bench/RESULTS.md, Crawl). Real servers listen with backlogs of hundreds.
    request_queue_size = 128

    def __init__(
        self, address: tuple[str, int], sites: dict[str, Site], log: list[LoggedRequest]
    ) -> None:
        super().__init__(address, _Handler)
        self.sites = sites
        self.requests = log
        self.lock = threading.Lock()

    def log(self, method: str, host: str, path: str, status: int) -> None:
        with self.lock:
            self.requests.append(LoggedRequest(method, host, path, status))


class SampleWeb:
    """The sample web on a loopback port; use as a context manager or start()/stop()."""

    def __init__(self, root: Path | None = None, host: str = "127.0.0.1", port: int = 0) -> None:
        if host not in {"127.0.0.1", "localhost", "::1"}:
            raise ValueError("the sample web binds to loopback only")
        self.root = Path(root) if root is not None else SITES_ROOT
        self.host = host
        self._port = port
        self.sites: dict[str, Site] = load_sites(self.root)
        for site in self.sites.values():
            for route in site.routes:
                faults.check(route.fault)
        self._log: list[LoggedRequest] = []
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("SampleWeb is not started")
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def requests(self) -> list[LoggedRequest]:
        """What was asked so far (a copy): method, host, path, status (0: fault, no answer)."""
        return list(self._log)

    def url_for(self, real_url: str) -> str:
        """The browsable /_site/ form of a real URL, e.g. for a person or a plain HTTP client."""
        parts = urlsplit(real_url)
        query = f"?{parts.query}" if parts.query else ""
        return f"{self.base_url}/_site/{parts.hostname}{parts.path or '/'}{query}"

    def add_route(self, host: str, route: dict[str, Any]) -> None:
        """Add a route ahead of the manifest's, e.g. a fault for one test (kept until stop)."""
        faults.check(route.get("fault"))
        site = self.sites.get(host.lower())
        if site is None:
            site = self.sites[host.lower()] = Site(host=host.lower(), root=self.root / host)
        site.add_route(route)

    def start(self) -> SampleWeb:
        if self._server is not None:
            return self
        # Compress decompression bombs now, not while a client's download timeout runs.
        for site in self.sites.values():
            for route in site.routes:
                if route.fault and route.fault.get("kind") == "gzip_bomb":
                    faults.gzip_zeros(int(route.fault.get("bytes", 1 << 30)))
        self._server = _Server((self.host, self._port), self.sites, self._log)
        # A short poll interval makes stop() quick; tests start and stop many servers.
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), name="sampleweb", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> SampleWeb:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


__all__ = ["LoggedRequest", "SITES_ROOT", "SampleWeb"]
