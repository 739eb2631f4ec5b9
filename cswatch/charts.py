"""The rating-history step chart of an authority (PNG or SVG), drawn with matplotlib.

Grade on y (outstanding at the top), date on x; each grade holds until the next inspection
replaces it, so the line is a step. A predecessor's history (Northamptonshire before North
Northamptonshire began) is drawn dashed and grey, named in the legend, with the
reorganisation marked by a vertical line. The pre-2013 "adequate" sits on the same step as
"requires improvement": it was the third of four grades, as requires improvement is now.

Only the object-oriented API (Figure, no pyplot) is used: no global state, so charts can be
drawn from several web-server threads at once, and the Agg backend needs no display.

Drawing takes 130–270 ms, so the web app keeps rendered charts in a ChartCache keyed by
chart_fingerprint: a digest of exactly what the drawing reads (the graded points, the
reorganisations, the legend's names, where the last step ends, the format, and this module's
own source). A new inspection changes the points, so it changes the key: nothing is ever
served stale, and nothing needs invalidating. The same digest is the chart's HTTP ETag.
"""

from __future__ import annotations

import hashlib
import io
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402 - after choosing the backend
from matplotlib.figure import Figure  # noqa: E402

HEADLINE_AREA = "overall_effectiveness"
LEVELS = {
    "outstanding": 4,
    "good": 3,
    "requires_improvement": 2,
    "adequate": 2,
    "inadequate": 1,
}
LEVEL_LABELS = {
    4: "Outstanding",
    3: "Good",
    2: "Requires improvement\n/ adequate (pre-2013)",
    1: "Inadequate",
}
GRADE_COLOURS = {4: "#1b7837", 3: "#5aae61", 2: "#e08214", 1: "#b2182b"}
OWN_COLOUR = "#2c3e70"
PREDECESSOR_COLOUR = "#7f7f7f"
FORMATS = ("png", "svg")
# Event kinds a chart reads (graded inspections, visits, reorganisations): a timeline read with
# only these skips the press, thousands of rows for a large authority.
CHART_KINDS = frozenset({"inspection", "visit", "reorganisation"})
# A change to the drawing code or to matplotlib changes every fingerprint, so an ETag a
# browser kept from an older version never matches a chart drawn differently.
_DRAWING_VERSION = hashlib.sha256(
    Path(__file__).read_bytes() + matplotlib.__version__.encode()
).hexdigest()[:16]


def _field(event: Any, name: str) -> Any:
    return event.get(name) if isinstance(event, dict) else getattr(event, name, None)


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def graded_points(events: Sequence[Any]) -> list[tuple[date, int, str | None]]:
    """(date, level, via_predecessor) for every event with an overall grade, in date order."""
    points = []
    for e in events:
        grade = (_field(e, "grades") or {}).get(HEADLINE_AREA)
        if grade in LEVELS:
            points.append(
                (_as_date(_field(e, "date")), LEVELS[grade], _field(e, "via_predecessor"))
            )
    return sorted(points, key=lambda p: p[0])


def _reorganisations(events: Sequence[Any]) -> list[date]:
    """Dates of the authority's own reorganisations (a predecessor's are not drawn)."""
    return [
        _as_date(_field(e, "date"))
        for e in events
        if _field(e, "kind") == "reorganisation" and not _field(e, "via_predecessor")
    ]


def _end(points: list[tuple[date, int, str | None]], today: date | None) -> date:
    """Where the last step stops: today, or the last point if it is later."""
    return max([today or date.today(), *(p[0] for p in points)])


def chart_fingerprint(
    title: str,
    events: Sequence[Any],
    fmt: str,
    *,
    name_of: Callable[[str], str] = str,
    today: date | None = None,
) -> str:
    """A digest of everything draw_rating_chart reads: equal fingerprints, equal bytes."""
    points = graded_points(events)
    names = sorted({(via, name_of(via)) for _, _, via in points if via})
    inputs = (
        _DRAWING_VERSION,
        fmt,
        title,
        points,
        sorted(_reorganisations(events)),
        _end(points, today),
        names,
    )
    return hashlib.sha256(repr(inputs).encode()).hexdigest()[:32]


