"""The JSON API: one endpoint per page, returning exactly the data the page renders.
Described at /openapi.json. Errors are JSON too: {"error": {"status", "message", ...}}."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from cswatch.output import jsonable
from cswatch.web import views
from cswatch.web.pages import optional_date, search_params

router = APIRouter(prefix="/api", tags=["api"])
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "Bad query or parameter; `error.message` says what to change"},
    404: {"description": "Not in the archive; `error.suggestions` lists close matches"},
}


def _json(data: dict[str, Any] | list[Any]) -> JSONResponse:
    return JSONResponse(jsonable(data))


@router.get("/home", summary="Latest events and the national picture (the home page)")
def home(request: Request) -> JSONResponse:
    return _json(views.home(request.app.state.archive))


@router.get("/national", summary="Latest overall effectiveness grade of every current authority")
def national(request: Request) -> JSONResponse:
    return _json(views.home(request.app.state.archive)["national"])


@router.get(
    "/authorities/{ref}",
    summary="An authority and its timeline (predecessors' history labelled) and documents",
    responses=ERRORS,
)
def authority(
    request: Request,
    ref: str,
    kind: Annotated[list[str], Query(description="event kinds to keep")] = [],  # noqa: B006
    since: Annotated[str | None, Query(description="YYYY-MM-DD")] = None,
    until: Annotated[str | None, Query(description="YYYY-MM-DD")] = None,
) -> JSONResponse:
    """`ref` is an ONS code, DfE code, Ofsted URN, name or alias."""
    a = views.resolve(ref)
    return _json(
        views.authority_page(
            request.app.state.archive,
            a,
            kinds=[k for k in kind if k] or None,
            since=optional_date(since, "since"),
            until=optional_date(until, "until"),
        )
    )


@router.get(
    "/search", summary="Full-text search with facets and highlighted snippets", responses=ERRORS
)
def search(
    request: Request,
    q: Annotated[str, Query(description='words, "phrases", AND/OR/NOT, -word, prefix*')] = "",
    authority: str | None = None,
    kind: str | None = None,
    source: str | None = None,
    year: str | None = None,
    grade: str | None = None,
    order: Annotated[str, Query(pattern="^(rank|date)$")] = "rank",
    page: str | None = None,
) -> JSONResponse:
    """Snippets are plain text with matches between « and »."""
    params = search_params(q, authority, kind, source, year, grade, order, page)
    return _json(views.search(request.app.state.archive, params))


@router.get(
    "/documents/{document_id}",
    summary="A document: text, metadata, provenance and inspection",
    responses=ERRORS,
)
def document(request: Request, document_id: int) -> JSONResponse:
    return _json(views.document(request.app.state.archive, document_id))
