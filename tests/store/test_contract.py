"""The store contract: every test here runs on SQLite and on PostgreSQL (see backends.py).

What a caller of :class:`legation.store.Store` may rely on, whatever the backend: upsert statuses and
change seqs, atomic batches, idempotent re-ingest by sha256, the change sequence, reads and streams,
facet and child rows, stats, schema versions and the extension point for added tables.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import cast

import pytest

from legation.errors import StoreError
from legation.model import Address, Classification, Entity, Record, Reference, Source, Variant
from legation.store import Store, open_store, schema
from legation.store.sql import SQLStore
from tests.store.backends import Peek, rec


def test_is_a_store(store: Store) -> None:
    assert isinstance(store, Store)


# -- upsert -----------------------------------------------------------------------------------------

def test_new_then_unchanged_gives_no_new_seq(store: Store) -> None:
    first = store.upsert([rec("A", date="1976-08-24"), rec("B")])
    assert [(r.id, r.status, r.seq) for r in first] == [("A", "new", 1), ("B", "new", 2)]
    again = store.upsert([rec("A", date="1976-08-24"), rec("B")])
    assert [(r.status, r.seq) for r in again] == [("unchanged", None), ("unchanged", None)]
    assert store.last_seq() == 2
    assert len(store.changes_since(0)) == 2
    assert store.count() == 2


def test_update_gets_a_new_seq_and_replaces_children(store: Store, peek: Peek) -> None:
    store.upsert([rec("A", tags=["PFOR", "JA"]), rec("B")])
    result = store.upsert([rec("A", subject="Changed", tags=["PREL"]), rec("B")])
    assert [(r.status, r.seq) for r in result] == [("updated", 3), ("unchanged", None)]
    got = store.get("A")
    assert got is not None and got.subject == "Changed" and got.tags == ["PREL"]
    assert store.changes_since(2) == [(3, "A", "update")]
    assert peek.rows("SELECT tag FROM record_tags WHERE record_id = ?", "A") == [("PREL",)]
    assert peek.rows("SELECT subject, seq FROM records WHERE id = ?", "A") == [("Changed", 3)]


def test_duplicate_ids_in_one_batch_last_wins(store: Store) -> None:
    results = store.upsert([rec("A", subject="first"), rec("A", subject="second")])
    assert [r.status for r in results] == ["new", "new"]
    got = store.get("A")
    assert got is not None and got.subject == "second"
    assert store.last_seq() == 1


def test_a_failing_statement_rolls_the_batch_back(store: Store, peek: Peek) -> None:
    store.upsert([rec("KEEP")])
    peek.fail_on_tag("BOOM")
    batch = [rec("A", tags=["OK"], source=Source(sha256="9" * 64)), rec("KEEP", subject="would update"),
             rec("C", tags=["BOOM"]), rec("D")]
    with pytest.raises(StoreError, match="boom"):
        store.upsert(batch)
    assert store.count() == 1
    assert store.get("KEEP") == rec("KEEP")
    assert store.last_seq() == 1
    assert store.changes_since(0) == [(1, "KEEP", "new")]
    assert store.known_sources(["9" * 64]) == set()
    assert peek.one("SELECT COUNT(*) FROM record_tags") == 0
    peek.stop_failing()
    # the store still works; seqs a failed batch took may be a gap (PostgreSQL), never reused
    result = store.upsert([rec("A")])[0]
    assert result.status == "new" and result.seq is not None and result.seq > 1
    assert [c.seq for c in store.changes_since(0)] == [1, result.seq]


def test_a_python_exception_mid_batch_writes_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.upsert([rec("KEEP")])

    def explode(*args: object) -> None:
        raise RuntimeError("killed mid-batch")

    monkeypatch.setattr(store, "_write_children", explode)
    with pytest.raises(RuntimeError, match="killed"):
        store.upsert([rec("A", source=Source(sha256="f" * 64)), rec("KEEP", subject="would update"), rec("B")])
    monkeypatch.undo()
    assert store.count() == 1
    assert store.get("KEEP") == rec("KEEP")
    assert store.last_seq() == 1
    assert store.changes_since(0) == [(1, "KEEP", "new")]
    assert store.known_sources(["f" * 64]) == set()
    again = store.upsert([rec("A")])[0]
    assert again.status == "new" and again.seq is not None and again.seq > 1


def test_invalid_unicode_is_a_store_error_naming_the_record(store: Store) -> None:
    with pytest.raises(StoreError, match="'BAD'"):
        store.upsert([rec("OK"), rec("BAD", text="lone \udc80 surrogate")])
    assert store.count() == 0


# -- sources --------------------------------------------------------------------------------------------

def test_sources_make_reingest_a_noop(store: Store, peek: Peek) -> None:
    sha = "a" * 64
    records = [rec(f"R{i}", source=Source(path="dump.csv", sha256=sha, format="cablegate", part=f"row {i}"))
               for i in range(3)]
    assert store.known_sources([sha]) == set()
    store.upsert(records)
    store.upsert([rec("M", source=Source(sha256="b" * 64), sources=[Source(sha256="c" * 64), Source()])])
    many = [f"{i:064x}" for i in range(1200)] + [sha, "c" * 64, sha]  # more than one SQL chunk
    assert store.known_sources(many) == {sha, "c" * 64}
    assert store.known_sources([]) == set()
    assert store.stats()["sources"] == 3
    assert {r.status for r in store.upsert(records)} == {"unchanged"}
    assert peek.one("SELECT COUNT(*) FROM sources") == 5  # (sha256, record) pairs
    # a changed record's sources are written again: a file it no longer comes from is no longer known
    store.upsert([rec("M", subject="moved", source=Source(sha256="d" * 64))])
    assert store.known_sources(["b" * 64, "c" * 64, "d" * 64]) == {"d" * 64}


# -- the change sequence --------------------------------------------------------------------------------

def test_change_sequence_is_monotonic(store: Store) -> None:
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


def test_delete_removes_the_record_its_children_and_sources(store: Store, peek: Peek) -> None:
    store.upsert([rec("A", tags=["X"], aliases=["AA"], entities=[Entity(name="N", type="PERSON")],
                      references=[Reference(label="B 1", id="B")], source=Source(sha256="d" * 64, path="a.txt")),
                  rec("B")])
    assert store.delete("A")
    assert store.get("A") is None
    assert store.known_sources(["d" * 64]) == set()
    assert store.count() == 1
    assert [r.id for r in store.iter_records()] == ["B"]
    assert store.changes_since(2) == [(3, "A", "delete")]
    for table in ("record_tags", "record_aliases", "record_entities", "record_refs", "sources"):
        assert peek.one(f"SELECT COUNT(*) FROM {table} WHERE record_id = ?", "A") == 0, table


# -- reading --------------------------------------------------------------------------------------------

def rich() -> Record:
    return rec("1976TOKYO12732", collection="aad", kind="telegram", date="1976-08-24",
               from_=Address(name="AMEMBASSY TOKYO", post="TOKYO"), to=[Address(name="SECSTATE WASHDC", post="WASHINGTON")],
               classification=Classification(original="CONFIDENTIAL", current="UNCLASSIFIED"),
               references=[Reference(label="TOKYO 12490", id="1976TOKYO12490", note="NOTAL")],
               entities=[Entity(name="Brezhnev", type="PERSON", key="brezhnev")], tags=["PFOR", "JA", "PFOR"],
               raw="RAW TEXT with odd bytes ☃", attributes={"Film Number": "D760321-0201"},
               source=Source(path="aad/1976.csv", sha256="1" * 64, format="aad", part="row 3"))


def test_round_trip_keeps_the_whole_record_and_fills_the_columns(store: Store, peek: Peek) -> None:
    r = rich()
    store.upsert([r])
    got = store.get(r.id)
    assert got == r and got is not None and got.to_json() == r.to_json()
    assert store.get("nope") is None
    assert peek.rows("SELECT collection, kind, year, from_post, classification, sha256 FROM records") == \
        [("aad", "telegram", 1976, "TOKYO", "UNCLASSIFIED", "1" * 64)]
    assert peek.rows("SELECT tag FROM record_tags ORDER BY tag") == [("JA",), ("PFOR",)]
    assert peek.rows("SELECT label, ref_id, note FROM record_refs") == [("TOKYO 12490", "1976TOKYO12490", "NOTAL")]
    assert peek.rows("SELECT key, name, type FROM record_entities") == [("brezhnev", "Brezhnev", "PERSON")]


def test_json_corners_round_trip(store: Store) -> None:
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


def test_get_many_and_streaming(store: Store) -> None:
    store.upsert([rec(f"R{i:04d}") for i in range(1200)])  # more than one SQL chunk
    got = store.get_many(["R0005", "missing", "R1199", "R0005"])
    assert list(got) == ["R0005", "R1199"]
    assert got["R1199"] == rec("R1199")
    assert store.get_many([]) == {}
    ids = [r.id for r in store.iter_records(batch_size=7)]
    assert ids == sorted(ids) and len(ids) == 1200
    assert store.count() == 1200
    assert {r.status for r in store.upsert([rec(f"R{i:04d}") for i in range(1200)])} == {"unchanged"}


def test_iteration_survives_writes_meanwhile(store: Store) -> None:
    store.upsert([rec(f"R{i}") for i in range(10)])
    seen = []
    for r in store.iter_records(batch_size=3):
        seen.append(r.id)
        if r.id == "R1":
            store.upsert([rec("R1", subject="changed while iterating")])
    assert seen == sorted(f"R{i}" for i in range(10))
    got = store.get("R1")
    assert got is not None and got.subject == "changed while iterating"


def test_an_abandoned_iteration_frees_its_connection(store: Store) -> None:
    store.upsert([rec(f"R{i}") for i in range(20)])
    for _ in range(12):  # more than a pool holds: each abandoned stream must give its connection back
        it = cast(Generator[Record, None, None], store.iter_records(batch_size=2))
        next(it)
        it.close()
    assert store.count() == 20


def test_ids_are_in_code_point_order(store: Store) -> None:
    ids = ["b", "B", "a", "Z", "é", "ä", "10", "9", "_x", "a b", "Ω"]
    store.upsert([rec(i) for i in ids])
    assert [r.id for r in store.iter_records()] == sorted(ids)
    assert [r.id for r in store.iter_records(batch_size=2)] == sorted(ids)


def test_find_alias(store: Store) -> None:
    store.upsert([rec("1976TOKYO12732", aliases=["76TOKYO12732", "1976TOKYO12732"]), rec("B")])
    found = store.find_alias("76TOKYO12732")
    assert found is not None and found.id == "1976TOKYO12732"
    assert store.find_alias("1976TOKYO12732") is None  # the id itself is not an alias
    store.upsert([rec("1976TOKYO12732", aliases=[])])
    assert store.find_alias("76TOKYO12732") is None


def test_cited_by(store: Store) -> None:
    cited = "1976TOKYO12490"
    store.upsert([rich(), rec("C2", references=[Reference(label="TOKYO 12490", id=cited)]),
                  rec(cited, references=[Reference(label="self", id=cited)])])
    assert store.cited_by(cited) == ["1976TOKYO12732", "C2"]  # in id order, never itself
    assert store.cited_by(cited, limit=1) == ["1976TOKYO12732"]
    assert store.cited_by("nothing") == []


def test_stats(store: Store) -> None:
    store.upsert([
        rec("A", collection="aad", kind="telegram", date="1976-08-24",
            classification=Classification(current="UNCLASSIFIED"), source=Source(sha256="e" * 64)),
        rec("B", collection="aad", kind="telegram", date="1975-01-02", source=Source(sha256="e" * 64)),
        rec("C", collection="wilson", kind="transcript", date="1973-10"),
        rec("D"),
    ])
    stats = store.stats()
    assert stats == {
        "records": 4,
        "collections": {"aad": 2, "wilson": 1},
        "kinds": {"telegram": 2, "transcript": 1},
        "classifications": {"UNCLASSIFIED": 1},
        "years": {"1973": 1, "1975": 1, "1976": 1},
        "date_min": "1973-10",
        "date_max": "1976-08-24",
        "sources": 1,
        "last_seq": 4,
    }
    assert list(stats) == ["records", "collections", "kinds", "classifications", "years", "date_min",
                           "date_max", "sources", "last_seq"]


def test_empty_store(store: Store) -> None:
    assert store.count() == 0 and store.last_seq() == 0
    assert store.upsert([]) == []
    assert list(store.iter_records()) == []
    assert store.changes_since(0) == []
    assert store.get("nope") is None and store.find_alias("nope") is None
    assert store.get_many(["nope"]) == {}
    stats = store.stats()
    assert stats["records"] == 0 and stats["date_min"] == "" and stats["last_seq"] == 0
    assert stats["collections"] == {} and stats["sources"] == 0


# -- schema -----------------------------------------------------------------------------------------------

def versions(store: Store) -> int:
    assert isinstance(store, SQLStore)
    from legation.store import postgres, sqlite

    return sqlite.SCHEMA_VERSION if store.dialect.name == "sqlite" else postgres.SCHEMA_VERSION


def test_reopen_keeps_data_and_schema_version(target: str, store: Store, peek: Peek) -> None:
    store.upsert([rec("A")])
    store.close()
    assert peek.version() == versions(store)
    with open_store(target) as again:
        assert again.count() == 1 and again.last_seq() == 1
        assert again.upsert([rec("A")])[0].status == "unchanged"
    assert peek.version() == versions(store)


def test_a_newer_schema_is_refused(target: str, store: Store, peek: Peek) -> None:
    store.close()
    peek.set_version(versions(store) + 1)
    with pytest.raises(StoreError, match="newer"):
        open_store(target)


def _demo_rows(r: Record, t: schema.TextFn) -> list[tuple[str, str]]:
    return [(r.id, t(tag).lower()) for tag in r.tags]


DEMO = schema.Table("record_demo", (schema.record_id_column(), schema.Column("word", default=None)),
                    key=("record_id", "word"), indexes=("word",), rows=_demo_rows)


def test_an_added_table_is_created_filled_written_and_guarded(target: str, store: Store, peek: Peek,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The extension point: a step in schema.ADDED is one schema version on both backends."""
    store.upsert([rec("A", tags=["PFOR", "pfor", "JA"]), rec("B", tags=["PREL"]), rec("C")])
    old = versions(store)
    store.close()
    monkeypatch.setattr(schema, "ADDED", (*schema.ADDED, (DEMO,)))
    with open_store(target) as s:  # an older catalogue: the table is created and filled from the records
        assert peek.version() == old + 1
        assert peek.rows("SELECT record_id, word FROM record_demo ORDER BY record_id, word") == \
            [("A", "ja"), ("A", "pfor"), ("B", "prel")]
        s.upsert([rec("B", tags=["ETRD"]), rec("D", tags=["X"])])  # rewritten with its record
        assert s.delete("A")  # and dropped with it
        assert peek.rows("SELECT record_id, word FROM record_demo ORDER BY record_id, word") == \
            [("B", "etrd"), ("D", "x")]
    with open_store(target) as s:  # opening again changes nothing
        assert peek.version() == old + 1 and s.count() == 3
    monkeypatch.undo()
    with pytest.raises(StoreError, match="newer"):  # a legation without the step refuses the catalogue
        open_store(target)


