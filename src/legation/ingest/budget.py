"""Per-file budgets enforced: parse time, decoded text size (the numbers are in :mod:`legation.budgets`).

A file over any budget fails with its path and the reason (an ``L11x`` code
from :mod:`legation.errors`); the batch goes on.  The sizes are enforced
where the bytes are read (:mod:`legation.ingest.inputs`, by streaming and
stopping at the limit); the parse time and the text size where the file is
parsed (:func:`parse_with_budget`, in the worker process or in-process).
"""

from __future__ import annotations

import ctypes
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from legation.budgets import DEFAULT, MIB, RATIO_FLOOR, Budgets
from legation.errors import LegationError, ParseTimeError, TextSizeError
from legation.formats.base import InputDoc, ensure_text
from legation.ingest.pipeline import Parsed, parse_input

__all__ = ["DEFAULT", "MIB", "RATIO_FLOOR", "Budgets", "deadline", "is_budget_failure", "parse_with_budget",
           "text_size_error"]

RETRY_SECONDS = 1.0    # after the deadline, interrupt again this often (in case a parser swallowed it)


class _Timeout(BaseException):
    """Raised inside a parse that ran out of time.  A BaseException, so ``except Exception`` in a parser
    cannot swallow it; it never leaves :func:`parse_with_budget`."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Interrupt the body with :class:`_Timeout` after ``seconds`` of wall-clock time (no limit if <= 0).

    In the main thread this is ``signal.setitimer`` (SIGALRM); in any other thread (the web server's
    thread pool), or without ``setitimer`` (Windows), a watchdog thread raises the exception in the
    parsing thread.  Either way the
    interruption lands between Python bytecodes, so a long call inside C code ends first.
    """
    if seconds <= 0:
        yield
    elif threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        with _alarm(seconds):
            yield
    else:
        with _watchdog(seconds):
            yield


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    armed = True

    def on_alarm(_signum: int, _frame: FrameType | None) -> None:
        if armed:
            raise _Timeout

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds, RETRY_SECONDS)
    try:
        yield
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _watchdog(seconds: float) -> Iterator[None]:
    target = ctypes.c_ulong(threading.get_ident())
    done = threading.Event()
    lock = threading.Lock()  # held while the body may still be interrupted

    def watch() -> None:
        wait = seconds
        while not done.wait(wait):
            with lock:
                if done.is_set():
                    return
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, ctypes.py_object(_Timeout))
            wait = RETRY_SECONDS

    watcher = threading.Thread(target=watch, name="legation-parse-deadline", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        with lock:
            done.set()
            # cancel an interruption that was sent but has not landed yet
            ctypes.pythonapi.PyThreadState_SetAsyncExc(target, None)
        watcher.join()


def text_size_error(doc: InputDoc, budgets: Budgets) -> str:
    """The text-size failure for ``doc`` ('' when within budget or when it cannot be decoded:
    the parser reports decoding problems itself)."""
    limit = budgets.text_chars
    if limit <= 0:
        return ""
    if len(doc.data) > 4 * limit:  # no encoding packs more than four bytes into a character
        n = f"more than {limit:,}"
    else:
        try:
            ensure_text(doc)
        except LegationError:
            return ""
        if len(doc.text) <= limit:
            return ""
        n = f"{len(doc.text):,}"
    return TextSizeError(f"the file decodes to {n} characters, over the budget of {limit:,}",
                         path=doc.path).one_line()


def parse_with_budget(doc: InputDoc, fmt: str | None = None, budgets: Budgets | None = None) -> Parsed:
    """:func:`~legation.ingest.pipeline.parse_input` within ``budgets``; never raises for bad input.

    A file over its text size or parse time comes back as a failed :class:`Parsed`.
    """
    b = budgets or DEFAULT
    try:
        with deadline(b.parse_seconds):
            error = text_size_error(doc, b)
            if error:
                return Parsed(path=doc.path, sha256=doc.sha256, error=error)
            return parse_input(doc, fmt)
    except _Timeout:
        doc.text = ""  # drop what the parse built; the raw bytes stay with the caller
        error = ParseTimeError(f"parsing took longer than the budget of {b.parse_seconds:g} s, so it was stopped",
                               path=doc.path).one_line()
        return Parsed(path=doc.path, sha256=doc.sha256, error=error)


def is_budget_failure(reason: str) -> bool:
    """Whether a failure reason is a budget failure (an ``L11x`` code)."""
    return "[L11" in reason
