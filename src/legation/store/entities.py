"""Reading the ``record_entities`` table, the same SQL for SQLite and PostgreSQL.

The table is written by ``upsert`` with each record (one row per entity of
``record.entities``: ``record_id, key, name, type, source, role``) and
deleted with it.  These reads answer an entity page without reading records
one by one: which keys match what a reader typed, the records naming those
keys (oldest first, with their listing columns), a summary (names, types,
roles, sources, years, date span), and the entities of given records (for
co-mentions).

Each backend runs the statements built here with its own placeholder
(``?`` for SQLite, ``%s`` for psycopg) through a ``fetch(sql, params)``
callable; the statements are constants but for the number of placeholders,
and every value is a bound parameter.

:func:`entity_view` builds an entity's page from these reads alone (no
record is read for it): the reading room's entity page and
``/api/entities/KEY``, through :meth:`legation.catalogue.Catalogue.entity`.
Which keys a reader's key means: the key itself (as given and as a linking
key, :func:`legation.text.entity_key`), and every key that holds each of its
words as a word when one has three letters or more (``brezhnev`` ~
``brezhnev leonid i``, ``leonid brezhnev`` ~ ``brezhnev leonid i``; never
``gromyko`` ~ ``brezhnev``).  The word match reads the table's keys (no
index serves ``LIKE '% w %'``); linking one key per real entity (issue 12)
makes it a key look-up.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from legation.errors import NotFoundError, StoreError
from legation.text import entity_key

Fetch = Callable[[str, Sequence[Any]], list[tuple[Any, ...]]]

#: At most this many keys are asked about at once (an entity page names a handful).
MAX_KEYS = 200
#: At most this many record ids are asked about at once (mentions of a page's records).
MAX_IDS = 500


@dataclass(frozen=True, slots=True)
class EntityHit:
    """A record that names an entity, with the columns a listing needs."""

    id: str
    date: str = ""
    title: str = ""
    subject: str = ""
    collection: str = ""
    kind: str = ""

    @property
    def display_title(self) -> str:
        return self.title or self.subject or self.id


@dataclass(frozen=True, slots=True)
class EntityMention:
    """One row of ``record_entities``: an entity as one record names it."""

    record_id: str
    key: str
    name: str
    type: str = ""
    source: str = ""
    role: str = ""


@dataclass
class EntitySummary:
    """What the catalogue knows about the records naming some keys (counts are records, not rows)."""

    keys: list[str] = field(default_factory=list)
    records: int = 0
    names: dict[str, int] = field(default_factory=dict)
    types: dict[str, int] = field(default_factory=dict)
    roles: dict[str, int] = field(default_factory=dict)
    sources: dict[str, int] = field(default_factory=dict)
    years: dict[str, int] = field(default_factory=dict)
    date_min: str = ""
    date_max: str = ""


@runtime_checkable
class EntityReads(Protocol):
    """The entity reads both backends offer (SQLite and PostgreSQL), on top of :class:`~legation.store.base.Store`."""

    def entity_keys_matching(self, words: Sequence[str], limit: int = 50) -> list[str]:
        """Keys holding every one of ``words`` as a word (case folded)."""
        ...

    def entity_keys_present(self, keys: Sequence[str]) -> list[str]:
        """Those of ``keys`` some record names."""
        ...

    def entity_records(self, keys: Sequence[str], limit: int = 200, offset: int = 0) -> list[EntityHit]:
        """Records naming any of ``keys``, oldest first."""
        ...

    def entity_summary(self, keys: Sequence[str]) -> EntitySummary:
        """Names, types, roles, sources, years and date span of the records naming ``keys``."""
        ...

    def entity_mentions(self, record_ids: Sequence[str]) -> list[EntityMention]:
        """Every entity row of the given records."""
        ...


def _marks(mark: str, n: int) -> str:
    return ", ".join([mark] * n)


def _in_keys(mark: str, n: int) -> str:
    return f"SELECT record_id FROM record_entities WHERE key IN ({_marks(mark, n)})"


def matching_keys(fetch: Fetch, mark: str, words: Sequence[str], limit: int) -> list[str]:
    """Keys having every one of ``words`` (lower case, no punctuation) as a word, case folded; sorted."""
    words = [w for w in words if w][:8]
    if not words:
        return []
    where = " AND ".join([f"(' ' || lower(key) || ' ') LIKE {mark}"] * len(words))
    sql = f"SELECT DISTINCT key FROM record_entities WHERE {where} ORDER BY key LIMIT {mark}"
    return [str(r[0]) for r in fetch(sql, [*(f"% {w} %" for w in words), int(limit)])]


def top_keys(fetch: Fetch, mark: str, words: Sequence[str], type_: str, limit: int) -> list[tuple[str, str, str, int]]:
    """The entity index: ``(key, a printed name, type, records)`` for keys holding every one of ``words``
    (all keys when none) and of type ``type_`` (any when empty), most records first."""
    words = [w for w in words if w][:8]
    where = [f"(' ' || lower(key) || ' ') LIKE {mark}"] * len(words)
    params: list[object] = [f"% {w} %" for w in words]
    if type_:
        where.append(f"upper(type) = {mark}")
        params.append(type_.upper())
    cond = f"WHERE {' AND '.join(where)}" if where else ""
    sql = (f"SELECT key, MIN(name), MIN(type), COUNT(DISTINCT record_id) AS n FROM record_entities {cond} "
           f"GROUP BY key ORDER BY n DESC, key LIMIT {mark}")
    return [(str(k), str(n), str(t), int(c)) for k, n, t, c in fetch(sql, [*params, int(limit)])]


def existing_keys(fetch: Fetch, mark: str, keys: Sequence[str]) -> list[str]:
    """Those of ``keys`` some record names (an index look-up), sorted."""
    keys = list(dict.fromkeys(k for k in keys if k))[:MAX_KEYS]
    if not keys:
        return []
    sql = f"SELECT DISTINCT key FROM record_entities WHERE key IN ({_marks(mark, len(keys))}) ORDER BY key"
    return [str(r[0]) for r in fetch(sql, keys)]


def records_naming(fetch: Fetch, mark: str, keys: Sequence[str], limit: int, offset: int) -> list[EntityHit]:
    """Records naming any of ``keys``, oldest first (undated last, then by id)."""
    keys = list(dict.fromkeys(keys))[:MAX_KEYS]
    if not keys:
        return []
    sql = (f"SELECT r.id, r.date, r.title, r.subject, r.collection, r.kind FROM records r "
           f"WHERE r.id IN ({_in_keys(mark, len(keys))}) "
           f"ORDER BY CASE WHEN r.date = '' THEN '9999' ELSE r.date END, r.id LIMIT {mark} OFFSET {mark}")
    rows = fetch(sql, [*keys, int(limit), int(offset)])
    return [EntityHit(*(str(v or "") for v in row)) for row in rows]


def _grouped(fetch: Fetch, mark: str, column: str, keys: list[str]) -> dict[str, int]:
    # column is one of the constants of summary(), never input
    sql = (f"SELECT {column}, COUNT(DISTINCT record_id) FROM record_entities WHERE key IN ({_marks(mark, len(keys))}) "
           f"GROUP BY {column}")
    counts = {str(v): int(n) for v, n in fetch(sql, keys) if v not in (None, "")}
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def summary(fetch: Fetch, mark: str, keys: Sequence[str]) -> EntitySummary:
    """Counts over the records naming ``keys``: names, types, roles, sources, years, date span."""
    keys = list(dict.fromkeys(keys))[:MAX_KEYS]
    out = EntitySummary(keys=keys)
    if not keys:
        return out
    inner = _in_keys(mark, len(keys))
    total, date_min, date_max = fetch(
        f"SELECT COUNT(*), MIN(NULLIF(date, '')), MAX(NULLIF(date, '')) FROM records WHERE id IN ({inner})", keys)[0]
    out.records, out.date_min, out.date_max = int(total), str(date_min or ""), str(date_max or "")
    out.names = _grouped(fetch, mark, "name", keys)
    out.types = _grouped(fetch, mark, "type", keys)
    out.roles = _grouped(fetch, mark, "role", keys)
    out.sources = _grouped(fetch, mark, "source", keys)
    years = fetch(f"SELECT year, COUNT(*) FROM records WHERE id IN ({inner}) AND year IS NOT NULL GROUP BY year", keys)
    out.years = {str(y): int(n) for y, n in sorted(years)}
    return out


def mentions_in(fetch: Fetch, mark: str, record_ids: Sequence[str]) -> list[EntityMention]:
    """The entities of the given records (at most :data:`MAX_IDS` records), in a fixed order."""
    ids = list(dict.fromkeys(record_ids))[:MAX_IDS]
    if not ids:
        return []
    sql = (f"SELECT record_id, key, name, type, source, role FROM record_entities "
           f"WHERE record_id IN ({_marks(mark, len(ids))}) ORDER BY record_id, key, name, type, source, role")
    return [EntityMention(*(str(v or "") for v in row)) for row in fetch(sql, ids)]



# -- the entity page -----------------------------------------------------------------------------

#: Records listed on one page.
RECORD_LIMIT = 200
#: Co-mentioned entities listed.
CO_LIMIT = 40
#: Keys a word match may widen a key to.
KEY_LIMIT = 50
MAX_KEY_LENGTH = 300


@dataclass
class EntityView:
    """One entity as the catalogue knows it (the reading room's entity page and ``/api/entities/KEY``)."""

    key: str
    name: str
    type: str
    keys: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    total: int = 0
    records: list[dict[str, Any]] = field(default_factory=list)
    years: dict[str, int] = field(default_factory=dict)
    roles: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    date_min: str = ""
    date_max: str = ""
    co_mentioned: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "name": self.name, "type": self.type, "names": self.names, "total": self.total,
                "records": self.records, "years": self.years, "co_mentioned": self.co_mentioned,
                "keys": self.keys, "roles": self.roles, "sources": self.sources,
                "date_min": self.date_min, "date_max": self.date_max}