def test_upsert_rows_made_without_the_backend_is_upsert(store: Store, peek: Peek) -> None:
    """Rows made where the record was (an ingest worker, with no backend's cleaning) write what upsert
    writes: a NUL in a tag, an alias or an entity is cleaned by the backend that cannot hold it."""
    from legation.store.rows import record_rows

    odd = rec("NUL1", tags=["PR\x00EL", "PREL", "\x00"], aliases=["76X\x00"],
              entities=[Entity(name="Bre\x00zhnev", key="brezhnev", type="PERSON")],
              attributes={"Film Number": "D1", "Draft Date": "x"})
    plain = rec("PLAIN1", tags=["JA"])
    results = store.upsert_rows([record_rows(odd), record_rows(plain)])
    assert [r.status for r in results] == ["new", "new"]
    tags = peek.rows("SELECT tag FROM record_tags WHERE record_id = ? ORDER BY tag", "NUL1")
    entities = peek.rows("SELECT name FROM record_entities WHERE record_id = ?", "NUL1")
    if peek.dialect.name == "postgres":  # text cannot hold NUL: dropped, and PREL twice is one row
        assert set(tags) == {("PREL",)} and entities == [("Brezhnev",)]
    else:
        assert set(tags) == {("PR\x00EL",), ("PREL",), ("\x00",)} and entities == [("Bre\x00zhnev",)]
    for r in (odd, plain):
        got = store.get(r.id)
        assert got is not None and got.to_json() == r.to_json()
    assert [x.status for x in store.upsert([odd, plain])] == ["unchanged", "unchanged"]
    # the same child rows as upsert would have written (each backend cleaning its own way)
    store.delete("NUL1")
    store.upsert([odd])
    assert peek.rows("SELECT tag FROM record_tags WHERE record_id = ? ORDER BY tag", "NUL1") == tags
    assert peek.rows("SELECT name FROM record_entities WHERE record_id = ?", "NUL1") == entities
