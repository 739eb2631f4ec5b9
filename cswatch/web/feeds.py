"""Atom feeds out of the archive, so a researcher can follow an authority or a search in any
feed reader: `/authorities/{ref}/feed.atom` (its newest documents) and
`/search/feed.atom?q=…` (the newest matches, with the search page's filters).

Each feed links to itself and to the HTML page it follows; each entry to our document page
(alternate) and to the original (related). Rendering is cswatch/web/atom.py.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from cswatch.web import views
from cswatch.web.atom import MEDIA_TYPE, FeedMeta, render_feed, tag_uri
from cswatch.web.pages import search_params
from storage.errors import QueryError
from storage.facets import filtered_search
from storage.feed_entries import authority_feed_entries, feed_entries_for

router = APIRouter(tags=["feeds"])
FEED_SIZE = 50
# The search parameters a feed follows (paging and ranking make no sense in a feed: it is
# always the newest matches).
SEARCH_FEED_KEYS = ("q", "authority", "kind", "source", "year", "grade")


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _atom(body: bytes) -> Response:
    # Readers poll: let them revalidate rather than cache a stale list for long.
    return Response(body, media_type=MEDIA_TYPE, headers={"cache-control": "max-age=300"})


@router.get(
    "/authorities/{ref}/feed.atom",
    summary="Atom feed of an authority's newest documents (reports, notices, press)",
)
def authority_feed(request: Request, ref: str) -> Response:
    a = views.resolve(ref)
    base = _base(request)
    entries = authority_feed_entries(request.app.state.archive.engine, a.code, FEED_SIZE)
    meta = FeedMeta(
        id=tag_uri(f"authority/{a.code}"),
        title=f"{a.name}: children's services (cswatch)",
        subtitle=f"Newest Ofsted reports, government notices and press about {a.name}",
        self_url=f"{base}/authorities/{a.code}/feed.atom",
        page_url=f"{base}/authorities/{a.code}",
    )
    return _atom(render_feed(meta, entries, f"{base}/documents/{{id}}"))


@router.get(
    "/search/feed.atom",
    summary="Atom feed of the newest documents matching a search",
    responses={400: {"description": "Bad query or parameter"}},
)
def search_feed(
    request: Request,
    q: str = "",
    authority: str | None = None,
    kind: str | None = None,
    source: str | None = None,
    year: str | None = None,
    grade: str | None = None,
) -> Response:
    params = search_params(q, authority, kind, source, year, grade, "date", None)
    filters, found_authority = views.search_filters(params)
    if not params.q.strip():
        raise views.BadRequest("a search feed needs a query: /search/feed.atom?q=words")
    archive = request.app.state.archive
    try:
        result = filtered_search(archive, params.q, filters, order="date", limit=FEED_SIZE)
    except QueryError as exc:
        raise views.BadRequest(str(exc)) from None
    ids = [h.document_id for h in result.hits]
    entries = feed_entries_for(archive.engine, ids)
    # The feed's identity is the search itself, normalised: the same search, asked with the
    # parameters in another order or the authority by name, is the same feed.
    form = params.form()
    if found_authority:
        form["authority"] = found_authority.code
    query = urlencode([(k, form[k]) for k in SEARCH_FEED_KEYS if k in form])
    base = _base(request)
    where = f" in {found_authority.name}" if found_authority else ""
    meta = FeedMeta(
        id=tag_uri(f"search?{query}"),
        title=f"cswatch search: {params.q}{where}",
        subtitle=f"Newest of {result.total:,} matching document{'s' if result.total != 1 else ''}",
        self_url=f"{base}/search/feed.atom?{query}",
        page_url=f"{base}/search?{query}&order=date",
    )
    snippets = {h.document_id: h.snippet for h in result.hits}
    return _atom(render_feed(meta, entries, f"{base}/documents/{{id}}", snippets))
