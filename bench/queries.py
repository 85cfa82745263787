"""Query shapes timed through legation, bare tantivy (the same compiled query on the same index) and SQLite FTS5.

Used by ``bench/all.py``.  Every iteration picks a query, then runs the
engines in a rotating order, so load changes on a shared machine hit every
column alike:

- **legation cold**: ``Catalogue.search`` (request check, the one parse, compile, top 20 with stored
  fields and KWIC snippets, exact total, facet counts) with the per-query cache emptied first;
- **legation warm**: the same query again (total and facets from the cache, when the code has one);
- **tantivy**: the compiled query (made outside the timer) on a searcher of the same index: top 20
  with an exact count, plus the same aggregation request for facets;
- **tantivy + page**: that, plus the 20 stored documents and one snippet each (the floor for a page);
- **FTS5**: the same records in an SQLite FTS5 table (title, subject, summary, meta, text, tags) with
  a side table for dates and facet columns: top 20 by bm25 with ``snippet()``, ``count(*)``, and
  ``GROUP BY`` per facet.
"""

from __future__ import annotations

import json
import random
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tantivy
from figures import Table, loadavg, ms, p50, pct

from legation.catalogue import Catalogue
from legation.query import parse

FIVE = ["collection", "year", "tags", "from", "classification"]
FTS_FACET_SQL = {
    "collection": "m.collection", "year": "m.year", "from": "m.from_post", "classification": "m.classification",
}


@dataclass
class Shape:
    """One query shape: how to draw a query, in legation's language and in FTS5's."""

    label: str
    draw: Callable[[random.Random], tuple[str, str, str]]  # -> (legation query, FTS5 MATCH, FTS5 min date)
    facets: list[str] = field(default_factory=list)


def shapes(vocab: list[str]) -> list[Shape]:
    common, mid, rare = vocab[5:40], vocab[300:600], vocab[5000:8000]
    phrases = ["foreign minister", "human rights", "arms control", "the government"]

    def word(pool: list[str]) -> Callable[[random.Random], tuple[str, str, str]]:
        return lambda rng: (w := rng.choice(pool), f'"{w}"', "")

    def two(rng: random.Random) -> tuple[str, str, str]:
        a, b = rng.choice(mid), rng.choice(common)
        return f"{a} {b}", f'"{a}" AND "{b}"', ""

    def phrase(rng: random.Random) -> tuple[str, str, str]:
        p = rng.choice(phrases)
        return f'"{p}"', f'"{p}"', ""

    def field_date(rng: random.Random) -> tuple[str, str, str]:
        tag, year = rng.choice(["PFOR", "ECON", "MASS"]), rng.randint(1973, 1978)
        return f"tag:{tag} date:{year}..1979", f'tags : "{tag}"', f"{year}-01-01"

    return [
        Shape("rare term", word(rare)), Shape("mid term", word(mid)), Shape("common term", word(common)),
        Shape("two-term AND", two), Shape("phrase", phrase), Shape("field + date range", field_date),
        Shape("common term + 1 facet (tags)", word(common), ["tags"]),
        Shape("common term + 5 facets", word(common), FIVE),
    ]


# -- FTS5 -------------------------------------------------------------------------------------------
def fts_path(db: str) -> Path:
    return Path(db + ".fts5")


def build_fts(cat: Catalogue, path: Path) -> float:
    """The catalogue's records in an FTS5 table (built once, reused by later runs); returns seconds taken."""
    if path.exists():
        return 0.0
    t0 = time.perf_counter()
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    con.executescript("""
        CREATE VIRTUAL TABLE fts USING fts5(title, subject, summary, meta, text, tags,
                                            tokenize = 'unicode61 remove_diacritics 2');
        CREATE TABLE m (rowid INTEGER PRIMARY KEY, id TEXT, date TEXT, year INTEGER, collection TEXT,
                        from_post TEXT, classification TEXT, tags TEXT);
    """)
    rows: list[tuple[Any, ...]] = []
    side: list[tuple[Any, ...]] = []
    for n, rec in enumerate(cat.store.iter_records(), start=1):
        meta = " ".join([rec.id, *rec.tags, rec.signer])
        rows.append((n, rec.title, rec.subject, rec.summary, meta, rec.text, " ".join(rec.tags)))
        frm = rec.from_.post or rec.from_.name if rec.from_ is not None else ""
        klass = (rec.classification.current or rec.classification.original).upper()
        side.append((n, rec.id, rec.date, rec.year, rec.collection, frm, klass, json.dumps(rec.tags)))
        if len(rows) >= 5000:
            _flush_fts(con, rows, side)
    _flush_fts(con, rows, side)
    con.execute("INSERT INTO fts(fts) VALUES ('optimize')")
    con.commit()
    con.close()
    tmp.rename(path)
    return time.perf_counter() - t0


def _flush_fts(con: sqlite3.Connection, rows: list[tuple[Any, ...]], side: list[tuple[Any, ...]]) -> None:
    con.executemany("INSERT INTO fts(rowid, title, subject, summary, meta, text, tags) VALUES (?,?,?,?,?,?,?)", rows)
    con.executemany("INSERT INTO m VALUES (?,?,?,?,?,?,?,?)", side)
    con.commit()
    rows.clear()
    side.clear()


