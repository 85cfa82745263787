"""The PostgreSQL catalogue: psycopg 3, a connection pool, JSONB records, COPY for bulk writes.

``PostgresStore("postgresql://user@host:5432/db")`` runs the same SQL as
:class:`~legation.store.sqlite.SQLiteStore` (:class:`~legation.store.sql.SQLStore`),
with the same semantics: upsert statuses ``new`` / ``updated`` / ``unchanged``,
one transaction per batch, sources keyed by sha256, and a strictly increasing
change sequence.  What is PostgreSQL's own is here.

The tables of :mod:`legation.store.schema` are created on open in the
connection's current schema, so a ``search_path`` in the URL, e.g.
``?options=-csearch_path%3Dmyschema``, puts the catalogue in another schema;
the version is in ``legation_schema``.  ``records`` also keeps ``json``
as JSONB with ``json_extra`` / ``json_text`` beside it (:mod:`legation.store.jsonb`:
:meth:`get` gives back the record exactly as written, ``to_json()``
byte-identical to SQLite's) and ``digest``, the sha256 of the exact JSON text
("unchanged" means the same digest, as SQLite compares the text).  Every text
column is ``COLLATE "C"``, so ordering is by code point as in SQLite.  NUL
characters are dropped from the facet, child and source columns (PostgreSQL
text cannot hold them); a record *id* with a NUL is refused.  A statement
with an id list (``= ANY(%s)``) is never prepared server-side: a generic plan
made while the tables were small would seq-scan forever.

**The change sequence with several writers.**  ``BIGSERIAL`` values are
handed out at ``nextval`` time but become visible at commit, so two
concurrent writers could commit seq 6 before seq 5, and a reader following
:meth:`changes_since` that saw 6 would never look at 5 again.  So every
write that appends changes (:meth:`upsert`, :meth:`delete`) first takes a
transaction-level advisory lock (``pg_advisory_xact_lock``, keyed on the
``changes`` table's oid, so catalogues in other schemas do not contend),
holds it until COMMIT, and PostgreSQL releases it only after the commit is
visible: seqs become visible strictly in order, and a reader can never skip
one.  The price is that catalogue writers are serialised (as with SQLite's
``BEGIN IMMEDIATE``); a batch's JSON, digests and staging rows are built
before the lock, and readers never wait.  Within the lock a batch is COPYed
into a per-connection temporary table and merged with one ``INSERT ... ON
CONFLICT``; the child tables are COPYed too.  A rolled-back batch leaves a gap
in the seqs (the sequence is not transactional); gaps are harmless, since
readers ask for "greater than".  :meth:`last_seq` is the highest
*committed* seq.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import TracebackType
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from legation.errors import StoreError
from legation.model import Record
from legation.store import jsonb
from legation.store.dialect import POSTGRES
from legation.store.rows import RecordRows, cleaned
from legation.store.schema import CORE_TABLES, RECORDS, Table, create_all, migrations
from legation.store.sql import Prepared, SQLStore, facet_row, records_upsert, sources_insert

Cursor = psycopg.Cursor[Any]

# PostgreSQL's own first version; later tables come from schema.ADDED, for both backends.
_BASE: list[list[str]] = [create_all(CORE_TABLES, POSTGRES)]
SCHEMA_VERSION = len(migrations(_BASE, POSTGRES))

# The first key of every advisory lock legation takes ("LG").
_LOCK_CLASS = 0x4C47
# The second key of the lock that serialises schema creation (per schema, see _migrate).
_MIGRATE_SALT = "legation.schema:"

# The per-connection staging table a batch is COPYed into before it is merged: the columns of
# `records` but updated_at, then the op of its change.
_RECORD_COLUMNS = RECORDS.column_names(POSTGRES)[:-1]
assert RECORDS.columns[-1].name == "updated_at"
_STAGE = ("CREATE TEMP TABLE IF NOT EXISTS legation_stage (LIKE records INCLUDING DEFAULTS, op TEXT NOT NULL) "
          "ON COMMIT DELETE ROWS")
_STAGE_COPY = f"COPY legation_stage ({', '.join(_RECORD_COLUMNS)}, op) FROM STDIN"
_MERGE = records_upsert(POSTGRES, f"SELECT {', '.join(_RECORD_COLUMNS)}, now() FROM legation_stage")

_SOURCES = sources_insert("SELECT *, now() FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[])")

_PASSWORD = re.compile(r"(://[^:/@]*:)[^@]*@")


def _safe_url(url: str) -> str:
    """The URL with any password masked, for messages."""
    return _PASSWORD.sub(r"\1***@", url)


def _conninfo(url: str) -> str:
    """What libpq accepts: SQLAlchemy's ``postgresql+psycopg://`` becomes ``postgresql://``."""
    lowered = url.lower()
    for prefix in ("postgresql+psycopg://", "postgresql+psycopg2://"):
        if lowered.startswith(prefix):
            return "postgresql://" + url[len(prefix):]
    return url


