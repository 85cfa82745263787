"""The PostgreSQL catalogue: parity with SQLite, and what is PostgreSQL's own (JSONB, NULs, pools, schemas, URLs).

The Store behaviour both backends share is tests/store/test_contract.py.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import psycopg
import pytest

from legation.errors import StoreError
from legation.model import Address, Archive, Classification, Entity, Record, Reference, Source, Variant
from legation.store.postgres import PostgresStore
from legation.store.sqlite import SQLiteStore
from tests.store.backends import rec, with_schema

AnyStore = SQLiteStore | PostgresStore
Conn = psycopg.Connection[tuple[Any, ...]]


def one(conn: Conn, query: str, *params: object) -> Any:
    row = conn.execute(query.encode(), params).fetchone()
    assert row is not None
    return row[0]


# -- parity with SQLite ------------------------------------------------------------------------------

def rich_records() -> list[Record]:
    """Records that exercise every facet column and the JSON corners JSONB does not keep as written."""
    return [
        rec("1976TOKYO12732", collection="aad", kind="telegram", date="1976-08-24", title="Fishing talks",
            from_=Address(name="AMEMBASSY TOKYO", post="TOKYO"), to=[Address(name="SECSTATE WASHDC", post="WASHINGTON")],
            classification=Classification(original="CONFIDENTIAL", current="UNCLASSIFIED"),
            references=[Reference(label="TOKYO 12490", id="1976TOKYO12490", note="NOTAL")],
            entities=[Entity(name="Brezhnev", type="PERSON", key="brezhnev")],
            tags=["PFOR", "JA", "PFOR"], aliases=["76TOKYO12732"],
            raw="RAW TEXT\x00 with odd bytes ☃", attributes={"Film Number": "D760321-0201", "A": 1, "big": 1e20},
            source=Source(path="aad/1976.csv", sha256="1" * 64, format="aad", part="row 3")),
        rec("1975MOSCOW00001", collection="aad", kind="telegram", date="1975-01-02",
            classification=Classification(original="SECRET"), from_=Address(name="AMEMBASSY MOSCOW"),
            source=Source(path="aad/1976.csv", sha256="1" * 64, format="aad", part="row 4")),
        rec("wilson-198181", collection="wilson", kind="transcript", date="1973-10", title="Title with \x00 NUL", raw="\x00",
            tags=["T\x00AG"], archive=Archive(extra={"zeta": "1", "alpha": "2"}),
            variants=[Variant(field="date", value={"b": 1, "a": [1.5, 2e-7, {"y": None, "x": True}]})],
            source=Source(path="w/198181.html", sha256="2" * 64, format="wilson"),
            sources=[Source(path="w/copy.html", sha256="3" * 64, format="wilson")]),
        rec("frus1969-76v19p2d12", collection="frus", kind="memorandum", date="",
            attributes={"nested": {"k": ["v", {"deeper": "ü"}]}, "n": -0.25}),
        rec("ünicode-ïd", collection="", kind="", text="plain"),
    ]


def apply_history(s: AnyStore) -> list[list[tuple[str, str, int | None]]]:
    out = []
    records = rich_records()
    for batch in (records[:3], records, [rec("1975MOSCOW00001", subject="changed"), records[3]]):
        out.append([(r.id, str(r.status), r.seq) for r in s.upsert(batch)])
    assert s.delete("ünicode-ïd")
    return out


def test_same_results_as_sqlite(pg: PostgresStore, tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "ref.db") as lite:
        assert apply_history(pg) == apply_history(lite)
        assert pg.stats() == lite.stats()
        assert json.dumps(pg.stats()) == json.dumps(lite.stats())  # same key order too
        assert pg.changes_since(0) == lite.changes_since(0)
        ids = [r.id for r in lite.iter_records()]
        assert [r.id for r in pg.iter_records()] == ids
        for id_ in [*ids, "ünicode-ïd", "missing"]:
            mine, theirs = pg.get(id_), lite.get(id_)
            assert mine == theirs
            if theirs is not None:
                assert mine is not None and mine.to_json() == theirs.to_json()
        assert [r.to_json() for r in pg.iter_records(batch_size=2)] == [r.to_json() for r in lite.iter_records()]
        ids = ["wilson-198181", "nope", "1976TOKYO12732"]
        assert {k: v.to_json() for k, v in pg.get_many(ids).items()} == \
               {k: v.to_json() for k, v in lite.get_many(ids).items()}
        assert list(pg.get_many(ids)) == list(lite.get_many(ids))
        assert pg.find_alias("76TOKYO12732") == lite.find_alias("76TOKYO12732")
        shas = [c * 64 for c in "12345"]
        assert pg.known_sources(shas) == lite.known_sources(shas) == {"1" * 64, "2" * 64, "3" * 64}
        assert pg.cited_by("1976TOKYO12490") == lite.cited_by("1976TOKYO12490") == ["1976TOKYO12732"]


def test_records_come_back_exactly(pg: PostgresStore, pg_sql: Conn) -> None:
    records = rich_records()
    pg.upsert(records)
    for r in records:
        got = pg.get(r.id)
        assert got == r and got is not None and got.to_json() == r.to_json()
    assert pg.upsert(records)[0].status == "unchanged"
    # plain records live in JSONB alone; the exact text is kept only when JSONB would change it
    def kept(id_: str) -> tuple[bool, bool]:
        row = pg_sql.execute("SELECT json_extra IS NOT NULL, json_text IS NOT NULL FROM records WHERE id = %s",
                             (id_,)).fetchone()
        assert row is not None
        return row[0], row[1]

    assert kept("1975MOSCOW00001") == (False, False)
    assert kept("frus1969-76v19p2d12") == (True, False)  # attribute keys out of JSONB's order: kept aside
    assert kept("wilson-198181") == (False, True)  # a NUL: the whole text is kept
    assert kept("1976TOKYO12732") == (False, True)
    assert one(pg_sql, "SELECT json->'attributes'->>'n' FROM records WHERE id = %s", "frus1969-76v19p2d12") == "-0.25"
    assert one(pg_sql, "SELECT json->>'collection' FROM records WHERE id = %s", "1976TOKYO12732") == "aad"
    assert one(pg_sql, "SELECT json->>'raw' FROM records WHERE id = %s", "1976TOKYO12732") == \
        "RAW TEXT\ufffd with odd bytes ☃"
    assert one(pg_sql, "SELECT json->>'raw' FROM records WHERE id = %s", "wilson-198181") == "\ufffd"
    # NULs are dropped from the columns beside the JSON
    assert one(pg_sql, "SELECT title FROM records WHERE id = %s", "wilson-198181") == "Title with  NUL"
    assert one(pg_sql, "SELECT tag FROM record_tags WHERE record_id = %s", "wilson-198181") == "TAG"


# -- PostgreSQL specifics ------------------------------------------------------------------------------

def test_closed_store_refuses_calls(pg_url: str) -> None:
    s = PostgresStore(pg_url)
    s.close()
    s.close()  # twice is fine
    with pytest.raises(StoreError, match="closed"):
        s.count()


def test_unreachable_server_is_a_store_error_without_the_password() -> None:
    with pytest.raises(StoreError) as info:
        PostgresStore("postgresql://someone:s3cret@127.0.0.1:1/nothing", timeout=5)
    assert "s3cret" not in info.value.one_line()
    assert "***" in (info.value.path or "")


def test_nul_in_an_id_is_refused(pg: PostgresStore) -> None:
    with pytest.raises(StoreError, match="NUL"):
        pg.upsert([rec("A\x00B")])
    assert pg.get("A\x00B") is None and pg.find_alias("A\x00B") is None and pg.get_many(["A\x00B"]) == {}
    assert pg.count() == 0


def test_no_id_list_statement_is_prepared_server_side(pg: PostgresStore) -> None:
    """A generic plan for ``= ANY(...)`` made while the tables were small would seq-scan forever."""
    pg.upsert([rec(f"R{i}") for i in range(3)])
    for i in range(10):  # past psycopg's threshold (5 calls) for preparing a statement
        pg.get_many(["R1", "R2"])
        pg.known_sources(["0" * 64])
        pg.upsert([rec("R1", subject=f"again {i}")])
        pg.get("R2")
    with pg._read() as cur:  # one borrower at a time: the pool's one connection, where the calls ran
        prepared = [str(r[0]) for r in cur.execute("SELECT statement FROM pg_prepared_statements").fetchall()]
    assert prepared, "statements without an id list are still prepared"
    assert not [p for p in prepared if "ANY(" in p], prepared


def test_stores_in_two_schemas_are_separate(pg_base: str, pg_url: str, pg: PostgresStore) -> None:
    import uuid

    other = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(pg_base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {other}".encode())
        try:
            with PostgresStore(with_schema(pg_base, other)) as s2:
                pg.upsert([rec("A")])
                s2.upsert([rec("B"), rec("C")])
                assert [r.id for r in pg.iter_records()] == ["A"]
                assert [r.id for r in s2.iter_records()] == ["B", "C"]
                assert pg.last_seq() == 1 and s2.last_seq() == 2
                assert pg._changes_lock != s2._changes_lock
        finally:
            conn.execute(f"DROP SCHEMA {other} CASCADE".encode())


def test_repr_hides_the_password() -> None:
    s = PostgresStore.__new__(PostgresStore)
    s._where = "postgresql://u:***@h/db"
    assert "***" in repr(s)
    from legation.store.postgres import _safe_url

    assert _safe_url("postgresql://u:pw@h:5/db") == "postgresql://u:***@h:5/db"
    assert _safe_url("postgresql://u@h/db") == "postgresql://u@h/db"
