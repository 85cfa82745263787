"""Parsing in worker processes, robust to the worst a file can do to its parser.

- Workers die with the ingest process (Linux ``PR_SET_PDEATHSIG``; elsewhere a parent-pid check at
  start) and leave Ctrl-C to it.
- Each file's parse time and text size are bounded in the worker (:func:`parse_with_budget`).
- Should a worker die (a crash in C code, the OOM killer) or stop answering (a call in C code that the
  parse-time budget cannot interrupt), the pool is replaced, the chunk that was waited on is parsed
  again one file at a time, each in a process of its own that is killed past its budget, and only
  the file that kills or hangs its process fails; the other chunks are sent to the new pool.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import Connection
from typing import Any

from legation.errors import ParseTimeError
from legation.formats.base import InputDoc
from legation.ingest.budget import Budgets, parse_with_budget
from legation.ingest.inputs import InputItem
from legation.ingest.pipeline import Parsed
from legation.ingest.ready import Ready, ready

CHUNK = 32
GRACE_SECONDS = 30.0  # beyond the parse budget, before a silent worker is presumed stuck
PR_SET_PDEATHSIG = 1

Job = tuple[str, bytes]
#: What becomes of one file: the outcome (its ``records`` moved into the list) and its records, ready.
Result = tuple[Parsed, list[Ready]]


def _context() -> Any:
    return multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")


def prepared(parsed: Parsed) -> Result:
    """A parsed file with its records turned into catalogue rows and index fields (no model crosses over)."""
    records = [ready(r) for r in parsed.records]
    parsed.records = []
    return parsed, records


def warm_up() -> None:
    """Load here, once, what every worker would otherwise load for itself on its first file: every format
    and pass module (with their compiled patterns) and the entity finders' tables
    (:func:`legation.enrich.extract.load_tables`: gazetteer, census names, wordfreq's English table).
    Called before the workers are forked, so they share it (copy-on-write) instead of paying ~0.4 s of CPU
    each.  No input is parsed here: a file that crashes its parser still crashes only
    a worker.  The OCR lexicon is left to the workers that run that pass (cablegate pages do not)."""
    from legation.clean.registry import load_passes
    from legation.enrich.extract import load_tables
    from legation.enrich.names import is_common_word
    from legation.formats.registry import load_all

    load_all()
    load_passes()
    load_tables()
    is_common_word("the")


def parse_chunk(jobs: list[Job], fmt: str | None, budgets: Budgets) -> list[Result]:
    """Worker side: parse a chunk of documents; records go back ready to write (plain values, cheap to pickle)."""
    return [prepared(parse_with_budget(InputDoc(path=path, data=data), fmt, budgets)) for path, data in jobs]


def worker_init(parent: int) -> None:
    """Pool initializer: the worker dies with the ingest process (Linux: PR_SET_PDEATHSIG), leaves
    Ctrl-C to it (the parent shuts the pool down) and freezes what it inherited out of the GC's way."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no libc prctl: the parent-pid check below still runs
            pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # What the worker inherited (modules, the tables warm_up loaded) lives as long as it does: keep the
    # cyclic GC from walking it at every full collection (0.24 -> 0.16 ms of GC a page, cablegate pages).
    gc.freeze()


def _new_pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=worker_init,
                               initargs=(os.getpid(),))


def _kill_pool(pool: ProcessPoolExecutor) -> None:
    # A stuck worker never returns, so shutdown() alone would wait for ever: kill the processes first.
    for proc in list((getattr(pool, "_processes", None) or {}).values()):  # (no public handle on them)
        with contextlib.suppress(OSError, AttributeError):
            proc.kill()
    pool.shutdown(wait=True, cancel_futures=True)


def _failed(path: str, data: bytes, reason: str) -> Result:
    return Parsed(path=path, sha256=InputDoc(path=path, data=data).sha256, error=reason), []


