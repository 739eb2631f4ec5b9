"""Downloads: rating charts, timeline files, streamed archive exports, the national table,
and prepared files from the operator's export directory.

Archive exports stream: CSV and JSONL go out batch by batch as they are read; Parquet (which
needs its footer written last) is built in a temporary file on disk, one row group per batch,
then sent and deleted. Files under /exports/ are looked up with cswatch.exports.safe_path:
a name that resolves outside the directory is refused with 400.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from starlette.background import BackgroundTask

from cswatch.charts import CHART_KINDS, chart_fingerprint, rating_chart
from cswatch.exports import (
    MEDIA_TYPES,
    UnsafePath,
    csv_chunks,
    jsonl_chunks,
    national_csv,
    safe_path,
    write_parquet,
)
from cswatch.timeline_view import render_timeline, render_timeline_file
from cswatch.web import views
from cswatch.web.pages import blank_to_none, optional_date
from cswatch.web.templating import authority_name
from storage.exports import COLUMNS, ExportFilter, iter_document_batches
from storage.national import national_table

router = APIRouter(tags=["exports"])
# An SVG opened on its own is a document: it may style itself but never run anything.
SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'"


def _attachment(name: str) -> dict[str, str]:
    return {"content-disposition": f'attachment; filename="{name}"'}


def _etag_matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 If-None-Match: `*` or a list of (possibly weak) tags, compared weakly."""
    if not if_none_match:
        return False
    tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
    return "*" in tags or etag in tags


@router.get("/authorities/{ref}/chart.{fmt}", summary="Rating-history step chart (PNG or SVG)")
def chart(request: Request, ref: str, fmt: str) -> Response:
    if fmt not in ("png", "svg"):
        raise views.NotFound(f"no chart format {fmt!r}: use chart.png or chart.svg")
    a = views.resolve(ref)
    events = request.app.state.archive.timeline(a.code, kinds=set(CHART_KINDS))
    today = date.today()
    fingerprint = chart_fingerprint(a.name, events, fmt, name_of=authority_name, today=today)
    # no-cache: a browser keeps the chart but asks each time, so a new inspection shows at
    # once; the answer is a 304 (no body, no drawing) while the chart is unchanged.
    headers = {"cache-control": "no-cache", "etag": f'"{fingerprint}"'}
    if fmt == "svg":
        headers["content-security-policy"] = SVG_CSP
    if _etag_matches(request.headers.get("if-none-match"), headers["etag"]):
        return Response(status_code=304, headers=headers)
    body = request.app.state.chart_cache.get_or_render(
        fingerprint,
        lambda: rating_chart(a.name, events, fmt, name_of=authority_name, today=today),
    )
    return Response(body, media_type=MEDIA_TYPES[fmt], headers=headers)


@router.get(
    "/authorities/{ref}/timeline.{fmt}",
    summary="Timeline as CSV, JSON, Markdown, iCalendar or standalone HTML",
)
def timeline_file(request: Request, ref: str, fmt: str) -> Response:
    if fmt not in ("csv", "json", "md", "ics", "html"):
        raise views.NotFound(f"no timeline format {fmt!r}: use csv, json, md, ics or html")
    a = views.resolve(ref)
    events = request.app.state.archive.timeline(a.code)
    if fmt in ("ics", "html"):
        body: bytes | str = render_timeline_file(a, events, fmt)
    else:
        body = render_timeline(a, events, fmt) or ""
    return Response(body, media_type=MEDIA_TYPES[fmt], headers=_attachment(f"{a.code}.{fmt}"))


@router.get("/export.{fmt}", summary="Documents with citations as CSV, JSONL or Parquet")
def export(
    request: Request,
    fmt: str,
    authority: str | None = None,
    since: Annotated[str | None, Query(description="YYYY-MM-DD")] = None,
    until: Annotated[str | None, Query(description="YYYY-MM-DD")] = None,
    kind: str | None = None,
    text: bool = True,
) -> Response:
    if fmt not in ("csv", "jsonl", "parquet"):
        raise views.NotFound(f"no export format {fmt!r}: use csv, jsonl or parquet")
    code = views.resolve(authority).code if blank_to_none(authority) else None
    kind = blank_to_none(kind)
    if kind and kind not in views.v.DOCUMENT_KINDS:
        raise views.BadRequest(f"unknown kind {kind!r}")
    flt = ExportFilter(
        authority=code,
        since=optional_date(since, "since"),
        until=optional_date(until, "until"),
        kind=kind,
        with_text=text,
    )
    name = "-".join(
        p for p in ("cswatch", code or "archive", kind, flt.since and flt.since.isoformat()) if p
    )
    engine = request.app.state.archive.engine
    headers = _attachment(f"{name}.{fmt}")
    if fmt == "csv":
        columns = [c for c in COLUMNS if text or c != "text"]
        chunks = csv_chunks(iter_document_batches(engine, flt), columns)
        return StreamingResponse(chunks, media_type=MEDIA_TYPES[fmt], headers=headers)
    if fmt == "jsonl":
        chunks = jsonl_chunks(iter_document_batches(engine, flt), text)
        return StreamingResponse(chunks, media_type=MEDIA_TYPES[fmt], headers=headers)
    handle, path = tempfile.mkstemp(prefix="cswatch-export-", suffix=".parquet")
    os.close(handle)
    try:
        write_parquet(iter_document_batches(engine, flt), path, with_text=text)
    except BaseException:
        os.unlink(path)
        raise
    return FileResponse(
        path,
        media_type=MEDIA_TYPES[fmt],
        headers=headers,
        background=BackgroundTask(os.unlink, path),
    )


@router.get("/national.csv", summary="National table (latest grade of every authority) as CSV")
def national(request: Request) -> Response:
    rows = national_table(request.app.state.archive.engine)
    return Response(
        national_csv(rows), media_type=MEDIA_TYPES["csv"], headers=_attachment("national.csv")
    )


@router.get("/exports/", summary="Prepared export files offered by this server")
def exports_index(request: Request) -> JSONResponse:
    base = request.app.state.exports_dir
    if base is None or not base.is_dir():
        return JSONResponse({"files": []})
    files = sorted(p.name for p in base.iterdir() if p.is_file() and not p.name.startswith("."))
    return JSONResponse({"files": [{"name": n, "url": f"/exports/{n}"} for n in files]})


@router.get(
    "/exports/{name:path}",
    summary="Download a prepared export file",
    responses={400: {"description": "The name leaves the export directory"}},
)
def exports_file(request: Request, name: str) -> Response:
    base = request.app.state.exports_dir
    if base is None:
        raise views.NotFound("this server offers no export files (cswatch serve --exports DIR)")
    try:
        path = safe_path(base, name)
    except UnsafePath as exc:
        raise views.BadRequest(str(exc)) from None
    if not path.is_file():
        raise views.NotFound(f"no export file {name!r}")
    suffix = path.suffix.lstrip(".")
    return FileResponse(
        path,
        media_type=MEDIA_TYPES.get(suffix, "application/octet-stream"),
        headers=_attachment(path.name),
    )
