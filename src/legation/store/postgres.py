"""The PostgreSQL catalogue: psycopg 3, a connection pool, JSONB records, COPY for bulk writes.

``PostgresStore("postgresql://user@host:5432/db")`` implements the same
:class:`~legation.store.base.Store` protocol as
:class:`~legation.store.sqlite.SQLiteStore`, with the same semantics: upsert
statuses ``new`` / ``updated`` / ``unchanged``, one transaction per batch,
sources keyed by sha256, and a strictly increasing change sequence.

Tables (created on open in the connection's current schema, so a
``search_path`` in the URL, e.g. ``?options=-csearch_path%3Dmyschema``, puts
the catalogue in another schema; version in ``legation_schema``):

- ``records``: ``id`` (primary key), the facet columns of
  :func:`~legation.store.base.facet_values`, ``json`` (JSONB: the record's
  :meth:`~legation.model.Record.to_json`), ``json_extra`` and ``json_text``
  (see below),
  ``digest`` (sha256 of the exact JSON text: "unchanged" means the same
  digest, as SQLite compares the text), ``seq`` and ``updated_at``.
- ``record_tags``, ``record_aliases``, ``record_entities``, ``record_refs``: as in SQLite,
  rewritten with their record and deleted with it (``ON DELETE CASCADE``).
- ``sources(sha256, record_id, path, format, added_at)``.
- ``changes(seq BIGSERIAL, record_id, op, at)``: the change sequence.

Every text column is ``COLLATE "C"`` so ordering (``ids()``, ``stats()``)
is by code point, exactly as SQLite's binary collation, whatever the
database's locale.

**Exactness.**  JSONB does not keep all JSON as written: it cannot hold
``\\u0000``, rejects ``NaN``, reorders object keys and prints numbers in plain
notation (``1e+16`` comes back as an integer).  Model objects are immune
(pydantic puts their keys back in order), but the free-form values
(``attributes``, ``archive.extra``, ``variants[].value``) are not.  So:

- when a record's free-form values would not survive JSONB (e.g. AAD
  attributes in the source's column order), their exact JSON is kept in
  ``json_extra`` (small) and put back over the JSONB copy on read;
- when a record holds a NUL or a non-finite number, its whole exact JSON text
  is kept in ``json_text`` and ``json`` holds a copy JSONB accepts (NULs as
  U+FFFD, non-finite numbers as null).

Either way :meth:`get` gives back the record exactly as written
(``to_json()`` is byte-identical to SQLite's).  NUL characters are dropped
from the facet, child and source columns (PostgreSQL text cannot hold
them); a record *id* with a NUL is refused.

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
import json
import math
import re
import uuid
from collections.abc import Iterator, Sequence
from types import TracebackType
from typing import Any

import psycopg
from psycopg import sql
from psycopg_pool import ConnectionPool, PoolTimeout

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

SCHEMA_VERSION = 1

# The first key of every advisory lock legation takes ("LG").
_LOCK_CLASS = 0x4C47
# The second key of the lock that serialises schema creation (per schema, see _migrate).
_MIGRATE_SALT = "legation.schema:"

_C = 'COLLATE "C"'

# Each migration takes the schema from version i to i + 1.
MIGRATIONS: list[list[str]] = [
    [
        f"""CREATE TABLE records (
            id TEXT {_C} PRIMARY KEY,
            sha256 TEXT {_C} NOT NULL DEFAULT '',
            collection TEXT {_C} NOT NULL DEFAULT '',
            kind TEXT {_C} NOT NULL DEFAULT '',
            date TEXT {_C} NOT NULL DEFAULT '',
            year INTEGER,
            from_post TEXT {_C} NOT NULL DEFAULT '',
            classification TEXT {_C} NOT NULL DEFAULT '',
            title TEXT {_C} NOT NULL DEFAULT '',
            subject TEXT {_C} NOT NULL DEFAULT '',
            json JSONB NOT NULL,
            json_extra TEXT,
            json_text TEXT,
            digest TEXT {_C} NOT NULL,
            seq BIGINT NOT NULL,
            updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
        )""",
        "CREATE INDEX records_collection ON records(collection)",
        "CREATE INDEX records_kind ON records(kind)",
        "CREATE INDEX records_date ON records(date)",
        "CREATE INDEX records_year ON records(year)",
        "CREATE INDEX records_from_post ON records(from_post)",
        "CREATE INDEX records_classification ON records(classification)",
        "CREATE INDEX records_sha256 ON records(sha256)",
        f"""CREATE TABLE record_tags (
            record_id TEXT {_C} NOT NULL REFERENCES records(id) ON DELETE CASCADE,
            tag TEXT {_C} NOT NULL,
            PRIMARY KEY (record_id, tag)
        )""",
        "CREATE INDEX record_tags_tag ON record_tags(tag)",
        f"""CREATE TABLE record_aliases (
            record_id TEXT {_C} NOT NULL REFERENCES records(id) ON DELETE CASCADE,
            alias TEXT {_C} NOT NULL,
            PRIMARY KEY (record_id, alias)
        )""",
        "CREATE INDEX record_aliases_alias ON record_aliases(alias)",
        f"""CREATE TABLE record_entities (
            record_id TEXT {_C} NOT NULL REFERENCES records(id) ON DELETE CASCADE,
            key TEXT {_C} NOT NULL,
            name TEXT {_C} NOT NULL,
            type TEXT {_C} NOT NULL DEFAULT '',
            source TEXT {_C} NOT NULL DEFAULT '',
            role TEXT {_C} NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX record_entities_record ON record_entities(record_id)",
        "CREATE INDEX record_entities_key ON record_entities(key)",
        f"""CREATE TABLE record_refs (
            record_id TEXT {_C} NOT NULL REFERENCES records(id) ON DELETE CASCADE,
            label TEXT {_C} NOT NULL,
            ref_id TEXT {_C} NOT NULL DEFAULT '',
            kind TEXT {_C} NOT NULL DEFAULT '',
            note TEXT {_C} NOT NULL DEFAULT ''
        )""",
        "CREATE INDEX record_refs_record ON record_refs(record_id)",
        "CREATE INDEX record_refs_ref_id ON record_refs(ref_id)",
        f"""CREATE TABLE sources (
            sha256 TEXT {_C} NOT NULL,
            record_id TEXT {_C} NOT NULL DEFAULT '',
            path TEXT {_C} NOT NULL DEFAULT '',
            format TEXT {_C} NOT NULL DEFAULT '',
            added_at TIMESTAMPTZ NOT NULL DEFAULT now(),
            PRIMARY KEY (sha256, record_id)
        )""",
        "CREATE INDEX sources_record ON sources(record_id)",
        f"""CREATE TABLE changes (
            seq BIGSERIAL PRIMARY KEY,
            record_id TEXT {_C} NOT NULL,
            op TEXT {_C} NOT NULL,
            at TIMESTAMPTZ NOT NULL DEFAULT now()
        )""",
    ],
]
assert len(MIGRATIONS) == SCHEMA_VERSION

