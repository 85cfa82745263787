"""The catalogue SQL that SQLite and PostgreSQL share, and the one upsert both run.

:class:`SQLStore` implements the whole :class:`~legation.store.base.Store`
protocol over a few hooks; a backend (``sqlite.py``, ``postgres.py``) supplies
only what is truly its own: connections and transactions, how a batch is
written in bulk (``executemany`` / ``COPY``), where the next change seqs come
from, how a record's JSON is encoded and decoded, and how the records are
streamed.  Every statement here is written once with ``?`` placeholders and
spelled for the backend by its :class:`~legation.store.dialect.Dialect`; a
new read (say of ``record_entities``) is one method here, for both backends.

The upsert: the last copy of an id in a batch wins; a record whose stored
*digest* (SQLite: the JSON text itself; PostgreSQL: its sha256) equals the
new one is ``unchanged`` and gets no seq; the others get consecutive seqs, in
batch order, their row, their child rows (:func:`~legation.store.schema.child_tables`)
and their sources rewritten, all in one transaction (:meth:`SQLStore._write`),
which also keeps change-appending writers in seq order.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Container, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from types import TracebackType
from typing import Any, ClassVar, Generic, Protocol, Self, TypeVar

from legation.errors import StoreError
from legation.model import Record
from legation.store import entities as entity_sql
from legation.store.base import OP_DELETE, OP_NEW, OP_UPDATE, Change, UpsertResult
from legation.store.dialect import Dialect
from legation.store.graph import GraphReader
from legation.store.rows import RecordRows, record_rows
from legation.store.schema import RECORDS, SOURCES, STATS_GROUPS, Migration, Table, child_tables


class Rows(Protocol):
    """What ``execute`` returns on both backends (a DB-API cursor)."""

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...


class Connection(Protocol):
    """What the shared code needs of a backend's connection or cursor."""

    def execute(self, query: str, params: Sequence[Any] = ..., /) -> Rows: ...


DB = TypeVar("DB", bound=Connection)


@dataclass(frozen=True, slots=True)
class Prepared:
    """A record ready to write: its id, what "unchanged" compares, and the backend's row values."""

    id: str
    digest: str
    values: tuple[Any, ...]


def upsert_clause(table: Table, columns: Sequence[str]) -> str:
    """``ON CONFLICT (key) DO UPDATE SET c = excluded.c, ...`` for every non-key column of ``columns``."""
    sets = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in table.key)
    return f"ON CONFLICT ({', '.join(table.key)}) DO UPDATE SET {sets}"


def facet_row(rows: RecordRows) -> tuple[Any, ...]:
    """``(id, *facet columns)`` of a record's rows."""
    return (rows.id, *rows.facets)


def records_upsert(dialect: Dialect, source: str) -> str:
    """Insert or replace ``records`` rows from ``source``: ``VALUES (?, ...)`` or a ``SELECT``.

    ``source`` gives every column of the dialect's ``records`` but the last, ``updated_at`` (now).
    """
    columns = RECORDS.column_names(dialect)
    return f"INSERT INTO records ({', '.join(columns)}) {source} {upsert_clause(RECORDS, columns)}"


def keyset_pages(fetch: Callable[[str, Sequence[Any]], list[Any]], dialect: Dialect, columns: str,
                 size: int) -> Iterator[list[Any]]:
    """Pages of ``SELECT columns FROM records ORDER BY id`` (``id`` first) by keyset: no cursor is held
    between pages, so writes may interleave.  ``fetch(query, params)`` runs one query."""
    batch = fetch(dialect.q(f"SELECT {columns} FROM records ORDER BY id LIMIT ?"), (size,))
    after = dialect.q(f"SELECT {columns} FROM records WHERE id > ? ORDER BY id LIMIT ?")
    while batch:
        yield batch
        if len(batch) < size:
            return
        batch = fetch(after, (batch[-1][0], size))


def sources_insert(source: str) -> str:
    """Add ``sources`` rows from ``source`` (``sha256, record_id, path, format`` and the time), keeping a
    row that is already there: a file ingested again, or a record written again from the same file."""
    columns = ", ".join(c.name for c in SOURCES.columns)
    return f"INSERT INTO sources ({columns}) {source} ON CONFLICT ({', '.join(SOURCES.key)}) DO NOTHING"


def plan_upsert(ids: Sequence[str], stored: Container[str], seqs: dict[str, int]) -> dict[str, UpsertResult]:
    """Each id's result: ``unchanged`` without a seq, else ``new`` or ``updated`` (was it ``stored``?)."""
    results: dict[str, UpsertResult] = {}
    for id_ in ids:
        seq = seqs.get(id_)
        if seq is None:
            results[id_] = UpsertResult(id_, "unchanged")
        else:
            results[id_] = UpsertResult(id_, "updated" if id_ in stored else "new", seq)
    return results


