"""The SQLite catalogue: one file, stdlib ``sqlite3``, WAL, no server.

Tables (schema version :data:`SCHEMA_VERSION`, kept in ``PRAGMA user_version``):

- ``records``: one row per record: ``id`` (primary key), facet columns
  (``sha256``, ``collection``, ``kind``, ``date``, ``year``, ``from_post``,
  ``classification``, ``title``, ``subject``), ``json`` (the record's
  :meth:`~legation.model.Record.to_json`), ``seq`` (the change seq of its last
  write) and ``updated_at``.
- ``record_tags(record_id, tag)``, ``record_aliases(record_id, alias)``, ``record_entities(record_id, key, name,
  type, source, role)``, ``record_refs(record_id, label, ref_id, kind,
  note)``: rewritten with the record, deleted with it (foreign keys cascade).
- ``sources(sha256, record_id, path, format, added_at)``: files already
  ingested; ``record_id`` is ``''`` for a file that gave no record.
- ``changes(seq, record_id, op, at)``: the change sequence.

Only parameterised SQL is used.  Writes take the write lock at once
(``BEGIN IMMEDIATE``), so a batch is applied whole or not at all and the
change seqs it hands out are consecutive.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from legation.errors import StoreError
from legation.model import Record
from legation.store import entities as entity_sql
from legation.store.base import (
    OP_DELETE,
    OP_NEW,
    OP_UPDATE,
    Change,
    SourceRow,
    UpsertResult,
    facet_values,
    record_sources,
)

SCHEMA_VERSION = 2

# Each migration takes the schema from version i to i + 1.
MIGRATIONS: list[list[str]] = [
    [
        """CREATE TABLE records (
            id TEXT PRIMARY KEY,
            sha256 TEXT NOT NULL DEFAULT '',
            collection TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL DEFAULT '',
            date TEXT NOT NULL DEFAULT '',
            year INTEGER,
            from_post TEXT NOT NULL DEFAULT '',
            classification TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            subject TEXT NOT NULL DEFAULT '',
            json TEXT NOT NULL,
            seq INTEGER NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX records_collection ON records(collection)",
        "CREATE INDEX records_kind ON records(kind)",
        "CREATE INDEX records_date ON records(date)",
        "CREATE INDEX records_year ON records(year)",
        "CREATE INDEX records_from_post ON records(from_post)",
        "CREATE INDEX records_classification ON records(classification)",
        "CREATE INDEX records_sha256 ON records(sha256)",
        """CREATE TABLE record_tags (
            record_id TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
            tag TEXT NOT NULL,
            PRIMARY KEY (record_id, tag)
        ) WITHOUT ROWID""",
        "CREATE INDEX record_tags_tag ON record_tags(tag)",
        """CREATE TABLE record_entities (
            record_id TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            name TEXT NOT NULL,
            type TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            role TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX record_entities_record ON record_entities(record_id)",
        "CREATE INDEX record_entities_key ON record_entities(key)",
        """CREATE TABLE record_refs (
            record_id TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
            label TEXT NOT NULL,
            ref_id TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX record_refs_record ON record_refs(record_id)",
        "CREATE INDEX record_refs_ref_id ON record_refs(ref_id)",
        """CREATE TABLE sources (
            sha256 TEXT NOT NULL,
            record_id TEXT NOT NULL DEFAULT '',
            path TEXT NOT NULL DEFAULT '',
            format TEXT NOT NULL DEFAULT '',
            added_at TEXT NOT NULL,
            PRIMARY KEY (sha256, record_id)
        ) WITHOUT ROWID""",
        "CREATE INDEX sources_record ON sources(record_id)",
        """CREATE TABLE changes (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            record_id TEXT NOT NULL,
            op TEXT NOT NULL,
            at TEXT NOT NULL
        )""",
    ],
    # 2: aliases, so `show 76TOKYO12732` finds the record that lists it; filled from the stored JSON.
    [
        """CREATE TABLE record_aliases (
            record_id TEXT NOT NULL REFERENCES records(id) ON DELETE CASCADE,
            alias TEXT NOT NULL,
            PRIMARY KEY (record_id, alias)
        ) WITHOUT ROWID""",
        "CREATE INDEX record_aliases_alias ON record_aliases(alias)",
        """INSERT OR IGNORE INTO record_aliases (record_id, alias)
           SELECT r.id, j.value FROM records r, json_each(r.json, '$.aliases') j
           WHERE j.value <> '' AND j.value <> r.id""",
    ],
]
assert len(MIGRATIONS) == SCHEMA_VERSION

