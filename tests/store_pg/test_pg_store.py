"""The PostgreSQL catalogue: the Store behaviour (run on both backends), parity with SQLite, PG specifics."""

from __future__ import annotations

import json
from collections.abc import Generator
from pathlib import Path
from typing import Any, cast

import psycopg
import pytest
from pg_helpers import rec, with_schema

from legation.errors import StoreError
from legation.model import Address, Archive, Classification, Entity, Record, Reference, Source, Variant
from legation.store import Store
from legation.store.postgres import SCHEMA_VERSION, PostgresStore
from legation.store.sqlite import SQLiteStore

AnyStore = SQLiteStore | PostgresStore
Conn = psycopg.Connection[tuple[Any, ...]]


def one(conn: Conn, query: str, *params: object) -> Any:
    row = conn.execute(query.encode(), params).fetchone()
    assert row is not None
    return row[0]


# -- the Store behaviour, on both backends ---------------------------------------------------------

def test_is_a_store(store: AnyStore) -> None:
    assert isinstance(store, Store)


def test_new_then_unchanged_gives_no_new_seq(store: AnyStore) -> None:
    first = store.upsert([rec("A", date="1976-08-24"), rec("B")])
    assert [(r.id, r.status, r.seq) for r in first] == [("A", "new", 1), ("B", "new", 2)]
    again = store.upsert([rec("A", date="1976-08-24"), rec("B")])
    assert [(r.status, r.seq) for r in again] == [("unchanged", None), ("unchanged", None)]
    assert store.last_seq() == 2
    assert len(store.changes_since(0)) == 2
    assert store.count() == 2


def test_update_gets_a_new_seq(store: AnyStore) -> None:
    store.upsert([rec("A", tags=["PFOR", "JA"]), rec("B")])
    result = store.upsert([rec("A", subject="Changed", tags=["PREL"]), rec("B")])
    assert [(r.status, r.seq) for r in result] == [("updated", 3), ("unchanged", None)]
    got = store.get("A")
    assert got is not None and got.subject == "Changed" and got.tags == ["PREL"]
    assert store.changes_since(2) == [(3, "A", "update")]


def test_duplicate_ids_in_one_batch_last_wins(store: AnyStore) -> None:
    results = store.upsert([rec("A", subject="first"), rec("A", subject="second")])
    assert [r.status for r in results] == ["new", "new"]
    got = store.get("A")
    assert got is not None and got.subject == "second"
    assert store.last_seq() == 1


def test_a_python_exception_mid_batch_writes_nothing(store: AnyStore, monkeypatch: pytest.MonkeyPatch) -> None:
    store.upsert([rec("KEEP")])

    def explode(*args: object) -> None:
        raise RuntimeError("killed mid-batch")

    monkeypatch.setattr(store, "_write_children", explode)
    with pytest.raises(RuntimeError, match="killed"):
        store.upsert([rec("A"), rec("KEEP", subject="would update"), rec("B")])
    monkeypatch.undo()
    assert store.count() == 1
    assert store.get("KEEP") == rec("KEEP")
    assert store.last_seq() == 1
    assert store.changes_since(0) == [(1, "KEEP", "new")]
    assert not store.has_source("f" * 64)
    again = store.upsert([rec("A")])[0]
    assert again.status == "new" and again.seq is not None and again.seq > 1


def test_sources_make_reingest_a_noop(store: AnyStore) -> None:
    sha = "a" * 64
    records = [rec(f"R{i}", source=Source(path="dump.csv", sha256=sha, format="cablegate", part=f"row {i}"))
               for i in range(3)]
    assert not store.has_source(sha)
    store.upsert(records)
    assert store.has_source(sha)
    assert not store.has_source("b" * 64)
    store.add_source("c" * 64, path="empty.txt", format="telegram")
    store.add_source("c" * 64, path="empty.txt", format="telegram")  # idempotent
    assert store.has_source("c" * 64)
    assert store.stats()["sources"] == 2
    assert {r.status for r in store.upsert(records)} == {"unchanged"}
    with pytest.raises(StoreError):
        store.add_source("")
    many = [f"{i:064x}" for i in range(1200)] + [sha, "c" * 64, sha]
    assert store.known_sources(many) == {sha, "c" * 64}
    assert store.known_sources([]) == set()


def test_change_sequence_is_monotonic(store: AnyStore) -> None:
    store.upsert([rec("A"), rec("B"), rec("C")])
    store.upsert([rec("B", subject="edited")])
    assert store.delete("A") is True
    assert store.delete("A") is False
    store.upsert([rec("A")])
    changes = store.changes_since(0)
    assert [(c.id, c.op) for c in changes] == [("A", "new"), ("B", "new"), ("C", "new"), ("B", "update"),
                                               ("A", "delete"), ("A", "new")]
    assert [c.seq for c in changes] == [1, 2, 3, 4, 5, 6]
    assert store.last_seq() == 6
    assert store.changes_since(4) == changes[4:]
    assert store.changes_since(0, limit=2) == changes[:2]
    assert store.changes_since(6) == []


