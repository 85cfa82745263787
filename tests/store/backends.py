"""The catalogue backends the store tests run on, as fixtures (imported by tests/store and tests/store_pg).

``store`` is parametrised over both backends: SQLite always; PostgreSQL when ``LEGATION_TEST_PG``
names a database (``eval "$(scripts/pg-test-cluster.sh)"`` starts a throwaway cluster and sets it).
Unset, the PostgreSQL cases skip, except under ``CI=true``, where they fail: CI must never skip them
silently.  Each PostgreSQL test gets a fresh schema (through ``search_path`` in the URL), dropped
afterwards.  ``peek`` looks at a catalogue's tables over a connection of its own, with SQL written
with ``?`` placeholders (spelled for the backend by its dialect).
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import sql

from legation.model import Record
from legation.store import Store, open_store
from legation.store.dialect import POSTGRES, SQLITE, Dialect
from legation.store.postgres import PostgresStore

PG_ENV = "LEGATION_TEST_PG"


def rec(id: str, **kw: Any) -> Record:
    kw.setdefault("subject", f"Subject of {id}")
    kw.setdefault("text", f"Body text of {id}.")
    return Record(id=id, **kw)


def with_schema(url: str, schema: str) -> str:
    """``url`` with ``search_path`` set to ``schema`` (libpq's ``options`` URI parameter)."""
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


class Peek:
    """A catalogue's tables seen over a plain connection of their own (autocommit)."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.dialect: Dialect = POSTGRES if target.startswith("postgresql://") else SQLITE
        self._conn: Any = (psycopg.connect(target, autocommit=True) if self.dialect is POSTGRES
                           else sqlite3.connect(target, isolation_level=None))

    def rows(self, query: str, *params: Any) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in self._conn.execute(self.dialect.q(query), params).fetchall()]

    def one(self, query: str, *params: Any) -> Any:
        found = self.rows(query, *params)
        assert len(found) == 1, found
        return found[0][0]

    def run(self, statement: str) -> None:
        self._conn.execute(statement)

    def version(self) -> int:
        if self.dialect is SQLITE:
            return int(self.one("PRAGMA user_version"))
        return int(self.one("SELECT version FROM legation_schema"))

    def set_version(self, version: int) -> None:
        if self.dialect is SQLITE:
            self.run(f"PRAGMA user_version = {int(version)}")
        else:
            self._conn.execute("UPDATE legation_schema SET version = %s", (version,))

    def fail_on_tag(self, tag: str) -> None:
        """From now on, writing the tag ``tag`` makes the statement fail with the message 'boom'."""
        if self.dialect is SQLITE:
            self.run(f"""CREATE TRIGGER boom BEFORE INSERT ON record_tags WHEN NEW.tag = '{tag}'
                         BEGIN SELECT RAISE(ABORT, 'boom'); END""")
        else:
            self.run(f"""CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$
                         BEGIN IF NEW.tag = '{tag}' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$""")
            self.run("CREATE TRIGGER boom BEFORE INSERT ON record_tags FOR EACH ROW EXECUTE FUNCTION boom()")

    def stop_failing(self) -> None:
        self.run("DROP TRIGGER boom" if self.dialect is SQLITE else "DROP TRIGGER boom ON record_tags")

    def close(self) -> None:
        self._conn.close()


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
def pg_sql(pg_url: str, pg: PostgresStore) -> Iterator[psycopg.Connection[tuple[Any, ...]]]:
    """A plain autocommit connection to the test schema, to look at the tables directly."""
    with psycopg.connect(pg_url, autocommit=True) as conn:
        yield conn


@pytest.fixture(params=["sqlite", "postgres"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a fresh catalogue is, on each backend: a file path or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "legation.db")
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def store(target: str) -> Iterator[Store]:
    """The catalogue at ``target``, opened as every caller opens one (``open_store``)."""
    s = open_store(target)
    yield s
    s.close()


@pytest.fixture
def peek(target: str, store: Store) -> Iterator[Peek]:
    p = Peek(target)
    yield p
    p.close()
