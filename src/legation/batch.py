"""Batch search: a list of queries in (one a line), a table of hits per query out (CSV or dicts).

    legation search --queries names.txt > hits.csv

Blank lines and lines starting with ``#`` are skipped.  A malformed query
does not stop the batch: its row carries the error (``[L600] ...``) and the
other queries run.  Each query gives one row per hit (up to ``limit``) and a
row with an empty ``id`` when it matches nothing, so every query appears in
the output with its exact total.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from legation.errors import QueryError, UsageError

BATCH_COLUMNS = ["query", "total", "rank", "id", "date", "collection", "kind", "title", "score", "error"]
#: Most queries one batch may hold (the API and the CLI).
MAX_QUERIES = 1000


class _Searcher(Protocol):
    """A catalogue (``Search`` results) or a reading room (result dicts, under the server's limits)."""

    def search(self, query: str, /, *, limit: int = 20, sort: str = "relevance") -> Any: ...


@dataclass
class BatchRow:
    query: str
    total: int | None
    rank: int | None = None
    id: str = ""
    date: str = ""
    collection: str = ""
    kind: str = ""
    title: str = ""
    score: float | None = None
    error: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def cells(self) -> list[str]:
        return ["" if v is None else (f"{v:.4f}" if isinstance(v, float) else str(v)) for v in asdict(self).values()]


def read_queries(text: str) -> list[str]:
    """The queries of a batch file: one a line, blank lines and ``#`` comments skipped."""
    queries = [line.strip() for line in text.splitlines()]
    queries = [q for q in queries if q and not q.startswith("#")]
    if not queries:
        raise UsageError("the batch holds no queries", hint="write one query a line")
    if len(queries) > MAX_QUERIES:
        raise UsageError(f"the batch holds {len(queries)} queries; the limit is {MAX_QUERIES}",
                         hint="split it into several files")
    return queries


def batch_search(searcher: _Searcher, queries: Iterable[str], *, limit: int = 20,
                 sort: str = "relevance") -> Iterator[BatchRow]:
    """Run each query; rows of hits (rank from 1), a single empty row for no hits, an error row for a bad query."""
    for q in queries:
        try:
            found = searcher.search(q, limit=limit, sort=sort)
            result = found if isinstance(found, dict) else found.to_dict()
        except QueryError as exc:
            yield BatchRow(query=q, total=None, error=exc.one_line())
            continue
        total = int(result.get("total", 0))
        hits = result.get("hits", [])
        if not hits:
            yield BatchRow(query=q, total=total)
        for rank, hit in enumerate(hits, start=1):
            yield BatchRow(query=q, total=total, rank=rank, id=str(hit.get("id", "")), date=str(hit.get("date") or ""),
                           collection=str(hit.get("collection") or ""), kind=str(hit.get("kind") or ""),
                           title=str(hit.get("title") or ""), score=float(hit.get("score") or 0.0))


def batch_csv(rows: Iterable[BatchRow]) -> Iterator[str]:
    """The rows as CSV text, the header first, one line at a time."""
    def line(cells: list[str]) -> str:
        buf = io.StringIO()
        csv.writer(buf).writerow(cells)
        return buf.getvalue()

    yield line(BATCH_COLUMNS)
    for row in rows:
        yield line(row.cells())
