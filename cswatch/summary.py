"""Human summary of what the archive holds."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table


def _table(title: str, counts: dict[str, Any]) -> Table:
    t = Table(title=title)
    t.add_column("")
    t.add_column("count", justify="right")
    for key, value in sorted(
        counts.items(), key=lambda kv: (-kv[1], kv[0]) if isinstance(kv[1], int) else (0, kv[0])
    ):
        t.add_row(str(key), str(value))
    return t


def print_stats(stats: dict[str, Any], console: Console) -> None:
    for key, value in stats.items():
        if isinstance(value, dict):
            if value:
                console.print(_table(key.replace("_", " "), value))
        elif not isinstance(value, list):
            console.print(f"{key.replace('_', ' ')}: {value}")