def keys_for(store: EntityReads, key: str) -> list[str]:
    """The stored keys ``key`` means (see the module docstring), sorted."""
    norm = entity_key(key)
    if not norm or len(key) > MAX_KEY_LENGTH:
        return []
    found = set(store.entity_keys_present([norm, key.strip()]))
    words = norm.split()
    if any(len(w) >= 3 for w in words):
        for k in store.entity_keys_matching(words, limit=KEY_LIMIT):
            if set(words) <= set(entity_key(k).split()):
                found.add(k)
    return sorted(found)


def _record_row(hit: EntityHit, mine: list[EntityMention]) -> dict[str, Any]:
    return {"id": hit.id, "title": hit.display_title, "date": hit.date, "collection": hit.collection,
            "kind": hit.kind, "as": sorted({m.name for m in mine}), "roles": sorted({m.role for m in mine if m.role})}


def _co_mentioned(mentions: list[EntityMention], keys: set[str], norm: str) -> list[dict[str, Any]]:
    co: dict[str, dict[str, Any]] = {}
    ids: dict[str, set[str]] = {}
    for m in mentions:
        other = entity_key(m.key) or entity_key(m.name)
        if m.key in keys or other == norm or not other:
            continue
        entry = co.setdefault(other, {"key": m.key, "name": m.name, "type": m.type, "count": 0})
        seen = ids.setdefault(other, set())
        if m.record_id not in seen:
            seen.add(m.record_id)
            entry["count"] += 1
    return sorted(co.values(), key=lambda e: (-e["count"], e["name"]))[:CO_LIMIT]


