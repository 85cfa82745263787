"""Batch enrichment over the catalogue on Dask: resumable, idempotent, with progress.

A *batch job* is a step too slow to run inline at ingest (the statistical entity model today; the
embedding step later).  It is described by a :class:`BatchJob` — a name, a version and a top-level
(picklable) worker function from a chunk of :class:`Work` items to a chunk of :class:`Result` — and
run by :func:`run_batch`, written once for every such step:

- **Dask is the engine.**  Work goes to a ``distributed`` cluster: a ``LocalCluster`` of worker
  processes by default, or the scheduler at ``dask_address`` (``legation enrich --dask tcp://host:8786``)
  for workers on other machines.  The main process only reads the catalogue and writes results.
- **Resumable and idempotent.**  A record the job has finished carries
  ``attributes["enriched"][job.name] == job.version``; it is skipped next time.  Results are written
  chunk by chunk, each chunk in one catalogue transaction, so a job killed midway leaves whole chunks
  only, and rerunning it does the rest: no gaps, no duplicates.  Running it again when everything is
  done changes nothing.  A new ``version`` (a retrained model) redoes every record.
- **Replaces only its own output.**  ``apply`` in the job decides how a result changes a record
  (the NER job replaces the entities whose ``source`` is ``model`` and keeps every other).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from legation.model import Record
from legation.store.base import Store

#: Records per task sent to a worker.
CHUNK = 32
#: Tasks in flight at once per worker (bounds memory on a big catalogue).
IN_FLIGHT_PER_WORKER = 4


@dataclass(frozen=True)
class Work:
    """What a worker needs of one record (kept small: it crosses the network)."""

    id: str
    text: str
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Result:
    """What a worker found for one record (plain data, JSON-able)."""

    id: str
    data: list[dict[str, Any]]


@dataclass(frozen=True)
class BatchJob:
    """A batch step: ``work`` runs on the workers, ``apply`` in the main process."""

    name: str
    version: str
    select: Callable[[Record], Work | None]
    work: Callable[[list[Work]], list[Result]]
    apply: Callable[[Record, Result], Record]


@dataclass
class BatchReport:
    """What one run did."""

    job: str
    version: str
    seen: int = 0
    done: int = 0
    skipped: int = 0
    written: int = 0
    engine: str = ""

    def summary(self) -> str:
        return (f"{self.job} {self.version} on {self.engine}: {self.seen} records seen, {self.done} enriched "
                f"({self.written} changed), {self.skipped} already done or without text")


def is_done(record: Record, job: BatchJob) -> bool:
    marks = record.attributes.get("enriched")
    return isinstance(marks, dict) and marks.get(job.name) == job.version


def mark_done(record: Record, job: BatchJob) -> Record:
    marks = record.attributes.get("enriched")
    marks = dict(marks) if isinstance(marks, dict) else {}
    marks[job.name] = job.version
    record.attributes["enriched"] = marks
    return record


def pending(store: Store, job: BatchJob, report: BatchReport, limit: int | None = None) -> Iterator[list[Work]]:
    """Chunks of work for the records the job has not done yet (at most ``limit`` records)."""
    chunk: list[Work] = []
    taken = 0
    for record in store.iter_records():
        report.seen += 1
        item = None if is_done(record, job) else job.select(record)
        if item is None:
            report.skipped += 1
            continue
        chunk.append(item)
        taken += 1
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
        if limit is not None and taken >= limit:
            break
    if chunk:
        yield chunk


def write_results(store: Store, job: BatchJob, results: Sequence[Result]) -> int:
    """Apply one chunk's results and store them in one transaction; returns how many records changed."""
    records = store.get_many([r.id for r in results])
    out = []
    for result in results:
        record = records.get(result.id)
        if record is None:  # deleted meanwhile
            continue
        out.append(mark_done(job.apply(record, result), job))
    return sum(1 for r in store.upsert(out) if r.status != "unchanged")


@contextlib.contextmanager
def dask_client(address: str | None, workers: int) -> Iterator[Any]:
    """A Dask client: to the scheduler at ``address``, else to a new local cluster of worker processes."""
    from distributed import Client, LocalCluster

    if address:
        with Client(address) as client:
            yield client
        return
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        yield client


def run_batch(store: Store, job: BatchJob, *, dask_address: str | None = None, workers: int = 2,
              limit: int | None = None, progress: Callable[[int], None] | None = None) -> BatchReport:
    """Run ``job`` over every record of ``store`` that it has not done; see the module docstring."""
    from distributed import as_completed

    report = BatchReport(job.name, job.version, engine=dask_address or f"local Dask cluster ({workers} workers)")
    with dask_client(dask_address, workers) as client:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})) or workers)
        chunks = pending(store, job, report, limit)
        window = as_completed()
        for chunk in _take(chunks, n_workers * IN_FLIGHT_PER_WORKER):
            window.add(client.submit(job.work, chunk, pure=False))
        for future in window:
            results = future.result()
            report.written += write_results(store, job, results)
            report.done += len(results)
            if progress:
                progress(len(results))
            for chunk in _take(chunks, 1):
                window.add(client.submit(job.work, chunk, pure=False))
    return report


def _take(chunks: Iterator[list[Work]], n: int) -> Iterator[list[Work]]:
    for _ in range(n):
        chunk = next(chunks, None)
        if chunk is None:
            return
        yield chunk