def fts_search(con: sqlite3.Connection, match: str, since: str, facets: list[str]) -> int:
    """Top 20 with snippets, the exact count, and each facet's top 20 values; returns the count."""
    where = "fts MATCH ?" + (" AND m.date >= ?" if since else "")
    args: tuple[str, ...] = (match, since) if since else (match,)
    join = "FROM fts JOIN m ON m.rowid = fts.rowid WHERE " + where
    con.execute(f"SELECT m.id, snippet(fts, 4, '<b>', '</b>', '...', 24) {join} ORDER BY bm25(fts) LIMIT 20",
                args).fetchall()
    total = int(con.execute(f"SELECT count(*) {join}", args).fetchone()[0])
    for name in facets:
        if name == "tags":
            sql = f"SELECT j.value, count(*) FROM fts JOIN m ON m.rowid = fts.rowid, json_each(m.tags) j WHERE {where}"
        else:
            sql = f"SELECT {FTS_FACET_SQL[name]}, count(*) {join}"
        con.execute(sql + " GROUP BY 1 ORDER BY 2 DESC LIMIT 20", args).fetchall()
    return total


# -- the engines ----------------------------------------------------------------------------------
def _clear(cat: Catalogue) -> None:
    cache = getattr(cat.index, "cache", None)
    if cache is not None:
        cache.clear()
    compiled = getattr(cat.index, "_compiled", None)
    if compiled is not None:
        compiled.clear()


def _bare(cat: Catalogue, engine_query: tantivy.Query, facets: list[str], page: bool) -> int:
    searcher = cat.index._index.searcher()
    found = searcher.search(engine_query, 20, count=True)
    if facets:
        searcher.aggregate(engine_query, {f"f{i}": {"terms": {"field": f, "size": 20}} for i, f in enumerate(facets)})
    if page:
        schema = cat.index.schema
        generator = tantivy.SnippetGenerator.create(searcher, engine_query, schema, "text")
        generator.set_max_num_chars(200)
        for _score, address in found.hits:
            generator.snippet_from_doc(searcher.doc(address)).highlighted()
    return int(found.count)  # type: ignore[attr-defined]


def time_shapes(cat: Catalogue, fts: sqlite3.Connection | None, vocab: list[str], repeat: int, seed: int,
                sink: list[dict[str, Any]], size: int) -> None:
    table = Table(f"Queries at {size:,} records: p50 / p95 ms ({repeat} runs each, interleaved)",
                  ["query", "legation cold", "legation warm", "tantivy", "tantivy + page", "FTS5",
                   "cold / tantivy", "mean hits", "load"], sink)
    rng = random.Random(seed)
    for shape in shapes(vocab):
        samples: dict[str, list[float]] = {k: [] for k in ("cold", "warm", "bare", "page", "fts")}
        hits: list[int] = []
        for i in range(repeat):
            q, match, since = shape.draw(rng)
            engine_query = cat.index.compile(parse(q))  # the same compiled query, made outside the timers
            f = shape.facets
            runs: list[tuple[str, Callable[[], Any]]] = [
                ("cold", lambda q=q, f=f, s=samples, h=hits: _cold_warm(cat, q, f, s, h)),
                ("bare", lambda eq=engine_query, f=f: _bare(cat, eq, f, False)),
                ("page", lambda eq=engine_query, f=f: _bare(cat, eq, f, True)),
                ("fts", lambda m=match, s=since, f=f: fts_search(fts, m, s, f) if fts is not None else None),
            ]
            for name, run in runs[i % 4:] + runs[:i % 4]:
                if name == "cold":
                    run()  # times itself (cold, then warm)
                elif name != "fts" or fts is not None:
                    samples[name].append(ms(run))
        cold, bare = p50(samples["cold"]), p50(samples["bare"])
        table.row(shape.label, *(f"{p50(samples[k]):.2f} / {pct(samples[k], 0.95):.2f}" if samples[k] else "not run"
                                 for k in ("cold", "warm", "bare", "page", "fts")),
                  f"{cold / bare:.1f}x" if bare else "-", f"{sum(hits) / max(1, len(hits)):,.0f}", loadavg())


def _cold_warm(cat: Catalogue, q: str, facets: list[str], samples: dict[str, list[float]], hits: list[int]) -> None:
    _clear(cat)
    t0 = time.perf_counter()
    result = cat.search(q, limit=20, facets=facets or None)
    samples["cold"].append((time.perf_counter() - t0) * 1000)
    hits.append(result.total)
    samples["warm"].append(ms(lambda: cat.search(q, limit=20, facets=facets or None)))


def facet_fields(cat: Catalogue, vocab: list[str], repeat: int, sink: list[dict[str, Any]]) -> None:
    """Each facet alone over common terms, cold (the aggregation itself), legation vs tantivy's aggregate."""
    table = Table("Facet cost by field over a common term, cold: p50 ms", ["facet", "legation", "tantivy", "load"], sink)
    rng = random.Random(7)
    for name in ["collection", "kind", "year", "from", "to", "tags", "classification"]:
        mine: list[float] = []
        bare: list[float] = []
        for _ in range(max(5, repeat // 4)):
            q = rng.choice(vocab[5:40])
            engine_query = cat.index.compile(parse(q))
            _clear(cat)
            mine.append(ms(lambda q=q, name=name: cat.facets(q, [name])))
            searcher = cat.index._index.searcher()
            request = {"f0": {"terms": {"field": name, "size": 20}}}
            bare.append(ms(lambda eq=engine_query, s=searcher, r=request: s.aggregate(eq, r)))
        table.row(name, f"{p50(mine):.2f}", f"{p50(bare):.2f}", loadavg())
