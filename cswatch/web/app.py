"""The FastAPI application: read-only pages, their JSON twins and downloads over one archive.

`create_app(archive_url)` opens the archive once; route functions are plain `def`s, so
FastAPI runs their blocking database calls in its thread pool. Security headers are added to
every response by a small ASGI middleware (it never buffers, so streamed exports stay
streamed). Errors the reader can act on (bad query → 400, unknown authority → 404 with
suggestions) come back as a page or as JSON, matching what was asked for.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cswatch.charts import ChartCache
from cswatch.web.templating import environment
from cswatch.web.views import BadRequest, NotFound
from storage import Archive

STATIC_DIR = Path(__file__).parent / "static"
CSP = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}


class SecurityHeaders:
    """Adds SECURITY_HEADERS to every response unless the route set its own value."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                for name, value in SECURITY_HEADERS.items():
                    if name.encode() not in present:
                        headers.append((name.encode(), value.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.query_params.get("format") == "json"


def render(request: Request, template: str, data: dict[str, Any], status: int = 200) -> Response:
    """The page as HTML, or its data as JSON for the JSON twin."""
    if wants_json(request):
        from cswatch.output import jsonable

        return JSONResponse(jsonable(data), status_code=status)
    html = environment().get_template(template).render(request=request, **data)
    return HTMLResponse(html, status_code=status)


def _error(request: Request, status: int, message: str, **extra: Any) -> Response:
    data = {"error": {"status": status, "message": message, **extra}}
    return render(request, "error.html", data, status)


def create_app(archive_url: str | None = None, *, exports_dir: Path | str | None = None) -> FastAPI:
    """The web app over the archive at `archive_url` (default: --db / CSWATCH_DB rules).
    `exports_dir`, if given, is offered for download at /exports/ (nothing outside it)."""
    from cswatch.web import api, downloads, feeds, pages

    archive = Archive.open(archive_url)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        archive.close()

    app = FastAPI(
        lifespan=lifespan,
        title="cswatch",
        summary="A read-only archive of English councils' children's services: Ofsted "
        "reports, government notices and press coverage, as a timeline per authority.",
        version="1",
        # The interactive docs pages load scripts from a CDN, which our CSP (rightly) blocks;
        # the machine-readable description stays at /openapi.json.
        docs_url=None,
        redoc_url=None,
    )
    app.state.archive = archive
    # Rendered rating charts, keyed by what they show (see cswatch.charts.ChartCache).
    app.state.chart_cache = ChartCache()
    app.state.exports_dir = Path(exports_dir).resolve() if exports_dir else None
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(pages.router)
    app.include_router(api.router)
    app.include_router(downloads.router)
    app.include_router(feeds.router)

    @app.exception_handler(BadRequest)
    def _bad_request(request: Request, exc: BadRequest) -> Response:
        return _error(request, 400, exc.message, form=exc.form)

    @app.exception_handler(NotFound)
    def _not_found(request: Request, exc: NotFound) -> Response:
        return _error(request, 404, exc.message, suggestions=exc.suggestions)

    @app.exception_handler(RequestValidationError)
    def _invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', [])[1:])}: {e.get('msg')}"
            for e in exc.errors()
        )
        return _error(request, 400, f"bad parameter: {problems}")

    @app.exception_handler(StarletteHTTPException)
    def _http(request: Request, exc: StarletteHTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail))

    return app
