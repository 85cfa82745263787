"""The SQLite catalogue: one file, stdlib ``sqlite3``, WAL, no server.

The tables are those of :mod:`legation.store.schema` (schema version
:data:`SCHEMA_VERSION`, kept in ``PRAGMA user_version``); ``records.json`` is
the record's exact :meth:`~legation.model.Record.to_json` text, which is also
what "unchanged" compares.  The SQL is shared with PostgreSQL
(:class:`~legation.store.sql.SQLStore`); what is SQLite's own is here: one
connection behind a lock, WAL, ``BEGIN IMMEDIATE`` writes (a batch is applied
whole or not at all, and the change seqs it hands out are consecutive),
``executemany`` for bulk rows, keyset pagination, and the migrations.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from legation.errors import StoreError
from legation.model import Record
from legation.store.dialect import SQLITE
from legation.store.rows import RecordRows
from legation.store.schema import (
    ALIASES,
    CHANGES,
    ENTITIES,
    RECORDS,
    REFS,
    SOURCES,
    TAGS,
    Table,
    create_all,
    create_statements,
    migrations,
)
from legation.store.sql import Prepared, SQLStore, facet_row, keyset_pages, records_upsert, sources_insert

# SQLite's own first versions; each takes the schema from version i to i + 1.  Later tables come
# from schema.ADDED, for both backends.
_BASE: list[list[str]] = [
    create_all((RECORDS, TAGS, ENTITIES, REFS, SOURCES, CHANGES), SQLITE),
    # 2: aliases, so `show 76TOKYO12732` finds the record that lists it; filled from the stored JSON.
    [
        *create_statements(ALIASES, SQLITE),
        """INSERT OR IGNORE INTO record_aliases (record_id, alias)
           SELECT r.id, j.value FROM records r, json_each(r.json, '$.aliases') j
           WHERE j.value <> '' AND j.value <> r.id""",
    ],
]
SCHEMA_VERSION = len(migrations(_BASE, SQLITE))


def _marks(table: Table, tail: str = "") -> str:
    """``?, ?, ...`` for every column of ``table`` (``tail`` replaces the last one)."""
    n = len(table.column_names(SQLITE))
    return ", ".join(["?"] * (n - 1) + [tail or "?"])


PAGE_CACHE_KIB = 64 * 1024


class SQLiteStore(SQLStore[sqlite3.Connection]):
    """The catalogue in one SQLite file (or ``":memory:"``).

    Safe to share between threads: every call holds one lock.  Several
    processes may read while one writes (WAL).
    """

    dialect = SQLITE
    json_columns = "json"
    digest_column = "json"

    def __init__(self, path: str | Path, *, timeout: float = 30.0) -> None:
        self.path = str(path)
        if self.path != ":memory:":
            parent = Path(self.path).parent
            if not parent.exists():
                raise StoreError(f"the folder for the catalogue does not exist: {parent}", path=self.path)
        self._lock = threading.RLock()
        try:
            self._db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
            # 64 MiB of page cache (default 2 MiB): an ingest batch's index pages stay in memory instead of
            # being read back from the OS for every insert (system time 6.1 -> 1.5 s at 30,000 records).
            self._db.execute(f"PRAGMA cache_size = {-PAGE_CACHE_KIB}")
            self._migrate()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the catalogue: {exc}", path=self.path,
                             hint="is it an SQLite file legation wrote?") from exc

    # -- schema -------------------------------------------------------------
    def _migrate(self) -> None:
        steps = migrations(_BASE, SQLITE)
        version = int(self._db.execute("PRAGMA user_version").fetchone()[0])
        if version > len(steps):
            raise StoreError(f"the catalogue has schema version {version}, newer than this legation's "
                             f"{len(steps)}", path=self.path, hint="upgrade legation")
        for target in range(version + 1, len(steps) + 1):
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._migrate_step(self._db, steps[target - 1])
                # PRAGMA takes no parameters; target is an int we control.
                self._db.execute(f"PRAGMA user_version = {int(target)}")
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    # -- hooks of SQLStore -----------------------------------------------------
    def _read(self) -> _Read:
        return _Read(self)

    def _snapshot(self) -> _Read:
        return _Read(self)  # one connection under one lock: every read sees the same state

    def _write(self) -> _Transaction:
        return _Transaction(self)

    def _scan(self, columns: str, size: int) -> Iterator[tuple[Any, ...]]:
        def fetch(query: str, params: Sequence[Any]) -> list[Any]:
            with self._read() as db:
                return db.execute(query, params).fetchall()

        for batch in keyset_pages(fetch, SQLITE, columns, size):
            yield from batch

    def _prepare(self, rows: RecordRows) -> Prepared:
        return Prepared(rows.id, rows.json, (*facet_row(rows), rows.json))

    def _decode(self, row: Sequence[Any]) -> Record:
        return Record.from_json(row[0])

    def _next_seqs(self, db: sqlite3.Connection, n: int) -> list[int]:
        start = self._max_seq(db) + 1
        return list(range(start, start + n))

    def _write_records(self, db: sqlite3.Connection, rows: list[tuple[Prepared, int, str]]) -> None:
        db.executemany(records_upsert(SQLITE, f"VALUES ({_marks(RECORDS, SQLITE.now)})"),
                       [(*p.values, seq) for p, seq, _ in rows])
        db.executemany(f"INSERT INTO changes (seq, record_id, op, at) VALUES ({_marks(CHANGES, SQLITE.now)})",
                       [(seq, p.id, op) for p, seq, op in rows])

    def _insert_rows(self, db: sqlite3.Connection, table: Table, rows: list[tuple[Any, ...]]) -> None:
        # table.name and its columns are constants of schema.py.
        columns = ", ".join(table.column_names(SQLITE))
        db.executemany(f"INSERT INTO {table.name} ({columns}) VALUES ({_marks(table)})", rows)

    def _insert_sources(self, db: sqlite3.Connection, rows: list[tuple[str, str, str, str]]) -> None:
        db.executemany(sources_insert(f"VALUES ({_marks(SOURCES, SQLITE.now)})"), rows)

    # -- lifetime ------------------------------------------------------------
    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __repr__(self) -> str:
        return f"SQLiteStore({self.path!r})"


class _Read:
    """Hold the store's lock and turn sqlite3 errors into StoreError."""

    def __init__(self, store: SQLiteStore) -> None:
        self.store = store

    def __enter__(self) -> sqlite3.Connection:
        self.store._lock.acquire()
        return self.store._db

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.store._lock.release()
        if isinstance(exc, sqlite3.Error):
            raise StoreError(f"catalogue read failed: {exc}", path=self.store.path) from exc


class _Transaction(_Read):
    """One write transaction: ``BEGIN IMMEDIATE`` ... ``COMMIT``, or ``ROLLBACK`` on any exception."""

    def __enter__(self) -> sqlite3.Connection:
        db = super().__enter__()
        try:
            db.execute("BEGIN IMMEDIATE")
        except BaseException as exc:
            self.store._lock.release()
            if isinstance(exc, sqlite3.Error):
                raise StoreError(f"cannot start a write: {exc}", path=self.store.path) from exc
            raise
        return db

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        db = self.store._db
        try:
            if exc is None:
                try:
                    db.execute("COMMIT")
                except sqlite3.Error as commit_exc:
                    if db.in_transaction:
                        db.execute("ROLLBACK")
                    raise StoreError(f"catalogue write failed: {commit_exc}", path=self.store.path) from commit_exc
            elif db.in_transaction:
                db.execute("ROLLBACK")
        finally:
            self.store._lock.release()
        if isinstance(exc, sqlite3.Error):
            raise StoreError(f"catalogue write failed: {exc}", path=self.store.path) from exc
