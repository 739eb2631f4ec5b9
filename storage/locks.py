"""One holder at a time per archive (e.g. `cswatch schedule`, so runs never overlap), across
processes and, on PostgreSQL, across machines.

- SQLite: an exclusive `flock` on `<db>.<name>.lock` beside the database file; the kernel
  releases it when the process dies, so a killed scheduler never leaves a stale lock.
- PostgreSQL: `pg_try_advisory_lock` on a dedicated connection held for the lock's lifetime;
  the server releases it when that session ends.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text

from storage.archive import Archive


def _key(name: str) -> int:
    # A stable signed 64-bit key for the advisory lock.
    return int.from_bytes(
        hashlib.sha256(f"cswatch:{name}".encode()).digest()[:8], "big", signed=True
    )


def lock_path(archive: Archive, name: str) -> Path:
    database = archive.url.database
    if archive.backend == "sqlite" and database and database != ":memory:":
        db = Path(database).expanduser().resolve()
        return db.with_name(f"{db.name}.{name}.lock")
    return Path(tempfile.gettempdir()) / f"cswatch-{os.getuid()}-{name}.lock"


@contextmanager
def exclusive(archive: Archive, name: str) -> Iterator[bool]:
    """Yields True while this process holds the lock, False when someone else does."""
    if archive.backend == "postgresql":
        with archive.engine.connect() as conn:
            got = bool(
                conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": _key(name)}).scalar()
            )
            conn.commit()
            try:
                yield got
            finally:
                if got:
                    conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _key(name)})
                    conn.commit()
        return
    path = lock_path(archive, name)
    with open(path, "a+b") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
