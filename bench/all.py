"""One benchmark command: queries against bare tantivy and SQLite FTS5, ingest by part, real pages, API, CLI.

    python bench/all.py --size 100000                      # builds a 100k catalogue in a temp folder
    python bench/all.py --size 100000 --catalogue /tmp/b/bench.db --keep   # build once, keep it ...
    python bench/all.py --catalogue /tmp/b/bench.db        # ... and reuse it (no synthetic ingest figure then)
    python bench/all.py --size 10000 --only queries,api    # sections: help, api, queries, facets, parts, main, realparts, real, ingest
    PYTHONPATH=../main/src python bench/all.py ...         # the same command on another source tree (before/after)

Prints markdown tables, each row with the machine load (``/proc/loadavg``)
beside it; ``--json FILE`` also writes every table.  Measurements that are
compared (legation / tantivy / FTS5, library / API, ``--help`` / ``import
typer``) are interleaved within one loop.  Nothing here is asserted: tests
never time anything.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from figures import Table, loadavg, machine, ms, p50, pct
from generate import CableGenerator
from ingest_parts import end_to_end_synthetic, main_process, parts, parts_of, real_docs, real_pages
from queries import build_fts, facet_fields, fts_path, time_shapes

from legation.catalogue import Catalogue

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()
SECTIONS = ("help", "api", "queries", "facets", "parts", "main", "realparts", "real", "ingest")


def bench_help(repeat: int, sink: list[dict[str, Any]]) -> None:
    """Wall ms of ``legation --help`` beside its floors (python alone, python + ``import typer``), interleaved."""
    env = dict(os.environ)
    commands = {
        "legation --help": [sys.executable, "-m", "legation.cli", "--help"],
        "python -c 'import typer' (floor)": [sys.executable, "-c", "import typer"],
        "python -c pass": [sys.executable, "-c", "pass"],
    }
    samples: dict[str, list[float]] = {k: [] for k in commands}
    names = list(commands)
    for i in range(repeat):
        for name in names[i % 3:] + names[:i % 3]:
            samples[name].append(ms(lambda c=commands[name]: subprocess.run(c, env=env, stdout=subprocess.DEVNULL,
                                                                              check=True)))
    table = Table(f"CLI start-up, wall ms ({repeat} runs each, interleaved)", ["command", "p50", "min", "load"], sink)
    for name in names:
        table.row(name, f"{p50(samples[name]):.0f}", f"{min(samples[name]):.0f}", loadavg())


def bench_api(cat: Catalogue, vocab: list[str], repeat: int, sink: list[dict[str, Any]]) -> None:
    """Per-request overhead of the JSON API over the library call it makes (same warm query, interleaved)."""
    import warnings

    warnings.filterwarnings("ignore")
    from fastapi.testclient import TestClient

    from legation.api import create_app
    from legation.web.service import ReadingRoom

    room = ReadingRoom(catalogue=cat)
    table = Table(f"API overhead per request (TestClient, warm query, {repeat} requests each, interleaved)",
                  ["route", "library p50 ms", "API p50 ms", "API p95 ms", "overhead ms", "load"], sink)
    rec_id = next(iter(cat.store.iter_records())).id
    floor = _floor_app()
    with TestClient(create_app(room=room)) as client, TestClient(floor) as bare:
        cases = [
            ("floor: TestClient + an empty FastAPI route", lambda w: None, lambda w: bare.get("/")),
            ("/api/search?q=W", lambda w: room.search(room.request(w)), lambda w: client.get("/api/search", params={"q": w})),
            ("/api/search?q=W&facets=tags,year", lambda w: room.search(room.request(w, facets=["tags", "year"])),
             lambda w: client.get("/api/search", params={"q": w, "facets": "tags,year"})),
            ("/api/records/ID", lambda w: cat.get(rec_id).to_json(), lambda w: client.get(f"/api/records/{rec_id}")),
        ]
        for label, lib, api in cases:
            word = vocab[300]
            lib(word), api(word)  # warm: caches filled, code paths loaded
            mine: list[float] = []
            http: list[float] = []
            for i in range(repeat):
                pair = [(mine, lambda lib=lib, w=word: lib(w)), (http, lambda api=api, w=word: api(w))]
                for bucket, fn in pair if i % 2 else pair[::-1]:
                    bucket.append(ms(fn))
            table.row(label, f"{p50(mine):.2f}", f"{p50(http):.2f}", f"{pct(http, 0.95):.2f}",
                      f"{p50(http) - p50(mine):.2f}", loadavg())
    # the room shares ``cat``: do not close it here


def _floor_app() -> Any:
    from fastapi import FastAPI
    from fastapi.responses import Response

    app = FastAPI()

    @app.get("/")
    def empty() -> Response:
        return Response(b"{}", media_type="application/json")

    return app


def queries(cat: Catalogue, db: str, vocab: list[str], args: argparse.Namespace, sink: list[dict[str, Any]]) -> None:
    fts: sqlite3.Connection | None = None
    if args.fts:
        built = build_fts(cat, fts_path(db))
        if built:
            print(f"\n(FTS5 table built from the catalogue in {built:.0f} s: {fts_path(db)})")
        fts = sqlite3.connect(fts_path(db))
    try:
        size = cat.index.count()  # documents in the index (a replicated index holds more than the catalogue)
        time_shapes(cat, fts, vocab, args.repeat, args.seed, sink, size)
    finally:
        if fts is not None:
            fts.close()


def prepare_catalogue(args: argparse.Namespace, tmp: Path, sink: list[dict[str, Any]], wanted: set[str]) -> str:
    """The catalogue the query sections use: ``--catalogue`` when it exists, else one built here (timed)."""
    db = args.catalogue or str(tmp / "bench.db")
    if Path(db).exists():
        print(f"\n(reusing the catalogue {db}; the synthetic end-to-end ingest is not measured in this run)")
        return db
    if "ingest" in wanted or wanted & {"queries", "facets", "api"}:
        end_to_end_synthetic(db, args.size, args.workers, args.seed, sink)
    return db


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=10000, help="synthetic records in the query catalogue")
    ap.add_argument("--catalogue", help="SQLite catalogue to reuse, or to build at this path")
    ap.add_argument("--keep", action="store_true", help="keep a catalogue built in the temp folder")
    ap.add_argument("--no-fts", dest="fts", action="store_false", help="skip SQLite FTS5 (e.g. on a replicated index)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--repeat", type=int, default=60, help="runs per query shape")
    ap.add_argument("--parts-sample", type=int, default=2000, help="synthetic cables for the per-part figures")
    ap.add_argument("--seed", type=int, default=1976)
    ap.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated sections: {', '.join(SECTIONS)}")
    ap.add_argument("--json", type=Path, help="also write every table to this file")
    ap.add_argument("--shared", type=Path, default=SHARED, help="the shared folder (corpus/cablegate-html)")
    args = ap.parse_args()
    wanted = {s.strip() for s in args.only.split(",") if s.strip()}
    sink: list[dict[str, Any]] = []
    print(f"# legation bench/all.py: {machine()}, Python {sys.version.split()[0]}, source {_source()}")
    tmp = Path(tempfile.mkdtemp(prefix="legation-all-"))
    try:
        _run(args, wanted, tmp, sink)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "tables": sink}, indent=1), "utf-8")


def _run(args: argparse.Namespace, wanted: set[str], tmp: Path, sink: list[dict[str, Any]]) -> None:
    if "help" in wanted:
        bench_help(max(5, args.repeat // 4), sink)
    if "parts" in wanted:
        parts(args.parts_sample, args.seed, sink)
    if "main" in wanted:
        main_process(args.size, args.parts_sample, args.seed, sink)
    pages = args.shared / "corpus" / "cablegate-html"
    if "realparts" in wanted and pages.is_dir():
        parts_of(real_docs(pages), f"{pages.name}: real pages", sink)
    if "real" in wanted:
        if pages.is_dir():
            real_pages(pages, sink)
        else:
            print(f"\n(no real pages: {pages} is missing)")
    if not wanted & {"ingest", "queries", "facets", "api"}:
        return
    db = prepare_catalogue(args, tmp, sink, wanted)
    vocab = CableGenerator(args.seed).vocab
    with Catalogue(db) as cat:
        _ = cat.index
        if "queries" in wanted:
            queries(cat, db, vocab, args, sink)
        if "facets" in wanted:
            facet_fields(cat, vocab, args.repeat, sink)
        if "api" in wanted:
            bench_api(cat, vocab, max(50, args.repeat * 2), sink)


def _source() -> str:
    import legation

    return str(Path(legation.__file__).resolve().parents[1])


if __name__ == "__main__":
    main()
