"""Ingest: inputs -> parsed records -> catalogue (and the index catches up).

One bad file never stops a batch: its path and reason go into the report.
Re-ingesting a file whose sha256 is already known is a no-op.  Two inputs
that are the same document (same canonical id) become one record with both
sources (see :mod:`legation.ingest.merge`).
"""

from __future__ import annotations

import multiprocessing
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from legation.formats.base import InputDoc
from legation.ingest.inputs import InputItem, Skipped, Unreadable, iter_inputs
from legation.ingest.merge import merge_records
from legation.ingest.pipeline import Parsed, parse_input
from legation.model import Record
from legation.store.base import Store

BATCH_RECORDS = 500


@dataclass
class FileOutcome:
    path: str
    status: str  # new, updated, unchanged, failed, skipped
    format: str = ""
    records: list[str] = field(default_factory=list)
    reason: str = ""
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "status": self.status, "format": self.format, "records": self.records,
                "reason": self.reason, "warnings": self.warnings}


@dataclass
class IngestReport:
    """What an ingest did, file by file.

    With ``keep_files=False`` (million-record runs) only failed files are kept
    in ``files``; the others are counted in ``tallied`` once their batch is written.
    """

    files: list[FileOutcome] = field(default_factory=list)
    records_new: int = 0
    records_updated: int = 0
    records_unchanged: int = 0
    keep_files: bool = True
    tallied: Counter[str] = field(default_factory=Counter)

    def count(self, status: str) -> int:
        return self.tallied[status] + sum(1 for f in self.files if f.status == status)

    def settle(self) -> None:
        """After a batch is written: fold finished outcomes into the tally unless every file is kept."""
        if self.keep_files:
            return
        kept = []
        for f in self.files:
            if f.status == "failed":
                kept.append(f)
            else:
                self.tallied[f.status] += 1
        self.files = kept

    @property
    def read(self) -> int:
        return sum(self.count(s) for s in ("new", "updated", "unchanged", "failed"))

    @property
    def failed(self) -> list[FileOutcome]:
        return [f for f in self.files if f.status == "failed"]

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> dict[str, Any]:
        return {
            "files_read": self.read,
            "files_new": self.count("new"),
            "files_updated": self.count("updated"),
            "files_unchanged": self.count("unchanged"),
            "files_failed": self.count("failed"),
            "files_skipped": self.count("skipped"),
            "records_new": self.records_new,
            "records_updated": self.records_updated,
            "records_unchanged": self.records_unchanged,
        }

    def to_dict(self) -> dict[str, Any]:
        return {**self.summary(), "files": [f.to_dict() for f in self.files]}


ProgressFn = Callable[[str], None]


