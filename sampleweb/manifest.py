"""Per-site manifests: which path answers with which file, status, headers or fault.

A site is a folder `sites/<host>/`. Its optional `_site.json` lists routes; a path no route
names is served from the folder as a static file (a directory answers with its `index.html`).
Files whose name starts with `_` are never served: they hold manifests and templates.

Manifest format (JSON; every key optional)::

    {
      "last_modified": "2025-03-31T09:00:00Z",   # site default for Last-Modified
      "headers": {"Server": "..."},               # added to every answer of this site
      "include": ["_generated.json"],             # more manifests, merged after this one
      "routes": [
        {"path": "/provider/44/80429", "file": "provider/44/80429.html"},
        {"pattern": "^/v1/file/(?P<id>\\\\d+)$", "file": "v1/file/{id}.pdf"},
        {"path": "/gone", "status": 410},
        {"path": "/old", "status": 301, "location": "/new"},
        {"path": "/busy", "status": 429, "headers": {"Retry-After": "120"}},
        {"path": "/x", "content_type": "text/plain", "body": "inline text"},
        {"path": "/y", "file": "y.html", "fault": {"kind": "truncate", "bytes": 100}}
      ]
    }

Route keys: `path` (exact) or `pattern` (regex over the path, named groups fill `{name}` in
`file`); `file` (relative to the site folder) or `body` (inline text); `status` (default 200);
`content_type` (default from the file extension, so extensionless URLs need a route);
`headers`; `location` (redirect target); `last_modified` (ISO 8601; never the file's mtime,
which changes with every clone and would break revalidation tests); `etag` (false to omit);
`fault` (see `sampleweb.faults`). Exact paths win over patterns; earlier routes win over later.
Later manifests in `include` come after, so hand-written routes override generated ones.
"""

from __future__ import annotations

import json
import mimetypes
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

MANIFEST = "_site.json"

# The default Last-Modified when neither route nor site gives one: fixed, for the same reason
# mtime is not used (stable validators across checkouts).
DEFAULT_LAST_MODIFIED = datetime(2025, 1, 1, tzinfo=UTC)

_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",
    ".rss": "application/rss+xml; charset=utf-8",
    ".json": "application/json",
    ".pdf": "application/pdf",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
}


def content_type_for(name: str) -> str:
    """Content type from a file name's extension; unknown types are served as octet-stream."""
    suffix = Path(name).suffix.lower()
    if suffix in _TYPES:
        return _TYPES[suffix]
    guessed, _ = mimetypes.guess_type(name)
    return guessed or "application/octet-stream"


def parse_when(value: str | None) -> datetime | None:
    """ISO 8601 date or datetime; a naive value is read as UTC."""
    if not value:
        return None
    when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=UTC)


@dataclass(frozen=True)
class Route:
    """One manifest entry, with its regex compiled."""

    path: str | None = None
    pattern: re.Pattern[str] | None = None
    file: str | None = None
    body: str | None = None
    status: int = 200
    content_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    location: str | None = None
    last_modified: datetime | None = None
    etag: bool = True
    fault: dict[str, Any] | None = None

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Route:
        if ("path" in raw) == ("pattern" in raw):
            raise ValueError(f"route needs exactly one of 'path' or 'pattern': {raw!r}")
        return cls(
            path=raw.get("path"),
            pattern=re.compile(raw["pattern"]) if "pattern" in raw else None,
            file=raw.get("file"),
            body=raw.get("body"),
            status=int(raw.get("status", 200)),
            content_type=raw.get("content_type"),
            headers={str(k): str(v) for k, v in raw.get("headers", {}).items()},
            location=raw.get("location"),
            last_modified=parse_when(raw.get("last_modified")),
            etag=bool(raw.get("etag", True)),
            fault=raw.get("fault"),
        )


@dataclass(frozen=True)
class Match:
    """A route chosen for a request path, with the file it names resolved."""

    route: Route
    file: Path | None


@dataclass
class Site:
    """A host's folder and its routes."""

    host: str
    root: Path
    routes: list[Route] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    last_modified: datetime = DEFAULT_LAST_MODIFIED

    @classmethod
    def load(cls, root: Path) -> Site:
        site = cls(host=root.name, root=root)
        manifest = root / MANIFEST
        if manifest.is_file():
            site._merge(manifest, seen=set())
        return site

    def _merge(self, manifest: Path, seen: set[Path]) -> None:
        if manifest in seen:  # an include cycle would otherwise recurse forever
            return
        seen.add(manifest)
        raw = json.loads(manifest.read_text(encoding="utf-8"))
        self.headers.update(raw.get("headers", {}))
        if raw.get("last_modified"):
            self.last_modified = parse_when(raw["last_modified"]) or self.last_modified
        self.routes.extend(Route.from_dict(r) for r in raw.get("routes", []))
        for name in raw.get("include", []):
            included = self.root / name
            if included.is_file():
                self._merge(included, seen)

    def add_route(self, raw: dict[str, Any]) -> None:
        """Put a route ahead of all others (tests inject faults this way)."""
        self.routes.insert(0, Route.from_dict(raw))

    def _safe(self, relative: str) -> Path | None:
        """The file under the site folder, or None if it escapes it or is private."""
        candidate = (self.root / relative.lstrip("/")).resolve()
        root = self.root.resolve()
        if candidate != root and root not in candidate.parents:
            return None
        if any(part.startswith("_") for part in candidate.relative_to(root).parts):
            return None
        if candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def resolve(self, path: str) -> Match | None:
        """The route (or static file) answering `path`; None means 404."""
        for route in self.routes:
            if route.path is not None and route.path == path:
                return self._match(route, {})
        for route in self.routes:
            if route.pattern is not None and (m := route.pattern.fullmatch(path)):
                return self._match(route, m.groupdict())
        static = self._safe(path)
        if static is not None:
            return Match(Route(path=path), static)
        return None

    def _match(self, route: Route, groups: dict[str, str]) -> Match | None:
        if route.file is None:
            return Match(route, None)
        target = self._safe(route.file.format(**groups))
        # A route naming a missing file is a 404, like a real server with a stale index.
        return Match(route, target) if target is not None else None


def load_sites(root: Path) -> dict[str, Site]:
    """Every `sites/<host>/` folder under root, by lower-case host."""
    if not root.is_dir():
        return {}
    return {d.name.lower(): Site.load(d) for d in sorted(root.iterdir()) if d.is_dir()}