def test_delete_removes_the_record_and_its_sources(store: AnyStore) -> None:
    store.upsert([rec("A", tags=["X"], source=Source(sha256="d" * 64, path="a.txt")), rec("B")])
    assert store.delete("A")
    assert store.get("A") is None
    assert not store.has_source("d" * 64)
    assert store.count() == 1
    assert list(store.ids()) == ["B"]
    assert store.changes_since(2) == [(3, "A", "delete")]


def test_get_many_ids_and_streaming(store: AnyStore) -> None:
    store.upsert([rec(f"R{i:04d}") for i in range(1200)])
    got = store.get_many(["R0005", "missing", "R1199", "R0005"])
    assert list(got) == ["R0005", "R1199"]
    assert got["R1199"] == rec("R1199")
    assert store.get_many([]) == {}
    ids = list(store.ids())
    assert ids == sorted(ids) and len(ids) == 1200
    assert [r.id for r in store.iter_records(batch_size=7)] == ids
    assert store.count() == 1200
    assert {r.status for r in store.upsert([rec(f"R{i:04d}") for i in range(1200)])} == {"unchanged"}


def test_iteration_survives_writes_meanwhile(store: AnyStore) -> None:
    store.upsert([rec(f"R{i}") for i in range(10)])
    seen = []
    for r in store.iter_records(batch_size=3):
        seen.append(r.id)
        if r.id == "R1":
            store.upsert([rec("R1", subject="changed while iterating")])
    assert seen == sorted(f"R{i}" for i in range(10))
    got = store.get("R1")
    assert got is not None and got.subject == "changed while iterating"


def test_an_abandoned_iteration_frees_its_connection(store: AnyStore) -> None:
    store.upsert([rec(f"R{i}") for i in range(20)])
    for _ in range(12):  # more than the pool holds: each abandoned stream must give its connection back
        it = cast(Generator[Record, None, None], store.iter_records(batch_size=2))
        next(it)
        it.close()
    assert store.count() == 20


def test_ids_are_in_code_point_order(store: AnyStore) -> None:
    ids = ["b", "B", "a", "Z", "é", "ä", "10", "9", "_x", "a b", "Ω"]
    store.upsert([rec(i) for i in ids])
    assert list(store.ids()) == sorted(ids)
    assert [r.id for r in store.iter_records()] == sorted(ids)


def test_find_alias(store: AnyStore) -> None:
    store.upsert([rec("1976TOKYO12732", aliases=["76TOKYO12732", "1976TOKYO12732"]), rec("B")])
    found = store.find_alias("76TOKYO12732")
    assert found is not None and found.id == "1976TOKYO12732"
    assert store.find_alias("1976TOKYO12732") is None  # the id itself is not an alias
    store.upsert([rec("1976TOKYO12732", aliases=[])])
    assert store.find_alias("76TOKYO12732") is None


def test_invalid_unicode_is_a_store_error_naming_the_record(store: AnyStore) -> None:
    with pytest.raises(StoreError, match="'BAD'"):
        store.upsert([rec("OK"), rec("BAD", text="lone \udc80 surrogate")])
    assert store.count() == 0


def test_empty_store(store: AnyStore) -> None:
    assert store.count() == 0 and store.last_seq() == 0
    assert store.upsert([]) == []
    assert list(store.iter_records()) == [] and list(store.ids()) == []
    assert store.changes_since(0) == []
    assert store.get("nope") is None
    stats = store.stats()
    assert stats["records"] == 0 and stats["date_min"] == "" and stats["last_seq"] == 0


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
    s.add_source("4" * 64, path="empty.txt", format="telegram")
    return out


def test_same_results_as_sqlite(pg: PostgresStore, tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "ref.db") as lite:
        assert apply_history(pg) == apply_history(lite)
        assert pg.stats() == lite.stats()
        assert json.dumps(pg.stats()) == json.dumps(lite.stats())  # same key order too
        assert pg.changes_since(0) == lite.changes_since(0)
        assert list(pg.ids()) == list(lite.ids())
        for id_ in [*lite.ids(), "ünicode-ïd", "missing"]:
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
        for sha in ("1" * 64, "2" * 64, "3" * 64, "4" * 64, "5" * 64):
            assert pg.has_source(sha) == lite.has_source(sha)


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


