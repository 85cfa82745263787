"""Fixtures for the PostgreSQL catalogue tests.

``LEGATION_TEST_PG`` names a database to test in (``eval "$(scripts/pg-test-cluster.sh)"`` starts a
throwaway cluster and sets it).  Unset, these tests skip, except under ``CI=true``, where they
fail: CI must never skip them silently.  Each test gets a fresh schema in that database (through
``search_path`` in the URL), dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from pg_helpers import PG_ENV, with_schema
from psycopg import sql

from legation.store.postgres import PostgresStore
from legation.store.sqlite import SQLiteStore


@pytest.fixture(scope="session")
def pg_base() -> str:
    url = os.environ.get(PG_ENV, "")
    if not url:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{PG_ENV} is not set under CI=true: run  eval \"$(scripts/pg-test-cluster.sh)\"  first")
        pytest.skip(f"{PG_ENV} is not set (eval \"$(scripts/pg-test-cluster.sh)\" starts a test cluster)")
    return url


@pytest.fixture
def pg_url(pg_base: str) -> Iterator[str]:
    """A URL whose search_path is a fresh, empty schema."""
    schema = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(pg_base, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    yield with_schema(pg_base, schema)
    with psycopg.connect(pg_base, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))


@pytest.fixture
def pg(pg_url: str) -> Iterator[PostgresStore]:
    store = PostgresStore(pg_url)
    yield store
    store.close()


@pytest.fixture
def pg_sql(pg_url: str, pg: PostgresStore) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    """A plain autocommit connection to the test schema, to look at the tables directly."""
    with psycopg.connect(pg_url, autocommit=True) as conn:
        yield conn


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SQLiteStore | PostgresStore]:
    """The same behaviour tests run on both backends."""
    s: SQLiteStore | PostgresStore
    if request.param == "sqlite":
        s = SQLiteStore(tmp_path / "legation.db")
    else:
        s = PostgresStore(request.getfixturevalue("pg_url"))
    yield s
    s.close()
