"""The read-only web UI and JSON API. `create_app(archive_url)` builds the FastAPI app."""

from cswatch.web.app import create_app

__all__ = ["create_app"]