# The per-connection staging table a batch is COPYed into before it is merged.
_STAGE_COLUMNS = ("id", "sha256", "collection", "kind", "date", "year", "from_post", "classification",
                  "title", "subject", "json", "json_extra", "json_text", "digest", "seq", "op")
_STAGE = f"""CREATE TEMP TABLE IF NOT EXISTS legation_stage (
    id TEXT {_C} NOT NULL, sha256 TEXT, collection TEXT, kind TEXT, date TEXT, year INTEGER,
    from_post TEXT, classification TEXT, title TEXT, subject TEXT, json JSONB NOT NULL,
    json_extra TEXT, json_text TEXT, digest TEXT NOT NULL, seq BIGINT NOT NULL, op TEXT NOT NULL
) ON COMMIT DELETE ROWS"""

_MERGE = """INSERT INTO records (id, sha256, collection, kind, date, year, from_post, classification,
                                 title, subject, json, json_extra, json_text, digest, seq, updated_at)
    SELECT id, sha256, collection, kind, date, year, from_post, classification,
           title, subject, json, json_extra, json_text, digest, seq, now()
    FROM legation_stage
    ON CONFLICT (id) DO UPDATE SET
      sha256 = EXCLUDED.sha256, collection = EXCLUDED.collection, kind = EXCLUDED.kind,
      date = EXCLUDED.date, year = EXCLUDED.year, from_post = EXCLUDED.from_post,
      classification = EXCLUDED.classification, title = EXCLUDED.title, subject = EXCLUDED.subject,
      json = EXCLUDED.json, json_extra = EXCLUDED.json_extra, json_text = EXCLUDED.json_text, digest = EXCLUDED.digest,
      seq = EXCLUDED.seq, updated_at = EXCLUDED.updated_at"""

