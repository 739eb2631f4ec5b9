"""The rating-history step chart of an authority (PNG or SVG), drawn with matplotlib.

Grade on y (outstanding at the top), date on x; each grade holds until the next inspection
replaces it, so the line is a step. A predecessor's history (Northamptonshire before North
Northamptonshire began) is drawn dashed and grey, named in the legend, with the
reorganisation marked by a vertical line. The pre-2013 "adequate" sits on the same step as
"requires improvement": it was the third of four grades, as requires improvement is now.

Only the object-oriented API (Figure, no pyplot) is used: no global state, so charts can be
drawn from several web-server threads at once, and the Agg backend needs no display.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from datetime import date
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
    points = graded_points(events)
    end = max([today or date.today(), *(p[0] for p in points)])
    reorganisations = [
        _as_date(_field(e, "date"))
        for e in events
        if _field(e, "kind") == "reorganisation" and not _field(e, "via_predecessor")
    ]
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
