"""How fast the Clean and Enrich passes are: records per second for each pass, on real records.

    python bench/passes.py [PATH ...] [--repeat 3]

Parses the inputs (default ``../shared/samples`` and ``../shared/corpus``) once, then runs each
registered pass over a fresh copy of every record it applies to, ``--repeat`` times, and prints
the best time per pass (records, seconds, records/s, µs per record) and the inline total.  The
parser's hand-over (the furniture pieces) is kept for the furniture pass, as the pipeline gives it.
Only numbers are printed; nothing here is a test.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from legation import formats
from legation.clean.registry import Pass, passes
from legation.formats.base import ensure_text
from legation.ingest.inputs import Skipped, Unreadable, iter_inputs
from legation.ingest.pipeline import provenance
from legation.model import CleanInput, Record

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()


def parsed_records(paths: list[str]) -> list[tuple[str, Record]]:
    out: list[tuple[str, Record]] = []
    for item in iter_inputs(paths):
        if isinstance(item, (Skipped, Unreadable)):
            continue
        try:
            ensure_text(item)
            name, _score = formats.detect(item)
            out += [(name, provenance(r, item, name)) for r in formats.get(name).parse(item)]
        except Exception:  # a file that fails to parse is not a pass's business
            continue
    return out


def _copy(rec: Record) -> Record:
    new = rec.model_copy(deep=True)
    handed = rec.clean_input
    if handed is not None:
        new.hand_over(CleanInput(text=handed.text, furniture=list(handed.furniture)))
    return new


def time_pass(p: Pass, records: list[tuple[str, Record]], repeat: int) -> tuple[int, float]:
    mine = [r for fmt, r in records if p.applies_to(r, fmt)]
    best = float("inf")
    for _ in range(repeat):
        copies = [_copy(r) for r in mine]
        start = time.perf_counter()
        for r in copies:
            p.run(r)
        best = min(best, time.perf_counter() - start)
    return len(mine), (best if mine else 0.0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", default=[str(SHARED / "samples"), str(SHARED / "corpus")])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    records = parsed_records(args.paths)
    print(f"{len(records)} records from {', '.join(args.paths)}")
    print(f"{'stage':7} {'pass':22} {'records':>8} {'seconds':>9} {'records/s':>10} {'µs/record':>10}")
    total = 0.0
    for p in passes():
        n, sec = time_pass(p, records, args.repeat)
        total += sec
        rate = n / sec if sec else 0.0
        print(f"{p.stage:7} {p.name:22} {n:>8} {sec:>9.4f} {rate:>10.0f} {1e6 * sec / n if n else 0:>10.1f}")
    print(f"{'all inline passes':30} {len(records):>8} {total:>9.4f} {len(records) / total if total else 0:>10.0f}")


if __name__ == "__main__":
    main()
