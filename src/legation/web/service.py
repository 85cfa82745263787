"""The reading room's library layer: everything the JSON API and the HTML pages ask of a catalogue.

:class:`ReadingRoom` wraps a :class:`~legation.catalogue.Catalogue` with the
limits a public server needs (query length, page size, facet names), one lock
(the catalogue and its index are shared by the server's worker threads), and
the searches the pages are made of: a search with facets and a plain-words
description, a year histogram, an entity's records and its co-mentioned
entities, corpus statistics.  ``api.py`` and ``web/pages.py`` only translate
HTTP to these calls, so tests reach every rule here without a server.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from legation import query as querylang
from legation.catalogue import Catalogue
from legation.errors import IndexError_, NotFoundError, QueryError
from legation.model import Record
from legation.text import entity_key as entity_norm

MAX_QUERY_LENGTH = 1000
MAX_LIMIT = 100
MAX_OFFSET = 10_000
SORTS = ("relevance", "date", "-date")
#: Index facet field -> the query-language field that narrows by it.
FACET_QUERY_FIELDS = {"collection": "collection", "kind": "kind", "year": "year", "tags": "tag", "from": "from",
                      "to": "to", "classification": "class"}
FACET_FIELDS = tuple(FACET_QUERY_FIELDS)
FACET_LABELS = {"collection": "Collection", "kind": "Kind", "year": "Year", "tags": "TAGS", "from": "From",
                "to": "To", "classification": "Classification"}
#: Facets the search page shows in its sidebar (year is drawn as the histogram).
PAGE_FACETS = ("collection", "kind", "tags", "from", "to", "classification")
FACET_LIMIT = 12
HISTOGRAM_LIMIT = 400
ENTITY_RECORD_LIMIT = 200
#: When the index finds no record naming an entity, a catalogue this small is read record by record.
ENTITY_SCAN_LIMIT = 2000
ENTITY_TYPES_SEARCHED = ("person", "place", "org")


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
    """The entities of a record: its ``entities``, else (older parses) TAGS persons and participants.

    Deduplicated by (type, linking key), in order of first appearance.
    """
    found: list[EntityRef] = [EntityRef(e.key or e.name, e.name, e.type or "OTHER", e.role) for e in rec.entities
                              if (e.key or e.name).strip()]
    if not found:
        found += [EntityRef(p, p, "PERSON", "tags") for p in rec.tag_persons if p.strip()]
        found += [EntityRef(p.name, p.name, "PERSON", p.role or p.side) for p in rec.participants if p.name.strip()]
    seen: set[tuple[str, str]] = set()
    out: list[EntityRef] = []
    for ref in found:
        ident = (ref.type, ref.norm)
        if ref.norm and ident not in seen:
            seen.add(ident)
            out.append(ref)
    return out


def entity_matches(ref: EntityRef, norm_key: str) -> bool:
    """Same linking key, or every word of the key is a word of the entity (``brezhnev`` ~ ``BREZHNEV, LEONID I``)."""
    if not norm_key:
        return False
    mine = ref.norm
    if mine == norm_key or entity_norm(ref.name) == norm_key:
        return True
    words = norm_key.split()
    if not any(len(w) >= 3 for w in words):
        return False
    return set(words) <= set(mine.split()) or set(words) <= set(entity_norm(ref.name).split())


# -- facets in the query ------------------------------------------------------------
def facet_clause(field_name: str, value: str) -> str:
    """The query clause that narrows to one facet value: ``tag:PFOR``, ``to:"HONG KONG"``."""
    qfield = FACET_QUERY_FIELDS.get(field_name, field_name)
    value = value.replace('"', " ").strip()
    if re.fullmatch(r"[^\s()\"]+", value) and not value.startswith("-"):
        return f"{qfield}:{value}"
    return f'{qfield}:"{value}"'


def add_clause(q: str, clause: str) -> str:
    q = q.strip()
    if not q:
        return clause
    if querylang_has_or(q):
        return f"({q}) {clause}"
    return f"{q} {clause}"


def remove_clause(q: str, clause: str) -> str:
    pattern = r"(?<![^\s(])" + re.escape(clause) + r"(?![^\s)])"
    return re.sub(r"\s{2,}", " ", re.sub(pattern, "", q)).strip()


def has_clause(q: str, clause: str) -> bool:
    return re.search(r"(?<![^\s(])" + re.escape(clause) + r"(?![^\s)])", q) is not None


def querylang_has_or(q: str) -> bool:
    try:
        return isinstance(querylang.parse(q), querylang.Or)
    except QueryError:
        return False


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


def _check_int(name: str, value: int, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise QueryError(f"{name} must be a whole number from {low} to {high}")
    return value


def check_query(q: str) -> querylang.Node:
    """Parse ``q`` (raising QueryError with a column) after the length limit."""
    if not isinstance(q, str):
        raise QueryError("the query must be text")
    if len(q) > MAX_QUERY_LENGTH:
        raise QueryError(f"the query is {len(q)} characters long; the limit is {MAX_QUERY_LENGTH}")
    return querylang.parse(q)


def check_facets(names: Iterable[str]) -> list[str]:
    out: list[str] = []
    for raw in names:
        for name in str(raw).split(","):
            name = name.strip()
            if not name:
                continue
            if name not in FACET_QUERY_FIELDS:
                raise QueryError(f"unknown facet {name!r}; facets are {', '.join(FACET_FIELDS)}")
            if name not in out:
                out.append(name)
    return out


class ReadingRoom:
    """A catalogue opened for serving: thread-safe, bounded, read-mostly."""

    def __init__(self, db: str | None = None, *, catalogue: Catalogue | None = None) -> None:
        self.catalogue = catalogue if catalogue is not None else Catalogue(db)
        self._lock = threading.RLock()

    def close(self) -> None:
        with self._lock:
            self.catalogue.close()

    # -- freshness ---------------------------------------------------------------
    def _catch_up(self) -> None:
        """Bring the index up to changes another process (``legation ingest``) made; never fail a read for it."""
        try:
            if self.catalogue.store.last_seq() > self.catalogue.index.last_seq():
                self.catalogue.sync_index()
        except IndexError_:
            pass

    # -- search ---------------------------------------------------------------------
    def search(self, q: str, *, limit: int = 20, offset: int = 0, sort: str = "relevance",
               facets: Sequence[str] = ()) -> dict[str, Any]:
        """Search with the query language; the result dict always has ``description``, ``sort`` and ``facets``."""
        ast = check_query(q)
        _check_int("limit", limit, 0, MAX_LIMIT)
        _check_int("offset", offset, 0, MAX_OFFSET)
        if sort not in SORTS:
            raise QueryError(f"sort must be one of {', '.join(SORTS)}")
        wanted = check_facets(facets)
        with self._lock:
            self._catch_up()
            result = self.catalogue.search(q, limit=limit, offset=offset, sort=sort, facets=wanted,
                                           facet_limit=FACET_LIMIT)
            data: dict[str, Any] = dict(result.to_dict())
        data["query"] = q
        data["description"] = data.get("description") or querylang.describe(ast)
        data["facets"] = {name: [[str(v), int(n)] for v, n in data["facets"].get(name, [])] for name in wanted}
        return data

    def facets(self, q: str, field_name: str, limit: int = 20) -> list[list[Any]]:
        check_query(q)
        names = check_facets([field_name])
        if len(names) != 1:
            raise QueryError(f"name one facet field: {', '.join(FACET_FIELDS)}")
        name = names[0]
        _check_int("limit", limit, 1, HISTOGRAM_LIMIT)
        with self._lock:
            self._catch_up()
            return [[str(v), int(n)] for v, n in self._facet_counts(q, name, limit)]

    def _facet_counts(self, q: str, name: str, limit: int) -> list[tuple[str, int]]:
        return list(self.catalogue.facets(q, [name], limit).get(name, []))

    def year_histogram(self, q: str) -> list[dict[str, Any]]:
        """Records per year for ``q``: every year from the first to the last (gaps as 0) when the span is short."""
        counts = {int(v): n for v, n in self.facets(q, "year", HISTOGRAM_LIMIT) if str(v).lstrip("-").isdigit()}
        return histogram_bars(counts)

    # -- records ----------------------------------------------------------------------
    def record(self, record_id: str) -> Record:
        if not record_id or len(record_id) > 300:
            raise NotFoundError("no record with that id")
        with self._lock:
            return self.catalogue.get(record_id)

    def related(self, record_id: str, limit: int = 8) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """(records citing this one, most similar records) as small dicts for the page and the API."""
        with self._lock:
            self._catch_up()
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
        with self._lock:
            return set(self.catalogue.store.get_many(wanted))

    # -- entities ---------------------------------------------------------------------
    def entity(self, key: str) -> EntityPage:
        """Records that mention the entity ``key`` (oldest first), per year, and who else they mention."""
        norm = entity_norm(key)
        if not norm or len(key) > 300:
            raise NotFoundError("no entity with that key")
        phrase = norm.replace('"', " ")
        q = " OR ".join(f'{f}:"{phrase}"' for f in ENTITY_TYPES_SEARCHED)
        with self._lock:
            self._catch_up()
            candidates: dict[str, Record] = {}
            with contextlib.suppress(QueryError, IndexError_):
                hits = self.catalogue.search(q, limit=ENTITY_RECORD_LIMIT).to_dict().get("hits", [])
                candidates.update(self.catalogue.store.get_many([h["id"] for h in hits]))
            matched = self._mentioning(candidates.values(), norm)
            store = self.catalogue.store
            # Types the index does not file under person/place/org (terms, countries ...): a small
            # catalogue is read record by record instead.
            if not matched and store.count() <= ENTITY_SCAN_LIMIT:
                matched = self._mentioning(store.iter_records(), norm)
        if not matched:
            raise NotFoundError(f"no record mentions {key!r}")
        matched.sort(key=lambda pair: (pair[0].date or "9999", pair[0].id))
        names: Counter[str] = Counter()
        types: Counter[str] = Counter()
        years: Counter[str] = Counter()
        co: dict[str, dict[str, Any]] = {}
        records: list[dict[str, Any]] = []
        for rec, refs in matched[:ENTITY_RECORD_LIMIT]:
            mine = [r for r in refs if entity_matches(r, norm)]
            for r in mine:
                names[r.name] += 1
                types[r.type] += 1
            mine_norms = {r.norm for r in mine}
            if rec.year is not None:
                years[str(rec.year)] += 1
            records.append({"id": rec.id, "title": rec.display_title(), "date": rec.date,
                            "collection": rec.collection, "kind": rec.kind,
                            "as": sorted({r.name for r in mine}), "roles": sorted({r.role for r in mine if r.role})})
            for r in refs:
                if r.norm in mine_norms or r.norm == norm:
                    continue
                entry = co.setdefault(r.norm, {"key": r.key, "name": r.name, "type": r.type, "count": 0, "_ids": set()})
                if rec.id not in entry["_ids"]:
                    entry["_ids"].add(rec.id)
                    entry["count"] += 1
        co_list = sorted(co.values(), key=lambda e: (-e["count"], e["name"]))[:40]
        for entry in co_list:
            entry.pop("_ids", None)
        name = names.most_common(1)[0][0] if names else key
        return EntityPage(key=key, name=name, type=types.most_common(1)[0][0] if types else "",
                          names=[n for n, _ in names.most_common()], records=records,
                          years=dict(sorted(years.items())), co_mentioned=co_list)

    @staticmethod
    def _mentioning(records: Iterable[Record], norm: str) -> list[tuple[Record, list[EntityRef]]]:
        out: list[tuple[Record, list[EntityRef]]] = []
        for rec in records:
            refs = record_entities(rec)
            if any(entity_matches(r, norm) for r in refs):
                out.append((rec, refs))
        return out

    # -- corpus -------------------------------------------------------------------------
    def stats(self) -> dict[str, Any]:
        """Corpus counts, without server paths."""
        with self._lock:
            data = dict(self.catalogue.store.stats())
        keep = ("records", "collections", "kinds", "classifications", "years", "date_min", "date_max", "sources")
        return {k: data.get(k) for k in keep if k in data}

    # -- writing --------------------------------------------------------------------------
    def ingest(self, paths: Sequence[str], *, upload_root: str | None = None) -> dict[str, Any]:
        """Ingest files; files under ``upload_root`` (a temp folder) are recorded as ``upload:NAME``."""
        with self._lock:
            report = self.catalogue.ingest(list(paths), relabel_root=(upload_root, "upload:") if upload_root else None)
        return report.to_dict()


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
