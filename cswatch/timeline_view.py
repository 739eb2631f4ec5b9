"""Render an authority's timeline as a table, JSON, CSV, Markdown, iCalendar, HTML or a
rating-history chart (PNG, SVG)."""

from __future__ import annotations

import dataclasses
from typing import Any

from rich.console import Console
from rich.table import Table

from cswatch.document_json import authority_name
from cswatch.output import dumps, to_csv
from pipeline.authorities import Authority

CSV_COLUMNS = [
    "date",
    "authority_code",
    "via_predecessor",
    "kind",
    "inspection_type",
    "title",
    "grades",
    "source",
    "url",
    "document_id",
]
# The one grade a reader looks for first, by framework.
HEADLINE_AREAS = ("overall_effectiveness", "send_outcome")
TITLE_WIDTH = 60
TEXT_FORMATS = ("table", "json", "csv", "md")
# Formats rendered as whole files (bytes): written with -o or to stdout as they are.
FILE_FORMATS = ("ics", "html", "png", "svg")
TIMELINE_FORMATS = TEXT_FORMATS + FILE_FORMATS


def event_row(event: Any) -> dict[str, Any]:
    # Fields, not vars(): TimelineEvent is a slotted dataclass (no __dict__).
    if isinstance(event, dict):
        row = dict(event)
    else:
        row = {f.name: getattr(event, f.name) for f in dataclasses.fields(event)}
    if hasattr(row.get("date"), "isoformat"):
        row["date"] = row["date"].isoformat()
    return row


def grade_label(grade: str | None) -> str:
    return (grade or "").replace("_", " ").capitalize()


def headline(grades: dict[str, str] | None) -> str:
    grades = grades or {}
    for area in HEADLINE_AREAS:
        if area in grades:
            return grade_label(grades[area])
    if grades:
        # No overall judgement (ILACS from April 2026): show the spread instead.
        return ", ".join(sorted({grade_label(g) for g in grades.values()}))
    return ""


def render_timeline(
    authority: Authority, events: list[Any], fmt: str, console: Console | None = None
) -> str | None:
    rows = [event_row(e) for e in events]
    if fmt == "json":
        return dumps({"authority": authority.to_dict(), "events": rows})
    if fmt == "csv":
        return to_csv(rows, CSV_COLUMNS)
    if fmt == "md":
        return markdown(authority, rows)
    table = Table(title=f"{authority.name} ({authority.code}): {len(rows)} events")
    table.add_column("date", no_wrap=True, min_width=10)
    table.add_column("event", no_wrap=True, min_width=16)
    table.add_column("judgement", no_wrap=True, min_width=20)
    table.add_column("title")
    for r in rows:
        what = (r.get("inspection_type") or r.get("kind") or "").replace("_", " ")
        if r.get("via_predecessor"):
            what += f" (as {authority_name(r['via_predecessor'])})"
        title = str(r.get("title") or "")
        if len(title) > TITLE_WIDTH:
            title = title[: TITLE_WIDTH - 1].rstrip() + "…"
        table.add_row(r["date"], what, headline(r.get("grades")), title)
    (console or Console()).print(table)
    return None


def markdown(authority: Authority, rows: list[dict[str, Any]]) -> str:
    lines = [
        f"# {authority.name} ({authority.code})",
        "",
        "| date | event | judgements | document |",
        "|---|---|---|---|",
    ]
    for r in rows:
        grades = ", ".join(
            f"{k.replace('_', ' ')}: {grade_label(v)}" for k, v in (r.get("grades") or {}).items()
        )
        title = str(r.get("title") or "").replace("|", "\\|")
        if r.get("url"):
            title = f"[{title}]({r['url']})"
        what = (r.get("inspection_type") or r.get("kind") or "").replace("_", " ")
        lines.append(f"| {r['date']} | {what} | {grades} | {title} |")
    return "\n".join(lines) + "\n"


def render_timeline_file(authority: Authority, events: list[Any], fmt: str) -> bytes:
    """The timeline as a file: iCalendar, standalone HTML, or the rating chart (PNG/SVG)."""
    if fmt == "ics":
        from cswatch.exports import timeline_ics

        return timeline_ics(authority, events)
    if fmt == "html":
        from cswatch.exports import timeline_html

        return timeline_html(authority, events).encode("utf-8")
    if fmt in ("png", "svg"):
        from cswatch.charts import rating_chart

        return rating_chart(authority.name, events, fmt, name_of=authority_name)
    raise ValueError(f"unknown timeline file format {fmt!r}")
