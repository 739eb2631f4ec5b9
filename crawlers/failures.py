"""Name what went wrong with a request, in the error vocabulary operators see."""

from __future__ import annotations

from scrapy import exceptions as scrapy_exc
from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import (
    ConnectionLost,
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

from crawlers.items import FetchFailed
from crawlers.revisit import AlreadyArchived


def _scrapy(*names: str) -> tuple[type[BaseException], ...]:
    # Scrapy 2.13+ wraps Twisted's errors in its own (DownloadTimeoutError, …); older ones don't.
    return tuple(getattr(scrapy_exc, n) for n in names if hasattr(scrapy_exc, n))


TIMEOUTS = (TimeoutError, TCPTimedOutError, *_scrapy("DownloadTimeoutError"))
DNS = (DNSLookupError, *_scrapy("CannotResolveHostError"))
REFUSED = (ConnectionRefusedError, *_scrapy("DownloadConnectionRefusedError"))
TRUNCATED = _scrapy("ResponseDataLossError")
CANCELLED = _scrapy("DownloadCancelledError")
LOST = (ConnectionLost, ResponseFailed, ResponseNeverReceived, *_scrapy("DownloadFailedError"))


def describe_failure(failure: Failure) -> tuple[str, str, int | None]:
    """(kind, message, http_status) for a failed request."""
    if failure.check(HttpError):
        response = failure.value.response
        status = response.status
        message = f"server answered HTTP {status}"
        if retry_after := response.headers.get(b"Retry-After"):
            message += f", retry after {retry_after.decode('latin-1')}"
        return f"http_{status}", message, status
    if kind := getattr(failure.value, "kind", None):  # crawlers.safety.Refused
        return kind, str(failure.value), None
    if failure.check(*DNS):
        return "dns", "the host name could not be resolved", None
    if failure.check(*TIMEOUTS):
        return "timeout", "no answer before the download timeout", None
    if failure.check(*REFUSED):
        return "connection_refused", "the server refused the connection", None
    if TRUNCATED and failure.check(*TRUNCATED):
        return "truncated", "the connection closed before the announced body arrived", None
    if CANCELLED and failure.check(*CANCELLED) and "max size" in str(failure.value):
        return "too_large", str(failure.value), None
    if failure.check(*LOST):
        return "connection_lost", "the connection broke before the response was complete", None
    if failure.check(IgnoreRequest):
        text = str(failure.value)
        if "robots.txt" in text:
            return "robots_disallowed", "robots.txt forbids this URL", None
        if "max redirections" in text:
            return "too_many_redirects", "gave up after too many redirects", None
        if "DOWNLOAD_MAXSIZE" in text:  # HttpCompressionMiddleware: a decompression bomb
            return "too_large", text, None
        return "ignored", text or "request dropped", None
    return "download_error", f"{failure.type.__name__}: {failure.value}", None


def failure_item(failure: Failure) -> FetchFailed | None:
    """The error record a spider's errback yields; None when the archive already holds the
    URL's bytes (not an error: the request was dropped on purpose)."""
    if failure.check(AlreadyArchived):
        return None
    request = failure.request  # type: ignore[attr-defined]
    kind, message, status = describe_failure(failure)
    return FetchFailed(
        url=request.url,
        kind=kind,
        message=message,
        http_status=status,
        listing=request.meta.get("listing", {}),
        source=request.meta.get("source"),
    )
