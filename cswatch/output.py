"""Render rows for people (rich tables) and for tools (JSON, JSON lines, CSV)."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import Any

import click
from rich.console import Console
from rich.table import Table

_FIELDS: dict[type, tuple[str, ...]] = {}


def format_option(*choices: str, help: str) -> Callable[[Any], Any]:
    """The `--format` option of a command that prints rows or a report: the first choice is
    the default; the value reaches the command as `fmt`."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help=help,
    )


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # Field by field rather than dataclasses.asdict, which deep-copies every value
        # first: a page of 400 timeline events spent ~60 ms there.
        return {k: jsonable(getattr(value, k)) for k in _field_names(type(value))}
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def dumps(value: Any, *, indent: int | None = 2) -> str:
    return json.dumps(jsonable(value), ensure_ascii=False, indent=indent)


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(cell(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}={cell(v)}" for k, v in value.items())
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def render(
    rows: Sequence[dict[str, Any]],
    fmt: str,
    columns: Sequence[str],
    *,
    title: str | None = None,
    console: Console | None = None,
) -> str | None:
    """Return text for json/jsonl/csv; print a table for `table` and return None."""
    if fmt == "json":
        return dumps(list(rows))
    if fmt == "jsonl":
        return "\n".join(dumps(r, indent=None) for r in rows)
    if fmt == "csv":
        return to_csv(rows, columns)
    table = Table(title=title, show_lines=False)
    for col in columns:
        table.add_column(col.replace("_", " "))
    for row in rows:
        table.add_row(*(cell(row.get(c)) for c in columns))
    (console or Console()).print(table)
    return None


def to_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(
        buf, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n"
    )
    writer.writeheader()
    for row in rows:
        writer.writerow({c: cell(row.get(c)) for c in columns})
    return buf.getvalue()
