"""Fixtures for the reference tests: a store on each backend (PostgreSQL as in tests/store_pg: skipped
without LEGATION_TEST_PG, failing under CI=true)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from legation.store.postgres import PostgresStore
from legation.store.sqlite import SQLiteStore
from tests.store_pg.pg_helpers import PG_ENV, with_schema


@pytest.fixture
def pg_url() -> Iterator[str]:
    base = os.environ.get(PG_ENV, "")
    if not base:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{PG_ENV} is not set under CI=true")
        pytest.skip(f"{PG_ENV} is not set")
    schema = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    yield with_schema(base, schema)
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SQLiteStore | PostgresStore]:
    s: SQLiteStore | PostgresStore
    if request.param == "sqlite":
        s = SQLiteStore(tmp_path / "legation.db")
    else:
        s = PostgresStore(request.getfixturevalue("pg_url"))
    yield s
    s.close()
