"""Shared by the operations tests: run the CLI in a subprocess (Twisted's reactor cannot
restart in one process) and read an archive's canonical content (ids left out)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def cswatch(
    *args: str,
    db: Path | str,
    check: bool = True,
    env: dict[str, str] | None = None,
    timeout: int = 300,
) -> subprocess.CompletedProcess[str]:
    url = db if isinstance(db, str) else f"sqlite:///{db}"
    proc = subprocess.run(
        [sys.executable, "-m", "cswatch.cli", *args],
        cwd=ROOT,
        env=dict(os.environ, CSWATCH_DB=url, **(env or {})),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"cswatch {' '.join(args)} exited {proc.returncode}\n{proc.stderr}")
    return proc


def query(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as con:
        return con.execute(sql).fetchall()


CANONICAL = {
    "documents": "select d.canonical_url, d.kind, d.title, d.text, d.published, d.source_key, "
    "d.content_hash, d.relevant, o.canonical_url from document d "
    "left join document o on o.id = d.duplicate_of",
    "tags": "select d.canonical_url, t.authority_code, t.role, t.evidence "
    "from document_authority t join document d on d.id = t.document_id",
    "inspections": "select d.canonical_url, i.authority_code, i.type, i.framework, i.start, "
    'i."end", i.published from inspection i join document d on d.id = i.document_id',
    "judgements": "select d.canonical_url, j.area, j.grade, j.quote from judgement j "
    "join inspection i on i.id = j.inspection_id join document d on d.id = i.document_id",
    "events": "select e.authority_code, e.date, e.kind, e.title, e.grades, d.canonical_url, "
    "di.canonical_url from event e left join document d on d.id = e.document_id "
    "left join inspection i on i.id = e.inspection_id "
    "left join document di on di.id = i.document_id",
}


def canonical(db: Path, *, any_original: bool = False) -> dict[str, list[tuple]]:
    """Everything derived, keyed by content rather than ids, sorted. `any_original`: which of
    a set of syndicated copies is the original depends on the order they were stored (a
    concurrent crawl's order is not fixed), so compare how many are copies, and press events
    without the copy they came from."""
    out = {name: query(db, sql) for name, sql in CANONICAL.items()}
    if any_original:
        out["copies"] = [(sum(1 for row in out["documents"] if row[-1] is not None),)]
        out["documents"] = [row[:-1] for row in out["documents"]]
        out["events"] = [
            (*row[:3], None, row[4], None, row[6]) if row[2] == "press" else row
            for row in out["events"]
        ]
    return {name: sorted(rows, key=repr) for name, rows in out.items()}
