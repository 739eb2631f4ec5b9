"""Render an authority's timeline as a table, JSON, CSV or Markdown."""

from __future__ import annotations

from typing import Any

from pipeline.authorities import Authority

from cswatch.output import dumps, render, to_csv

COLUMNS = ["date", "kind", "title", "grades", "via_predecessor", "source", "url"]


def event_row(event: Any) -> dict[str, Any]:
    row = dict(vars(event)) if not isinstance(event, dict) else dict(event)
    row["date"] = (
        row["date"].isoformat() if hasattr(row.get("date"), "isoformat") else row.get("date")
    )
    return row


def render_timeline(authority: Authority, events: list[Any], fmt: str) -> str | None:
    rows = [event_row(e) for e in events]
    if fmt == "json":
        return dumps({"authority": authority.to_dict(), "events": rows})
    if fmt == "csv":
        return to_csv(rows, ["authority_code", *COLUMNS])
    if fmt == "md":
        lines = [
            f"# {authority.name} ({authority.code})",
            "",
            "| date | kind | event | grades |",
            "|---|---|---|---|",
        ]
        for r in rows:
            grades = ", ".join(f"{k}: {v}" for k, v in (r.get("grades") or {}).items())
            title = str(r.get("title") or "").replace("|", "\\|")
            if r.get("url"):
                title = f"[{title}]({r['url']})"
            lines.append(f"| {r['date']} | {r['kind']} | {title} | {grades} |")
        return "\n".join(lines)
    return render(
        rows, "table", COLUMNS, title=f"{authority.name} ({authority.code}): {len(rows)} events"
    )
