"""Reference-graph benchmark: `refs` and `thread` latency on a synthetic graph of ~1M edges.

    python bench/refs.py                         # 262,500 records, ~1,000,000 edges, SQLite
    python bench/refs.py --records 25000         # a quick run
    python bench/refs.py --db postgresql://...   # PostgreSQL catalogue (an empty schema)

The graph is built the way real cables cite each other: records fall into
conversations of 5-60 cables; each cites up to four earlier cables of its
conversation (mostly the last few), and one reference in ten names a cable
that is not in the catalogue (withheld).  Records and edges are written
straight into the catalogue's tables (``records``, ``ref_edges``) in bulk —
the graph, not record parsing, is what is measured.  Then ``refs_of`` and
``thread`` (depth 3, at most 500 nodes) run for random records through
legation's library functions (the CLI calls the same).  Prints figures;
nothing is asserted.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from legation import refs
from legation.store import open_store
from legation.store.base import Store


def conversations(n_records: int, rng: random.Random) -> Iterator[list[str]]:
    done = 0
    conv = 0
    while done < n_records:
        size = min(rng.randint(5, 60), n_records - done)
        yield [f"2009P{conv:05d}X{i:03d}" for i in range(size)]
        done += size
        conv += 1


def build(store: Store, n_records: int, per_record: int, seed: int) -> tuple[list[str], int]:
    rng = random.Random(seed)
    records: list[tuple[Any, ...]] = []
    edges: list[tuple[str, str, str, str, str, str]] = []
    day = 0
    for ids in conversations(n_records, rng):
        for k, rid in enumerate(ids):
            day += 1
            date = f"2009-{1 + (day // 28) % 12:02d}-{1 + day % 28:02d}"
            records.append((rid, date, f"Subject {rid}"))
            earlier = ids[max(0, k - 6):k]
            for j in range(min(per_record, len(earlier) + 1)):
                cited = f"2008W{rng.randrange(10**6):06d}" if rng.random() < 0.1 or not earlier else \
                    earlier[-1 - min(j, len(earlier) - 1)] if j < len(earlier) else rng.choice(earlier)
                edges.append((rid, cited, "ref", f"REF {j}", chr(65 + j), ""))
    _bulk(store, records, edges)
    return [r[0] for r in records], len(edges)


_EDGE_SQL = ("INSERT INTO ref_edges (citing, cited, kind, label, letter, note) VALUES (?, ?, ?, ?, ?, ?) "
             "ON CONFLICT DO NOTHING")


def _bulk(store: Store, records: list[tuple[Any, ...]], edges: list[tuple[str, str, str, str, str, str]]) -> None:
    """Rows straight into the catalogue's tables (a bench shortcut: no record JSON to parse or write)."""
    db = getattr(store, "_db", None)
    if db is not None:  # SQLite
        db.execute("BEGIN")
        db.executemany("INSERT INTO records (id, date, year, subject, json, seq, updated_at) "
                       "VALUES (?, ?, 2009, ?, '{}', 0, '')", records)
        db.executemany(_EDGE_SQL, edges)
        db.execute("COMMIT")
        db.execute("ANALYZE")
        return
    with store._pool.connection() as conn, conn.cursor() as cur:  # type: ignore[attr-defined]
        with cur.copy("COPY records (id, date, year, subject, json, seq, digest) FROM STDIN") as copy:
            for rid, date, subject in records:
                copy.write_row((rid, date, 2009, subject, "{}", 0, ""))
        with cur.copy("COPY ref_edges (citing, cited, kind, label, letter, note) FROM STDIN") as copy:
            for row in edges:
                copy.write_row(row)
        cur.execute("ANALYZE records")
        cur.execute("ANALYZE ref_edges")


def timed(fn: Callable[[str], Any], ids: list[str]) -> list[float]:
    out = []
    for rid in ids:
        t0 = time.perf_counter()
        fn(rid)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=262_500)
    ap.add_argument("--per-record", type=int, default=4)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--db", default="")
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    tmp = tempfile.TemporaryDirectory()
    url = args.db or str(Path(tmp.name) / "graph.db")
    store = open_store(url)
    t0 = time.perf_counter()
    ids, n_edges = build(store, args.records, args.per_record, args.seed)
    print(f"built {len(ids):,} records, {n_edges:,} edges in {time.perf_counter() - t0:.1f} s ({url.split('?')[0]})")
    rng = random.Random(args.seed + 1)
    sample = [rng.choice(ids) for _ in range(args.queries)]
    results = {
        "refs ID": timed(lambda r: refs.refs_of(store, r), sample),
        "thread ID (depth 3)": timed(lambda r: refs.thread(store, r, depth=3), sample),
        "thread ID (depth 1)": timed(lambda r: refs.thread(store, r, depth=1), sample),
        "refs --missing (top 50)": timed(lambda r: refs.missing(store, limit=50), sample[:5]),
    }
    sizes = [len(refs.thread(store, r, depth=3).nodes) for r in sample[:50]]
    print(f"{'query':26s} {'n':>5s} {'p50 ms':>8s} {'p95 ms':>8s} {'max ms':>8s}")
    for name, ms in results.items():
        print(f"{name:26s} {len(ms):>5d} {statistics.median(ms):>8.2f} {p(ms, 95):>8.2f} {max(ms):>8.2f}")
    print(f"thread sizes (depth 3): median {statistics.median(sizes):.0f} records, max {max(sizes)}")
    store.close()
    tmp.cleanup()
    sys.stdout.flush()


if __name__ == "__main__":
    main()