def test_json_corners_round_trip(store: AnyStore) -> None:
    odd = [
        rec("nan", attributes={"x": float("nan"), "y": float("inf"), "z": "NaN and Infinity as words"}),
        rec("words", text="NaN Infinity", attributes={"b": 1}),
        rec("escapes", text="a literal \\u0000 and a real \x00 and \\\x00", attributes={"k\x00": "v\x00"}),
        rec("order", attributes={"Film Number": "D1", "Draft Date": "x", "b": {"zz": 1, "a": 1e16}}),
        rec("floats", variants=[Variant(field="f", value=[1e-7, 1e16, 0.1, -0.0, 10**30])]),
    ]
    store.upsert(odd)
    for r in odd:
        got = store.get(r.id)
        assert got is not None and got.to_json() == r.to_json()
    assert {x.status for x in store.upsert(odd)} == {"unchanged"}
    assert [r.to_json() for r in store.iter_records()] == [r.to_json() for r in sorted(odd, key=lambda r: r.id)]


def test_facet_and_child_columns(pg: PostgresStore, pg_sql: Conn) -> None:
    pg.upsert(rich_records())
    row = pg_sql.execute("SELECT collection, kind, year, from_post, classification, sha256 FROM records "
                         "WHERE id = '1976TOKYO12732'").fetchone()
    assert row == ("aad", "telegram", 1976, "TOKYO", "UNCLASSIFIED", "1" * 64)
    assert pg_sql.execute("SELECT tag FROM record_tags WHERE record_id = '1976TOKYO12732' ORDER BY tag").fetchall() \
        == [("JA",), ("PFOR",)]
    assert pg_sql.execute("SELECT ref_id, note FROM record_refs").fetchall() == [("1976TOKYO12490", "NOTAL")]
    assert pg_sql.execute("SELECT key, type FROM record_entities").fetchall() == [("brezhnev", "PERSON")]
    pg.upsert([rec("1976TOKYO12732", tags=["PREL"])])
    assert pg_sql.execute("SELECT tag FROM record_tags WHERE record_id = '1976TOKYO12732'").fetchall() == [("PREL",)]
    assert one(pg_sql, "SELECT COUNT(*) FROM record_refs") == 0
    assert one(pg_sql, "SELECT seq FROM records WHERE id = '1976TOKYO12732'") == pg.last_seq()
    assert pg.delete("wilson-198181")
    assert one(pg_sql, "SELECT COUNT(*) FROM record_tags WHERE record_id = 'wilson-198181'") == 0
    assert one(pg_sql, "SELECT COUNT(*) FROM sources WHERE record_id = 'wilson-198181'") == 0


# -- PostgreSQL specifics ------------------------------------------------------------------------------

def test_a_failing_statement_rolls_the_batch_back(pg: PostgresStore, pg_sql: Conn) -> None:
    pg.upsert([rec("KEEP")])
    pg_sql.execute("""CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$
                      BEGIN IF NEW.tag = 'BOOM' THEN RAISE EXCEPTION 'boom'; END IF; RETURN NEW; END $$""")
    pg_sql.execute("CREATE TRIGGER boom BEFORE INSERT ON record_tags FOR EACH ROW EXECUTE FUNCTION boom()")
    batch = [rec("A", tags=["OK"], source=Source(sha256="9" * 64)), rec("KEEP", subject="would update"),
             rec("C", tags=["BOOM"]), rec("D")]
    with pytest.raises(StoreError, match="boom"):
        pg.upsert(batch)
    assert pg.count() == 1
    assert pg.get("KEEP") == rec("KEEP")
    assert pg.last_seq() == 1
    assert pg.changes_since(0) == [(1, "KEEP", "new")]
    assert not pg.has_source("9" * 64)
    assert one(pg_sql, "SELECT COUNT(*) FROM record_tags") == 0
    pg_sql.execute("DROP TRIGGER boom ON record_tags")
    # the pool's connections are still usable; the seqs the failed batch took are a gap, not reused
    result = pg.upsert([rec("A")])[0]
    assert result.status == "new" and result.seq is not None and result.seq > 1
    assert [c.seq for c in pg.changes_since(0)] == [1, result.seq]


def test_reopen_keeps_data_and_schema_version(pg_url: str) -> None:
    with PostgresStore(pg_url) as s:
        s.upsert([rec("A")])
        assert s.schema_version() == SCHEMA_VERSION
    with PostgresStore(pg_url) as s:
        assert s.count() == 1 and s.last_seq() == 1
        assert s.upsert([rec("A")])[0].status == "unchanged"


def test_a_newer_schema_is_refused(pg_url: str, pg: PostgresStore, pg_sql: Conn) -> None:
    pg_sql.execute("UPDATE legation_schema SET version = %s", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match="newer"):
        PostgresStore(pg_url)


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
    assert pg.get("A\x00B") is None
    assert pg.count() == 0


def test_stores_in_two_schemas_are_separate(pg_base: str, pg_url: str, pg: PostgresStore) -> None:
    import uuid

    other = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(pg_base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {other}".encode())
        try:
            with PostgresStore(with_schema(pg_base, other)) as s2:
                pg.upsert([rec("A")])
                s2.upsert([rec("B"), rec("C")])
                assert list(pg.ids()) == ["A"] and list(s2.ids()) == ["B", "C"]
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