# What a read selects: decoded by _decode().
_JSON_OUT = "json::text, json_extra, json_text"
_NUL_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\u0000")

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


def _jsonb_key_order(keys: list[str]) -> list[str]:
    """The order JSONB keeps object keys in: shorter (in UTF-8 bytes) first, then bytewise."""
    return sorted(keys, key=lambda k: (len(k.encode("utf-8", "surrogatepass")), k.encode("utf-8", "surrogatepass")))


def _jsonb_exact(value: Any) -> bool:
    """True when a free-form JSON value comes back from JSONB exactly as ``json.dumps`` wrote it."""
    if isinstance(value, dict):
        keys = list(value)
        if len(keys) > 1 and keys != _jsonb_key_order(keys):
            return False
        return all(_jsonb_exact(v) for v in value.values())
    if isinstance(value, list):
        return all(_jsonb_exact(v) for v in value)
    if isinstance(value, float):
        # JSONB prints numbers in plain notation: 1e+16 would come back as an integer.
        return math.isfinite(value) and "e" not in repr(value)
    return True


def _free_form_exact(record: Record) -> bool:
    """True when the record's free-form values come back from JSONB as written."""
    return (_jsonb_exact(record.attributes) and _jsonb_exact(record.archive.extra)
            and all(_jsonb_exact(v.value) for v in record.variants))


def _free_form(data: dict[str, Any]) -> dict[str, Any]:
    """The free-form values of a record's JSON data (see _free_form_exact)."""
    archive = data.get("archive") or {}
    return {"attributes": data.get("attributes", {}), "extra": archive.get("extra", {}),
            "variants": [v.get("value") for v in data.get("variants", [])]}


