"""Fuzz legation: ``python bench/fuzz/run.py --cases 10000 --queries 2000``.

Prints: file cases, records, clear failures, files over budget, crashes, queries, HTTP requests and
500s, CLI runs, known deep-nesting failures, max RSS; ``--log FILE`` writes every crash as JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fuzz.harness import run_files, run_queries
from legation.ingest.budget import Budgets

SHARED = Path(__file__).resolve().parents[3] / "shared"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cases", type=int, default=10_000, help="mutated files")
    ap.add_argument("--queries", type=int, default=2_000, help="generated queries")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--parse-seconds", type=float, default=5.0, help="parse-time budget per file")
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--log", type=Path, help="write the crashes and HTTP 500s here as JSON")
    args = ap.parse_args()
    roots = [args.shared / "corpus", args.shared / "samples" / "seeds"]
    budgets = Budgets(parse_seconds=args.parse_seconds)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="legation-fuzz-") as tmp:
        stats, db = run_files(args.cases, args.seed, Path(tmp), roots, budgets, progress=True)
        t1 = time.perf_counter()
        run_queries(args.queries, args.seed, db, stats)
    t2 = time.perf_counter()
    summary = {**stats.summary(), "file_seconds": round(t1 - t0, 1), "query_seconds": round(t2 - t1, 1)}
    for key, value in summary.items():
        print(f"{key:22} {value}")
    for kind, entries in (("crash", stats.crashes), ("http-500", stats.http_500), ("known-deep", stats.known_deep)):
        for e in entries[:10]:
            print(f"{kind}: {json.dumps(e, ensure_ascii=False)[:400]}")
    if args.log:
        args.log.write_text(json.dumps({"summary": summary, "crashes": stats.crashes, "http_500": stats.http_500,
                                        "known_deep": stats.known_deep}, ensure_ascii=False, indent=1))
    return 1 if stats.crashes or stats.http_500 else 0


if __name__ == "__main__":
    sys.exit(main())
