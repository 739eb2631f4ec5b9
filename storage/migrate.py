"""Schema migrations, driven from code.

The Alembic configuration is built here rather than read from an ini file, so `Archive.open`
upgrades an archive from an installed package as well as from a checkout.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

from storage.errors import ArchiveError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Arbitrary constant: concurrent workers opening one PostgreSQL archive migrate one at a time.
_PG_LOCK_KEY = 0x63737761  # "cswa"


def include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    """Alembic comparison filter: the full-text index lives outside the models (FTS5 shadow
    tables, the generated tsvector column and its GIN index), and SQLite alone has the
    covering timeline index (0003); autogenerate must leave them be."""
    if type_ == "table" and name and name.startswith("document_fts"):
        return False
    if type_ == "column" and name == "search_vector":
        return False
    if type_ == "index" and name in {"ix_document_search_vector", "ix_event_timeline"}:
        return False
    return True


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "storage/migrations/versions holds no revision"
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` in place, keeping every row."""
    script = ScriptDirectory.from_config(alembic_config())
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_LOCK_KEY})
            conn.commit()
        try:
            current = current_revision(conn)
            if current is not None and current not in {r.revision for r in script.walk_revisions()}:
                raise ArchiveError(
                    f"the archive's schema is at revision {current}, which this version of "
                    "cswatch does not know: it was written by a newer cswatch. Upgrade cswatch."
                )
            if revision == "head" and current == script.get_current_head():
                return  # already current: touch nothing
            command.upgrade(alembic_config(conn), revision)
            conn.commit()
        finally:
            if conn.dialect.name == "postgresql":
                conn.rollback()
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_LOCK_KEY})
                conn.commit()
