"""The facet table: every facet, once, for the store columns, the index schema, the CLI, the API and the pages.

A :class:`Facet` says what it is called (``name``, the API and CLI name), which
index field holds its values (``index_field``, a raw fast field, or the
integer ``year``), how people read it (``label``), how a record yields its
values (``values``), which store column keeps it (``store_column``, or none),
which query field narrows by it (``query_field``: a value ``v`` is the clause
``query_field:v``) and how its values are listed (``order``: ``count`` =
commonest first, ``value`` = by value).

The classification rule (one rule, used by the store's ``classification``
column and by the index's facet field, so ``/about`` and the search sidebar
agree): a record's classification is its **current** classification when
one is printed (the marking it carries now, after review), else its
**original** one; upper-cased, so ``Secret`` (Wilson, FRUS) and ``SECRET``
(cables) count together.

This module imports only the record model: the store and the index import it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from legation.model import Record

ValuesFn = Callable[[Record], list[str]]


def _unique(values: list[str]) -> list[str]:
    return [v for v in dict.fromkeys(v.strip() for v in values) if v]


def record_classification(record: Record) -> str:
    """The classification facet value: the current marking if printed, else the original; upper case."""
    c = record.classification
    return (c.current or c.original).strip().upper()


def originator(record: Record) -> str:
    """The originating post (``TOKYO``), or the originator as printed when it has no post."""
    if record.from_ is None:
        return ""
    return record.from_.post or record.from_.name


def _collection(record: Record) -> list[str]:
    return _unique([record.collection])


def _kind(record: Record) -> list[str]:
    return _unique([record.kind])


def _year(record: Record) -> list[str]:
    return [str(record.year)] if record.year is not None else []


def _month(record: Record) -> list[str]:
    """``1977-09`` when the record is dated to the month or the day (a year-only date has no month)."""
    d = record.date
    return [d[:7]] if len(d) >= 7 and d[:4].isdigit() and d[4] == "-" and d[5:7].isdigit() else []


def _from(record: Record) -> list[str]:
    return _unique([originator(record)])


def _to(record: Record) -> list[str]:
    return _unique([a.post or a.name for a in record.to])


def _tags(record: Record) -> list[str]:
    return _unique(list(record.tags))


def _classification(record: Record) -> list[str]:
    return _unique([record_classification(record)])


_ENTITY_TYPES = {"person": ("PERSON", "PER"), "place": ("PLACE", "COUNTRY", "LOC", "GPE", "CITY"),
                 "org": ("ORG", "ORGANIZATION"), "country": ("COUNTRY",)}


def entity_keys(kind: str) -> ValuesFn:
    """The linking keys of a record's entities of one kind (``brezhnev l``, ``japan``): one value per entity,
    whatever spelling each record printed (keys come from the enrich passes, legation.enrich.names)."""
    types = _ENTITY_TYPES[kind]

    def values(record: Record) -> list[str]:
        return _unique([e.key for e in record.entities if e.type.upper() in types and e.key])

    return values


@dataclass(frozen=True)
class Facet:
    """One facet: see the module docstring for each column."""

    name: str
    index_field: str
    label: str
    query_field: str
    values: ValuesFn
    order: Literal["count", "value"] = "count"
    store_column: str = ""
    integer: bool = False
    sidebar: bool = True
    multi: bool = False  # a record may have several values (the index counts them in single-valued slots)
    dates: bool = False  # a value is a date (``1977-09``): its clause is a date range (``date:1977-09``)

    def first(self, record: Record) -> str:
        """The record's first value ('' when it has none), for a single-valued store column."""
        found = self.values(record)
        return found[0] if found else ""


FACETS: tuple[Facet, ...] = (
    Facet("collection", "collection", "Collection", "collection", _collection, store_column="collection"),
    Facet("kind", "kind", "Kind", "kind", _kind, store_column="kind"),
    Facet("year", "year", "Year", "year", _year, order="value", store_column="year", integer=True, sidebar=False),
    Facet("month", "month", "Month", "date", _month, order="value", sidebar=False, dates=True),
    Facet("from", "from", "From", "from", _from, store_column="from_post"),
    Facet("to", "to", "To", "to", _to, multi=True),
    Facet("tags", "tags", "TAGS", "tag", _tags, multi=True),
    Facet("classification", "classification", "Classification", "class", _classification,
          store_column="classification"),
    Facet("person", "person_key", "People", "person", entity_keys("person")),
    Facet("place", "place_key", "Places", "place", entity_keys("place")),
    Facet("org", "org_key", "Organisations", "org", entity_keys("org")),
    Facet("country", "country_key", "Countries", "country", entity_keys("country")),
)
BY_NAME: dict[str, Facet] = {f.name: f for f in FACETS}
FACET_NAMES: tuple[str, ...] = tuple(BY_NAME)
#: Facets the search page lists in its sidebar (the year facet is drawn as the histogram).
SIDEBAR: tuple[str, ...] = tuple(f.name for f in FACETS if f.sidebar)
#: Index fields that hold facet text values (raw, stored, fast).
TEXT_INDEX_FIELDS: tuple[str, ...] = tuple(f.index_field for f in FACETS if not f.integer)


def facet(name: str) -> Facet:
    """The facet called ``name``; KeyError when there is none (callers validate with :func:`check_names`)."""
    return BY_NAME[name]


def store_columns(record: Record) -> dict[str, object]:
    """The facet columns a store keeps beside a record's JSON: column name -> value (``year`` an int or None)."""
    out: dict[str, object] = {}
    for f in FACETS:
        if f.store_column:
            out[f.store_column] = record.year if f.integer else f.first(record)
    return out


def sort_values(f: Facet, values: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Facet counts in the facet's order (commonest first, ties by value; or by value)."""
    if f.order == "value":
        return sorted(values, key=lambda kv: (len(kv[0]), kv[0]))
    return sorted(values, key=lambda kv: (-kv[1], kv[0]))
