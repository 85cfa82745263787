"""An index of K copies of a catalogue's records, for query figures at a size whose ingest does not fit the time.

    python bench/replicate.py --catalogue /tmp/b/bench.db --times 10 --out /tmp/b1m   # 100k -> 1M documents
    python bench/all.py --catalogue /tmp/b1m/bench.db --only queries,facets,api --no-fts

The catalogue is copied to ``OUT/bench.db``; ``OUT/bench.db.index`` gets
every record ``--times`` times (copy k > 0 has the id ``ID-k``, so its
sample bucket differs) and is marked as holding the catalogue's last change,
so ``Catalogue`` opens it without a rebuild.  Term statistics are those of the
source records repeated (matches x K, the same vocabulary): a stand-in for a
real 1M catalogue on the query side only.  Figures from it say so.
"""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path

from legation.index import TextIndex, record_document
from legation.store import SQLiteStore


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--catalogue", required=True, help="the SQLite catalogue to copy")
    ap.add_argument("--times", type=int, default=10)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    db = args.out / "bench.db"
    if not db.exists():
        shutil.copyfile(args.catalogue, db)
    t0 = time.perf_counter()
    with SQLiteStore(db) as store:
        seq = store.last_seq()
        last = store.changes_since(seq - 1, 1)
        index = TextIndex.open(args.out / "bench.db.index", create=True)
        writer = index._writer()
        writer.delete_all_documents()
        n = 0
        for rec in store.iter_records():
            for k in range(args.times):
                copy = rec if k == 0 else rec.model_copy(update={"id": f"{rec.id}-{k}"})
                writer.add_document(record_document(copy))
                n += 1
            if n % 100_000 < args.times:
                print(f"  {n:,} documents, {time.perf_counter() - t0:.0f} s", flush=True)
        index._finish(writer, seq, last[0].id if last else "")
    print(f"indexed {n:,} documents ({args.times} x the catalogue) in {time.perf_counter() - t0:.0f} s -> {index.path}")


if __name__ == "__main__":
    main()
