"""What is SQLite's own: the file, WAL, opening targets, and the migration from schema version 1."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from legation.errors import StoreError
from legation.store import SQLiteStore, Store, open_store
from legation.store.dialect import SQLITE
from legation.store.schema import CHANGES, ENTITIES, RECORDS, REFS, SOURCES, TAGS, create_all
from tests.store.backends import rec


def test_a_file_catalogue_is_wal_with_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    with SQLiteStore(path) as s:
        s.upsert([rec("A")])
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()
    with SQLiteStore(path) as s:  # foreign keys are per connection: the store turns them on
        s.upsert([rec("A", tags=["X"])])
        assert s.delete("A")
    db = sqlite3.connect(path)
    assert db.execute("SELECT COUNT(*) FROM record_tags").fetchone()[0] == 0
    db.close()


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
    with pytest.raises(StoreError, match="three slashes"):
        open_store("sqlite://relative.db")
    with pytest.raises(StoreError):
        open_store(tmp_path)
    with pytest.raises(StoreError, match="does not exist"):
        open_store(tmp_path / "no" / "such" / "dir" / "x.db")


def test_migration_from_version_1_fills_aliases(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    db = sqlite3.connect(path)
    for statement in create_all((RECORDS, TAGS, ENTITIES, REFS, SOURCES, CHANGES), SQLITE):  # version 1
        db.execute(statement)
    db.execute("PRAGMA user_version = 1")
    old = rec("1976TOKYO12732", aliases=["76TOKYO12732"])
    db.execute("INSERT INTO records (id, json, seq, updated_at) VALUES (?, ?, 1, 'then')", (old.id, old.to_json()))
    db.execute("INSERT INTO changes (record_id, op, at) VALUES (?, 'new', 'then')", (old.id,))
    db.commit()
    db.close()
    with SQLiteStore(path) as s:
        found = s.find_alias("76TOKYO12732")
        assert found is not None and found.id == old.id
        assert s.last_seq() == 1
        assert s.upsert([old])[0].status == "unchanged"
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] >= 2
    db.close()