class ChartCache:
    """Rendered charts by fingerprint, least recently used dropped first once there are more
    than `max_entries` or they hold more than `max_bytes`. Thread-safe: the web app serves
    from a thread pool. Two requests missing the same chart at once both draw it (the same
    bytes); that is rarer and cheaper than holding a lock while matplotlib draws."""

    def __init__(self, max_entries: int = 512, max_bytes: int = 48 * 2**20) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, bytes] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def get_or_render(self, fingerprint: str, render: Callable[[], bytes]) -> bytes:
        with self._lock:
            body = self._entries.get(fingerprint)
            if body is not None:
                self._entries.move_to_end(fingerprint)
                self.hits += 1
                return body
            self.misses += 1
        body = render()
        with self._lock:
            if fingerprint not in self._entries:
                self._entries[fingerprint] = body
                self._bytes += len(body)
            while self._entries and (
                len(self._entries) > self.max_entries or self._bytes > self.max_bytes
            ):
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped)
        return body


def rating_chart(
    title: str,
    events: Sequence[Any],
    fmt: str = "png",
    *,
    name_of: Callable[[str], str] = str,
    today: date | None = None,
) -> bytes:
    """The chart as PNG or SVG bytes (see draw_rating_chart)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown chart format {fmt!r}: use png or svg")
    fig = draw_rating_chart(title, events, name_of=name_of, today=today)
    buf = io.BytesIO()
    # Fixed metadata and hash salt make the SVG byte-stable for the same data.
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    with matplotlib.rc_context({"svg.hashsalt": "cswatch", "svg.fonttype": "path"}):
        fig.savefig(buf, format=fmt, metadata=metadata)
    return buf.getvalue()


def draw_rating_chart(
    title: str,
    events: Sequence[Any],
    *,
    name_of: Callable[[str], str] = str,
    today: date | None = None,
) -> Figure:
    """Draw the chart; `name_of` turns a predecessor's code into the name shown in the legend."""
    fig = Figure(figsize=(9, 3.8), dpi=100)
    ax = fig.add_subplot()
    # What is read here must be what chart_fingerprint digests.
    points = graded_points(events)
    end = _end(points, today)
    reorganisations = _reorganisations(events)
    if not points:
        ax.text(
            0.5,
            0.5,
            "No graded inspections in the archive",
            ha="center",
            va="center",
            transform=ax.transAxes,
        )
    # Consecutive points from the same body form one segment; each segment holds its last
    # grade until the next segment starts (or today, for the last one).
    segments: list[tuple[str | None, list[tuple[date, int]]]] = []
    for when, level, via in points:
        if not segments or segments[-1][0] != via:
            segments.append((via, []))
        segments[-1][1].append((when, level))
    labelled: set[str | None] = set()
    for i, (via, pts) in enumerate(segments):
        stop = segments[i + 1][1][0][0] if i + 1 < len(segments) else end
        if via:
            # A predecessor's grade stops standing when the predecessor ends.
            stop = min([stop, *(r for r in reorganisations if r >= pts[-1][0])])
        xs = [p[0] for p in pts] + [stop]
        ys = [p[1] for p in pts] + [pts[-1][1]]
        label = None
        if via not in labelled:
            label = f"as {name_of(via)} (predecessor)" if via else title
            labelled.add(via)
        ax.step(
            xs,
            ys,
            where="post",
            color=PREDECESSOR_COLOUR if via else OWN_COLOUR,
            linestyle="--" if via else "-",
            linewidth=2,
            label=label,
        )
        ax.scatter(
            [p[0] for p in pts],
            [p[1] for p in pts],
            c=[GRADE_COLOURS[p[1]] for p in pts],
            zorder=3,
            s=36,
            edgecolors="white",
        )
    for when in reorganisations:
        ax.axvline(when, color=PREDECESSOR_COLOUR, linestyle=":", linewidth=1)
        ax.annotate(
            f"reorganisation {when.isoformat()}",
            (mdates.date2num(when), 4.35),
            fontsize=8,
            color=PREDECESSOR_COLOUR,
            ha="center",
        )
    ax.set_ylim(0.5, 4.6)
    ax.set_yticks(list(LEVEL_LABELS), [LEVEL_LABELS[k] for k in LEVEL_LABELS], fontsize=8)
    ax.xaxis.set_major_locator(mdates.AutoDateLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_title(f"{title}: overall effectiveness", fontsize=10)
    if points:
        ax.legend(loc="upper left", bbox_to_anchor=(0, -0.1), ncol=2, fontsize=8, frameon=False)
    fig.tight_layout()
    return fig
