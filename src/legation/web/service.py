"""The reading room's library layer: everything the JSON API and the HTML pages ask of a catalogue.

:class:`ReadingRoom` wraps a :class:`~legation.catalogue.Catalogue` for a
public server: requests are built and validated against the server's limits
(:data:`legation.search.API`), searches run concurrently (no lock around
reads: the stores are thread-safe and every search acquires its own tantivy
searcher), and no read ever writes.  The index catches up with the catalogue
*off* the request path: once when the room opens, after each ingest, and in
a background thread (:meth:`ReadingRoom.start_following`) that picks up what
another process (``legation ingest``) wrote.  Ingests are serialised by a
write lock that no read takes, so an upload being parsed never holds up a
search or a record page.  ``api.py`` and ``web/pages.py`` only translate
HTTP to these calls, so tests reach every rule here without a server.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from legation.catalogue import Catalogue, Search
from legation.errors import IndexError_, NotFoundError, QueryError, StoreError
from legation.model import Record
from legation.query import Node
from legation.search import API, HISTOGRAM_VALUES, Limits, SearchRequest, check_facets, check_int
from legation.search.edits import date_node, set_dates
from legation.search.request import check_query
from legation.search.timeline import Timeline, month_timeline, year_timeline, zoom_year
from legation.text import entity_key as entity_norm

log = logging.getLogger("legation.web")

ENTITY_RECORD_LIMIT = 200
#: Seconds between the background follower's looks at the catalogue's change sequence.
FOLLOW_INTERVAL = 2.0


# -- entity keys --------------------------------------------------------------------
# entity_norm (legation.text.entity_key): accents folded, punctuation dropped, lower case.


@dataclass(frozen=True)
class EntityRef:
    """An entity as one record names it."""

    key: str
    name: str
    type: str
    role: str = ""

    @property
    def norm(self) -> str:
        return entity_norm(self.key or self.name)


def record_entities(rec: Record) -> list[EntityRef]:
    """The entities of a record (the enrich passes put every one in ``entities``), deduplicated by
    (type, linking key), in order of first appearance."""
    found: list[EntityRef] = [EntityRef(e.key or e.name, e.name, e.type or "OTHER", e.role) for e in rec.entities
                              if (e.key or e.name).strip()]
    seen: set[tuple[str, str]] = set()
    out: list[EntityRef] = []
    for ref in found:
        ident = (ref.type, ref.norm)
        if ref.norm and ident not in seen:
            seen.add(ident)
            out.append(ref)
    return out


# -- results ---------------------------------------------------------------------------
@dataclass
class EntityPage:
    key: str
    name: str
    type: str
    names: list[str] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)
    years: dict[str, int] = field(default_factory=dict)
    co_mentioned: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "name": self.name, "type": self.type, "names": self.names,
                "total": len(self.records), "records": self.records, "years": self.years,
                "co_mentioned": self.co_mentioned}


class ReadingRoom:
    """A catalogue opened for serving: concurrent reads, one writer at a time, bounded requests."""

    def __init__(self, db: str | None = None, *, catalogue: Catalogue | None = None,
                 limits: Limits = API) -> None:
        self.catalogue = catalogue if catalogue is not None else Catalogue(db)
        self.limits = limits
        self._writing = threading.Lock()  # ingests and index catch-up; never taken by a read
        self._stop = threading.Event()
        self._follower: threading.Thread | None = None
        with contextlib.suppress(IndexError_):
            _ = self.catalogue.index  # open the index and catch it up now, not on the first request

    def close(self) -> None:
        self.stop_following()
        with self._writing:
            self.catalogue.close()

    # -- freshness (off the request path) -------------------------------------------
    def catch_up(self) -> int:
        """Apply catalogue changes the index lacks; 0 when an ingest is writing (it catches up itself)."""
        if not self._writing.acquire(blocking=False):
            return 0
        try:
            if self.catalogue.store.last_seq() > self.catalogue.index.last_seq():
                return self.catalogue.sync_index()
            return 0
        except (IndexError_, StoreError) as exc:
            log.warning("the index could not catch up with the catalogue: %s", exc)
            return 0
        finally:
            self._writing.release()

    def start_following(self, interval: float = FOLLOW_INTERVAL) -> None:
        """Catch the index up every ``interval`` seconds in a background thread, until :meth:`close`."""
        if self._follower is not None:
            return
        self._stop.clear()

        def follow() -> None:
            while not self._stop.wait(interval):
                self.catch_up()

        self._follower = threading.Thread(target=follow, name="legation-index-follower", daemon=True)
        self._follower.start()

    def stop_following(self) -> None:
        self._stop.set()
        if self._follower is not None:
            self._follower.join(timeout=10)
            self._follower = None

    # -- search ---------------------------------------------------------------------
    def request(self, q: str = "", *, limit: int | None = None, offset: int = 0, sort: str = "relevance",
                facets: Iterable[str] | None = None, facet_limit: int | None = None) -> SearchRequest:
        """A request checked against the server's limits (the one parse of ``q``)."""
        return SearchRequest.build(q, limit=limit, offset=offset, sort=sort, facets=facets,
                                   facet_limit=facet_limit, limits=self.limits)

    def run(self, request: SearchRequest) -> Search:
        return self.catalogue.run(request)

    def search(self, q: str | SearchRequest, *, limit: int = 20, offset: int = 0, sort: str = "relevance",
               facets: Sequence[str] = ()) -> dict[str, Any]:
        """Search with the query language; the result dict always has ``description``, ``sort`` and ``facets``."""
        request = q if isinstance(q, SearchRequest) else self.request(q, limit=limit, offset=offset, sort=sort,
                                                                       facets=facets)
        data = self.run(request).to_dict()
        data["query"] = request.query
        return data

    def facets(self, q: str, field_name: str, limit: int = 20) -> list[list[Any]]:
        """Counts of one facet's values among the records matching ``q``."""
        ast = check_query(q, self.limits)
        names = check_facets([field_name])
        if len(names) != 1:
            raise QueryError(f"name one facet field: {', '.join(self.catalogue.FACETS)}")
        check_int("limit", limit, 1, self.limits.max_facet_values)
        counts = self.catalogue.count_facets(ast, names, limit)
        return [[str(v), int(n)] for v, n in counts.get(names[0], [])]

    def year_counts(self, ast: Node) -> dict[int, int]:
        """Records per year for an already parsed query."""
        counts = self.catalogue.count_facets(ast, ["year"], HISTOGRAM_VALUES).get("year", [])
        return {int(v): n for v, n in counts if str(v).lstrip("-").isdigit()}

    def timeline(self, ast: Node) -> Timeline:
        """The search page's timeline for a parsed query: the months of the one year its date clauses allow,
        else every year (counted without the date clauses, so a chosen range shows among the others)."""
        year = zoom_year(ast)
        if year is None:
            return year_timeline(ast, self.year_counts(set_dates(ast, None)))
        whole = set_dates(ast, date_node(str(year)))
        counts = self.catalogue.count_facets(whole, ["month"], 31).get("month", [])
        months = {str(v): int(n) for v, n in counts}
        return month_timeline(ast, year, months, self.year_counts(whole).get(year, 0))

    def year_histogram(self, q: str | Node) -> list[dict[str, Any]]:
        """Records per year for ``q``: every year from the first to the last (gaps as 0) when the span is short."""
        ast = check_query(q, self.limits) if isinstance(q, str) else q
        return histogram_bars(self.year_counts(ast))

    # -- records ----------------------------------------------------------------------
    def record(self, record_id: str) -> Record:
        if not record_id or len(record_id) > 300:
            raise NotFoundError("no record with that id", what="record", key=record_id[:300])
        return self.catalogue.get(record_id)

    def related(self, record_id: str, limit: int = 8) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """(records citing this one, most similar records) as small dicts for the page and the API."""
        citing = self.catalogue.store.get_many(self.catalogue.cited_by(record_id)[:50])
        cited = [{"id": r.id, "title": r.display_title(), "date": r.date} for r in citing.values()]
        similar: list[dict[str, Any]] = []
        with contextlib.suppress(IndexError_, QueryError):
            similar = [{"id": h.id, "title": h.title, "date": h.date, "collection": h.collection}
                       for h in self.catalogue.similar(record_id, limit=limit)]
        return cited, similar

    def existing_ids(self, ids: Iterable[str]) -> set[str]:
        wanted = [i for i in dict.fromkeys(ids) if i]
        if not wanted:
            return set()
        return set(self.catalogue.store.get_many(wanted))

    # -- entities ---------------------------------------------------------------------
    def entity_index(self, q: str = "", type_: str = "", limit: int = 50) -> list[dict[str, Any]]:
        """Entities whose key holds every word of ``q`` (all when empty), most records first."""
        rows = self.catalogue.store.entity_index(entity_norm(q).split(), type_, limit)  # type: ignore[attr-defined]
        return [{"key": k, "name": n, "type": t, "records": c} for k, n, t, c in rows]

    def entity(self, key: str) -> EntityPage:
        """Records that mention the entity ``key`` (oldest first), per year, and who else they mention.

        Read from the catalogue's entity table (:meth:`Catalogue.entity`): no record is scanned.
        """
        v = self.catalogue.entity(key, limit=ENTITY_RECORD_LIMIT)  # NotFoundError when no record names it
        return EntityPage(key=v.key, name=v.name, type=v.type, names=v.names, records=v.records,
                          years=v.years, co_mentioned=v.co_mentioned)

    # -- corpus -------------------------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        """Corpus counts, without server paths."""
        data = dict(self.catalogue.store.stats())
        keep = ("records", "collections", "kinds", "classifications", "years", "date_min", "date_max", "sources")
        return {k: data.get(k) for k in keep if k in data}

    # -- writing --------------------------------------------------------------------------
    def ingest(self, paths: Sequence[str], *, upload_root: str | None = None) -> dict[str, Any]:
        """Ingest files; files under ``upload_root`` (a temp folder) are recorded as ``upload:NAME``.

        One ingest at a time (the write lock); reads go on meanwhile.  The result is the
        report plus ``ok`` (False when any file failed) and ``failures`` (``{path, reason}``).
        """
        with self._writing:
            report = self.catalogue.ingest(list(paths), relabel_root=(upload_root, "upload:") if upload_root else None)
        data = report.to_dict()
        failures = [{"path": f.path, "reason": f.reason} for f in report.failed]
        return {"ok": report.ok, **data, "failures": failures}


def histogram_bars(counts: dict[int, int]) -> list[dict[str, Any]]:
    """Bars for a year histogram: ``{year, count, level}``; ``level`` 0..20 is the height in twentieths."""
    if not counts:
        return []
    years = sorted(counts)
    if years[-1] - years[0] <= 120:
        years = list(range(years[0], years[-1] + 1))
    top = max(counts.values()) or 1
    bars = []
    for y in years:
        n = counts.get(y, 0)
        level = 0 if n == 0 else max(1, round(20 * n / top))
        bars.append({"year": y, "count": n, "level": level})
    return bars
