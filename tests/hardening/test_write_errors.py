"""A record that cannot be written fails its own file; the other files of the batch are stored,
the rest of the inputs are read, and the report is printed (text and --json)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from legation.cli import app
from legation.errors import StoreError
from legation.formats.base import InputDoc
from legation.ingest import ingest_items
from legation.model import Record
from legation.store import SQLiteStore, open_store
from legation.store.rows import RecordRows
from tests.conftest import SEED_CABLE, need_shared

BAD = "1976TOKYO12345"


def _cable(serial: int) -> str:
    need_shared()
    return SEED_CABLE.read_text(encoding="utf-8").replace("12732", str(serial))


def _failing_upsert(real: Any) -> Any:
    """The store's batch write (``upsert_rows``: what ingest calls) refusing the batch holding BAD."""
    def upsert(self: SQLiteStore, records: Sequence[RecordRows]) -> Any:
        if any(r.id == BAD for r in records):
            raise StoreError("catalogue write failed: string or blob too big", path=self.path)
        return real(self, records)
    return upsert


@pytest.mark.parametrize("workers", [1, 2])
def test_one_unwritable_record_fails_only_its_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   workers: int) -> None:
    monkeypatch.setattr(SQLiteStore, "upsert_rows", _failing_upsert(SQLiteStore.upsert_rows))
    serials = [12001, 12002, 12345, 12003, 12004, 12005, 12006]
    docs = [InputDoc.from_text(f"in/{s}.txt", _cable(s)) for s in serials]
    with open_store(str(tmp_path / "t.db")) as store:
        report = ingest_items(docs, store, batch_records=4, workers=workers)  # the bad one is in batch 1
        by = {f.path: f for f in report.files}
        bad = by["in/12345.txt"]
        assert bad.status == "failed"
        assert bad.reason.startswith("[L401] in/12345.txt: record 1976TOKYO12345 could not be written")
        assert "string or blob too big" in bad.reason
        assert [f.status for p, f in by.items() if p != "in/12345.txt"] == ["new"] * 6
        assert store.count() == 6 and report.records_new == 6
        assert not store.known_sources([docs[2].sha256])  # so ingesting it again will try again
        assert not report.ok and report.summary()["files_failed"] == 1


def test_records_over_a_configured_sqlite_length_limit(tmp_path: Path) -> None:
    """The issue's case for real: SQLite refuses a record too big for its length limit."""
    need_shared()
    big = _cable(12345).replace("1. ", "1. " + "GROWING TEXT " * 20_000, 1)
    docs = [InputDoc.from_text("a.txt", _cable(12001)), InputDoc.from_text("big.txt", big),
            InputDoc.from_text("z.txt", _cable(12002))]
    with open_store(str(tmp_path / "t.db")) as store:
        db = getattr(store, "_db", None)
        if not isinstance(db, sqlite3.Connection):
            pytest.skip("the SQLite store no longer exposes its connection")
        db.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, 200_000)
        report = ingest_items(docs, store)
        by = {f.path: f for f in report.files}
        assert by["big.txt"].status == "failed" and "[L401] big.txt" in by["big.txt"].reason
        assert by["a.txt"].status == by["z.txt"].status == "new"
        assert store.count() == 2


@pytest.mark.parametrize("as_json", [False, True])
def test_cli_prints_the_report_when_a_write_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  as_json: bool) -> None:
    monkeypatch.setattr(SQLiteStore, "upsert_rows", _failing_upsert(SQLiteStore.upsert_rows))
    folder = tmp_path / "in"
    folder.mkdir()
    for s in (12001, 12345, 12002):
        (folder / f"{s}.txt").write_text(_cable(s), encoding="utf-8")
    args = ["ingest", str(folder), "--db", str(tmp_path / "t.db"), "-j", "1"] + (["--json"] if as_json else [])
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 1, result.output
    if as_json:
        data = json.loads(result.stdout)
        assert data["files_new"] == 2 and data["files_failed"] == 1 and data["records_new"] == 2
        (failed,) = [f for f in data["files"] if f["status"] == "failed"]
        assert failed["path"].endswith("12345.txt") and "[L401]" in failed["reason"]
    else:
        assert "2 new" in result.stdout and "1 failed" in result.stdout
        assert "FAILED [L401]" in result.stderr


def test_a_lost_catalogue_stops_with_a_report_not_a_traceback(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    def known_sources(self: SQLiteStore, shas: Sequence[str]) -> set[str]:
        raise StoreError("catalogue read failed: disk I/O error", path=self.path)

    def get_many(self: SQLiteStore, ids: Sequence[str]) -> dict[str, Record]:
        raise StoreError("catalogue read failed: disk I/O error", path=self.path)

    monkeypatch.setattr(SQLiteStore, "known_sources", known_sources)
    monkeypatch.setattr(SQLiteStore, "get_many", get_many)
    docs = [InputDoc.from_text(f"in/{s}.txt", _cable(s)) for s in (12001, 12002)]
    with open_store(str(tmp_path / "t.db")) as store:
        report = ingest_items(docs, store)
    assert [f.status for f in report.files] == ["failed", "failed"]
    assert all("disk I/O error" in f.reason for f in report.files)


@pytest.mark.postgres
def test_one_unwritable_record_fails_only_its_file_on_postgres(monkeypatch: pytest.MonkeyPatch) -> None:
    import os
    import uuid

    psycopg = pytest.importorskip("psycopg")
    from psycopg import sql

    from legation.store.postgres import PostgresStore

    base = os.environ.get("LEGATION_TEST_PG", "")
    if not base:
        pytest.skip("LEGATION_TEST_PG is not set")
    sys_path = str(Path(__file__).resolve().parents[1] / "store_pg")
    import sys

    sys.path.insert(0, sys_path)
    from pg_helpers import with_schema

    schema = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    try:
        monkeypatch.setattr(PostgresStore, "upsert_rows", _failing_upsert(PostgresStore.upsert_rows))
        docs = [InputDoc.from_text(f"in/{s}.txt", _cable(s)) for s in (12001, 12345, 12002, 12003)]
        with open_store(with_schema(base, schema)) as store:
            report = ingest_items(docs, store, batch_records=10)
            by = {f.path: f.status for f in report.files}
            assert by == {"in/12001.txt": "new", "in/12345.txt": "failed", "in/12002.txt": "new",
                          "in/12003.txt": "new"}
            assert store.count() == 3
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))