def _isolated_main(conn: Connection, job: Job, fmt: str | None, budgets: Budgets, parent: int) -> None:
    worker_init(parent)
    conn.send(parse_chunk([job], fmt, budgets)[0])
    conn.close()


def parse_isolated(job: Job, fmt: str | None, budgets: Budgets) -> Result:
    """Parse one file in a process of its own, killed if it outlives its budget; a death is its failure."""
    ctx = _context()
    receiver, sender = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_isolated_main, args=(sender, job, fmt, budgets, os.getpid()), daemon=True)
    proc.start()
    sender.close()
    limit = budgets.parse_seconds + GRACE_SECONDS if budgets.parse_seconds > 0 else None
    path, data = job
    try:
        if receiver.poll(limit):
            result: Result = receiver.recv()
            return result
        reason = ParseTimeError(f"the parser did not answer within {limit:g} s (stuck in C code?), so its process "
                                "was stopped", path=path).one_line()
        return _failed(path, data, reason)
    except (EOFError, OSError):
        proc.join(5)
        return _failed(path, data, f"{path}: the parser process died while reading this file (exit code "
                                   f"{proc.exitcode}); please report it with this file")
    finally:
        receiver.close()
        if proc.is_alive():
            proc.kill()
        proc.join()


class _Window:
    """Chunks sent to the pool and not yet taken back, in input order; replaces a broken pool."""

    def __init__(self, workers: int, fmt: str | None, budgets: Budgets) -> None:
        self.workers, self.fmt, self.budgets = workers, fmt, budgets
        self.pool = _new_pool(workers)
        self.pending: deque[tuple[list[InputItem], list[Job], Future[list[Result]]]] = deque()

    def submit(self, group: list[InputItem]) -> None:
        jobs = [(i.path, i.data) for i in group if isinstance(i, InputDoc)]
        self.pending.append((group, jobs, self.pool.submit(parse_chunk, jobs, self.fmt, self.budgets)))

    def _wait(self) -> float | None:
        b = self.budgets.parse_seconds
        return b * (CHUNK + 1) + GRACE_SECONDS if b > 0 else None

    def take(self) -> Iterator[tuple[InputItem, Result | None]]:
        group, jobs, fut = self.pending.popleft()
        try:
            results = fut.result(timeout=self._wait())
        except (BrokenProcessPool, TimeoutError):
            results = self._recover(jobs)
        it = iter(results)
        for item in group:
            yield item, (next(it) if isinstance(item, InputDoc) else None)

    def _recover(self, jobs: list[Job]) -> list[Result]:
        """The pool died or is stuck: a new pool for the chunks still pending; this chunk file by file."""
        _kill_pool(self.pool)
        self.pool = _new_pool(self.workers)
        waiting = list(self.pending)
        self.pending.clear()
        for group, _jobs, _fut in waiting:
            self.submit(group)
        return [parse_isolated(job, self.fmt, self.budgets) for job in jobs]

    def close(self) -> None:
        if self.pending:  # stopped early (an error, or the consumer went away): do not wait for stuck workers
            _kill_pool(self.pool)
        else:
            self.pool.shutdown(wait=True)


def parse_all(items: Iterable[InputItem], fmt: str | None, workers: int,
              budgets: Budgets) -> Iterator[tuple[InputItem, Result | None]]:
    """Parse documents, in worker processes when ``workers`` > 1 (chunks of :data:`CHUNK`), keeping input order."""
    if workers <= 1:
        for item in items:
            yield item, (prepared(parse_with_budget(item, fmt, budgets)) if isinstance(item, InputDoc) else None)
        return
    warm_up()
    window = _Window(workers, fmt, budgets)
    try:
        chunk: list[InputItem] = []
        for item in items:
            chunk.append(item)
            if len(chunk) >= CHUNK:
                window.submit(chunk)
                chunk = []
                while len(window.pending) > workers * 4:
                    yield from window.take()
        if chunk:
            window.submit(chunk)
        while window.pending:
            yield from window.take()
    finally:
        window.close()
