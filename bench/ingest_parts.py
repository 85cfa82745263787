"""Ingest figures for ``bench/all.py``: end to end (synthetic and the real cablegate pages) and CPU ms per
record by part, each part beside its floor (plain SQLite writes of the same rows, bare tantivy on the same text).

The parts are timed in this process, one after another over the same sample, as the pipeline does them:

- parse: ``parse_input`` (decode, detect, parse, clean, enrich, finish) -- the worker's work, split into
  the format's parser and the inline passes (clean, enrich, finish) by ``Parsed.timings``;
- worker serialise: the record to its catalogue rows and index fields (``ready``) and the pickle the
  worker sends back;
- main-process hand-off: that pickle read back (what the parent process does with a worker's answer);
- catalogue: the batch's existence look-up (``get_many``) and ``store.upsert_rows`` in batches of 500
  (floor: ``executemany`` of (id, json) into a plain table);
- index: ``IndexFeed.written`` for each batch + the final commit (floor: bare tantivy, id/subject/text only).

:func:`main_process` runs the main process alone at any size (worker results replayed under new ids), and
:func:`end_to_end_synthetic` the whole pipeline with its worker processes.
"""

from __future__ import annotations

import gc
import pickle
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
from legation.index import TextIndex
from legation.index.tantivy_index import IndexFeed
from legation.ingest import ingest_items
from legation.ingest.pipeline import Parsed, parse_input
from legation.ingest.ready import Ready
from legation.ingest.workers import prepared
from legation.model import Record
from legation.store import SQLiteStore
from legation.store.base import UpsertResult
from legation.store.rows import RecordRows

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


def _parse(docs: list[InputDoc]) -> list[Parsed]:
    return [parse_input(d) for d in docs]


def _passes_share(parsed: list[Parsed]) -> float:
    """The inline passes' share of parse_input's time (clean:*, enrich:*, finish), from Parsed.timings."""
    parse = sum(p.timings.get("parse", 0.0) for p in parsed)
    passes = sum(v for p in parsed for k, v in p.timings.items() if k != "parse")
    return passes / (parse + passes) if parse + passes else 0.0


def _sqlite_floor(folder: Path, ready: list[Ready]) -> None:
    con = sqlite3.connect(folder / "plain.db")
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("CREATE TABLE r (id TEXT PRIMARY KEY, json TEXT, seq INTEGER)")
    for batch in _batches(ready):
        with con:
            con.executemany("INSERT INTO r VALUES (?, ?, ?)", [(r.id, r.rows.json, n) for n, r in enumerate(batch)])
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


def _catalogue(store: SQLiteStore, ready: list[Ready]) -> list[list[tuple[Any, UpsertResult]]]:
    out = []
    for batch in _batches(ready):
        store.get_many([r.id for r in batch])  # the runner's look-up for records to merge with
        results = store.upsert_rows([r.rows for r in batch])
        out.append([(r.fields, res) for r, res in zip(batch, results, strict=True)])
    return out


def _index_feed(folder: Path, store: SQLiteStore, written: list[list[tuple[Any, UpsertResult]]]) -> None:
    index = TextIndex.open(folder / "legation.index")
    feed = IndexFeed(index, _Empty(store))
    for batch in written:
        feed.written(batch)
    feed.close()
    index.close()


class _Empty:
    """The store as the index feed sees it at the start of an ingest into an empty catalogue."""

    def __init__(self, store: SQLiteStore) -> None:
        self.store = store

    def last_seq(self) -> int:
        return 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)


def parts(sample: int, seed: int, sink: list[dict[str, Any]]) -> None:
    """CPU ms per record by part over ``sample`` synthetic cables."""
    parts_of(list(synthetic_docs(sample, seed + 1)), f"{sample:,} synthetic cables", sink)


def real_docs(folder: Path) -> list[InputDoc]:
    """The files under ``folder`` (the shared cablegate pages), in path order."""
    return [InputDoc(path=str(p), data=p.read_bytes()) for p in sorted(folder.rglob("*")) if p.is_file()]


def parts_of(docs: list[InputDoc], what: str, sink: list[dict[str, Any]]) -> None:
    """CPU ms per record by part over ``docs``, one part after the other in this process."""
    table = Table(f"Ingest CPU ms per record by part ({what}, one process)",
                  ["part", "legation ms/record", "floor ms/record", "floor", "load"], sink)
    with tempfile.TemporaryDirectory(prefix="legation-parts-") as tmp:
        folder = Path(tmp)
        t_parse, parsed = _cpu_ms(lambda: _parse(docs))
        records = [r for p in parsed for r in p.records]
        # The sample stays in memory for the parts after it (the pipeline keeps one batch): keep the cyclic
        # GC from walking it over and over, which would be charged to whichever part allocates.
        gc.collect()
        gc.freeze()
        share = _passes_share(parsed)
        n = len(records)
        t_ready, blobs = _cpu_ms(lambda: [pickle.dumps(prepared(p), pickle.HIGHEST_PROTOCOL) for p in parsed])
        t_unpickle, results = _cpu_ms(lambda: [pickle.loads(b) for b in blobs])
        ready = [r for _p, rs in results for r in rs]
        store = SQLiteStore(folder / "cat.db")
        t_upsert, written = _cpu_ms(lambda: _catalogue(store, ready))
        t_plain, _ = _cpu_ms(lambda: _sqlite_floor(folder, ready))
        t_index, _ = _cpu_ms(lambda: _index_feed(folder, store, written))
        t_bare, _ = _cpu_ms(lambda: _tantivy_floor(folder, records))
        store.close()
    rows = [("parse (the format's parser)", t_parse * (1 - share), None, ""),
            ("inline passes (clean, enrich, finish)", t_parse * share, None, ""),
            ("worker serialise (rows + index fields + pickle)", t_ready, None, ""),
            ("main-process hand-off (unpickle)", t_unpickle, None, ""),
            ("catalogue (look-up + upsert_rows)", t_upsert, t_plain, "plain SQLite executemany"),
            ("index (feed: documents + commit, all threads)", t_index, t_bare, "bare tantivy, id + subject + text")]
    for label, mine, floor, what in rows:
        table.row(label, f"{mine / n:.3f}", f"{floor / n:.3f}" if floor is not None else "-", what, loadavg())
    total = sum(r[1] for r in rows)
    table.row("sum of parts", f"{total / n:.3f}", "", "", loadavg())
    table.row("sum of parts but parse and passes", f"{(total - t_parse) / n:.3f}", "", "", loadavg())


