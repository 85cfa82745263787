"""Small helpers shared by the benchmark scripts: machine load, timers, percentiles, markdown tables."""

from __future__ import annotations

import os
import resource
import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any


def loadavg() -> str:
    """The 1/5/15-minute load averages (``/proc/loadavg``), as printed beside every figure."""
    try:
        with open("/proc/loadavg", encoding="ascii") as fh:
            return " ".join(fh.read().split()[:3])
    except OSError:
        return "n/a"


def machine() -> str:
    return f"{os.cpu_count()} cores, load {loadavg()}"


def cpu_seconds(children: bool = False) -> float:
    """CPU seconds (user + system) of this process, plus its finished children when asked."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    total = me.ru_utime + me.ru_stime
    if children:
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        total += kids.ru_utime + kids.ru_stime
    return total


def ms(fn: Callable[[], Any]) -> float:
    """Wall milliseconds of one call."""
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def pct(samples: Sequence[float], q: float) -> float:
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def p50(samples: Sequence[float]) -> float:
    return statistics.median(samples) if samples else float("nan")


class Table:
    """A markdown table printed row by row (so a long run shows progress), also kept for ``--json``."""

    def __init__(self, title: str, columns: Sequence[str], sink: list[dict[str, Any]]) -> None:
        self.title = title
        self.columns = list(columns)
        self.rows: list[list[str]] = []
        sink.append({"title": title, "columns": self.columns, "rows": self.rows})
        print(f"\n### {title}\n")
        print("| " + " | ".join(self.columns) + " |")
        print("|" + "|".join("---" if i == 0 else "---:" for i in range(len(self.columns))) + "|", flush=True)

    def row(self, *cells: object) -> None:
        text = [c if isinstance(c, str) else f"{c:,.2f}" if isinstance(c, float) else f"{c:,}" for c in cells]
        self.rows.append(text)
        print("| " + " | ".join(text) + " |", flush=True)
