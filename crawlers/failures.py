"""Name what went wrong with a request, in the error vocabulary operators see."""

from __future__ import annotations

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
from twisted.web._newclient import ResponseFailed


def describe_failure(failure: Failure) -> tuple[str, str, int | None]:
    """(kind, message, http_status) for a failed request."""
    if failure.check(HttpError):
        status = failure.value.response.status
        return f"http_{status}", f"server answered HTTP {status}", status
    if failure.check(DNSLookupError):
        return "dns", "the host name could not be resolved", None
    if failure.check(TimeoutError, TCPTimedOutError):
        return "timeout", "no answer before the download timeout", None
    if failure.check(ConnectionRefusedError):
        return "connection_refused", "the server refused the connection", None
    if failure.check(ConnectionLost, ResponseFailed):
        return "connection_lost", "the connection broke before the response was complete", None
    if failure.check(IgnoreRequest) and "robots.txt" in str(failure.value):
        return "robots_disallowed", "robots.txt forbids this URL", None
    if failure.check(IgnoreRequest):
        return "ignored", str(failure.value) or "request dropped", None
    return "download_error", f"{failure.type.__name__}: {failure.value}", None
