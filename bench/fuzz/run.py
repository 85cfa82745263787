"""Fuzz legation: ``python bench/fuzz/run.py --cases 10000 --queries 2000``.

Prints: file cases, records, clear failures, files over budget, crashes, queries, HTTP requests and
500s, CLI runs, known deep-nesting failures, max RSS; ``--log FILE`` writes every crash as JSON.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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
    ap.add_argument("--jobs", type=int, default=1, help="shards run in parallel processes (seed, seed+1, ...)")
    ap.add_argument("--log", type=Path, help="write the crashes and HTTP 500s here as JSON")
    args = ap.parse_args()
    t0 = time.perf_counter()
    shards = [(args.cases // args.jobs + (1 if i < args.cases % args.jobs else 0),
               args.queries // args.jobs + (1 if i < args.queries % args.jobs else 0), args.seed + i)
              for i in range(args.jobs)]
    if args.jobs == 1:
        results = [_shard(args, *shards[0])]
    else:  # plain (non-daemon) processes: a shard's ingest starts parser processes of its own
        ctx = multiprocessing.get_context("fork")
        pipes = []
        for shard in shards:
            receiver, sender = ctx.Pipe(duplex=False)
            ctx.Process(target=_shard_main, args=(sender, args, *shard)).start()
            pipes.append(receiver)
        results = [r.recv() for r in pipes]
    summary = _merge([r["summary"] for r in results])
    summary["seconds"] = round(time.perf_counter() - t0, 1)
    for key, value in summary.items():
        print(f"{key:22} {value}")
    crashes = [e for r in results for e in r["crashes"]]
    http_500 = [e for r in results for e in r["http_500"]]
    known = [e for r in results for e in r["known_deep"]]
    for kind, entries in (("crash", crashes), ("http-500", http_500), ("known-deep", known)):
        for e in entries[:10]:
            print(f"{kind}: {json.dumps(e)[:400]}")  # ASCII: a case may hold lone surrogates
    if args.log:
        args.log.write_text(json.dumps({"summary": summary, "crashes": crashes, "http_500": http_500,
                                        "known_deep": known}, indent=1))
    return 1 if crashes or http_500 else 0


def _shard(args: argparse.Namespace, cases: int, queries: int, seed: int) -> dict[str, object]:
    roots = [args.shared / "corpus", args.shared / "samples" / "seeds"]
    budgets = Budgets(parse_seconds=args.parse_seconds)
    with tempfile.TemporaryDirectory(prefix="legation-fuzz-") as tmp:
        stats, db = run_files(cases, seed, Path(tmp), roots, budgets, progress=True)
        run_queries(queries, seed, db, stats)
    return {"summary": stats.summary(), "crashes": stats.crashes, "http_500": stats.http_500,
            "known_deep": stats.known_deep}


def _shard_main(conn: Any, args: argparse.Namespace, cases: int, queries: int, seed: int) -> None:
    conn.send(_shard(args, cases, queries, seed))
    conn.close()


def _merge(summaries: list[dict[str, object]]) -> dict[str, object]:
    out: dict[str, object] = {}
    for s in summaries:
        for key, value in s.items():
            if key.startswith("max_"):
                out[key] = max(float(out.get(key, 0)), float(value))  # type: ignore[arg-type]
            else:
                out[key] = int(out.get(key, 0)) + int(value)  # type: ignore[call-overload]
    return out


if __name__ == "__main__":
    sys.exit(main())
