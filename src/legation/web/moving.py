"""Moving on from a record: previous/next in its FRUS volume and by date in its collection, volume contents.

Every look-up is a catalogue search (the index answers ``id:VOLUME d*`` and
``collection:C date:<D`` without reading records), so these work the same on
SQLite and PostgreSQL catalogues.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from typing import Any

from legation.catalogue import Catalogue
from legation.errors import IndexError_, QueryError
from legation.model import Record
from legation.search.limits import LIBRARY

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_COLLECTION = re.compile(r"^[a-z]+$")
_DOC_N = re.compile(r"d(\d+)$")
#: Records dated alike are ordered by id; this many of them are read to find the neighbour.
SAME_DATE_WINDOW = 200


@dataclass
class Neighbour:
    id: str
    title: str
    date: str

    @classmethod
    def of(cls, hit: dict[str, Any]) -> Neighbour:
        return cls(str(hit["id"]), str(hit.get("title") or hit["id"]), str(hit.get("date") or ""))


@dataclass
class Moves:
    """Where a reader can go next from a record."""

    volume: str = ""
    volume_prev: Neighbour | None = None
    volume_next: Neighbour | None = None
    volume_size: int = 0
    date_prev: Neighbour | None = None
    date_next: Neighbour | None = None
    collection: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _hits(cat: Catalogue, q: str, sort: str, limit: int) -> list[dict[str, Any]]:
    with contextlib.suppress(QueryError, IndexError_):
        hits: list[dict[str, Any]] = cat.search(q, limit=limit, sort=sort).to_dict().get("hits", [])
        return hits
    return []


def volume_id(rec: Record) -> str:
    """The FRUS volume a record belongs to (its own id for the volume record), else ``""``."""
    if rec.collection != "frus":
        return ""
    vol = rec.archive.volume or ""
    if not vol and not _DOC_N.search(rec.id):
        vol = rec.id
    return vol if re.fullmatch(r"frus[0-9A-Za-z-]+", vol) else ""


def doc_number(record_id: str, volume: str) -> int | None:
    rest = record_id[len(volume):] if record_id.startswith(volume) else ""
    m = re.fullmatch(r"d(\d+)", rest)
    return int(m[1]) if m else None


def volume_contents(cat: Catalogue, volume: str) -> list[Neighbour]:
    """The documents of a FRUS volume held in the catalogue, in document-number order."""
    if not re.fullmatch(r"frus[0-9A-Za-z-]+", volume):
        return []
    hits = _hits(cat, f"id:{volume}d*", "date", LIBRARY.max_limit)
    docs = [(n, Neighbour.of(h)) for h in hits if (n := doc_number(str(h["id"]), volume)) is not None]
    return [d for _, d in sorted(docs, key=lambda pair: pair[0])]


def _by_date(cat: Catalogue, rec: Record) -> tuple[Neighbour | None, Neighbour | None]:
    """The records just before and after ``rec`` in its collection, by (date, id)."""
    if not _DATE.match(rec.date or "") or not _COLLECTION.match(rec.collection or ""):
        return None, None
    base = f"collection:{rec.collection}"
    same = sorted(_hits(cat, f"{base} date:{rec.date}", "date", SAME_DATE_WINDOW), key=lambda h: str(h["id"]))
    ids = [str(h["id"]) for h in same]
    prev = next_ = None
    if rec.id in ids:
        i = ids.index(rec.id)
        prev = Neighbour.of(same[i - 1]) if i > 0 else None
        next_ = Neighbour.of(same[i + 1]) if i + 1 < len(same) else None
    if prev is None:
        before = _hits(cat, f"{base} date:<{rec.date}", "-date", 50)
        if before:
            top = str(before[0].get("date") or "")
            prev = Neighbour.of(max((h for h in before if str(h.get("date") or "") == top), key=lambda h: str(h["id"])))
    if next_ is None:
        after = _hits(cat, f"{base} date:>{rec.date}", "date", 50)
        if after:
            low = str(after[0].get("date") or "")
            next_ = Neighbour.of(min((h for h in after if str(h.get("date") or "") == low), key=lambda h: str(h["id"])))
    return prev, next_


def moves(cat: Catalogue, rec: Record) -> Moves:
    """Previous/next in the record's FRUS volume (by document number) and in its collection (by date)."""
    out = Moves(collection=rec.collection)
    vol = volume_id(rec)
    if vol:
        docs = volume_contents(cat, vol)
        out.volume, out.volume_size = vol, len(docs)
        ids = [d.id for d in docs]
        if rec.id in ids:
            i = ids.index(rec.id)
            out.volume_prev = docs[i - 1] if i > 0 else None
            out.volume_next = docs[i + 1] if i + 1 < len(docs) else None
        elif docs and rec.id == vol:
            out.volume_next = docs[0]
    out.date_prev, out.date_next = _by_date(cat, rec)
    return out
