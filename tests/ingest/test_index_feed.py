"""The index is fed from the batches an ingest has just written (no read-back), and still catches up
from the change sequence after a crash or when another writer's changes come between."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from legation.catalogue import Catalogue
from legation.formats.base import InputDoc
from legation.index.documents import Fields, record_document, record_fields
from legation.ingest import ingest_items
from legation.model import Record, Source
from legation.store.base import Change, UpsertResult
from legation.store.rows import record_rows
from tests.ingest.test_kill_midway import BENCH, _docs

SCRIPT = textwrap.dedent("""
    import os, signal, sys
    sys.path.insert(0, {bench!r})
    from generate import CableGenerator
    import legation.index.tantivy_index as ti
    from legation.catalogue import Catalogue
    from legation.formats.base import InputDoc
    from legation.ingest import ingest_items

    ti.FEED_COMMIT_EVERY = 100
    cat = Catalogue({db!r})
    seen = 0
    def progress(path):
        global seen
        seen += 1
        if seen == 180:   # three batches of 50 in the catalogue, the index committed at 100: kill -9
            os.kill(os.getpid(), signal.SIGKILL)
    docs = (InputDoc.from_text(f"gen/{{i}}.txt", t) for i, (_id, t) in enumerate(CableGenerator(7).cables(300)))
    with cat.index.feed(cat.store) as feed:
        ingest_items(docs, cat.store, progress=progress, batch_records=50, sink=feed)
""")


def test_killed_while_feeding_the_index_catches_up_from_the_change_sequence(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    proc = subprocess.run([sys.executable, "-c", SCRIPT.format(bench=str(BENCH), db=db)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == -9, proc.stderr
    marker = json.loads((tmp_path / "t.db.index" / "legation-index.json").read_text("utf-8"))
    assert marker["last_seq"] == 100  # the last commit's seq: behind the catalogue, never ahead
    with Catalogue(db) as cat:
        assert cat.store.count() == 150
        assert cat.index.last_seq() == cat.store.last_seq() == 150
        assert cat.search("", limit=1).total == 150
        report = cat.ingest_docs(_docs())
        assert report.records_new == 150 and report.count("unchanged") == 150
        assert cat.search("", limit=1).total == cat.store.count() == 300


class _Spy:
    """Counts the changes the index reads back from the catalogue."""

    def __init__(self, cat: Catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
        self.read: list[Change] = []
        real = cat.store.changes_since

        def changes_since(seq: int, limit: int = 10_000) -> list[Change]:
            found = real(seq, limit)
            if limit > 1:  # (limit 1: the check that the index belongs to this catalogue)
                self.read += found
            return found

        monkeypatch.setattr(cat.store, "changes_since", changes_since)


def test_ingest_feeds_the_index_without_reading_records_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Catalogue(str(tmp_path / "t.db")) as cat:
        docs = [InputDoc.from_text(f"gen/{i}.txt", t) for i, t in enumerate(_texts(120))]
        _ = cat.index
        spy = _Spy(cat, monkeypatch)
        report = cat.ingest_docs(docs[:60])
        assert report.records_new == 60
        assert spy.read == []  # every change reached the index from the batch itself
        assert cat.index.last_seq() == cat.store.last_seq()
        assert cat.search("", limit=1).total == 60
        # a changed file (same path, new text) replaces its record: the index drops the old document
        first = cat.store.get(report.files[0].records[0])
        assert first is not None
        edited = InputDoc.from_text("gen/0.txt", _texts(1)[0].replace("SUBJ: ", "SUBJ: ZANZIBARIAN "))
        again = cat.ingest_docs([edited, *docs[60:]])
        assert again.records_updated == 1 and again.records_new == 60 and spy.read == []
        assert cat.search("", limit=1).total == 120
        assert [h.id for h in cat.search("zanzibarian").hits] == [first.id]


def test_another_writer_between_batches_stops_the_feed_and_sync_catches_up(tmp_path: Path) -> None:
    with Catalogue(str(tmp_path / "t.db")) as cat:
        docs = [InputDoc.from_text(f"gen/{i}.txt", t) for i, t in enumerate(_texts(90))]

        class Interleaved:
            """After the first batch, another writer commits a record the feed never sees."""

            def __init__(self, inner: Any) -> None:
                self.inner, self.calls = inner, 0

            def written(self, batch: list[tuple[Fields, UpsertResult]]) -> None:
                self.inner.written(batch)
                self.calls += 1
                if self.calls == 1:
                    cat.store.upsert([Record(id="OTHER-WRITER-1", text="quetzalcoatl", source=Source(sha256="e" * 64))])

        with cat.index.feed(cat.store) as feed:
            sink = Interleaved(feed)
            ingest_items(docs, cat.store, batch_records=30, sink=sink)
            assert feed.writer is None  # the gap stopped it
        assert sink.calls == 3
        cat.sync_index()
        assert cat.index.last_seq() == cat.store.last_seq()
        assert cat.search("", limit=1).total == cat.store.count() == 91
        assert [h.id for h in cat.search("quetzalcoatl").hits] == ["OTHER-WRITER-1"]


def test_rows_and_fields_are_the_models(tmp_path: Path) -> None:
    """What a worker hands over is what the catalogue and index would make of the model."""
    rec = Record(id="X1", text="bad \udc80 byte and a\x00nul", tags=["PREL", "PREL", "PGOV"],
                 source=Source(sha256="a" * 64, path="p.txt", format="telegram"))
    rows = record_rows(rec)
    assert rows.json == rec.to_json() and rows.children["record_tags"] == [("X1", "PREL"), ("X1", "PGOV")]
    assert rows.sources == (("a" * 64, "X1", "p.txt", "telegram"),)
    fields = record_fields(rec)
    assert ("text", "bad ? byte and a\x00nul") in fields  # (valid_text: lone surrogates become ?)
    plain = rec.model_copy(update={"text": "a\x00nul"})
    assert record_document(plain).to_dict() == record_document(Record.from_json(record_rows(plain).json)).to_dict()


def _texts(n: int) -> list[str]:
    return [d.text for d in _docs()][:n]


def test_a_batch_is_flushed_by_its_bytes_before_its_record_count(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Large records make small batches (BATCH_BYTES), and every record is still written and indexed once."""
    import legation.ingest.runner as runner

    docs = [InputDoc.from_text(f"gen/{i}.txt", t) for i, t in enumerate(_texts(40))]
    one = max(len(d.text) for d in docs)  # a record's JSON holds its text at least once
    monkeypatch.setattr(runner, "BATCH_BYTES", 3 * one)
    with Catalogue(str(tmp_path / "t.db")) as cat:
        sizes: list[int] = []

        class Counting:
            def __init__(self, inner: Any) -> None:
                self.inner = inner

            def written(self, batch: list[tuple[Fields, UpsertResult]]) -> None:
                sizes.append(len(batch))
                self.inner.written(batch)

        with cat.index.feed(cat.store) as feed:
            report = ingest_items(docs, cat.store, batch_records=1000, sink=Counting(feed))
        assert report.records_new == 40 == sum(sizes)
        assert len(sizes) >= 10 and max(sizes) <= 3  # flushed by bytes, never by the 1,000-record count
        assert cat.search("", limit=1).total == cat.store.count() == 40
