"""The HTML pages. Each also answers `?format=json` with the very data it renders (the same
as its `/api/...` twin in cswatch/web/api.py)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from cswatch.web import views
from cswatch.web.app import render

router = APIRouter(include_in_schema=False)
Format = Annotated[str, Query(pattern="^(html|json)$")]


def optional_int(value: str | None, name: str) -> int | None:
    """HTML forms send empty fields as "": that means "not given", not an error."""
    if value is None or not value.strip():
        return None
    try:
        return int(value)
    except ValueError:
        raise views.BadRequest(f"{name} must be a whole number, not {value!r}") from None


def optional_date(value: str | None, name: str) -> date | None:
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise views.BadRequest(f"{name} must be a date as YYYY-MM-DD, not {value!r}") from None


def blank_to_none(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def search_params(
    q: str,
    authority: str | None,
    kind: str | None,
    source: str | None,
    year: str | None,
    grade: str | None,
    order: str,
    page: str | None,
) -> views.SearchParams:
    number = optional_int(page, "page")
    return views.SearchParams(
        q=q,
        authority=blank_to_none(authority),
        kind=blank_to_none(kind),
        source=blank_to_none(source),
        year=optional_int(year, "year"),
        grade=blank_to_none(grade),
        order=order if order in ("rank", "date") else "rank",
        page=1 if number is None else number,
    )


@router.get("/")
def home(request: Request, format: Format = "html") -> Response:
    return render(request, "home.html", views.home(request.app.state.archive))


@router.get("/authorities/{ref}")
def authority(
    request: Request,
    ref: str,
    kind: Annotated[list[str], Query()] = [],  # noqa: B006 - FastAPI copies defaults
    since: str | None = None,
    until: str | None = None,
    format: Format = "html",
) -> Response:
    a = views.resolve(ref)
    if ref != a.code:
        # One address per authority: names and aliases redirect to the ONS code's page.
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse(f"/authorities/{a.code}{query}", status_code=307)
    data = views.authority_page(
        request.app.state.archive,
        a,
        kinds=[k for k in kind if k] or None,
        since=optional_date(since, "since"),
        until=optional_date(until, "until"),
    )
    return render(request, "authority.html", data)


@router.get("/search")
def search(
    request: Request,
    q: str = "",
    authority: str | None = None,
    kind: str | None = None,
    source: str | None = None,
    year: str | None = None,
    grade: str | None = None,
    order: str = "rank",
    page: str | None = None,
    format: Format = "html",
) -> Response:
    params = search_params(q, authority, kind, source, year, grade, order, page)
    return render(request, "search.html", views.search(request.app.state.archive, params))


@router.get("/documents/{document_id}")
def document(request: Request, document_id: int, format: Format = "html") -> Response:
    return render(request, "document.html", views.document(request.app.state.archive, document_id))
