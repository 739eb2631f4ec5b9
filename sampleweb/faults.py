"""Misbehaviour a route can ask for, so crawler tests meet what real servers do.

A route's `fault` is a dict with a `kind`. Plain status faults (500, 503, 429 + Retry-After,
410) and redirect loops need no fault: give the route a `status`, `headers` and `location`.
The kinds here need control of the socket or the body:

- `hang`: accept, send nothing for `seconds` (default 60), then close: past any sane timeout.
- `slow`: wait `seconds` before answering normally (under the timeout).
- `reset`: abort the TCP connection (RST) before any byte, or after the headers with
  `"after_headers": true`.
- `truncate`: announce the full Content-Length but send only `bytes` of the body, then close.
- `oversized`: a body of `bytes` filler bytes (default 50 MB), streamed, never held in memory.
- `gzip_bomb`: `Content-Encoding: gzip` whose body inflates to `bytes` (default 1 GB) of zeros.
"""

from __future__ import annotations

import gzip
import io
import socket
import struct
import time
from functools import lru_cache
from http.server import BaseHTTPRequestHandler
from typing import Any

KINDS = {"hang", "slow", "reset", "truncate", "oversized", "gzip_bomb"}


def check(fault: dict[str, Any] | None) -> None:
    """Refuse an unknown fault kind when the manifest is used, not silently at request time."""
    if fault is not None and fault.get("kind") not in KINDS:
        raise ValueError(f"unknown fault kind {fault.get('kind')!r}; known: {sorted(KINDS)}")


def abort(handler: BaseHTTPRequestHandler) -> None:
    """Close with RST rather than FIN: the client sees 'connection reset by peer'."""
    try:
        handler.wfile.flush()
    except OSError:
        pass
    linger = struct.pack("ii", 1, 0)
    try:
        handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
        handler.connection.close()
    except OSError:
        pass
    handler.close_connection = True


@lru_cache(maxsize=4)
def gzip_zeros(size: int) -> bytes:
    """Gzip of `size` zero bytes (about 1/1000 of size); cached since tests ask repeatedly."""
    out = io.BytesIO()
    chunk = b"\0" * (1 << 20)
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9, mtime=0) as gz:
        left = size
        while left > 0:
            gz.write(chunk[: min(left, len(chunk))])
            left -= len(chunk)
    return out.getvalue()


def preempts(fault: dict[str, Any]) -> bool:
    """True if the fault ends the exchange before any answer is sent."""
    return fault["kind"] == "hang" or (fault["kind"] == "reset" and not fault.get("after_headers"))


def before_response(handler: BaseHTTPRequestHandler, fault: dict[str, Any]) -> bool:
    """Faults that act before any byte is sent. True means the request is fully handled."""
    kind = fault["kind"]
    if kind == "hang":
        time.sleep(float(fault.get("seconds", 60)))
        handler.close_connection = True
        return True
    if kind == "slow":
        time.sleep(float(fault.get("seconds", 1)))
        return False
    if kind == "reset" and not fault.get("after_headers"):
        abort(handler)
        return True
    return False


def body_plan(fault: dict[str, Any] | None, body: bytes) -> tuple[int, dict[str, str]]:
    """The Content-Length to announce and extra headers for a body-altering fault."""
    if fault is None:
        return len(body), {}
    kind = fault["kind"]
    if kind == "oversized":
        return int(fault.get("bytes", 50 * 1024 * 1024)), {}
    if kind == "gzip_bomb":
        return len(gzip_zeros(int(fault.get("bytes", 1 << 30)))), {"Content-Encoding": "gzip"}
    return len(body), {}


def write_body(handler: BaseHTTPRequestHandler, fault: dict[str, Any] | None, body: bytes) -> None:
    """Send the body, as the fault (if any) would have it."""
    kind = fault["kind"] if fault else None
    if kind == "reset":  # after_headers: the headers went out, now drop the line
        abort(handler)
    elif kind == "truncate":
        handler.wfile.write(body[: int(fault.get("bytes", len(body) // 2))])
        abort(handler)
    elif kind == "oversized":
        left = int(fault.get("bytes", 50 * 1024 * 1024))
        block = b"x" * 65536
        try:
            while left > 0:
                handler.wfile.write(block[: min(left, len(block))])
                left -= len(block)
        except OSError:  # the client gave up at its size cap, as it should
            handler.close_connection = True
    elif kind == "gzip_bomb":
        handler.wfile.write(gzip_zeros(int(fault.get("bytes", 1 << 30))))
    else:
        handler.wfile.write(body)
