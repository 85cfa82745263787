"""Ingest: inputs -> parsed records -> catalogue (and the index catches up).

One bad file never stops a batch: its path and reason go into the report.
Re-ingesting a file whose sha256 is already known is a no-op.  Two inputs
that are the same document (same canonical id) become one record with both
sources (see :mod:`legation.ingest.merge`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from legation.errors import LegationError, WriteError
from legation.formats.base import InputDoc
from legation.ingest.budget import DEFAULT, Budgets, is_budget_failure
from legation.ingest.inputs import InputItem, Skipped, Unreadable, iter_inputs
from legation.ingest.merge import merge_records
from legation.ingest.ready import Ready, ready
from legation.ingest.workers import Result, parse_all
from legation.store.base import Store, UpsertResult

if TYPE_CHECKING:
    from legation.index.documents import Fields

BATCH_RECORDS = 5000
"""Records a catalogue transaction holds at most.  Large transactions write each B-tree page once a batch
instead of once a record or so: at 30,000 synthetic cables 500 a batch wrote 94 KB per record to disk,
2,000 wrote 49 KB and 5,000 39 KB (the records themselves are ~16 KB; WAL + checkpoint is 2x that)."""
BATCH_BYTES = 32 * 1024 * 1024
"""...and at most about this many bytes of record JSON, so a batch of large records (cablegate pages keep
their ~47 KB of HTML) stays small in memory."""


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
    aborted: str = ""  # why the ingest stopped before the end of its inputs ('' when it did not)

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
        return not self.failed and not self.aborted

    @property
    def over_budget(self) -> int:
        """Files that failed because they went over a budget (parse time, text or expanded size)."""
        return sum(1 for f in self.failed if is_budget_failure(f.reason))

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
            "files_over_budget": self.over_budget,
            "aborted": self.aborted,
        }

    def to_dict(self) -> dict[str, Any]:
        return {**self.summary(), "files": [f.to_dict() for f in self.files]}


ProgressFn = Callable[[str], None]


class IndexSink(Protocol):
    """Where the records just written go next (the full-text index, :class:`legation.index.IndexFeed`)."""

    def written(self, batch: list[tuple[Fields, UpsertResult]]) -> None:
        """Records the catalogue has just committed: each one's index fields and what the upsert did."""
        ...


class _Batch:
    """Records waiting to be written, merged by id within the batch and with the catalogue.

    Records arrive ready to write (:class:`~legation.ingest.ready.Ready`); the model is rebuilt only to
    merge (an id twice in the batch, or already in the catalogue).
    """

    def __init__(self, store: Store, sink: IndexSink | None = None) -> None:
        self.store = store
        self.sink = sink
        self.records: dict[str, Ready] = {}
        self.owners: dict[str, list[FileOutcome]] = {}
        self.shas: dict[str, tuple[str, str, str]] = {}
        self.written: list[tuple[Fields, UpsertResult]] = []
        self.bytes = 0  # record JSON held (approximate: a record merged within the batch counts twice)

    def add(self, record: Ready, outcome: FileOutcome) -> None:
        rid = record.id
        if rid in self.records:
            record = ready(merge_records(self.records[rid].model(), record.model()))
        self.records[rid] = record
        self.bytes += len(record.rows.json)
        self.owners.setdefault(rid, []).append(outcome)

    def __len__(self) -> int:
        return len(self.records)

    def flush(self, report: IngestReport) -> None:
        """Write the batch in one transaction; if that fails, write it file by file so that only the
        files whose records cannot be written fail (with the reason) and the others are stored.  Then
        hand what was written to the sink (the index)."""
        if not self.records and not self.shas:
            return
        try:
            try:
                self._write(list(self.records), report)
            except Exception as exc:  # any write error: find the files it belongs to
                self._write_file_by_file(report, exc)
        finally:
            written, self.written = self.written, []
            self.records.clear()
            self.owners.clear()
            self.shas.clear()
            self.bytes = 0
        if self.sink is not None and written:
            self.sink.written(written)

    def _write(self, ids: list[str], report: IngestReport) -> None:
        # One look-up for the whole batch: records already in the catalogue from another source merge.
        records = {rid: self.records[rid] for rid in ids}
        for rid, old in self.store.get_many(ids).items():
            new = records[rid].model()
            known = {s.sha256 for s in old.sources}
            if all(s.sha256 in known for s in new.sources or [new.source]):
                records[rid] = ready(old)  # the same input again: the stored (possibly merged) record stands
            else:
                records[rid] = ready(merge_records(old, new))
        # (each record's sources are written with it, in the same transaction)
        results = self.store.upsert_rows([r.rows for r in records.values()])
        for rec, result in zip(records.values(), results, strict=True):
            self._tally(rec.id, result.status, report)
        self.written += [(rec.fields, result) for rec, result in zip(records.values(), results, strict=True)
                         if result.seq is not None]

    def _tally(self, rid: str, status: str, report: IngestReport) -> None:
        if status == "new":
            report.records_new += 1
        elif status == "updated":
            report.records_updated += 1
        else:
            report.records_unchanged += 1
        for outcome in self.owners.get(rid, []):
            if status == "updated" and outcome.status == "new":
                outcome.status = "updated"

    def _write_file_by_file(self, report: IngestReport, first: Exception) -> None:
        by_file: dict[int, tuple[FileOutcome, list[str]]] = {}
        for rid, owners in self.owners.items():
            for outcome in owners:
                by_file.setdefault(id(outcome), (outcome, []))[1].append(rid)
        tried: set[str] = set()
        for _outcome, rids in by_file.values():
            todo = [r for r in rids if r not in tried]
            tried.update(todo)
            if not todo:
                continue
            try:
                self._write(todo, report)
            except Exception as exc:  # this file's records cannot be written: fail the file
                self._fail(todo, exc)

    def _fail(self, rids: list[str], exc: Exception) -> None:
        reason = exc.one_line() if isinstance(exc, LegationError) else f"{type(exc).__name__}: {exc}"
        for rid in rids:
            for outcome in self.owners.get(rid, []):
                if outcome.status != "failed":
                    outcome.status = "failed"
                    outcome.reason = WriteError(f"record {rid} could not be written to the catalogue: {reason}",
                                                path=outcome.path,
                                                hint="the other files were stored; fix this one and ingest it "
                                                     "again").one_line()


