"""End-to-end benchmark: legation's own ingest (parse, catalogue, index) and search.

    python bench/run.py --count 10000                       # SQLite catalogue in a temp dir
    python bench/run.py --count 100000 --workers 2
    python bench/run.py --count 10000 --db postgresql://...  # PostgreSQL catalogue

Cables come from bench/generate.py (AAD-style text, Zipfian vocabulary), go
through ``legation.ingest.ingest_items`` exactly as files do, then queries run
through ``Catalogue.search`` (query language -> tantivy, with snippets and an
exact total).  Prints a table of figures; nothing here is asserted.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import CableGenerator

from legation.catalogue import Catalogue, index_dir_for
from legation.formats.base import InputDoc
from legation.ingest import ingest_items


def docs(count: int, seed: int) -> Iterator[InputDoc]:
    gen = CableGenerator(seed)
    for i, (doc_id, text) in enumerate(gen.cables(count)):
        yield InputDoc.from_text(f"synthetic/{i:07d}_{doc_id}.txt", text)


def dir_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def timed(fn, repeat: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
    return statistics.median(samples), p95


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--db", help="catalogue URL (default: a SQLite file in a temp dir)")
    ap.add_argument("--repeat", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1976)
    ap.add_argument("--keep", action="store_true", help="keep the temp catalogue")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="legation-bench-"))
    db = args.db or str(tmp / "bench.db")
    if args.db and args.db.startswith("postgres"):
        os.environ.setdefault("LEGATION_INDEX", str(tmp / "bench-pg.index"))
    print(f"# legation benchmark: {args.count} synthetic cables, {args.workers} parser workers, catalogue {db}")
    with Catalogue(db) as cat:
        t0 = time.perf_counter()
        report = ingest_items(docs(args.count, args.seed), cat.store, workers=args.workers, keep_files=False)
        t_cat = time.perf_counter() - t0
        cat.sync_index()
        t_all = time.perf_counter() - t0
        n = report.records_new + report.records_updated
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        rss_kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"ingest: {n} records in {t_all:.1f} s = {n / t_all:,.0f} records/s end to end "
              f"(parse+catalogue {t_cat:.1f} s, index {t_all - t_cat:.1f} s); failed files {len(report.failed)}")
        print(f"memory: main process max RSS {rss:,.0f} MiB, largest worker {rss_kids:,.0f} MiB")
        if not db.startswith("postgres"):
            print(f"size: catalogue {dir_size(Path(db)) / 2**20:,.1f} MiB, "
                  f"index {dir_size(index_dir_for(db)) / 2**20:,.1f} MiB")

        rng = random.Random(args.seed)
        gen = CableGenerator(args.seed)
        vocab = gen.vocab
        common, mid, rare = vocab[5:40], vocab[300:600], vocab[5000:8000]
        queries = {
            "rare term": lambda: rng.choice(rare),
            "mid term": lambda: rng.choice(mid),
            "common term": lambda: rng.choice(common),
            "two-term AND": lambda: f"{rng.choice(mid)} {rng.choice(common)}",
            "phrase": lambda: f'"{rng.choice(["foreign minister", "human rights", "arms control", "the government"])}"',
            "field + date range": lambda: f"tag:{rng.choice(['PFOR', 'ECON', 'MASS'])} date:{rng.randint(1973, 1978)}..1979",
        }
        print("\n| query (top 20 with snippets, exact total) | p50 ms | p95 ms | mean hits |")
        print("|---|---:|---:|---:|")
        for label, make in queries.items():
            totals: list[int] = []

            def run(make=make, totals=totals) -> None:  # type: ignore[no-untyped-def]
                res = cat.search(make(), limit=20)
                totals.append(res.total)

            p50, p95 = timed(run, args.repeat)
            print(f"| {label} | {p50:.1f} | {p95:.1f} | {statistics.mean(totals):,.0f} |")

        def facet1() -> None:
            cat.search(rng.choice(common), limit=20, facets=["tags"])

        def facet5() -> None:
            cat.search(rng.choice(common), limit=20, facets=["collection", "year", "tags", "from", "classification"])

        p50, p95 = timed(facet1, args.repeat)
        print(f"| common term + 1 facet count (tags) | {p50:.1f} | {p95:.1f} | |")
        p50, p95 = timed(facet5, args.repeat)
        print(f"| common term + 5 facet counts | {p50:.1f} | {p95:.1f} | |")
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
