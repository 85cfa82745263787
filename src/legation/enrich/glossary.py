"""Enrich: the glossary terms a record uses, with their expansions.

``glossary_terms(record) -> Record`` (pure, idempotent) stores in
``record.attributes["glossary"]`` a mapping term -> ``{expansion, category,
source}`` for every cable-ese abbreviation printed as a word of the record's
text or subject (upper case, as cables print them) and every TAGS code of
its ``tags``.  Register it as an enrich pass::

    @enrich_pass("glossary", description="cable-ese abbreviations and TAGS codes the record uses")
"""

from __future__ import annotations

import re

from legation.clean.registry import enrich_pass
from legation.glossary import load, lookup
from legation.model import Record

ATTRIBUTE = "glossary"
# Abbreviations that are also ordinary words (or too short) in upper-case cable text: matched only as TAGS.
_COMMON = frozenset(["AID", "AMB", "AP", "AR", "CB", "DR", "EC", "FM", "FT", "FY", "GA", "HIM", "HK", "IG",
                     "IMMEDIATE", "INFO", "IO", "IQ", "MIN", "MSG", "PARA", "PARAS", "PM", "POL", "PRIORITY",
                     "PROTOCOL", "QR", "REP", "RES", "ROUTINE", "SC", "SEA", "SUBJ", "TS", "USA", "VISIT", "WH",
                     "AMBASSADOR", "EMBASSY", "CHARGE", "CONSUL", "DEPUTY", "CIRCULAR", "COMMUNIQUE",
                     "DEMARCHE", "REF", "REFS", "OBE", "PRES", "INTEL"])
#: An upper-case word, not inside a longer word or after a slash: ``(?<![A-Za-z/])[A-Z]...``, with the
#: look-behind after the first capital (it then reads the character before it) so that the engine scans
#: for a capital instead of trying the look-behind at every character (~40 % faster, the same matches:
#: ``tests/enrich/test_speed_equivalence_shared.py``).
_TOKEN = re.compile(r"[A-Z](?<![A-Za-z/][A-Z])[A-Z0-9]*(?:/[A-Z][A-Z0-9-]*)?(?![A-Za-z])")


@enrich_pass("glossary", order=70, description="The cable-ese terms a record uses, with their expansions (attributes['glossary'])")
def glossary_terms(record: Record) -> Record:
    """The record with ``attributes["glossary"]`` listing the glossary terms it uses (see the module doc)."""
    found: dict[str, dict[str, str]] = {}
    for tag in record.tags:
        for row in lookup(tag, "tags-subject") or lookup(tag, "tags-country"):
            found.setdefault(tag, {"expansion": row.expansion, "category": row.category, "source": row.source})
    glossary = load()
    # each distinct word once, and only the glossary's (C-level set operations); a word's entry does
    # not depend on where or how often it stands, and the entries are sorted below
    words = glossary.keys() & set(_TOKEN.findall("\n".join([record.subject, record.text])))
    for token in words - _COMMON - found.keys():
        if len(token) < 3:
            continue
        rows = [r for r in glossary[token] if r.category in ("term", "office")]
        if rows and rows[0].term.upper() == token:
            found[token] = {"expansion": rows[0].expansion, "category": rows[0].category, "source": rows[0].source}
    attributes = {k: v for k, v in record.attributes.items() if k != ATTRIBUTE}
    if found:
        attributes[ATTRIBUTE] = dict(sorted(found.items()))
    return record.model_copy(update={"attributes": attributes})  # only attributes change: the rest is shared
