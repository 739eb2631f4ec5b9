"""The read-only web UI and JSON API. `create_app(archive_url)` builds the FastAPI app.

`create_app` is imported on first use, so the CLI can read the server's settings
(cswatch/web/server.py) without importing FastAPI."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cswatch.web.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from cswatch.web.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