class _Batch:
    """Records waiting to be written, merged by id within the batch and with the catalogue."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.records: dict[str, Record] = {}
        self.owners: dict[str, list[FileOutcome]] = {}
        self.shas: dict[str, tuple[str, str, str]] = {}

    def add(self, record: Record, outcome: FileOutcome) -> None:
        rid = record.id
        if rid in self.records:
            record = merge_records(self.records[rid], record)
        self.records[rid] = record
        self.owners.setdefault(rid, []).append(outcome)

    def __len__(self) -> int:
        return len(self.records)

    def flush(self, report: IngestReport) -> None:
        if not self.records and not self.shas:
            return
        # One look-up for the whole batch: records already in the catalogue from another source merge.
        existing = self.store.get_many(list(self.records))
        for rid, old in existing.items():
            new = self.records[rid]
            known = {s.sha256 for s in old.sources}
            if all(s.sha256 in known for s in new.sources or [new.source]):
                self.records[rid] = old  # the same input again: the stored (possibly merged) record stands
            else:
                self.records[rid] = merge_records(old, new)
        records = list(self.records.values())
        results = self.store.upsert(records)
        for rec, result in zip(records, results, strict=True):
            st = result.status
            if st == "new":
                report.records_new += 1
            elif st == "updated":
                report.records_updated += 1
            else:
                report.records_unchanged += 1
            for outcome in self.owners.get(rec.id, []):
                if st == "updated" and outcome.status == "new":
                    outcome.status = "updated"
        # (each record's sources were written with it, in the same transaction)
        self.records.clear()
        self.owners.clear()
        self.shas.clear()


def _parse_chunk(jobs: list[tuple[str, bytes]], fmt: str | None) -> list[tuple[Parsed, list[bytes]]]:
    """Worker side: parse a chunk of documents; records go back as JSON bytes (cheaper to pickle than models)."""
    out = []
    for path, data in jobs:
        parsed = parse_input(InputDoc(path=path, data=data), fmt)
        blobs = [r.model_dump_json(by_alias=True).encode("utf-8") for r in parsed.records]
        parsed.records = []
        out.append((parsed, blobs))
    return out


def _revive(parsed: Parsed, blobs: list[bytes]) -> Parsed:
    parsed.records = [Record.model_validate_json(b) for b in blobs]
    return parsed


CHUNK = 32


def _parse_all(items: Iterable[InputItem], fmt: str | None, workers: int) -> Iterator[tuple[InputItem, Parsed | None]]:
    """Parse documents, in worker processes when ``workers`` > 1 (chunks of :data:`CHUNK`), keeping input order."""
    if workers <= 1:
        for item in items:
            yield item, (parse_input(item, fmt) if isinstance(item, InputDoc) else None)
        return
    ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        window: deque[tuple[list[InputItem], Future[list[tuple[Parsed, list[bytes]]]]]] = deque()
        chunk: list[InputItem] = []

        def submit() -> None:
            jobs = [(i.path, i.data) for i in chunk if isinstance(i, InputDoc)]
            window.append((list(chunk), pool.submit(_parse_chunk, jobs, fmt)))
            chunk.clear()

        def drain(keep: int) -> Iterator[tuple[InputItem, Parsed | None]]:
            while len(window) > keep:
                group, fut = window.popleft()
                results = iter(fut.result())
                for item in group:
                    yield item, (_revive(*next(results)) if isinstance(item, InputDoc) else None)

        for item in items:
            chunk.append(item)
            if len(chunk) >= CHUNK:
                submit()
                yield from drain(workers * 4)
        if chunk:
            submit()
        yield from drain(0)


def ingest_items(items: Iterable[InputItem], store: Store, *, fmt: str | None = None,  # noqa: C901  (owned elsewhere, see issue 9)
                 progress: ProgressFn | None = None, batch_records: int = BATCH_RECORDS,
                 workers: int = 1, keep_files: bool = True) -> IngestReport:
    """Parse and store every item; return the report (never raises for bad input).

    ``workers`` > 1 parses in that many processes; the catalogue is written
    by this process only, in batches of ``batch_records`` (one transaction each).
    """
    report = IngestReport(keep_files=keep_files)
    batch = _Batch(store)

    def unseen(stream: Iterable[InputItem]) -> Iterator[InputItem]:
        # Files already ingested (same sha256) are not parsed again; the catalogue is asked
        # about 256 files at a time.
        chunk: list[InputItem] = []

        def drain() -> Iterator[InputItem]:
            shas = [i.sha256 for i in chunk if isinstance(i, InputDoc)]
            known = store.known_sources(shas) if shas else set()
            for it in chunk:
                if isinstance(it, InputDoc) and (it.sha256 in known or it.sha256 in batch.shas):
                    # (a file repeated within one chunk of 256 is caught when its records merge)
                    report.files.append(FileOutcome(it.path, "unchanged", reason="already ingested (same sha256)"))
                    if progress:
                        progress(it.path)
                    continue
                yield it
            chunk.clear()

        for item in stream:
            chunk.append(item)
            if len(chunk) >= 256:
                yield from drain()
        yield from drain()

    for item, parsed in _parse_all(unseen(items), fmt, workers):
        if isinstance(item, Skipped):
            report.files.append(FileOutcome(item.path, "skipped", reason=item.reason))
            continue
        if progress:
            progress(item.path)
        if isinstance(item, Unreadable) or parsed is None:
            report.files.append(FileOutcome(item.path, "failed", reason=f"{item.path}: {getattr(item, 'reason', '')}"))
            continue
        outcome = FileOutcome(item.path, "new", format=parsed.format, warnings=list(parsed.warnings))
        report.files.append(outcome)
        if not parsed.ok:
            outcome.status = "failed"
            outcome.reason = parsed.error
            continue
        for rec in parsed.records:
            batch.add(rec, outcome)
            outcome.records.append(rec.id)
            for w in rec.warnings:
                if w not in outcome.warnings:
                    outcome.warnings.append(w)
        batch.shas[parsed.sha256] = (item.path, parsed.format, parsed.records[0].id if parsed.records else "")
        if len(batch) >= batch_records:
            batch.flush(report)
            report.settle()
    batch.flush(report)
    report.settle()
    return report


def relabel(items: Iterable[InputItem], root: str, label: str) -> Iterator[InputItem]:
    """Show paths under ``root`` as ``label`` + the rest (uploads kept in a temp folder)."""
    for item in items:
        if item.path.startswith(root):
            item.path = label + item.path[len(root):].lstrip("/")
        yield item


def ingest_paths(paths: Sequence[str], store: Store, *, fmt: str | None = None,
                 progress: ProgressFn | None = None, workers: int = 1, ignore: Sequence[str] = (),
                 relabel_root: tuple[str, str] | None = None) -> IngestReport:
    """Ingest files/folders/globs/archives; ``relabel_root=(root, label)`` renames paths under root."""
    items: Iterable[InputItem] = iter_inputs(paths, ignore=ignore)
    if relabel_root is not None:
        items = relabel(items, *relabel_root)
    return ingest_items(items, store, fmt=fmt, progress=progress, workers=workers)