# SQLite's default limit on bound parameters is 999 on old builds; stay below it.
_CHUNK = 500


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _marks(n: int) -> str:
    return ",".join("?" * n)


class SQLiteStore:
    """The catalogue in one SQLite file (or ``":memory:"``).

    Safe to share between threads: every call holds one lock.  Several
    processes may read while one writes (WAL).
    """

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
            self._migrate()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the catalogue: {exc}", path=self.path,
                             hint="is it an SQLite file legation wrote?") from exc

    # -- schema -------------------------------------------------------------
    def schema_version(self) -> int:
        with self._lock:
            return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise StoreError(f"the catalogue has schema version {version}, newer than this legation's "
                             f"{SCHEMA_VERSION}", path=self.path, hint="upgrade legation")
        for target in range(version + 1, SCHEMA_VERSION + 1):
            self._db.execute("BEGIN IMMEDIATE")
            try:
                for statement in MIGRATIONS[target - 1]:
                    self._db.execute(statement)
                # PRAGMA takes no parameters; target is an int we control.
                self._db.execute(f"PRAGMA user_version = {int(target)}")
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    # -- writing -----------------------------------------------------------
    def _write(self) -> _Transaction:
        return _Transaction(self)

    def upsert(self, records: Sequence[Record]) -> list[UpsertResult]:
        if not records:
            return []
        # The last copy of an id in the batch wins; earlier copies are reported as it is.
        latest: dict[str, tuple[Record, str]] = {}
        for record in records:
            text = record.to_json()
            try:
                text.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise StoreError(f"record {record.id!r} holds text that is not valid Unicode ({exc.reason})",
                                 hint="the parser that made it should decode its input with legation's "
                                      "decode_bytes") from exc
            latest[record.id] = (record, text)
        ids = list(latest)
        with self._write() as db:
            stored: dict[str, str] = {}
            for chunk in _chunks(ids):
                rows = db.execute(f"SELECT id, json FROM records WHERE id IN ({_marks(len(chunk))})", list(chunk))
                stored.update(rows.fetchall())
            seq = self._max_seq(db)
            now = _now()
            status: dict[str, UpsertResult] = {}
            record_rows: list[dict[str, Any]] = []
            change_rows: list[tuple[int, str, str, str]] = []
            for id_ in ids:
                record, text = latest[id_]
                if stored.get(id_) == text:
                    status[id_] = UpsertResult(id_, "unchanged")
                    continue
                seq += 1
                is_new = id_ not in stored
                status[id_] = UpsertResult(id_, "new" if is_new else "updated", seq)
                change_rows.append((seq, id_, OP_NEW if is_new else OP_UPDATE, now))
                row = facet_values(record)
                row.update(json=text, seq=seq, updated_at=now)
                record_rows.append(row)
            if record_rows:
                db.executemany(
                    """INSERT INTO records (id, sha256, collection, kind, date, year, from_post, classification,
                                            title, subject, json, seq, updated_at)
                       VALUES (:id, :sha256, :collection, :kind, :date, :year, :from_post, :classification,
                               :title, :subject, :json, :seq, :updated_at)
                       ON CONFLICT(id) DO UPDATE SET
                         sha256 = excluded.sha256, collection = excluded.collection, kind = excluded.kind,
                         date = excluded.date, year = excluded.year, from_post = excluded.from_post,
                         classification = excluded.classification, title = excluded.title,
                         subject = excluded.subject, json = excluded.json, seq = excluded.seq,
                         updated_at = excluded.updated_at""",
                    record_rows,
                )
                db.executemany("INSERT INTO changes (seq, record_id, op, at) VALUES (?, ?, ?, ?)", change_rows)
                self._write_children(db, [latest[r["id"]][0] for r in record_rows])
            source_rows = [s for id_ in ids for s in record_sources(latest[id_][0])]
            self._insert_sources(db, source_rows, now)
        return [status[r.id] for r in records]

    def _write_children(self, db: sqlite3.Connection, records: list[Record]) -> None:
        changed = [r.id for r in records]
        # A changed record's sources are written again from record.sources: a file it no longer
        # comes from must not keep blocking a re-ingest of that file.
        for table in ("record_tags", "record_aliases", "record_entities", "record_refs", "sources"):
            for chunk in _chunks(changed):
                # table is one of the constants above, never user input.
                db.execute(f"DELETE FROM {table} WHERE record_id IN ({_marks(len(chunk))})", list(chunk))
        db.executemany(
            "INSERT OR IGNORE INTO record_tags (record_id, tag) VALUES (?, ?)",
            [(r.id, tag) for r in records for tag in dict.fromkeys(r.tags) if tag],
        )
        db.executemany(
            "INSERT OR IGNORE INTO record_aliases (record_id, alias) VALUES (?, ?)",
            [(r.id, alias) for r in records for alias in dict.fromkeys(r.aliases) if alias and alias != r.id],
        )
        db.executemany(
            "INSERT INTO record_entities (record_id, key, name, type, source, role) VALUES (?, ?, ?, ?, ?, ?)",
            [(r.id, e.key or e.name, e.name, e.type, e.source, e.role) for r in records for e in r.entities],
        )
        db.executemany(
            "INSERT INTO record_refs (record_id, label, ref_id, kind, note) VALUES (?, ?, ?, ?, ?)",
            [(r.id, ref.label, ref.id, ref.kind, ref.note) for r in records for ref in r.references],
        )

    @staticmethod
    def _insert_sources(db: sqlite3.Connection, rows: list[SourceRow], now: str) -> None:
        db.executemany(
            "INSERT OR IGNORE INTO sources (sha256, record_id, path, format, added_at) VALUES (?, ?, ?, ?, ?)",
            [(s.sha256, s.record_id, s.path, s.format, now) for s in rows],
        )

    @staticmethod
    def _max_seq(db: sqlite3.Connection) -> int:
        row = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").fetchone()
        return int(row[0]) if row else 0

    def add_source(self, sha256: str, path: str = "", format: str = "", record_id: str = "") -> None:
        if not sha256:
            raise StoreError("add_source needs a sha256", path=path or None)
        with self._write() as db:
            self._insert_sources(db, [SourceRow(sha256, path, format, record_id)], _now())

    def has_source(self, sha256: str) -> bool:
        with self._read() as db:
            return db.execute("SELECT 1 FROM sources WHERE sha256 = ? LIMIT 1", (sha256,)).fetchone() is not None

    def cited_by(self, record_id: str, limit: int = 200) -> list[str]:
        """Ids of records whose references point at ``record_id`` (REF lines, repeats, cross-references)."""
        with self._read() as db:
            rows = db.execute("SELECT DISTINCT record_id FROM record_refs WHERE ref_id = ? AND record_id <> ? "
                              "ORDER BY record_id LIMIT ?", (record_id, record_id, limit))
            return [r[0] for r in rows]

    def known_sources(self, shas: Sequence[str]) -> set[str]:
        """Which of these sha256s were already ingested (one query per 500)."""
        found: set[str] = set()
        wanted = list(dict.fromkeys(shas))
        with self._read() as db:
            for i in range(0, len(wanted), 500):
                chunk = wanted[i:i + 500]
                marks = ",".join("?" * len(chunk))
                found.update(r[0] for r in db.execute(f"SELECT sha256 FROM sources WHERE sha256 IN ({marks})", chunk))
        return found

    def delete(self, id: str) -> bool:
        with self._write() as db:
            gone = db.execute("DELETE FROM records WHERE id = ?", (id,)).rowcount > 0
            if gone:
                db.execute("DELETE FROM sources WHERE record_id = ?", (id,))
                db.execute("INSERT INTO changes (record_id, op, at) VALUES (?, ?, ?)", (id, OP_DELETE, _now()))
        return gone

    # -- reading -------------------------------------------------------------
    def _read(self) -> _Read:
        return _Read(self)

    def get(self, id: str) -> Record | None:
        with self._read() as db:
            row = db.execute("SELECT json FROM records WHERE id = ?", (id,)).fetchone()
        return Record.from_json(row[0]) if row else None

    def find_alias(self, alias: str) -> Record | None:
        """The record that lists ``alias`` among its ``aliases`` (the lowest id if several do)."""
        with self._read() as db:
            row = db.execute(
                """SELECT r.json FROM record_aliases a JOIN records r ON r.id = a.record_id
                   WHERE a.alias = ? ORDER BY r.id LIMIT 1""", (alias,)).fetchone()
        return Record.from_json(row[0]) if row else None

    def get_many(self, ids: Sequence[str]) -> dict[str, Record]:
        wanted = list(dict.fromkeys(ids))
        found: dict[str, str] = {}
        with self._read() as db:
            for chunk in _chunks(wanted):
                rows = db.execute(f"SELECT id, json FROM records WHERE id IN ({_marks(len(chunk))})", list(chunk))
                found.update(rows.fetchall())
        return {id_: Record.from_json(found[id_]) for id_ in wanted if id_ in found}

    def ids(self) -> Iterator[str]:
        for batch in self._pages("id", 5000):
            yield from (row[0] for row in batch)

    def iter_records(self, batch_size: int = 500) -> Iterator[Record]:
        for batch in self._pages("id, json", batch_size):
            for row in batch:
                yield Record.from_json(row[1])

    def _pages(self, columns: str, size: int) -> Iterator[list[tuple[Any, ...]]]:
        """Keyset pagination by id: no cursor is held open between pages, so writes may interleave."""
        last: str | None = None
        while True:
            with self._read() as db:
                if last is None:
                    cur = db.execute(f"SELECT {columns} FROM records ORDER BY id LIMIT ?", (size,))
                else:
                    cur = db.execute(f"SELECT {columns} FROM records WHERE id > ? ORDER BY id LIMIT ?", (last, size))
                batch = cur.fetchall()
            if not batch:
                return
            yield batch
            last = batch[-1][0]
            if len(batch) < size:
                return

    def count(self) -> int:
        with self._read() as db:
            return int(db.execute("SELECT COUNT(*) FROM records").fetchone()[0])

    def stats(self) -> dict[str, Any]:
        with self._read() as db:
            def grouped(column: str) -> dict[str, int]:
                # column is one of the constants below, never user input.
                rows = db.execute(f"SELECT {column}, COUNT(*) FROM records GROUP BY {column} ORDER BY {column}")
                return {str(key): int(n) for key, n in rows if key not in (None, "")}

            total, date_min, date_max = db.execute(
                "SELECT COUNT(*), MIN(NULLIF(date, '')), MAX(NULLIF(date, '')) FROM records").fetchone()
            sources = db.execute("SELECT COUNT(DISTINCT sha256) FROM sources").fetchone()[0]
            return {
                "records": int(total),
                "collections": grouped("collection"),
                "kinds": grouped("kind"),
                "classifications": grouped("classification"),
                "years": grouped("year"),
                "date_min": date_min or "",
                "date_max": date_max or "",
                "sources": int(sources),
                "last_seq": self._max_seq(db),
            }

    # -- entities (reads of record_entities; the SQL is shared, in store/entities.py) ----------------
    def _fetch(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        with self._read() as db:
            return db.execute(sql, list(params)).fetchall()

    def entity_keys_matching(self, words: Sequence[str], limit: int = 50) -> list[str]:
        return entity_sql.matching_keys(self._fetch, "?", words, limit)

    def entity_keys_present(self, keys: Sequence[str]) -> list[str]:
        return entity_sql.existing_keys(self._fetch, "?", keys)

    def entity_records(self, keys: Sequence[str], limit: int = 200, offset: int = 0) -> list[entity_sql.EntityHit]:
        return entity_sql.records_naming(self._fetch, "?", keys, limit, offset)

    def entity_summary(self, keys: Sequence[str]) -> entity_sql.EntitySummary:
        return entity_sql.summary(self._fetch, "?", keys)

    def entity_mentions(self, record_ids: Sequence[str]) -> list[entity_sql.EntityMention]:
        return entity_sql.mentions_in(self._fetch, "?", record_ids)

    # -- change sequence -----------------------------------------------------
    def changes_since(self, seq: int, limit: int = 10_000) -> list[Change]:
        with self._read() as db:
            rows = db.execute("SELECT seq, record_id, op FROM changes WHERE seq > ? ORDER BY seq LIMIT ?",
                              (int(seq), int(limit)))
            return [Change(int(s), str(i), str(o)) for s, i, o in rows]

    def last_seq(self) -> int:
        with self._read() as db:
            return self._max_seq(db)

    # -- lifetime ------------------------------------------------------------
    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

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