def _latest(batch: Sequence[RecordRows]) -> dict[str, RecordRows]:
    """Each id's last rows in the batch; a record whose JSON is not valid Unicode is refused."""
    latest: dict[str, RecordRows] = {}
    for rows in batch:
        try:
            rows.json.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise StoreError(f"record {rows.id!r} holds text that is not valid Unicode ({exc.reason})",
                             hint="the parser that made it should decode its input with legation's "
                                  "decode_bytes") from exc
        latest[rows.id] = rows
    return latest


class SQLStore(ABC, Generic[DB]):
    """The :class:`~legation.store.base.Store` protocol over SQL; subclasses supply the hooks below."""

    dialect: ClassVar[Dialect]
    #: What a read selects to rebuild a record (decoded by :meth:`_decode`).
    json_columns: ClassVar[str]
    #: The ``records`` column that says whether a record changed (compared with :attr:`Prepared.digest`).
    digest_column: ClassVar[str]

    # -- hooks ------------------------------------------------------------------------------------------
    @abstractmethod
    def _read(self) -> AbstractContextManager[DB]:
        """A connection for one read (errors become StoreError)."""

    @abstractmethod
    def _write(self) -> AbstractContextManager[DB]:
        """One write transaction, all or nothing, that appends to the change sequence: writers that
        append must commit in seq order (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: an advisory lock)."""

    @abstractmethod
    def _snapshot(self) -> AbstractContextManager[DB]:
        """A connection whose reads all see one state of the catalogue (``stats``)."""

    @abstractmethod
    def _scan(self, columns: str, size: int) -> Iterator[tuple[Any, ...]]:
        """``SELECT columns FROM records ORDER BY id``, streamed ``size`` rows at a time (``id`` first)."""

    @abstractmethod
    def _prepare(self, rows: RecordRows) -> Prepared:
        """The ``records`` row values of a record's rows (no database needed)."""

    @abstractmethod
    def _decode(self, row: Sequence[Any]) -> Record:
        """The record that the :attr:`json_columns` of a row hold."""

    @abstractmethod
    def _next_seqs(self, db: DB, n: int) -> list[int]:
        """``n`` consecutive change seqs, inside the write transaction."""

    @abstractmethod
    def _write_records(self, db: DB, rows: list[tuple[Prepared, int, str]]) -> None:
        """Insert or replace ``(prepared, seq, op)`` rows in ``records`` and append them to ``changes``."""

    @abstractmethod
    def _insert_rows(self, db: DB, table: Table, rows: list[tuple[Any, ...]]) -> None:
        """Insert ``rows`` (all of ``table``'s columns, in order) in bulk."""

    @abstractmethod
    def _insert_sources(self, db: DB, rows: list[tuple[str, str, str, str]]) -> None:
        """Add ``(sha256, record_id, path, format)`` rows to ``sources`` (see :func:`sources_insert`)."""

    def _text(self, value: str) -> str:
        """A text value as the backend can hold it (see :data:`~legation.store.schema.TextFn`)."""
        return value

    def _holds_id(self, id_: str) -> bool:
        """Whether an id can be stored at all (a backend refuses what its text type cannot hold)."""
        return True

    # -- schema -----------------------------------------------------------------------------------------
    def _migrate_step(self, db: DB, migration: Migration) -> None:
        """Run one migration inside the caller's transaction: its DDL, then fill its new child tables."""
        statements, fill = migration
        for statement in statements:
            db.execute(statement)  # constant DDL, no parameters
        if not fill:
            return
        for rows in keyset_pages(lambda query, params: db.execute(query, params).fetchall(), self.dialect,
                                 f"id, {self.json_columns}", 500):
            records = [self._decode(row[1:]) for row in rows]
            for table in fill:
                if found := table.record_rows(records, self._text):
                    self._insert_rows(db, table, found)

    # -- writing ----------------------------------------------------------------------------------------
    def upsert(self, records: Sequence[Record]) -> list[UpsertResult]:
        return self.upsert_rows([record_rows(r, self._text) for r in records])

    def _clean(self, rows: RecordRows) -> RecordRows:
        """The rows as the backend can hold them (see :func:`~legation.store.rows.cleaned`)."""
        return rows

    def upsert_rows(self, batch: Sequence[RecordRows]) -> list[UpsertResult]:
        """:meth:`upsert` of records already turned into rows (by :func:`~legation.store.rows.record_rows`)."""
        if not batch:
            return []
        latest = {id_: self._clean(rows) for id_, rows in _latest(batch).items()}
        # Everything that needs no database happens before the transaction: digests, row values.
        prepared = {id_: self._prepare(rows) for id_, rows in latest.items()}
        ids = list(latest)
        sources = [s for id_ in ids for s in latest[id_].sources]
        with self._write() as db:
            stored = self._digests(db, ids)
            changed = [id_ for id_ in ids if stored.get(id_) != prepared[id_].digest]
            seqs = dict(zip(changed, self._next_seqs(db, len(changed)), strict=True)) if changed else {}
            if changed:
                self._write_records(db, [(prepared[id_], seqs[id_], OP_UPDATE if id_ in stored else OP_NEW)
                                         for id_ in changed])
                self._write_children(db, [latest[id_] for id_ in changed], [id_ for id_ in changed if id_ in stored])
            self._insert_sources(db, sources)
        results = plan_upsert(ids, stored, seqs)
        return [results[r.id] for r in batch]

    def _in_list(self, db: DB, statement: str, values: Sequence[Any]) -> list[Any]:
        """The rows of ``statement`` (``... column {in_}``) for ``values``, however many (see Dialect.in_list)."""
        rows: list[Any] = []
        for query, params in self.dialect.in_list(statement, values):
            rows += self._execute_list(db, query, params).fetchall()
        return rows

    def _execute_list(self, db: DB, query: str, params: Sequence[Any]) -> Rows:
        """Run one statement with an ``IN`` list (a backend may plan these for every call)."""
        return db.execute(query, params)

    def _digests(self, db: DB, ids: Sequence[str]) -> dict[str, str]:
        rows = self._in_list(db, f"SELECT id, {self.digest_column} FROM records WHERE id {{in_}}", ids)
        return {str(i): str(d) for i, d in rows}

    def _write_children(self, db: DB, changed: list[RecordRows], stored: list[str]) -> None:
        """Rewrite the child rows and the sources of changed records (``stored``: those already in the
        catalogue, whose old rows go first).

        A changed record's sources are written again from ``record.sources``: a file it no longer comes
        from must not keep blocking a re-ingest of that file.
        """
        children = child_tables()
        if stored:
            for table in (*children, SOURCES):
                # table and column names are constants of schema.py, never user input; a child table's first
                # column is its record's id
                owner = table.columns[0].name if table is not SOURCES else "record_id"
                for query, params in self.dialect.in_list(f"DELETE FROM {table.name} WHERE {owner} {{in_}}", stored):
                    self._execute_list(db, query, params)
        for table in children:
            rows = [row for r in changed for row in r.children.get(table.name, ())]
            if rows:
                self._insert_rows(db, table, rows)

    def delete(self, id: str) -> bool:
        q = self.dialect.q
        with self._write() as db:
            gone = db.execute(q("DELETE FROM records WHERE id = ?"), (id,)).rowcount > 0
            if gone:
                db.execute(q("DELETE FROM sources WHERE record_id = ?"), (id,))
                db.execute(q(f"INSERT INTO changes (record_id, op, at) VALUES (?, ?, {self.dialect.now})"),
                           (id, OP_DELETE))
        return gone

    # -- reading ----------------------------------------------------------------------------------------
    def get(self, id: str) -> Record | None:
        if not self._holds_id(id):
            return None
        with self._read() as db:
            row = db.execute(self.dialect.q(f"SELECT {self.json_columns} FROM records WHERE id = ?"), (id,)).fetchone()
        return self._decode(row) if row else None

    def find_alias(self, alias: str) -> Record | None:
        if not self._holds_id(alias):
            return None
        with self._read() as db:
            row = db.execute(self.dialect.q(
                f"""SELECT {self.json_columns} FROM record_aliases a JOIN records r ON r.id = a.record_id
                    WHERE a.alias = ? ORDER BY r.id LIMIT 1"""), (alias,)).fetchone()
        return self._decode(row) if row else None

    def get_many(self, ids: Sequence[str]) -> dict[str, Record]:
        wanted = [i for i in dict.fromkeys(ids) if self._holds_id(i)]
        with self._read() as db:
            rows = self._in_list(db, f"SELECT id, {self.json_columns} FROM records WHERE id {{in_}}", wanted)
        found = {str(row[0]): row[1:] for row in rows}
        return {id_: self._decode(found[id_]) for id_ in wanted if id_ in found}

    def iter_records(self, batch_size: int = 500) -> Iterator[Record]:
        for row in self._scan(f"id, {self.json_columns}", batch_size):
            yield self._decode(row[1:])

    def count(self) -> int:
        with self._read() as db:
            return int(db.execute("SELECT COUNT(*) FROM records").fetchone()[0])

    def cited_by(self, record_id: str, limit: int = 200) -> list[str]:
        """Ids of records whose references point at ``record_id`` (REF lines, repeats, cross-references)."""
        ref = self._text(record_id)
        with self._read() as db:
            rows = db.execute(self.dialect.q("SELECT DISTINCT record_id FROM record_refs WHERE ref_id = ? "
                                             "AND record_id <> ? ORDER BY record_id LIMIT ?"),
                              (ref, ref, int(limit))).fetchall()
        return [str(r[0]) for r in rows]

    # -- entities (reads of record_entities; the SQL is in store/entities.py) ------------------------
    def _fetch(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        clean = [self._text(p) if isinstance(p, str) else p for p in params]
        with self._read() as db:
            return list(db.execute(sql, clean).fetchall())

    @property
    def _mark(self) -> str:
        return self.dialect.mark

    def entity_keys_matching(self, words: Sequence[str], limit: int = 50) -> list[str]:
        return entity_sql.matching_keys(self._fetch, self._mark, words, limit)

    def entity_keys_present(self, keys: Sequence[str]) -> list[str]:
        return entity_sql.existing_keys(self._fetch, self._mark, keys)

    def entity_records(self, keys: Sequence[str], limit: int = 200, offset: int = 0) -> list[entity_sql.EntityHit]:
        return entity_sql.records_naming(self._fetch, self._mark, keys, limit, offset)

    def entity_summary(self, keys: Sequence[str]) -> entity_sql.EntitySummary:
        return entity_sql.summary(self._fetch, self._mark, keys)

    def entity_index(self, words: Sequence[str] = (), type_: str = "", limit: int = 50) -> list[tuple[str, str, str, int]]:
        return entity_sql.top_keys(self._fetch, self._mark, words, type_, limit)

    def entity_mentions(self, record_ids: Sequence[str]) -> list[entity_sql.EntityMention]:
        return entity_sql.mentions_in(self._fetch, self._mark, record_ids)

    def graph(self) -> GraphReader:
        """Reads over the reference graph (:mod:`legation.store.graph`), on this store's connection."""
        def run(statement: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
            with self._read() as db:
                return list(db.execute(statement, list(params)).fetchall())
        return GraphReader(run, "postgres" if self.dialect.name == "postgres" else "sqlite")

    def known_sources(self, shas: Sequence[str]) -> set[str]:
        wanted = list(dict.fromkeys(self._text(s) for s in shas))
        with self._read() as db:
            return {str(r[0]) for r in self._in_list(db, "SELECT sha256 FROM sources WHERE sha256 {in_}", wanted)}

    def stats(self) -> dict[str, Any]:
        with self._snapshot() as db:
            total, date_min, date_max = db.execute(
                "SELECT COUNT(*), MIN(NULLIF(date, '')), MAX(NULLIF(date, '')) FROM records").fetchone()
            groups = {key: self._grouped(db, column) for key, column in STATS_GROUPS}
            sources = db.execute("SELECT COUNT(DISTINCT sha256) FROM sources").fetchone()[0]
            return {"records": int(total), **groups, "date_min": date_min or "", "date_max": date_max or "",
                    "sources": int(sources), "last_seq": self._max_seq(db)}

    @staticmethod
    def _grouped(db: DB, column: str) -> dict[str, int]:
        # column is one of schema.STATS_GROUPS, never user input.
        rows = db.execute(f"SELECT {column}, COUNT(*) FROM records GROUP BY {column} ORDER BY {column}").fetchall()
        return {str(key): int(n) for key, n in rows if key not in (None, "")}

    # -- change sequence --------------------------------------------------------------------------------
    def changes_since(self, seq: int, limit: int = 10_000) -> list[Change]:
        with self._read() as db:
            rows = db.execute(self.dialect.q("SELECT seq, record_id, op FROM changes WHERE seq > ? ORDER BY seq "
                                             "LIMIT ?"), (int(seq), int(limit))).fetchall()
        return [Change(int(s), str(i), str(o)) for s, i, o in rows]

    def last_seq(self) -> int:
        with self._read() as db:
            return self._max_seq(db)

    @staticmethod
    def _max_seq(db: DB) -> int:
        """The highest committed change seq (0 for none): changes are never removed."""
        return int(db.execute("SELECT COALESCE(MAX(seq), 0) FROM changes").fetchone()[0])

    # -- lifetime ---------------------------------------------------------------------------------------
    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