class _Unseen:
    """Drops files already ingested (same sha256), asking the catalogue about 256 files at a time."""

    def __init__(self, store: Store, batch: _Batch, report: IngestReport, progress: ProgressFn | None) -> None:
        self.store, self.batch, self.report, self.progress = store, batch, report, progress

    def known(self, shas: list[str]) -> set[str]:
        if not shas:
            return set()
        try:
            return self.store.known_sources(shas)
        except LegationError:  # cannot ask: parse them; merging with the stored record keeps it whole
            return set()

    def drain(self, chunk: list[InputItem]) -> Iterator[InputItem]:
        known = self.known([i.sha256 for i in chunk if isinstance(i, InputDoc)])
        for it in chunk:
            if isinstance(it, InputDoc) and (it.sha256 in known or it.sha256 in self.batch.shas):
                # (a file repeated within one chunk of 256 is caught when its records merge)
                self.report.files.append(FileOutcome(it.path, "unchanged", reason="already ingested (same sha256)"))
                if self.progress:
                    self.progress(it.path)
                continue
            yield it
        chunk.clear()

    def __call__(self, stream: Iterable[InputItem]) -> Iterator[InputItem]:
        chunk: list[InputItem] = []
        for item in stream:
            chunk.append(item)
            if len(chunk) >= 256:
                yield from self.drain(chunk)
        yield from self.drain(chunk)


def unreadable_reason(item: InputItem) -> str:
    """``[L###] path: reason`` when the reason has a code (budgets), else ``path: reason``."""
    reason = getattr(item, "reason", "")
    code, sep, rest = reason.partition("] ")
    if reason.startswith("[L") and sep:
        return f"{code}] {item.path}: {rest}"
    return f"{item.path}: {reason}"


def _take(item: InputItem, result: Result | None, batch: _Batch, report: IngestReport) -> None:
    """Add one parsed input to the report and its records to the batch."""
    if isinstance(item, Skipped):
        report.files.append(FileOutcome(item.path, "skipped", reason=item.reason))
        return
    if isinstance(item, Unreadable) or result is None:
        report.files.append(FileOutcome(item.path, "failed", reason=unreadable_reason(item)))
        return
    parsed, records = result
    outcome = FileOutcome(item.path, "new", format=parsed.format, warnings=list(parsed.warnings))
    report.files.append(outcome)
    if not parsed.ok:
        outcome.status = "failed"
        outcome.reason = parsed.error
        return
    for rec in records:
        batch.add(rec, outcome)
        outcome.records.append(rec.id)
        for w in rec.warnings:
            if w not in outcome.warnings:
                outcome.warnings.append(w)
    batch.shas[parsed.sha256] = (item.path, parsed.format, records[0].id if records else "")


def ingest_items(items: Iterable[InputItem], store: Store, *, fmt: str | None = None,
                 progress: ProgressFn | None = None, batch_records: int = BATCH_RECORDS,
                 workers: int = 1, keep_files: bool = True, budgets: Budgets | None = None,
                 sink: IndexSink | None = None) -> IngestReport:
    """Parse and store every item; return the report (never raises for bad input).

    ``workers`` > 1 parses in that many processes; the catalogue is written
    by this process only, in batches of ``batch_records`` (one transaction each;
    a batch that cannot be written is written again file by file, so a record
    that cannot be stored fails only its own file).  ``budgets`` bounds each
    file's parse time and text size.  ``sink`` is given each batch's records once committed (their index
    fields), so the index is fed without reading them back.  Should something else go wrong (the
    catalogue lost, a parser process killed), the report so far is returned
    with ``aborted`` set.
    """
    report = IngestReport(keep_files=keep_files)
    batch = _Batch(store, sink)
    b = budgets or DEFAULT
    try:
        for item, parsed in parse_all(_Unseen(store, batch, report, progress)(items), fmt, workers, b):
            if progress and not isinstance(item, Skipped):
                progress(item.path)
            _take(item, parsed, batch, report)
            if len(batch) >= batch_records or batch.bytes >= BATCH_BYTES:
                batch.flush(report)
                report.settle()
    except Exception as exc:  # keep what was read; the report says where it stopped
        report.aborted = (exc.one_line() if isinstance(exc, LegationError)
                          else f"[L999] ingest stopped: {type(exc).__name__}: {exc}")
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
                 relabel_root: tuple[str, str] | None = None, budgets: Budgets | None = None,
                 follow_symlinks: bool = False, sink: IndexSink | None = None) -> IngestReport:
    """Ingest files/folders/globs/archives; ``relabel_root=(root, label)`` renames paths under root."""
    items: Iterable[InputItem] = iter_inputs(paths, ignore=ignore, budgets=budgets, follow_symlinks=follow_symlinks)
    if relabel_root is not None:
        items = relabel(items, *relabel_root)
    return ingest_items(items, store, fmt=fmt, progress=progress, workers=workers, budgets=budgets, sink=sink)
