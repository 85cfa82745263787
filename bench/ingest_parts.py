"""Ingest figures for ``bench/all.py``: end to end (synthetic and the real cablegate pages) and CPU ms per
record by part, each part beside its floor (plain SQLite writes of the same rows, bare tantivy on the same text).

The parts are timed in this process, one after another over the same sample, as the pipeline does them:

- parse: ``parse_input`` (decode, detect, parse, clean, finish) -- the worker's work;
- worker JSON: the record to the JSON bytes a worker sends back;
- main-process rebuild: those bytes back into a ``Record``;
- catalogue upsert: ``store.upsert`` in batches of 500 (floor: ``executemany`` of (id, json) into a plain table);
- index read-back: ``store.get_many`` of each batch (what the index sync reads);
- index build: ``record_document`` + ``add_document`` + commit (floor: bare tantivy, id/subject/text only).
"""

from __future__ import annotations

import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import tantivy
from figures import Table, cpu_seconds, loadavg
from generate import CableGenerator

from legation.catalogue import Catalogue
from legation.formats.base import InputDoc
from legation.index import TextIndex, record_document
from legation.ingest import ingest_items
from legation.ingest.pipeline import parse_input
from legation.model import Record
from legation.store import SQLiteStore

BATCH = 500


def synthetic_docs(count: int, seed: int) -> Iterator[InputDoc]:
    gen = CableGenerator(seed)
    for i, (doc_id, text) in enumerate(gen.cables(count)):
        yield InputDoc.from_text(f"synthetic/{i:07d}_{doc_id}.txt", text)


def _cpu_ms(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.process_time()
    out = fn()
    return (time.process_time() - t0) * 1000, out


def _batches(items: list[Any]) -> Iterator[list[Any]]:
    for i in range(0, len(items), BATCH):
        yield items[i:i + BATCH]


def _parse(docs: list[InputDoc]) -> list[Record]:
    return [r for d in docs for r in parse_input(d).records]


def _sqlite_floor(folder: Path, blobs: list[bytes], records: list[Record]) -> None:
    con = sqlite3.connect(folder / "plain.db")
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE r (id TEXT PRIMARY KEY, json TEXT, seq INTEGER)")
    for batch in _batches(list(zip(records, blobs, strict=True))):
        with con:
            con.executemany("INSERT INTO r VALUES (?, ?, ?)", [(r.id, b.decode(), n) for n, (r, b) in enumerate(batch)])
    con.close()


def _tantivy_floor(folder: Path, records: list[Record]) -> None:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    sb.add_text_field("subject", stored=True)
    sb.add_text_field("text", stored=True)
    (folder / "bare.index").mkdir()
    index = tantivy.Index(sb.build(), path=str(folder / "bare.index"))
    writer = index.writer(heap_size=128_000_000, num_threads=2)
    for r in records:
        writer.add_document(tantivy.Document(id=r.id, subject=r.subject, text=r.text))
    writer.commit()
    writer.wait_merging_threads()


def _index_build(folder: Path, records: list[Record]) -> None:
    index = TextIndex.open(folder / "legation.index")
    writer = index._index.writer(heap_size=128_000_000, num_threads=2)
    for r in records:
        writer.add_document(record_document(r))
    writer.commit()
    writer.wait_merging_threads()


def parts(sample: int, seed: int, sink: list[dict[str, Any]]) -> None:
    """CPU ms per record by part over ``sample`` synthetic cables."""
    docs = list(synthetic_docs(sample, seed + 1))
    table = Table(f"Ingest CPU ms per record by part ({sample:,} synthetic cables, one process)",
                  ["part", "legation ms/record", "floor ms/record", "floor", "load"], sink)
    with tempfile.TemporaryDirectory(prefix="legation-parts-") as tmp:
        folder = Path(tmp)
        t_parse, records = _cpu_ms(lambda: _parse(docs))
        n = len(records)
        t_json, blobs = _cpu_ms(lambda: [r.model_dump_json(by_alias=True).encode("utf-8") for r in records])
        t_rebuild, _ = _cpu_ms(lambda: [Record.model_validate_json(b) for b in blobs])
        store = SQLiteStore(folder / "cat.db")
        t_upsert, _ = _cpu_ms(lambda: [store.upsert(b) for b in _batches(records)])
        t_plain, _ = _cpu_ms(lambda: _sqlite_floor(folder, blobs, records))
        t_read, back = _cpu_ms(lambda: [r for b in _batches([r.id for r in records]) for r in store.get_many(b).values()])
        t_index, _ = _cpu_ms(lambda: _index_build(folder, back))
        t_bare, _ = _cpu_ms(lambda: _tantivy_floor(folder, records))
        store.close()
    rows = [("parse (parse_input)", t_parse, None, ""), ("worker JSON", t_json, None, ""),
            ("main-process rebuild", t_rebuild, None, ""),
            ("catalogue upsert", t_upsert, t_plain, "plain SQLite executemany"),
            ("index read-back", t_read, None, ""), ("index build (all threads)", t_index, t_bare, "bare tantivy, id + subject + text")]
    for label, mine, floor, what in rows:
        table.row(label, f"{mine / n:.3f}", f"{floor / n:.3f}" if floor is not None else "-", what, loadavg())
    total = sum(r[1] for r in rows)
    table.row("sum of parts", f"{total / n:.3f}", "", "", loadavg())


def end_to_end_synthetic(db: str, count: int, workers: int, seed: int, sink: list[dict[str, Any]]) -> None:
    """Ingest ``count`` synthetic cables into the catalogue at ``db`` (through ``ingest_items``), then index."""
    table = Table(f"Synthetic ingest end to end ({count:,} cables, {workers} parser workers)",
                  ["records", "wall s", "records/s", "CPU ms/record (all processes)", "of which index s",
                   "main max RSS MiB", "load"], sink)
    import resource

    with Catalogue(db) as cat:
        c0, t0 = cpu_seconds(children=True), time.perf_counter()
        report = ingest_items(synthetic_docs(count, seed), cat.store, workers=workers, keep_files=False)
        t_cat = time.perf_counter() - t0
        cat.sync_index()
        wall = time.perf_counter() - t0
        cpu = cpu_seconds(children=True) - c0
        n = report.records_new + report.records_updated
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    table.row(f"{n:,}", f"{wall:.1f}", f"{n / wall:,.0f}", f"{cpu * 1000 / max(1, n):.2f}", f"{wall - t_cat:.1f}",
              f"{rss:,.0f}", loadavg())


def real_pages(folder: Path, sink: list[dict[str, Any]]) -> None:
    """The shared cablegate HTML pages, one process (CPU ms per page) and two workers (pages/s)."""
    table = Table(f"Real pages: {folder.name} ingest end to end", ["workers", "pages", "records", "wall s",
                                                                 "pages/s", "CPU ms/page", "load"], sink)
    pages = sum(1 for p in folder.rglob("*") if p.is_file())
    for workers in (1, 2):
        with tempfile.TemporaryDirectory(prefix="legation-real-") as tmp, Catalogue(str(Path(tmp) / "r.db")) as cat:
            c0, t0 = cpu_seconds(children=True), time.perf_counter()
            report = cat.ingest([str(folder)], workers=workers)
            wall = time.perf_counter() - t0
            cpu = cpu_seconds(children=True) - c0
            n = report.records_new + report.records_updated
        table.row(str(workers), f"{pages:,}", f"{n:,}", f"{wall:.1f}", f"{pages / wall:,.0f}",
                  f"{cpu * 1000 / max(1, pages):.2f}", loadavg())
