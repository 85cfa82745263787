"""How fast the inline Enrich passes are: records/s and KB of text/s per pass and in total, CPU time, one core.

    PYTHONPATH=src python bench/entities/speed.py [--repeat 3] [--synthetic 2000] [--sets historylab,cablegate-html,synthetic]

The first run of each set is also printed (cold: the tables loaded, the per-name caches empty), as is
what it makes all passes per second.  ``--gc-freeze`` takes the records the bench holds out of the
garbage collector's reach (``gc.freeze``): without it a first run pays for full collections that walk
every record of the set and its copies, which an ingest worker (one file's records at a time) does not hold.

The per-pass table runs each pass over the whole set (a fresh copy of it held meanwhile: the collections
walk every record already enriched).  The last line of each set runs all passes record by record, as an
ingest worker does (one record, all its passes, handed on): the figure the inline target is read on.

Data sets: the History Lab bodies of ``../shared/corpus/historylab-gt`` (174), the records of the cablegate
pages of ``../shared/corpus/cablegate-html`` (1,145 pages), and ``--synthetic N`` cables of
``bench/generate.py``.  Each set is parsed and cleaned once (the Clean stage, as the pipeline runs it); then
every Enrich pass runs over all of the set's records in pipeline order, on a fresh copy each repeat, and its
CPU time (``time.process_time``: the machine is shared) is the best of ``--repeat``.  The machine load is
printed beside every set.  Only numbers are printed; nothing here is a test.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "bench" / "entities"))

from dump import synthetic_records  # noqa: E402
from passes import SHARED, parsed_records  # noqa: E402

from legation.clean.registry import Pass, passes, run_stage  # noqa: E402
from legation.enrich.extract import load_tables  # noqa: E402
from legation.model import Record  # noqa: E402

SETS = ("historylab", "cablegate-html", "synthetic")


def load_set(name: str, synthetic: int) -> list[tuple[str, Record]]:
    if name == "historylab":
        return [(f, r) for f, r in parsed_records([str(SHARED / "corpus" / "historylab-gt")])
                if r.collection == "historylab"]
    if name == "cablegate-html":
        return parsed_records([str(SHARED / "corpus" / "cablegate-html")])
    return synthetic_records(synthetic)


def cleaned(records: list[tuple[str, Record]]) -> list[tuple[str, Record]]:
    return [(fmt, run_stage(rec, "clean", fmt)) for fmt, rec in records]


def time_passes(records: list[tuple[str, Record]], repeat: int) -> tuple[dict[str, tuple[int, float]], dict[str, float]]:
    """Pass name -> (records it ran on, best CPU seconds over ``repeat`` runs of the whole Enrich stage), and
    pass name -> CPU seconds of the first run (cold: the per-name caches empty, only the tables loaded)."""
    best: dict[str, tuple[int, float]] = {}
    first: dict[str, float] = {}
    enrich: list[Pass] = passes("enrich")
    for _ in range(repeat):
        batch = [(fmt, rec.model_copy(deep=True)) for fmt, rec in records]
        for p in enrich:
            mine = [i for i, (fmt, rec) in enumerate(batch) if p.applies_to(rec, fmt)]
            start = time.process_time()
            for i in mine:
                out = p.run(batch[i][1])
                batch[i] = (batch[i][0], out)
            sec = time.process_time() - start
            first.setdefault(p.name, sec)
            if p.name not in best or sec < best[p.name][1]:
                best[p.name] = (len(mine), sec)
    return best, first


def time_by_record(records: list[tuple[str, Record]], repeat: int) -> tuple[float, float]:
    """Best and first CPU seconds of all Enrich passes run record by record, as an ingest worker runs them:
    a fresh copy of one record (untimed) through every pass that applies, then let go (the worker hands
    it on), so that the collector walks what the passes make, not the set the bench holds."""
    enrich: list[Pass] = passes("enrich")
    runs: list[float] = []
    clock = time.process_time
    for _ in range(repeat):
        sec = 0.0
        for fmt, original in records:
            rec = original.model_copy(deep=True)
            start = clock()
            for p in enrich:
                if p.applies_to(rec, fmt):
                    rec = p.run(rec)
            sec += clock() - start
            del rec
        runs.append(sec)
    return min(runs), runs[0]


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def report(name: str, records: list[tuple[str, Record]], repeat: int) -> None:
    kb = sum(len(r.text) for _f, r in records) / 1000
    before = load()
    timed, first = time_passes(records, repeat)
    print(f"\n{name}: {len(records)} records, {kb:,.0f} KB of text ({kb / max(1, len(records)):.1f} KB/record); "
          f"load {before} -> {load()}")
    print(f"  {'pass':20} {'records':>8} {'CPU s':>8} {'records/s':>10} {'KB/s':>9} {'µs/record':>10} {'first run µs/record':>20}")
    total = 0.0
    for pname, (n, sec) in timed.items():
        total += sec
        if not n:
            print(f"  {pname:20} {n:>8} {'-':>8} {'-':>10} {'-':>9} {'-':>10}")
            continue
        mine = kb * n / len(records)  # KB of the records it ran on (all of them, or none, for these passes)
        print(f"  {pname:20} {n:>8} {sec:>8.3f} {n / max(sec, 1e-9):>10,.0f} {mine / max(sec, 1e-9):>9,.0f} "
              f"{1e6 * sec / n:>10.1f} {1e6 * first[pname] / n:>20.1f}")
    cold = sum(first.values())
    print(f"  {'all enrich passes':20} {len(records):>8} {total:>8.3f} {len(records) / total:>10,.0f} "
          f"{kb / total:>9,.0f} {1e6 * total / len(records):>10.1f} {1e6 * cold / len(records):>20.1f}")
    print(f"  first run, all passes: {len(records) / cold:,.0f} records/s, {kb / cold:,.0f} KB/s")
    best, once = time_by_record(records, repeat)
    print(f"  record by record, as ingest runs them (all passes): {len(records) / best:,.0f} records/s "
          f"({1e6 * best / len(records):.1f} µs/record, {kb / best:,.0f} KB/s); first run "
          f"{len(records) / once:,.0f} records/s; load {load()}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--synthetic", type=int, default=2000)
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--gc-freeze", action="store_true",
                    help="move the loaded set out of the garbage collector's reach (gc.freeze) before timing: the "
                         "collections then cost what the passes' own objects make them, not what the bench holds")
    args = ap.parse_args()
    for name in args.sets.split(","):
        records = cleaned(load_set(name, args.synthetic))
        load_tables()  # every table of the inline finders, untimed (a first record may not need them all)
        run_stage(records[0][1].model_copy(deep=True), "enrich", records[0][0])  # and the passes' own, untimed
        if args.gc_freeze:
            gc.collect()
            gc.freeze()
        report(name, records, args.repeat)


if __name__ == "__main__":
    main()
