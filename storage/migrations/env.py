"""Alembic environment for the cswatch archive.

storage.migrate builds the Alembic Config in code (no alembic.ini needed, so it works from an
installed package) and passes an open connection in `config.attributes["connection"]`. The
`alembic` command line also works: `alembic -c storage/alembic.ini -x url=sqlite:///x.db upgrade
head` (or CSWATCH_DB).
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from storage.migrate import include_object
from storage.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # Batch mode rebuilds a table as copy, drop, rename. Since SQLite 3.26 the rename
        # re-checks every view, and a view on the dropped table (0004's readable views)
        # fails it; the legacy rename leaves views alone, and they name the new table.
        connection.exec_driver_sql("PRAGMA legacy_alter_table = ON")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=include_object,
        compare_type=True,
        # SQLite cannot ALTER most things; batch mode rebuilds tables for later revisions.
        render_as_batch=sqlite,
    )
    with context.begin_transaction():
        context.run_migrations()
    if sqlite:
        connection.exec_driver_sql("PRAGMA legacy_alter_table = OFF")


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from storage.db import create_engine_for

    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    engine = create_engine_for(url or None)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("cswatch migrations run online only: pass a database URL")
run_migrations_online()
