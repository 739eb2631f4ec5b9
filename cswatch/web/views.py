"""What each page shows, as plain JSON-able dicts: the HTML templates render these, and the
JSON twins (`/api/...` and `?format=json`) return them as they are, so the two cannot differ.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from cswatch.output import jsonable
from cswatch.web.templating import authority_name
from pipeline import vocabulary as v
from pipeline.authorities import AmbiguousAuthority, Authority, AuthorityError, register
from storage import Archive
from storage.documents_view import authority_documents, document_detail, latest_events
from storage.facets import Filters, faceted_search
from storage.national import national_table

PAGE_SIZE = 20
MAX_PAGE = 500  # deep pagination costs the database more than any reader needs
DOCUMENTS_ON_AUTHORITY_PAGE = 50
# Rendering is most of the page's time (~0.2 ms a row): 200 rows keep it well under 200 ms.
TIMELINE_ON_PAGE = 200
COVERAGE_KINDS = frozenset({"press", "government_notice"})
GRADE_CHOICES = (*v.GRADES, *sorted(v.SEND_OUTCOMES))


class NotFound(LookupError):
    """Nothing at this address; `suggestions` are [{code, name}] to offer instead."""

    def __init__(self, message: str, suggestions: list[dict[str, str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.suggestions = suggestions or []


class BadRequest(ValueError):
    """A request the archive cannot answer as asked (bad query syntax, bad parameter)."""

    def __init__(self, message: str, form: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.form = form or {}


def _brief(a: Authority) -> dict[str, str]:
    return {"code": a.code, "name": a.name}


def resolve(ref: str) -> Authority:
    """An authority by ONS code, DfE code, URN, name or alias; NotFound with suggestions."""
    try:
        return register().lookup(ref)
    except AmbiguousAuthority as exc:
        raise NotFound(str(exc), [_brief(a) for a in exc.candidates]) from None
    except AuthorityError as exc:
        suggestions = getattr(exc, "suggestions", [])
        raise NotFound(str(exc), [_brief(a) for a in suggestions]) from None


def authority_json(a: Authority) -> dict[str, Any]:
    out = a.to_dict()
    out["predecessors"] = [{"code": c, "name": authority_name(c)} for c in a.predecessors]
    out["successors"] = [{"code": c, "name": authority_name(c)} for c in a.successors]
    return out


def home(archive: Archive) -> dict[str, Any]:
    events = latest_events(archive.engine, limit=25, until=date.today())
    for e in events:
        e["authority_name"] = authority_name(e["authority_code"])
    rows = [r.to_dict() for r in national_table(archive.engine)]
    regions: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        regions.setdefault(r["region"] or "Other", []).append(r)
    return {
        "latest_events": events,
        "national": rows,
        "national_by_region": [{"region": k, "authorities": regions[k]} for k in sorted(regions)],
    }


def authority_page(
    archive: Archive,
    a: Authority,
    kinds: list[str] | None = None,
    since: date | None = None,
    until: date | None = None,
) -> dict[str, Any]:
    if since and until and since > until:
        raise BadRequest("'since' is after 'until'")
    events = archive.timeline(a.code, kinds=set(kinds) if kinds else None, since=since, until=until)
    total, documents = authority_documents(archive.engine, a.code, DOCUMENTS_ON_AUTHORITY_PAGE)
    shown = _trim_timeline(events)
    timeline = jsonable(shown)
    for e in timeline:
        e["via_predecessor_name"] = authority_name(e["via_predecessor"])
    return {
        "authority": authority_json(a),
        "filters": {
            "kind": kinds or [],
            "since": since.isoformat() if since else None,
            "until": until.isoformat() if until else None,
        },
        "timeline": timeline,
        "timeline_total": len(events),
        "timeline_truncated": len(shown) < len(events),
        "documents_total": total,
        "documents": documents,
    }


def _trim_timeline(events: list[Any]) -> list[Any]:
    """At most TIMELINE_ON_PAGE events: every inspection, visit and reorganisation, then the
    newest coverage. A large archive holds thousands of press events per authority; the full
    timeline stays one click away (timeline.csv/.json, or the kind and date filters). Should
    the inspections alone outnumber the limit, the newest of them are shown."""
    if len(events) <= TIMELINE_ON_PAGE:
        return events
    coverage = [i for i, e in enumerate(events) if e.kind in COVERAGE_KINDS]
    others = [i for i, e in enumerate(events) if e.kind not in COVERAGE_KINDS]
    keep_others = others[-TIMELINE_ON_PAGE:]
    keep_coverage = coverage[len(coverage) - (TIMELINE_ON_PAGE - len(keep_others)) :]
    kept = set(keep_others) | set(keep_coverage)
    return [e for i, e in enumerate(events) if i in kept]


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    authority: str | None = None
    kind: str | None = None
    source: str | None = None
    year: int | None = None
    grade: str | None = None
    order: str = "rank"
    page: int = 1

    def form(self) -> dict[str, Any]:
        return {k: val for k, val in self.__dict__.items() if val not in (None, "")}


def search_filters(p: SearchParams) -> tuple[Filters, Authority | None]:
    """The storage filters for these parameters, checked; BadRequest says what is wrong."""
    form = p.form()
    if p.kind and p.kind not in v.DOCUMENT_KINDS:
        raise BadRequest(
            f"unknown kind {p.kind!r}: use one of {', '.join(sorted(v.DOCUMENT_KINDS))}", form
        )
    if p.grade and p.grade not in GRADE_CHOICES:
        raise BadRequest(f"unknown grade {p.grade!r}", form)
    if not 1 <= p.page <= MAX_PAGE:
        raise BadRequest(f"page must be between 1 and {MAX_PAGE}", form)
    authority = None
    if p.authority:
        try:
            authority = resolve(p.authority)
        except NotFound as exc:
            raise BadRequest(exc.message, form) from None
    filters = Filters(
        authority=authority.code if authority else None,
        kind=p.kind,
        source=p.source,
        year=p.year,
        grade=p.grade,
    )
    return filters, authority


def search(archive: Archive, p: SearchParams) -> dict[str, Any]:
    from storage.errors import QueryError

    form = p.form()
    filters, authority = search_filters(p)
    out: dict[str, Any] = {
        "query": p.q,
        "form": form,
        "authority": _brief(authority) if authority else None,
        "total": 0,
        "page": p.page,
        "page_size": PAGE_SIZE,
        "pages": 0,
        "hits": [],
        "facets": {},
        "facets_sampled": False,
        "ranking_approximate": False,
    }
    if not p.q.strip():
        return out
    try:
        found = faceted_search(
            archive, p.q, filters, order=p.order, limit=PAGE_SIZE, offset=(p.page - 1) * PAGE_SIZE
        )
    except QueryError as exc:
        raise BadRequest(str(exc), form) from None
    result = found.result
    hits = jsonable(result.hits)
    for h in hits:
        h["authority_names"] = [authority_name(c) for c in h["authorities"]]
    facets = {
        name: [{"value": val, "count": n} for val, n in items]
        for name, items in found.facets.items()
    }
    for item in facets.get("authority", []):
        item["name"] = authority_name(item["value"])
    out.update(
        total=result.total,
        pages=min(MAX_PAGE, -(-result.total // PAGE_SIZE)),
        hits=hits,
        facets=facets,
        facets_sampled=found.facets_sampled,
        ranking_approximate=bool(getattr(result, "approximate", False)),
    )
    return out


def document(archive: Archive, document_id: int) -> dict[str, Any]:
    doc = document_detail(archive.engine, document_id)
    if doc is None:
        raise NotFound(f"no document {document_id} in the archive")
    for tag in doc["authorities"]:
        tag["name"] = authority_name(tag["code"])
    if doc["inspection"] and doc["inspection"]["authority_code"]:
        doc["inspection"]["authority_name"] = authority_name(doc["inspection"]["authority_code"])
    return doc
