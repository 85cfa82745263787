"""Enrich pass ``cable-aliases``: the other ids a cable is known by.

A cablegate cable is filed by WikiLeaks under its short reference id
(``09BRASILIA93``) while the catalogue gives it the canonical id
(``2009BRASILIA93``; ``1976TOKYO12732`` for 1973-1979 cables, the AAD form,
so a cablegate copy and the AAD copy become one record).  The short form is
an alias, so ``legation show 09BRASILIA93`` finds the record.  Aliases a
source prints (a CFPF document number, a History Lab id as printed) are read
by the parsers; this pass only adds the ids that follow from the record's
own id.  Idempotent: an alias is added once, never the record's own id.
"""

from __future__ import annotations

import re

from legation.cableids import short_cable_id
from legation.clean.registry import enrich_pass
from legation.model import Record

#: A canonical cable id: four-digit year, the post, the serial.
_CANONICAL = re.compile(r"\d{4}[A-Z][A-Z0-9]*?\d+")


def cable_aliases_of(record: Record) -> list[str]:
    """The aliases that follow from the id: the cablegate short form of a cablegate cable."""
    if record.collection != "cablegate" or not _CANONICAL.fullmatch(record.id):
        return []
    short = short_cable_id(record.id)
    return [short] if short and short != record.id else []


@enrich_pass("cable-aliases", order=10, collections=("cablegate",))
def cable_aliases(record: Record) -> Record:
    """Add the cablegate short id (09BRASILIA93) of a cable as an alias of its canonical id."""
    missing = [a for a in cable_aliases_of(record) if a not in record.aliases]
    if missing:
        record.aliases = [*record.aliases, *missing]
    return record


__all__ = ["cable_aliases", "cable_aliases_of"]
