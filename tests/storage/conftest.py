"""Storage fixtures: every archive test runs on SQLite (a temporary file) and on PostgreSQL
(a database of its own, created for the test and dropped after).

PostgreSQL is the server at $CSWATCH_TEST_PG (default postgres@127.0.0.1:5432/test, trust
auth). When it does not answer, the PostgreSQL half skips locally and fails in CI.
"""

from __future__ import annotations

import itertools
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url

from storage import Archive
from tests.conftest import require

PG_URL = make_url(
    os.environ.get("CSWATCH_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
)
_RUN = uuid.uuid4().hex[:8]
_counter = itertools.count()


def _pg_admin():  # type: ignore[no-untyped-def]
    return create_engine(PG_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[object]:
    engine = _pg_admin()
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        reachable = True
    except Exception:  # noqa: BLE001 - any failure means "not reachable"
        reachable = False
    require(reachable, f"PostgreSQL not reachable at {PG_URL.render_as_string(True)}")
    yield engine
    engine.dispose()


@pytest.fixture
def new_pg_url(pg_admin) -> Iterator[Callable[[], URL]]:  # type: ignore[no-untyped-def]
    """A factory of fresh, empty PostgreSQL databases; all dropped when the test ends."""
    made: list[str] = []

    def make() -> URL:
        name = f"cswatch_test_{_RUN}_{next(_counter)}"
        with pg_admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        made.append(name)
        return PG_URL.set(database=name)

    yield make
    with pg_admin.connect() as conn:
        for name in made:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path: Path) -> str:  # type: ignore[no-untyped-def]
    """An empty database on each backend, as a URL string."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'archive.db'}"
    return request.getfixturevalue("new_pg_url")().render_as_string(hide_password=False)


@pytest.fixture
def archive(db_url: str) -> Iterator[Archive]:
    archive = Archive.open(db_url)
    yield archive
    archive.close()
