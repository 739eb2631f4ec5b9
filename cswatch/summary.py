"""Human summary of what the archive holds."""

from __future__ import annotations

import re
from typing import Any

from rich.console import Console
from rich.table import Table

from cswatch.document_json import authority_name

ONS_CODE = re.compile(r"^E\d{8}$")


def label(key: str) -> str:
    return f"{authority_name(key)} ({key})" if ONS_CODE.match(key) else key


def counts_table(title: str, counts: dict[str, Any]) -> Table:
    t = Table(title=title)
    t.add_column("")
    t.add_column("count", justify="right")
    for key, value in sorted(counts.items(), key=lambda kv: (-int(kv[1] or 0), kv[0])):
        t.add_row(label(str(key)), str(value))
    return t


def print_stats(stats: dict[str, Any], console: Console) -> None:
    for key, value in stats.items():
        if isinstance(value, dict):
            if value and all(isinstance(v, int) for v in value.values()):
                console.print(counts_table(key.replace("_", " "), value))
        elif not isinstance(value, list):
            console.print(f"{key.replace('_', ' ')}: {value}")
