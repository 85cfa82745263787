"""Serving until Ctrl-C, ending cleanly: under ``make demo`` too, where make would otherwise report an error.

A terminal's Ctrl-C sends SIGINT to its whole foreground process group.  Under ``make demo`` that group
holds make as well as the server, and GNU make, on SIGINT, waits for its child and then prints
``make: *** [Makefile:..: demo] Interrupt`` and dies by the signal, however cleanly the child stopped.
So while it serves, :func:`serving` puts the server in a process group of its own and gives it the
terminal, as a shell does for a job: Ctrl-C then reaches the server alone, which stops, hands the
terminal back, and make sees a child that exited 0.  Nothing changes when stdin is not a terminal
(tests, CI, a service manager) or the process is not in the terminal's foreground group.

SIGTERM stops the server the same way (a goodbye, exit 0), and Ctrl-Z is ignored while the server holds
the terminal: a stopped server would leave the terminal with a group that its shell does not know.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from types import FrameType


def _terminal_fd() -> int | None:
    """stdin's descriptor when it is a terminal whose foreground group is this process's, else None."""
    try:
        fd = sys.stdin.fileno()
        return fd if os.isatty(fd) and os.tcgetpgrp(fd) == os.getpgrp() else None
    except (AttributeError, OSError, ValueError):
        return None


def _give_terminal(fd: int, pgrp: int) -> None:
    """Make ``pgrp`` the terminal's foreground group (SIGTTOU held off: we may be in the background by then)."""
    previous = signal.signal(signal.SIGTTOU, signal.SIG_IGN)
    try:
        os.tcsetpgrp(fd, pgrp)
    finally:
        signal.signal(signal.SIGTTOU, previous)


@contextmanager
def own_terminal() -> Iterator[bool]:
    """Hold the terminal in a process group of our own for the duration (True when it was taken)."""
    fd = _terminal_fd()
    if fd is None or os.getpid() == os.getsid(0):  # a session leader cannot change its group
        yield False
        return
    before = os.getpgrp()
    try:
        os.setpgid(0, 0)
        _give_terminal(fd, os.getpgrp())
    except OSError:
        with suppress(OSError):
            os.setpgid(0, before)
        yield False
        return
    tstp = signal.signal(signal.SIGTSTP, signal.SIG_IGN)
    try:
        yield True
    finally:
        signal.signal(signal.SIGTSTP, tstp)
        with suppress(OSError):  # the group we came from may be gone (its leader killed)
            _give_terminal(fd, before)
        with suppress(OSError):
            os.setpgid(0, before)


def _interrupt(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@contextmanager
def term_as_interrupt() -> Iterator[None]:
    """SIGTERM raises KeyboardInterrupt, as Ctrl-C does (uvicorn re-raises the signal it stopped on)."""
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def serving(run: Callable[[], None]) -> None:
    """Call ``run`` (a server that returns or raises KeyboardInterrupt when stopped) until Ctrl-C or SIGTERM."""
    with own_terminal(), term_as_interrupt(), suppress(KeyboardInterrupt):
        run()
