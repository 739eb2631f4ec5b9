"""PostgreSQL databases of their own for the scale-out test (the storage tests' fixtures)."""

from tests.storage.conftest import new_pg_url, pg_admin  # noqa: F401 - fixtures