def entity_view(store: object, key: str, *, limit: int = RECORD_LIMIT, offset: int = 0) -> EntityView:
    """The entity ``key``: its records (oldest first, ``limit`` from ``offset``), names, years, co-mentions.

    Raises :class:`NotFoundError` when no record names it.
    """
    if not isinstance(store, EntityReads):
        raise StoreError("this catalogue backend cannot list entities")
    keys = keys_for(store, key)
    if not keys:
        raise NotFoundError(f"no record mentions {key!r}", hint="search for the name, or pick one on a record page")
    summ = store.entity_summary(keys)
    hits = store.entity_records(keys, limit=limit, offset=offset)
    mentions = store.entity_mentions([h.id for h in hits])
    keyset = set(keys)
    by_record: dict[str, list[EntityMention]] = {}
    for m in mentions:
        if m.key in keyset:
            by_record.setdefault(m.record_id, []).append(m)
    names = list(summ.names)
    types = Counter(summ.types)
    return EntityView(
        key=key, name=names[0] if names else key, type=types.most_common(1)[0][0] if types else "",
        keys=keys, names=names, total=summ.records,
        records=[_record_row(h, by_record.get(h.id, [])) for h in hits],
        years=summ.years, roles=list(summ.roles), sources=list(summ.sources),
        date_min=summ.date_min, date_max=summ.date_max,
        co_mentioned=_co_mentioned(mentions, keyset, entity_key(key)),
    )


__all__ = [
    "EntityHit",
    "EntityMention",
    "EntityReads",
    "EntitySummary",
    "EntityView",
    "entity_view",
    "existing_keys",
    "keys_for",
    "matching_keys",
    "mentions_in",
    "records_naming",
    "summary",
]
