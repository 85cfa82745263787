"""The SQLite catalogue: idempotent upserts, atomic batches, the change sequence, sources, stats."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from legation.errors import StoreError
from legation.model import Address, Classification, Entity, Record, Reference, Source
from legation.store import SCHEMA_VERSION, SQLiteStore, Store, open_store


def rec(id: str, **kw: object) -> Record:
    kw.setdefault("subject", f"Subject of {id}")
    kw.setdefault("text", f"Body text of {id}.")
    return Record(id=id, **kw)  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    s = SQLiteStore(tmp_path / "legation.db")
    yield s
    s.close()


def test_new_then_unchanged_gives_no_new_seq(store: SQLiteStore) -> None:
    records = [rec("A", date="1976-08-24"), rec("B")]
    first = store.upsert(records)
    assert [(r.id, r.status, r.seq) for r in first] == [("A", "new", 1), ("B", "new", 2)]
    again = store.upsert([rec("A", date="1976-08-24"), rec("B")])
    assert [(r.status, r.seq) for r in again] == [("unchanged", None), ("unchanged", None)]
    assert store.last_seq() == 2
    assert len(store.changes_since(0)) == 2
    assert store.count() == 2


def test_update_gets_a_new_seq_and_replaces_children(store: SQLiteStore) -> None:
    store.upsert([rec("A", tags=["PFOR", "JA"]), rec("B")])
    result = store.upsert([rec("A", subject="Changed", tags=["PREL"])])
    assert (result[0].status, result[0].seq) == ("updated", 3)
    got = store.get("A")
    assert got is not None and got.subject == "Changed"
    assert store.changes_since(2) == [(3, "A", "update")]
    tags = store._db.execute("SELECT tag FROM record_tags WHERE record_id = 'A'").fetchall()
    assert tags == [("PREL",)]
    row = store._db.execute("SELECT subject, seq FROM records WHERE id = 'A'").fetchone()
    assert row == ("Changed", 3)


def test_round_trip_keeps_the_whole_record(store: SQLiteStore) -> None:
    r = rec("1976TOKYO12732", collection="aad", kind="telegram", date="1976-08-24",
            from_=Address(name="AMEMBASSY TOKYO", post="TOKYO"), to=[Address(name="SECSTATE WASHDC", post="WASHINGTON")],
            classification=Classification(original="CONFIDENTIAL", current="UNCLASSIFIED"),
            references=[Reference(label="TOKYO 12490", id="1976TOKYO12490", note="NOTAL")],
            entities=[Entity(name="Brezhnev", type="PERSON", key="brezhnev")],
            raw="RAW TEXT\x00 with odd bytes ☃", attributes={"Film Number": "D760321-0201"})
    store.upsert([r])
    assert store.get(r.id) == r
    assert store.get("nope") is None
    row = store._db.execute("SELECT collection, kind, year, from_post, classification FROM records").fetchone()
    assert row == ("aad", "telegram", 1976, "TOKYO", "UNCLASSIFIED")
    assert store._db.execute("SELECT ref_id, note FROM record_refs").fetchall() == [("1976TOKYO12490", "NOTAL")]
    assert store._db.execute("SELECT key, type FROM record_entities").fetchall() == [("brezhnev", "PERSON")]


def test_a_failing_batch_is_rolled_back_whole(store: SQLiteStore) -> None:
    store.upsert([rec("KEEP")])
    store._db.execute("""CREATE TRIGGER boom BEFORE INSERT ON record_tags WHEN NEW.tag = 'BOOM'
                         BEGIN SELECT RAISE(ABORT, 'boom'); END""")
    batch = [rec("A", tags=["OK"]), rec("KEEP", subject="would update"), rec("C", tags=["BOOM"]), rec("D")]
    with pytest.raises(StoreError, match="boom"):
        store.upsert(batch)
    assert store.count() == 1
    assert store.get("KEEP") == rec("KEEP")
    assert store.last_seq() == 1
    assert store.changes_since(0) == [(1, "KEEP", "new")]
    assert store._db.execute("SELECT COUNT(*) FROM record_tags").fetchone()[0] == 0
    # the store still works afterwards
    assert [r.status for r in store.upsert([rec("A")])] == ["new"]


def test_a_python_exception_mid_batch_rolls_back(store: SQLiteStore, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object) -> None:
        raise RuntimeError("killed mid-batch")

    monkeypatch.setattr(store, "_write_children", explode)
    with pytest.raises(RuntimeError):
        store.upsert([rec("A"), rec("B")])
    monkeypatch.undo()
    assert store.count() == 0
    assert store.last_seq() == 0
    assert store.upsert([rec("A")])[0].seq == 1


def test_duplicate_ids_in_one_batch_last_wins(store: SQLiteStore) -> None:
    results = store.upsert([rec("A", subject="first"), rec("A", subject="second")])
    assert [r.status for r in results] == ["new", "new"]
    got = store.get("A")
    assert got is not None and got.subject == "second"
    assert store.last_seq() == 1


def test_sources_make_reingest_a_noop(store: SQLiteStore) -> None:
    sha = "a" * 64
    records = [rec(f"R{i}", source=Source(path="dump.csv", sha256=sha, format="cablegate", part=f"row {i}"))
               for i in range(3)]
    assert not store.has_source(sha)
    store.upsert(records)
    assert store.has_source(sha)
    assert not store.has_source("b" * 64)
    store.add_source("c" * 64, path="empty.txt", format="telegram")
    assert store.has_source("c" * 64)
    store.add_source("c" * 64, path="empty.txt", format="telegram")  # idempotent
    assert store.stats()["sources"] == 2
    assert {r.status for r in store.upsert(records)} == {"unchanged"}
    assert store._db.execute("SELECT COUNT(*) FROM sources").fetchone()[0] == 4
    with pytest.raises(StoreError):
        store.add_source("")


def test_change_sequence_is_monotonic(store: SQLiteStore) -> None:
    store.upsert([rec("A"), rec("B"), rec("C")])
    store.upsert([rec("B", subject="edited")])
    assert store.delete("A") is True
    assert store.delete("A") is False
    store.upsert([rec("A")])
    changes = store.changes_since(0)
    seqs = [c.seq for c in changes]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    assert [(c.id, c.op) for c in changes] == [("A", "new"), ("B", "new"), ("C", "new"), ("B", "update"),
                                               ("A", "delete"), ("A", "new")]
    assert store.last_seq() == seqs[-1] == 6
    assert store.changes_since(4) == changes[4:]
    assert store.changes_since(0, limit=2) == changes[:2]
    assert store.changes_since(6) == []


def test_delete_removes_record_children_and_sources(store: SQLiteStore) -> None:
    store.upsert([rec("A", tags=["X"], source=Source(sha256="d" * 64, path="a.txt"))])
    assert store.delete("A")
    assert store.get("A") is None
    assert store._db.execute("SELECT COUNT(*) FROM record_tags").fetchone()[0] == 0
    assert not store.has_source("d" * 64)


def test_get_many_ids_and_streaming(store: SQLiteStore) -> None:
    store.upsert([rec(f"R{i:04d}") for i in range(1200)])  # more than one SQL chunk
    got = store.get_many(["R0005", "missing", "R1199", "R0005"])
    assert list(got) == ["R0005", "R1199"]
    assert got["R1199"].id == "R1199"
    ids = list(store.ids())
    assert ids == sorted(ids) and len(ids) == 1200
    streamed = [r.id for r in store.iter_records(batch_size=7)]
    assert streamed == ids
    assert store.count() == 1200
    result = store.upsert([rec(f"R{i:04d}") for i in range(1200)])
    assert {r.status for r in result} == {"unchanged"}


def test_iteration_survives_writes_between_pages(store: SQLiteStore) -> None:
    store.upsert([rec(f"R{i}") for i in range(10)])
    seen = []
    for r in store.iter_records(batch_size=3):
        seen.append(r.id)
        if r.id == "R1":
            store.upsert([rec("R1", subject="changed while iterating")])
    assert seen == sorted(f"R{i}" for i in range(10))


def test_stats(store: SQLiteStore) -> None:
    store.upsert([
        rec("A", collection="aad", kind="telegram", date="1976-08-24",
            classification=Classification(current="UNCLASSIFIED")),
        rec("B", collection="aad", kind="telegram", date="1975-01-02"),
        rec("C", collection="wilson", kind="transcript", date="1973-10"),
        rec("D"),
    ])
    store.add_source("e" * 64)
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


def test_empty_store(store: SQLiteStore) -> None:
    assert store.count() == 0 and store.last_seq() == 0
    assert store.upsert([]) == []
    assert list(store.iter_records()) == []
    assert store.stats()["date_min"] == ""


def test_reopen_keeps_data_and_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    with SQLiteStore(path) as s:
        s.upsert([rec("A")])
        assert s.schema_version() == SCHEMA_VERSION
    with SQLiteStore(path) as s:
        assert s.count() == 1 and s.last_seq() == 1
        assert s._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s._db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer"):
        SQLiteStore(path)


def test_not_a_database_gives_store_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError):
        SQLiteStore(path)


def test_open_store_targets(tmp_path: Path) -> None:
    with open_store(tmp_path / "a.db") as s:
        assert isinstance(s, SQLiteStore) and isinstance(s, Store)
    with open_store(f"sqlite:///{tmp_path}/b.db") as s:
        assert isinstance(s, SQLiteStore) and Path(s.path) == tmp_path / "b.db"
    with open_store(":memory:") as s:
        s.upsert([rec("A")])
        assert s.count() == 1
    with pytest.raises(StoreError):  # a PostgreSQL URL goes to PostgresStore; nothing listens here
        open_store("postgresql://nobody@127.0.0.1:1/legation")
    with pytest.raises(StoreError, match="scheme"):
        open_store("mysql://x/y")
    with pytest.raises(StoreError):
        open_store(tmp_path)
    with pytest.raises(StoreError):
        open_store(tmp_path / "no" / "such" / "dir" / "x.db")


def test_invalid_unicode_is_a_store_error_naming_the_record(store: SQLiteStore) -> None:
    with pytest.raises(StoreError, match="'BAD'"):
        store.upsert([rec("OK"), rec("BAD", text="lone \udc80 surrogate")])
    assert store.count() == 0


def test_find_alias(store: SQLiteStore) -> None:
    store.upsert([rec("1976TOKYO12732", aliases=["76TOKYO12732", "1976TOKYO12732"]), rec("B")])
    found = store.find_alias("76TOKYO12732")
    assert found is not None and found.id == "1976TOKYO12732"
    assert store.find_alias("1976TOKYO12732") is None  # the id itself is not an alias
    store.upsert([rec("1976TOKYO12732", aliases=[])])
    assert store.find_alias("76TOKYO12732") is None


def test_migration_from_version_1_fills_aliases(tmp_path: Path) -> None:
    from legation.store.sqlite import MIGRATIONS

    path = tmp_path / "v1.db"
    db = sqlite3.connect(path)
    for statement in MIGRATIONS[0]:
        db.execute(statement)
    db.execute("PRAGMA user_version = 1")
    old = rec("1976TOKYO12732", aliases=["76TOKYO12732"])
    db.execute("INSERT INTO records (id, json, seq, updated_at) VALUES (?, ?, 1, 'then')", (old.id, old.to_json()))
    db.execute("INSERT INTO changes (record_id, op, at) VALUES (?, 'new', 'then')", (old.id,))
    db.commit()
    db.close()
    with SQLiteStore(path) as s:
        assert s.schema_version() == SCHEMA_VERSION
        found = s.find_alias("76TOKYO12732")
        assert found is not None and found.id == old.id
        assert s.last_seq() == 1
        assert s.upsert([old])[0].status == "unchanged"
