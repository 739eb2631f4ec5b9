"""Engines for the archive: which database, how to connect, and what to say when we cannot.

SQLite (the default, a file in the working directory) is set up for one writer and many
readers: WAL, foreign keys on, a busy timeout so concurrent processes wait instead of failing,
synchronous=NORMAL (safe with WAL, much faster than FULL). Write transactions start with
BEGIN IMMEDIATE so a read-then-write never fails half-way on a lock upgrade.
PostgreSQL is reached through psycopg 3 (`postgresql+psycopg://`).
"""

from __future__ import annotations

import os
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import URL, make_url

from storage.errors import ArchiveError

ENV_VAR = "CSWATCH_DB"
DEFAULT_URL = "sqlite:///cswatch.db"
SQLITE_BUSY_TIMEOUT_MS = 30_000
# Execution option that marks a connection's transactions as writes (see _sqlite_begin).
WRITE_OPTION = "cswatch_write"


def resolve_url(url: str | None = None) -> URL:
    """The URL to use: the argument, else $CSWATCH_DB, else ./cswatch.db. Raises ArchiveError."""
    raw = url or os.environ.get(ENV_VAR) or DEFAULT_URL
    try:
        parsed = make_url(raw)
    except exc.ArgumentError as error:
        raise ArchiveError(
            f"{raw!r} is not a database URL ({error}). Use e.g. sqlite:///cswatch.db or "
            "postgresql+psycopg://user@host/dbname (--db or CSWATCH_DB)."
        ) from None
    # Plain postgresql:// would mean psycopg2, which we do not ship; psycopg 3 is the driver.
    if parsed.drivername in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def mask(url: URL | str) -> str:
    """The URL as text with any password hidden, fit for messages and logs."""
    parsed = url if isinstance(url, URL) else make_url(url)
    return parsed.render_as_string(hide_password=True)


def create_engine_for(url: str | URL | None = None, **kwargs: Any) -> Engine:
    """An engine for the URL with the per-backend settings above. Does not connect yet."""
    parsed = url if isinstance(url, URL) else resolve_url(url)
    try:
        if parsed.get_backend_name() == "sqlite":
            engine = create_engine(parsed, **kwargs)
            _configure_sqlite(engine)
        elif parsed.get_backend_name() == "postgresql":
            connect_args = dict(kwargs.pop("connect_args", {}))
            connect_args.setdefault("connect_timeout", 10)
            engine = create_engine(parsed, pool_pre_ping=True, connect_args=connect_args, **kwargs)
        else:
            engine = create_engine(parsed, **kwargs)
    except (exc.ArgumentError, exc.NoSuchModuleError, ImportError) as error:
        raise ArchiveError(
            f"cannot use the database at {mask(parsed)}: {error}. cswatch supports "
            "sqlite:///PATH and postgresql+psycopg://USER@HOST/DB."
        ) from None
    return engine


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's BEGIN (below) rule transactions, not the sqlite3 module's guesses.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        # A 64 MiB page cache and memory-mapped reads: the FTS index and its B-trees stay
        # hot between queries, which matters far more than the memory at archive sizes.
        cursor.execute("PRAGMA cache_size = -65536")
        cursor.execute("PRAGMA mmap_size = 1073741824")
        cursor.execute("PRAGMA temp_store = MEMORY")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _sqlite_begin(conn: Any) -> None:
        # Readers take no lock under WAL; writers take the write lock up front so that a
        # transaction that reads and then writes cannot hit SQLITE_BUSY mid-way.
        if conn.get_execution_options().get(WRITE_OPTION):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


def explain_connect_failure(url: URL, error: BaseException) -> ArchiveError:
    """Turn a driver error on connect into a message that says what to do."""
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()
    detail = reason[0] if reason else type(error).__name__
    where = mask(url)
    if url.get_backend_name() == "sqlite":
        hint = "Check that the directory exists and is writable, or choose another --db path"
    elif "does not exist" in detail and "database" in detail:
        hint = f"Create it first (createdb {url.database}) or point --db / {ENV_VAR} elsewhere"
    else:
        hint = (
            "Check that the server is running and reachable, and that the URL (--db or "
            f"{ENV_VAR}) names the right host, port, user and database"
        )
    return ArchiveError(f"cannot open the archive database at {where}: {detail}. {hint}.")
