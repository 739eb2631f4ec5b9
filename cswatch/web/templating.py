"""The Jinja2 environment shared by the web pages and the standalone HTML export.

Everything the archive holds was crawled from the web and is untrusted: autoescape is on for
every template, links are only ever http(s) (a `javascript:` URL in a capture becomes plain
text), and search snippets are escaped before their « » markers become <mark> tags. No
template marks crawled text `|safe`.
"""

from __future__ import annotations

from functools import cache
from typing import Any
from urllib.parse import urlencode, urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from pipeline.authorities import UnknownAuthority, register

HIGHLIGHT_START = "«"  # storage.search.HIGHLIGHT_START / _END: kept equal by a test
HIGHLIGHT_END = "»"
SAFE_SCHEMES = frozenset({"http", "https"})


def safe_url(url: object) -> str | None:
    """The URL if it is an absolute http(s) URL, else None (rendered as text, not a link)."""
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in SAFE_SCHEMES and parts.netloc else None


def highlight(snippet: str | None) -> Markup:
    """Escape a snippet, then turn the search markers into <mark> elements."""
    escaped = str(escape(snippet or ""))
    # Markers are matched in pairs; a stray one (cut by the snippet window) is dropped.
    out, opened = [], False
    for ch in escaped:
        if ch == HIGHLIGHT_START and not opened:
            out.append("<mark>")
            opened = True
        elif ch == HIGHLIGHT_END and opened:
            out.append("</mark>")
            opened = False
        elif ch not in (HIGHLIGHT_START, HIGHLIGHT_END):
            out.append(ch)
    if opened:
        out.append("</mark>")
    return Markup("".join(out))


# Words printed as initialisms in inspection type and area names.
_INITIALISMS = {"sif": "SIF", "ilacs": "ILACS", "jtai": "JTAI", "send": "SEND", "lscb": "LSCB"}


def label(value: object) -> str:
    """`requires_improvement` -> `Requires improvement`; `ilacs_short` -> `ILACS short`."""
    words = str(value or "").replace("_", " ").split(" ")
    text = " ".join(_INITIALISMS.get(w, w) for w in words)
    return text[:1].upper() + text[1:]


def authority_name(code: str | None) -> str:
    if not code:
        return ""
    try:
        return register().get(code).name
    except UnknownAuthority:
        return code


def url_with(path: str, form: dict[str, Any], **changes: Any) -> str:
    """`path?…` with the current form values, some changed (None drops a key). Any change
    other than to the page goes back to page 1."""
    values = {k: val for k, val in form.items() if val not in (None, "")}
    if "page" not in changes:
        values.pop("page", None)
    for key, val in changes.items():
        if val is None:
            values.pop(key, None)
        else:
            values[key] = val
    return f"{path}?{urlencode(values)}" if values else path


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("cswatch.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = safe_url
    env.filters["highlight"] = highlight
    env.filters["label"] = label
    env.filters["authority_name"] = authority_name
    env.globals["url_with"] = url_with
    return env
