"""Exports for researchers: a timeline as iCalendar or a standalone HTML page, the archive (or
a filtered part) as CSV, JSON lines or Parquet, and the national table as CSV.

Archive exports are written batch by batch from storage.exports' streaming reader, so a
million documents never sit in memory: CSV and JSONL rows go straight to the file, Parquet
gets one row group per batch. Every row carries its citation (URL, capture time, sha256).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from cswatch.output import cell, jsonable, to_csv
from storage.exports import COLUMNS

ARCHIVE_FORMATS = ("csv", "jsonl", "parquet")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson",
    "parquet": "application/vnd.apache.parquet",
    "ics": "text/calendar; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
    "png": "image/png",
    "svg": "image/svg+xml",
}
NATIONAL_COLUMNS = [
    "code",
    "name",
    "region",
    "grade",
    "date",
    "inspection_type",
    "via_predecessor",
    "title",
    "url",
    "capture_fetched_at",
    "capture_sha256",
    "document_id",
]
Progress = Callable[[int], None]


class UnsafePath(ValueError):
    """A requested export name that would leave the export directory."""


def safe_path(directory: Path | str, name: str) -> Path:
    """`directory/name`, refusing anything that resolves outside `directory` (`..`, absolute
    paths, symlinks pointing out, NUL bytes). Used by the web server's download endpoints."""
    if not name or "\x00" in name or "\\" in name:
        raise UnsafePath(f"not an export name: {name!r}")
    base = Path(directory).resolve()
    target = (base / name).resolve()
    if target == base or not target.is_relative_to(base):
        raise UnsafePath(f"{name!r} is outside the export directory")
    return target


# ------------------------------------------------------------------------------ timelines
def timeline_ics(authority: Any, events: Sequence[Any]) -> bytes:
    """One all-day VEVENT per timeline event; UIDs are stable so calendar apps update."""
    from icalendar import Calendar
    from icalendar import Event as VEvent

    cal = Calendar()
    cal.add("prodid", "-//cswatch//children's services timeline//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"{authority.name}: children's services timeline")
    stamp = datetime.now(UTC).replace(microsecond=0)
    for e in events:
        ve = VEvent()
        key = f"{e.authority_code}-{e.kind}-{e.date.isoformat()}-{e.document_id or 'none'}"
        ve.add("uid", f"{key}@cswatch")
        ve.add("dtstamp", stamp)
        ve.add("dtstart", e.date)
        what = (e.inspection_type or e.kind).replace("_", " ")
        ve.add("summary", f"{what}: {e.title}" if e.title else what)
        lines = [f"{area.replace('_', ' ')}: {g.replace('_', ' ')}" for area, g in e.grades.items()]
        if e.via_predecessor:
            lines.append(f"(history of predecessor {e.via_predecessor})")
        if e.source:
            lines.append(f"source: {e.source}")
        if e.url:
            lines.append(e.url)
            ve.add("url", e.url)
        ve.add("description", "\n".join(lines))
        ve.add("categories", [e.kind])
        cal.add_component(ve)
    return cal.to_ical()


def timeline_html(authority: Any, events: Sequence[Any]) -> str:
    """A standalone page (inline CSS, no script) that opens from disk."""
    from cswatch.web.templating import environment

    return (
        environment()
        .get_template("export_timeline.html")
        .render(
            authority=authority,
            events=events,
            generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        )
    )


# ------------------------------------------------------------------------ archive exports
def _csv_value(column: str, value: Any) -> str:
    if column == "grades":
        return "; ".join(f"{k}={v}" for k, v in (value or {}).items())
    return cell(value)


def csv_chunks(
    batches: Iterable[list[dict[str, Any]]], columns: Sequence[str] = COLUMNS
) -> Iterator[str]:
    """CSV text, one chunk per batch (the first carries the header)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for batch in batches:
        for row in batch:
            writer.writerow([_csv_value(c, row.get(c)) for c in columns])
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    if buf.tell():
        yield buf.getvalue()


def jsonl_chunks(batches: Iterable[list[dict[str, Any]]], with_text: bool = True) -> Iterator[str]:
    for batch in batches:
        lines = []
        for row in batch:
            if not with_text:
                row = {k: v for k, v in row.items() if k != "text"}
            lines.append(json.dumps(jsonable(row), ensure_ascii=False))
        if lines:
            yield "\n".join(lines) + "\n"


def _parquet_schema(with_text: bool) -> Any:
    import pyarrow as pa

    fields = [
        ("id", pa.int64()),
        ("kind", pa.string()),
        ("title", pa.string()),
        ("published", pa.date32()),
        ("source", pa.string()),
        ("url", pa.string()),
        ("canonical_url", pa.string()),
        ("subjects", pa.list_(pa.string())),
        ("mentioned", pa.list_(pa.string())),
        ("inspection_type", pa.string()),
        ("inspection_framework", pa.string()),
        ("inspection_start", pa.date32()),
        ("inspection_end", pa.date32()),
        ("overall_effectiveness", pa.string()),
        ("grades", pa.map_(pa.string(), pa.string())),
        ("duplicate_of", pa.int64()),
        ("relevant", pa.bool_()),
        ("content_hash", pa.string()),
        ("capture_url", pa.string()),
        ("capture_fetched_at", pa.timestamp("us", tz="UTC")),
        ("capture_sha256", pa.string()),
    ]
    if with_text:
        fields.append(("text", pa.string()))
    return pa.schema(fields)


def write_parquet(
    batches: Iterable[list[dict[str, Any]]],
    sink: str | Path | IO[bytes],
    *,
    with_text: bool = True,
    progress: Progress | None = None,
) -> int:
    """One row group per batch, so memory is one batch however many rows. Returns rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _parquet_schema(with_text)
    names = schema.names
    total = 0
    with pq.ParquetWriter(sink, schema, compression="zstd") as writer:
        for batch in batches:
            data = {n: [row.get(n) for row in batch] for n in names}
            data["grades"] = [list((g or {}).items()) for g in data["grades"]]
            writer.write_table(pa.Table.from_pydict(data, schema=schema))
            total += len(batch)
            if progress:
                progress(len(batch))
    return total


def _counted(
    batches: Iterable[list[dict[str, Any]]], progress: Progress | None, tally: list[int]
) -> Iterator[list[dict[str, Any]]]:
    for batch in batches:
        yield batch
        tally[0] += len(batch)
        if progress:
            progress(len(batch))


def write_archive_export(
    batches: Iterable[list[dict[str, Any]]],
    fmt: str,
    path: str | Path,
    *,
    with_text: bool = True,
    progress: Progress | None = None,
) -> int:
    """Write an archive export to `path` in `fmt`; returns the number of documents."""
    if fmt not in ARCHIVE_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(ARCHIVE_FORMATS)}")
    if fmt == "parquet":
        return write_parquet(batches, path, with_text=with_text, progress=progress)
    columns = [c for c in COLUMNS if with_text or c != "text"]
    tally = [0]
    counted = _counted(batches, progress, tally)
    chunks = csv_chunks(counted, columns) if fmt == "csv" else jsonl_chunks(counted, with_text)
    with open(path, "w", encoding="utf-8", newline="") as out:
        for chunk in chunks:
            out.write(chunk)
    return tally[0]


def national_csv(rows: Sequence[Any]) -> str:
    return to_csv([r.to_dict() for r in rows], NATIONAL_COLUMNS)