def _t(value: str) -> str:
    """A string PostgreSQL text can hold: NUL characters dropped."""
    return value.replace("\x00", "") if "\x00" in value else value


def _signed32(n: int) -> int:
    n &= 0xFFFFFFFF
    return n - (1 << 32) if n >= 1 << 31 else n


class PostgresStore(SQLStore[Cursor]):
    """The catalogue in a PostgreSQL database (``postgresql://...``), through a connection pool.

    Safe to share between threads (each call borrows a pooled connection);
    any number of processes may read and write the same catalogue at once.
    Open one store per process: do not carry one across ``fork``.
    """

    dialect = POSTGRES
    json_columns = "json::text, json_extra, json_text"
    digest_column = "digest"

    def __init__(self, url: str, *, min_size: int = 1, max_size: int = 8, timeout: float = 30.0) -> None:
        self.url = url
        self._where = _safe_url(url)
        self._conninfo = _conninfo(url)
        self._closed = False
        try:
            with psycopg.connect(self._conninfo, autocommit=True, connect_timeout=int(timeout)) as conn:
                self._migrate(conn)
                row = conn.execute("SELECT 'changes'::regclass::oid").fetchone()
                assert row is not None
                self._changes_lock = _signed32(int(row[0]))
        except psycopg.Error as exc:
            raise StoreError(f"cannot open the catalogue: {exc}".strip(), path=self._where,
                             hint="is the PostgreSQL server running and the URL right?") from exc
        self._pool = ConnectionPool(self._conninfo, min_size=min_size, max_size=max_size, timeout=timeout,
                                    kwargs={"autocommit": True}, open=True, name="legation")

    # -- schema -------------------------------------------------------------
    @staticmethod
    def _version(cur: Cursor) -> int:
        row = cur.execute("SELECT to_regclass('legation_schema') IS NOT NULL").fetchone()
        if not row or not row[0]:
            return 0
        got = cur.execute("SELECT max(version) FROM legation_schema").fetchone()
        return int(got[0]) if got and got[0] is not None else 0

    def _migrate(self, conn: psycopg.Connection[Any]) -> None:
        steps = migrations(_BASE, POSTGRES)
        with conn.transaction(), conn.cursor() as cur:
            # Two processes opening a new catalogue at once: one creates it, the other waits and sees it.
            cur.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s || current_schema()))",
                        (_LOCK_CLASS, _MIGRATE_SALT))
            schema = cur.execute("SELECT current_schema()").fetchone()
            if not schema or schema[0] is None:
                raise StoreError("no schema to create the catalogue in (the search_path names none that exists)",
                                 path=self._where)
            version = self._version(cur)
            if version > len(steps):
                raise StoreError(f"the catalogue has schema version {version}, newer than this legation's "
                                 f"{len(steps)}", path=self._where, hint="upgrade legation")
            if version == 0:
                cur.execute("CREATE TABLE IF NOT EXISTS legation_schema (version INTEGER NOT NULL)")
            for target in range(version + 1, len(steps) + 1):
                self._migrate_step(cur, steps[target - 1])
                cur.execute("DELETE FROM legation_schema")
                cur.execute("INSERT INTO legation_schema (version) VALUES (%s)", (target,))

    # -- hooks of SQLStore -----------------------------------------------------
    @contextmanager
    def _read(self) -> Iterator[Cursor]:
        with _Borrow(self) as conn, conn.cursor() as cur:
            yield cur

    @contextmanager
    def _snapshot(self) -> Iterator[Cursor]:
        with _Borrow(self) as conn, conn.transaction(), conn.cursor() as cur:
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield cur

    @contextmanager
    def _write(self) -> Iterator[Cursor]:
        with _Borrow(self) as conn, conn.transaction(), conn.cursor() as cur:
            # Serialise change-appending writers until COMMIT, so seqs become visible in order.
            cur.execute("SELECT pg_advisory_xact_lock(%s, %s)", (_LOCK_CLASS, self._changes_lock))
            yield cur

    def _scan(self, columns: str, size: int) -> Iterator[tuple[Any, ...]]:
        """Through a server-side cursor: one snapshot, taken when it opens; writes may go on meanwhile
        (on other pooled connections) and are not seen."""
        name = f"legation_{uuid.uuid4().hex}"
        with _Borrow(self) as conn, conn.transaction(), conn.cursor(name=name) as cur:
            cur.itersize = max(1, int(size))
            cur.execute(f"SELECT {columns} FROM records ORDER BY id")  # columns: constants of SQLStore
            yield from cur

    def _text(self, value: str) -> str:
        return _t(value)

    def _holds_id(self, id_: str) -> bool:
        return "\x00" not in id_

    def _clean(self, rows: RecordRows) -> RecordRows:
        return cleaned(rows, _t)

    def _prepare(self, rows: RecordRows) -> Prepared:
        if "\x00" in rows.id:
            raise StoreError(f"a record id holds a NUL character: {rows.id!r}", path=self._where)
        digest = hashlib.sha256(rows.json.encode("utf-8")).hexdigest()
        return Prepared(rows.id, digest, (*facet_row(rows), *jsonb.encode(rows.json, rows.jsonb_exact), digest))

    def _decode(self, row: Sequence[Any]) -> Record:
        return jsonb.decode(*row)

    def _execute_list(self, db: Cursor, query: str, params: Sequence[Any]) -> Cursor:
        return db.execute(query, params, prepare=False)

    def _next_seqs(self, db: Cursor, n: int) -> list[int]:
        # Under the lock no other legation writer calls nextval, so these are consecutive.
        db.execute("SELECT nextval(pg_get_serial_sequence('changes', 'seq')) FROM generate_series(1, %s)", (n,))
        return sorted(int(row[0]) for row in db.fetchall())

    def _write_records(self, db: Cursor, rows: list[tuple[Prepared, int, str]]) -> None:
        db.execute(_STAGE)
        with db.copy(_STAGE_COPY) as copy:
            for prepared, seq, op in rows:
                copy.write_row((*prepared.values, seq, op))
        db.execute(_MERGE)
        db.execute("INSERT INTO changes (seq, record_id, op, at) SELECT seq, id, op, now() FROM legation_stage "
                   "ORDER BY seq")

    def _insert_rows(self, db: Cursor, table: Table, rows: list[tuple[Any, ...]]) -> None:
        # table.name and its columns are constants of schema.py.
        with db.copy(f"COPY {table.name} ({', '.join(table.column_names(POSTGRES))}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def _insert_sources(self, db: Cursor, rows: list[tuple[str, str, str, str]]) -> None:
        if rows:  # one statement: a text[] a column
            db.execute(_SOURCES, [list(column) for column in zip(*rows, strict=True)])

    # -- lifetime ------------------------------------------------------------
    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._pool.close()

    def __repr__(self) -> str:
        return f"PostgresStore({self._where!r})"


class _Borrow:
    """Borrow a pooled connection; turn psycopg errors into StoreError."""

    def __init__(self, store: PostgresStore) -> None:
        if store._closed:
            raise StoreError("the catalogue is closed", path=store._where)
        self.store = store
        self._cm: Any = None

    def __enter__(self) -> psycopg.Connection[Any]:
        self._cm = self.store._pool.connection()
        try:
            conn: psycopg.Connection[Any] = self._cm.__enter__()
        except PoolTimeout as exc:
            raise StoreError(f"no database connection free: {exc}", path=self.store._where) from exc
        except psycopg.Error as exc:
            raise StoreError(f"cannot reach the catalogue: {exc}", path=self.store._where) from exc
        return conn

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        try:
            self._cm.__exit__(exc_type, exc, tb)
        except psycopg.Error as pool_exc:
            if exc is None:
                raise StoreError(f"catalogue call failed: {pool_exc}", path=self.store._where) from pool_exc
        if isinstance(exc, psycopg.Error):
            raise StoreError(f"catalogue call failed: {exc}".strip(), path=self.store._where) from exc
