"""How `cswatch serve` runs the web app: uvicorn, keeping an idle connection open longer than
the clients and proxies in front of it keep theirs.

HTTP/1.1 clients pool idle connections and reuse them. When the server closes an idle
connection at the moment a client sends its next request on it, the request is lost: the
server's kernel answers the unread request with a reset, so the client gets a connection reset
(httpx's `ReadError`), or a proxy returns 502, and nothing reached the app. Only the side that
closes *first* can prevent this, so it must be the client or proxy: the server's keep-alive
must outlast their idle timeouts. uvicorn's default of 5 s is shorter than almost every
client's and proxy's (httpx 5 s, nginx's upstream `keepalive_timeout` 60 s, AWS ALB 60 s), and
it is measured from when the server *sends* a response, while a client's is measured from when
it has *read* it, so even an equal 5 s loses the race by the response's transit time, which is
longest under load. `tests/reliability/test_concurrency.py` reproduced it under CPU load
(docs/RELIABILITY.md, "Concurrency").
"""

from __future__ import annotations

from typing import Any

# Longer than the common 60 s proxy and load-balancer idle timeouts. Behind a proxy whose idle
# timeout is longer, pass `cswatch serve --keep-alive` above it.
KEEP_ALIVE_SECONDS = 75


def run(app: Any, *, host: str, port: int, keep_alive: int = KEEP_ALIVE_SECONDS) -> None:
    """Serve `app` until interrupted. On shutdown uvicorn closes idle kept-alive connections
    at once, so a long keep-alive does not delay stopping."""
    import uvicorn

    uvicorn.run(app, host=host, port=port, log_level="info", timeout_keep_alive=keep_alive)