def _jsonb_safe(value: Any) -> Any:
    """A copy JSONB accepts: NULs become U+FFFD, non-finite numbers become null."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, dict):
        return {_jsonb_safe(k): _jsonb_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonb_safe(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _encode(record: Record, text: str) -> tuple[str, str | None, str | None]:
    """``(json for the JSONB column, json_extra, json_text)`` of a record whose exact JSON is ``text``."""
    if "NaN" in text or "Infinity" in text:  # maybe a bare NaN / Infinity token: JSONB rejects those
        jsonb = json.dumps(_jsonb_safe(json.loads(text)), ensure_ascii=False)
    elif "\\u0000" in text:
        jsonb = _NUL_ESCAPE.sub(r"\1\\ufffd", text)
    else:
        jsonb = text
    if jsonb != text:
        return jsonb, None, text
    if _free_form_exact(record):
        return text, None, None
    return text, json.dumps(_free_form(json.loads(text)), ensure_ascii=False), None


def _decode(jsonb: str, extra: str | None, exact: str | None) -> Record:
    """The record a row holds (the columns of _JSON_OUT)."""
    if exact is not None:
        return Record.from_json(exact)
    if extra is None:
        return Record.from_json(jsonb)
    data = json.loads(jsonb)
    free = json.loads(extra)
    data["attributes"] = free["attributes"]
    if isinstance(data.get("archive"), dict):
        data["archive"]["extra"] = free["extra"]
    for variant, value in zip(data.get("variants", []), free["variants"], strict=False):
        variant["value"] = value
    return Record.from_json(json.dumps(data, ensure_ascii=False))


def _stage_row(record: Record, text: str, digest: str) -> tuple[Any, ...]:
    """The staging columns of a record up to ``digest`` (``seq`` and ``op`` follow under the lock)."""
    facets = facet_values(record)
    jsonb, extra, exact = _encode(record, text)
    return (
        record.id, _t(facets["sha256"]), _t(facets["collection"]), _t(facets["kind"]), _t(facets["date"]),
        facets["year"], _t(facets["from_post"]), _t(facets["classification"]), _t(facets["title"]),
        _t(facets["subject"]), jsonb, extra, exact, digest,
    )


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _signed32(n: int) -> int:
    n &= 0xFFFFFFFF
    return n - (1 << 32) if n >= 1 << 31 else n


class PostgresStore:
    """The catalogue in a PostgreSQL database (``postgresql://...``), through a connection pool.

    Safe to share between threads (each call borrows a pooled connection);
    any number of processes may read and write the same catalogue at once.
    Open one store per process: do not carry one across ``fork``.
    """

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
    def schema_version(self) -> int:
        with self._conn() as conn:
            return self._version(conn)

    @staticmethod
    def _version(conn: psycopg.Connection[Any]) -> int:
        row = conn.execute("SELECT to_regclass('legation_schema') IS NOT NULL").fetchone()
        if not row or not row[0]:
            return 0
        got = conn.execute("SELECT max(version) FROM legation_schema").fetchone()
        return int(got[0]) if got and got[0] is not None else 0

    def _migrate(self, conn: psycopg.Connection[Any]) -> None:
        with conn.transaction():
            # Two processes opening a new catalogue at once: one creates it, the other waits and sees it.
            conn.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s || current_schema()))",
                         (_LOCK_CLASS, _MIGRATE_SALT))
            schema = conn.execute("SELECT current_schema()").fetchone()
            if not schema or schema[0] is None:
                raise StoreError("no schema to create the catalogue in (the search_path names none that exists)",
                                 path=self._where)
            version = self._version(conn)
            if version > SCHEMA_VERSION:
                raise StoreError(f"the catalogue has schema version {version}, newer than this legation's "
                                 f"{SCHEMA_VERSION}", path=self._where, hint="upgrade legation")
            if version == 0:
                conn.execute("CREATE TABLE IF NOT EXISTS legation_schema (version INTEGER NOT NULL)")
            for target in range(version + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[target - 1]:
                    conn.execute(statement.encode())  # constant DDL, no parameters
                conn.execute("DELETE FROM legation_schema")
                conn.execute("INSERT INTO legation_schema (version) VALUES (%s)", (target,))

    # -- connections ----------------------------------------------------------
    def _conn(self) -> _Borrow:
        if self._closed:
            raise StoreError("the catalogue is closed", path=self._where)
        return _Borrow(self)

    def _lock_changes(self, cur: psycopg.Cursor[Any]) -> None:
        """Serialise change-appending writers until COMMIT, so seqs become visible in order."""
        cur.execute("SELECT pg_advisory_xact_lock(%s, %s)", (_LOCK_CLASS, self._changes_lock))

    # -- writing -----------------------------------------------------------
    def upsert(self, records: Sequence[Record]) -> list[UpsertResult]:
        if not records:
            return []
        # The last copy of an id in the batch wins; earlier copies are reported as it is.
        latest: dict[str, tuple[Record, str]] = {}
        for record in records:
            if "\x00" in record.id:
                raise StoreError(f"a record id holds a NUL character: {record.id!r}", path=self._where)
            text = record.to_json()
            try:
                text.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise StoreError(f"record {record.id!r} holds text that is not valid Unicode ({exc.reason})",
                                 hint="the parser that made it should decode its input with legation's "
                                      "decode_bytes") from exc
            latest[record.id] = (record, text)
        ids = list(latest)
        # Everything that needs no database happens before the lock: JSON, digests, staging rows.
        digests = {id_: _digest(text) for id_, (_, text) in latest.items()}
        staged = {id_: _stage_row(record, text, digests[id_]) for id_, (record, text) in latest.items()}
        sources = [s for id_ in ids for s in record_sources(latest[id_][0])]
        status: dict[str, UpsertResult] = {}
        with self._conn() as conn, conn.transaction(), conn.cursor() as cur:
            cur.execute(_STAGE)
            self._lock_changes(cur)
            cur.execute("SELECT id, digest FROM records WHERE id = ANY(%s)", (ids,), prepare=False)
            stored: dict[str, str] = {str(i): str(d) for i, d in cur.fetchall()}
            changed = [id_ for id_ in ids if stored.get(id_) != digests[id_]]
            seqs: list[int] = []
            if changed:
                # Under the lock no other legation writer calls nextval, so these are consecutive.
                cur.execute("SELECT nextval(pg_get_serial_sequence('changes', 'seq')) FROM generate_series(1, %s)",
                            (len(changed),))
                seqs = sorted(int(row[0]) for row in cur.fetchall())
            seq_of = dict(zip(changed, seqs, strict=True))
            for id_ in ids:
                if id_ not in seq_of:
                    status[id_] = UpsertResult(id_, "unchanged")
                else:
                    status[id_] = UpsertResult(id_, "new" if id_ not in stored else "updated", seq_of[id_])
            if changed:
                with cur.copy(sql.SQL("COPY legation_stage ({}) FROM STDIN").format(
                        sql.SQL(", ").join(map(sql.Identifier, _STAGE_COLUMNS)))) as copy:
                    for id_ in changed:
                        op = OP_NEW if status[id_].status == "new" else OP_UPDATE
                        copy.write_row((*staged[id_], seq_of[id_], op))
                cur.execute(_MERGE)
                cur.execute("INSERT INTO changes (seq, record_id, op, at) "
                            "SELECT seq, id, op, now() FROM legation_stage ORDER BY seq")
                self._write_children(cur, [latest[id_][0] for id_ in changed])
            self._insert_sources(cur, sources)
        return [status[r.id] for r in records]

    @staticmethod
    def _write_children(cur: psycopg.Cursor[Any], records: list[Record]) -> None:
        changed = [r.id for r in records]
        # Never as prepared statements: a generic plan made while the tables were small seq-scans forever.
        for delete in (b"DELETE FROM record_tags WHERE record_id = ANY(%s)",
                       b"DELETE FROM record_aliases WHERE record_id = ANY(%s)",
                       b"DELETE FROM record_entities WHERE record_id = ANY(%s)",
                       b"DELETE FROM record_refs WHERE record_id = ANY(%s)",
                       # A changed record's sources are written again from record.sources: a file it no
                       # longer comes from must not keep blocking a re-ingest of that file.
                       b"DELETE FROM sources WHERE record_id = ANY(%s)"):
            cur.execute(delete, (changed,), prepare=False)
        tags = list(dict.fromkeys((r.id, _t(tag)) for r in records for tag in r.tags if _t(tag)))
        aliases = list(dict.fromkeys((r.id, _t(alias)) for r in records for alias in r.aliases
                                     if _t(alias) and _t(alias) != r.id))
        entities = [(r.id, _t(e.key or e.name), _t(e.name), _t(e.type), _t(e.source), _t(e.role))
                    for r in records for e in r.entities]
        refs = [(r.id, _t(ref.label), _t(ref.id), _t(ref.kind), _t(ref.note)) for r in records for ref in r.references]
        for statement, rows in (
            ("COPY record_tags (record_id, tag) FROM STDIN", tags),
            ("COPY record_aliases (record_id, alias) FROM STDIN", aliases),
            ("COPY record_entities (record_id, key, name, type, source, role) FROM STDIN", entities),
            ("COPY record_refs (record_id, label, ref_id, kind, note) FROM STDIN", refs),
        ):
            if rows:
                with cur.copy(statement.encode()) as copy:  # constant statements
                    for row in rows:
                        copy.write_row(row)

    @staticmethod
    def _insert_sources(cur: psycopg.Cursor[Any], rows: list[SourceRow]) -> None:
        if not rows:
            return
        cur.execute(
            """INSERT INTO sources (sha256, record_id, path, format, added_at)
               SELECT s, r, p, f, now() FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[]) AS u(s, r, p, f)
               ON CONFLICT (sha256, record_id) DO NOTHING""",
            ([_t(s.sha256) for s in rows], [_t(s.record_id) for s in rows],
             [_t(s.path) for s in rows], [_t(s.format) for s in rows]),
        )

    def add_source(self, sha256: str, path: str = "", format: str = "", record_id: str = "") -> None:
        if not sha256:
            raise StoreError("add_source needs a sha256", path=path or None)
        with self._conn() as conn, conn.transaction(), conn.cursor() as cur:
            self._insert_sources(cur, [SourceRow(sha256, path, format, record_id)])

    def has_source(self, sha256: str) -> bool:
        with self._conn() as conn:
            return conn.execute("SELECT 1 FROM sources WHERE sha256 = %s LIMIT 1", (_t(sha256),)).fetchone() is not None

    def cited_by(self, record_id: str, limit: int = 200) -> list[str]:
        """Ids of records whose references point at ``record_id`` (REF lines, repeats, cross-references)."""
        with self._conn() as conn:
            rows = conn.execute("SELECT DISTINCT record_id FROM record_refs WHERE ref_id = %s AND record_id <> %s "
                                "ORDER BY record_id LIMIT %s", (_t(record_id), _t(record_id), limit)).fetchall()
        return [r[0] for r in rows]

    def known_sources(self, shas: Sequence[str]) -> set[str]:
        """Which of these sha256s were already ingested (one query)."""
        wanted = [_t(s) for s in dict.fromkeys(shas)]
        if not wanted:
            return set()
        with self._conn() as conn:
            rows = conn.execute("SELECT sha256 FROM sources WHERE sha256 = ANY(%s)", (wanted,)).fetchall()
        return {r[0] for r in rows}

    def delete(self, id: str) -> bool:
        with self._conn() as conn, conn.transaction(), conn.cursor() as cur:
            self._lock_changes(cur)
            cur.execute("DELETE FROM records WHERE id = %s", (id,))
            gone = cur.rowcount > 0
            if gone:
                cur.execute("DELETE FROM sources WHERE record_id = %s", (id,))
                cur.execute("INSERT INTO changes (record_id, op, at) VALUES (%s, %s, now())", (id, OP_DELETE))
        return gone

    # -- reading -------------------------------------------------------------
    def get(self, id: str) -> Record | None:
        if "\x00" in id:
            return None
        with self._conn() as conn:
            row = conn.execute(f"SELECT {_JSON_OUT} FROM records WHERE id = %s".encode(), (id,)).fetchone()
        return _decode(*row) if row else None

    def find_alias(self, alias: str) -> Record | None:
        """The record that lists ``alias`` among its ``aliases`` (the lowest id if several do)."""
        if "\x00" in alias:
            return None
        with self._conn() as conn:
            row = conn.execute(
                """SELECT r.json::text, r.json_extra, r.json_text FROM record_aliases a
                   JOIN records r ON r.id = a.record_id WHERE a.alias = %s ORDER BY r.id LIMIT 1""",
                (alias,)).fetchone()
        return _decode(*row) if row else None

    def get_many(self, ids: Sequence[str]) -> dict[str, Record]:
        wanted = [i for i in dict.fromkeys(ids) if "\x00" not in i]
        if not wanted:
            return {}
        with self._conn() as conn:
            rows = conn.execute(f"SELECT id, {_JSON_OUT} FROM records WHERE id = ANY(%s)".encode(),
                                (wanted,)).fetchall()
        found = {str(row[0]): row[1:] for row in rows}
        return {id_: _decode(*found[id_]) for id_ in wanted if id_ in found}

    def ids(self) -> Iterator[str]:
        for row in self._stream("SELECT id FROM records ORDER BY id", 5000):
            yield str(row[0])

    def iter_records(self, batch_size: int = 500) -> Iterator[Record]:
        for row in self._stream(f"SELECT {_JSON_OUT} FROM records ORDER BY id", batch_size):
            yield _decode(*row)

    def _stream(self, query: str, size: int) -> Iterator[tuple[Any, ...]]:
        """Rows of ``query`` (a constant) through a server-side cursor, ``size`` at a time.

        The cursor reads one snapshot, taken when it opens; writes may go on meanwhile (on other
        pooled connections) and are not seen.
        """
        name = f"legation_{uuid.uuid4().hex}"
        with self._conn() as conn, conn.transaction(), conn.cursor(name=name) as cur:
            cur.itersize = max(1, int(size))
            cur.execute(query.encode())
            yield from cur

    def count(self) -> int:
        with self._conn() as conn:
            row = conn.execute("SELECT COUNT(*) FROM records").fetchone()
            return int(row[0]) if row else 0

    # -- entities (reads of record_entities; the SQL is shared, in store/entities.py) ----------------
    def _fetch(self, query: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        clean = [p.replace("\x00", "") if isinstance(p, str) else p for p in params]  # PostgreSQL text holds no NUL
        with self._conn() as conn:
            return conn.execute(query.encode(), clean).fetchall()

    def entity_keys_matching(self, words: Sequence[str], limit: int = 50) -> list[str]:
        return entity_sql.matching_keys(self._fetch, "%s", words, limit)

    def entity_keys_present(self, keys: Sequence[str]) -> list[str]:
        return entity_sql.existing_keys(self._fetch, "%s", keys)

    def entity_records(self, keys: Sequence[str], limit: int = 200, offset: int = 0) -> list[entity_sql.EntityHit]:
        return entity_sql.records_naming(self._fetch, "%s", keys, limit, offset)

    def entity_summary(self, keys: Sequence[str]) -> entity_sql.EntitySummary:
        return entity_sql.summary(self._fetch, "%s", keys)

    def entity_mentions(self, record_ids: Sequence[str]) -> list[entity_sql.EntityMention]:
        return entity_sql.mentions_in(self._fetch, "%s", record_ids)

    def stats(self) -> dict[str, Any]:
        with self._conn() as conn, conn.transaction(), conn.cursor() as cur:
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")

            def grouped(column: str) -> dict[str, int]:
                cur.execute(sql.SQL("SELECT {c}, COUNT(*) FROM records GROUP BY {c} ORDER BY {c}").format(
                    c=sql.Identifier(column)))
                return {str(key): int(n) for key, n in cur.fetchall() if key not in (None, "")}

            cur.execute("SELECT COUNT(*), MIN(NULLIF(date, '')), MAX(NULLIF(date, '')) FROM records")
            row = cur.fetchone()
            assert row is not None
            total, date_min, date_max = row
            cur.execute("SELECT COUNT(DISTINCT sha256) FROM sources")
            sources = cur.fetchone()
            result = {
                "records": int(total),
                "collections": grouped("collection"),
                "kinds": grouped("kind"),
                "classifications": grouped("classification"),
                "years": grouped("year"),
                "date_min": date_min or "",
                "date_max": date_max or "",
                "sources": int(sources[0]) if sources else 0,
                "last_seq": self._max_seq(cur),
            }
        return result

    # -- change sequence -----------------------------------------------------
    def changes_since(self, seq: int, limit: int = 10_000) -> list[Change]:
        with self._conn() as conn:
            rows = conn.execute("SELECT seq, record_id, op FROM changes WHERE seq > %s ORDER BY seq LIMIT %s",
                                (int(seq), int(limit))).fetchall()
        return [Change(int(s), str(i), str(o)) for s, i, o in rows]

    def last_seq(self) -> int:
        with self._conn() as conn, conn.cursor() as cur:
            return self._max_seq(cur)

    @staticmethod
    def _max_seq(cur: psycopg.Cursor[Any]) -> int:
        cur.execute("SELECT COALESCE(MAX(seq), 0) FROM changes")
        row = cur.fetchone()
        return int(row[0]) if row else 0

    # -- lifetime ------------------------------------------------------------
    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._pool.close()

    def __enter__(self) -> PostgresStore:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"PostgresStore({self._where!r})"


class _Borrow:
    """Borrow a pooled connection; turn psycopg errors into StoreError."""

    def __init__(self, store: PostgresStore) -> None:
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
