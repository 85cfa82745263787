"""How fast the statistical entity pass (``legation enrich``: the shipped spaCy model, on Dask) reads text.

    PYTHONPATH=src python bench/entities/statistical.py [--workers 1,2] [--limit 400]

1. words/s per core: the model's worker function (:func:`legation.enrich.ner.work`) in this process over
   the History Lab bodies and cablegate records, CPU time (``time.process_time``);
2. the batch job end to end: the same records stored in a temporary SQLite catalogue and enriched by
   :func:`legation.enrich.batch.run_batch` on a ``LocalCluster`` of 1 and 2 workers (wall time, cluster
   start included, and without it), then the implied wall time for 1M cables of the corpus's mean length
   on 1, 4 and 16 workers (from the measured per-core rate, assuming the workers scale linearly).
The machine load is printed beside each figure.  Only numbers are printed; nothing here is a test.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))

from passes import SHARED, parsed_records  # noqa: E402

from legation.clean.registry import run_passes  # noqa: E402
from legation.model import Record  # noqa: E402


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def records(limit: int) -> list[Record]:
    hl = [r for _f, r in parsed_records([str(SHARED / "corpus" / "historylab-gt")]) if r.collection == "historylab"]
    cg = [r for _f, r in parsed_records([str(SHARED / "corpus" / "cablegate-html")])]
    chosen = (hl + cg[: max(0, limit - len(hl))])[:limit]
    return [run_passes(r) for r in chosen if r.text.strip()]


def per_core(recs: list[Record]) -> float:
    from legation.enrich import ner
    from legation.enrich.batch import Work

    ner.work([Work("warm", "The Foreign Minister met Ambassador Smith in Tokyo.")])  # load the model, untimed
    words = sum(len(r.text.split()) for r in recs)
    kb = sum(len(r.text) for r in recs) / 1000
    before = load()
    start = time.process_time()
    ner.work([Work(r.id, r.text) for r in recs])
    sec = time.process_time() - start
    print(f"model in-process: {len(recs)} records, {words:,} words, {kb:,.0f} KB in {sec:.1f} CPU s: "
          f"{words / sec:,.0f} words/s, {kb / sec:,.0f} KB/s, {len(recs) / sec:.1f} records/s per core "
          f"(load {before} -> {load()})")
    return words / sec


def dask_run(recs: list[Record], workers: int) -> None:
    from legation.catalogue import Catalogue
    from legation.enrich import ner
    from legation.enrich.batch import run_batch

    words = sum(len(r.text.split()) for r in recs)
    with tempfile.TemporaryDirectory() as tmp, Catalogue(str(Path(tmp) / "cat.db")) as cat:
        cat.store.upsert([r.model_copy(deep=True) for r in recs])
        before = load()
        start = time.perf_counter()
        report = run_batch(cat.store, ner.job(), workers=workers)
        wall = time.perf_counter() - start
    print(f"run_batch, LocalCluster of {workers}: {report.done} records, {wall:.1f} s wall incl. cluster start "
          f"and model loads: {report.done / wall:.1f} records/s, {words / wall:,.0f} words/s (load {before} -> {load()})")


def implied(words_per_s: float, words_per_cable: float) -> None:
    core_s = 1_000_000 * words_per_cable / words_per_s
    print(f"1M cables of {words_per_cable:.0f} words at {words_per_s:,.0f} words/s per core = {core_s:,.0f} core-s: "
          + ", ".join(f"{w} workers {core_s / w / 3600:.1f} h" for w in (1, 4, 16)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--limit", type=int, default=400, help="records (History Lab bodies first, then cablegate)")
    args = ap.parse_args()
    recs = records(args.limit)
    rate = per_core(recs)
    for w in (int(x) for x in args.workers.split(",") if x):
        dask_run(recs, w)
    cables = [r for r in recs if r.collection in ("historylab", "cablegate")]
    implied(rate, sum(len(r.text.split()) for r in cables) / max(1, len(cables)))


if __name__ == "__main__":
    main()