def end_to_end_synthetic(db: str, count: int, workers: int, seed: int, sink: list[dict[str, Any]]) -> None:
    """Ingest ``count`` synthetic cables into the catalogue at ``db`` (through ``ingest_items``, the index fed as it goes)."""
    table = Table(f"Synthetic ingest end to end ({count:,} cables, {workers} parser workers)",
                  ["records", "wall s", "records/s", "CPU ms/record (all processes)",
                   "of which main process (catalogue + index)", "of which final index commit s", "main max RSS MiB",
                   "load"], sink)
    import resource

    with Catalogue(db) as cat:
        c0, m0, t0 = cpu_seconds(children=True), cpu_seconds(), time.perf_counter()
        with cat.index.feed(cat.store) as feed:  # as Catalogue.ingest does
            report = ingest_items(synthetic_docs(count, seed), cat.store, workers=workers, keep_files=False,
                                  sink=feed)
            t_cat = time.perf_counter() - t0
        cat.sync_index()
        wall = time.perf_counter() - t0
        cpu, main = cpu_seconds(children=True) - c0, cpu_seconds() - m0
        n = report.records_new + report.records_updated
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    table.row(f"{n:,}", f"{wall:.1f}", f"{n / wall:,.0f}", f"{cpu * 1000 / max(1, n):.2f}",
              f"{main * 1000 / max(1, n):.2f}", f"{wall - t_cat:.1f}", f"{rss:,.0f}", loadavg())


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


def _clone(ready: Ready, n: int) -> Ready:
    """``ready`` as another record (id suffixed with ``-n``): what a worker would send for it."""
    old = ready.id
    new = f"{old}-{n}"

    def swap(v: Any) -> Any:
        return v.replace(old, new) if isinstance(v, str) else v

    rows = ready.rows
    clone = RecordRows(new, rows.json.replace(old, new), rows.facets,
                       {k: [tuple(swap(x) for x in r) for r in v] for k, v in rows.children.items()},
                       tuple((f"{s[0][:48]}{n:016d}", new, s[2], s[3]) for s in rows.sources), rows.jsonb_exact)
    return Ready(clone, [(k, swap(v)) for k, v in ready.fields], ready.warnings)


def main_process(count: int, sample: int, seed: int, sink: list[dict[str, Any]]) -> None:
    """The main process alone at ``count`` records: ``sample`` cables parsed once, their worker results
    replayed under new ids through ``ingest_items`` (catalogue + index feed, as ``Catalogue.ingest``).

    The cost of making the clones is measured apart and taken off; what is left is everything the main
    process does per record: hand-off bookkeeping, batches, catalogue writes, index documents and commits.
    """
    import resource

    import legation.ingest.runner as runner

    parsed = _parse(list(synthetic_docs(sample, seed + 2)))
    base = [r for p in parsed for r in prepared(p)[1]]
    gc.collect()
    gc.freeze()

    def results(items: Any, *_args: Any) -> Iterator[tuple[InputDoc, tuple[Parsed, list[Ready]]]]:
        for item in items:
            n = int(item.path.rsplit("/", 1)[-1])
            yield item, (Parsed(path=item.path, sha256=item.sha256, format="telegram"),
                         [_clone(base[n % len(base)], n)])

    docs = (InputDoc(path=f"replay/{i}", data=str(i).encode()) for i in range(count))  # not held: RSS is ingest's
    t_clone, _ = _cpu_ms(lambda: sum(1 for i in range(count) if _clone(base[i % len(base)], i)))  # none kept
    table = Table(f"Main process alone: {count:,} records replayed from {sample:,} parsed cables "
                  "(catalogue + index feed)", ["records", "wall s", "records/s (main process cap)",
                                               "main CPU ms/record", "main max RSS MiB", "load"], sink)
    real = runner.parse_all
    runner.parse_all = results  # type: ignore[assignment]
    try:
        with tempfile.TemporaryDirectory(prefix="legation-main-") as tmp, Catalogue(str(Path(tmp) / "m.db")) as cat:
            c0, t0 = cpu_seconds(), time.perf_counter()
            with cat.index.feed(cat.store) as feed:
                report = ingest_items(docs, cat.store, keep_files=False, sink=feed)
            cat.sync_index()
            wall, cpu = time.perf_counter() - t0, (cpu_seconds() - c0) * 1000 - t_clone
            n = report.records_new
            assert cat.index.count() == n == count, (cat.index.count(), n)
    finally:
        runner.parse_all = real
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    table.row(f"{n:,}", f"{wall:.1f}", f"{n / wall:,.0f}", f"{cpu / n:.3f}", f"{rss:,.0f}", loadavg())
