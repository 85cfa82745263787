"""Search by either spelling: the printed words a repair replaced, and near spellings of names.

For the index (the search side owns it)::

    extra = original_spellings(record)   # ["PLOYANSKY", "POOPOSAL", "BRIEFEDFONMIN", ...]
    # index ``extra`` in a field beside ``text`` (e.g. "printed"), searched with it,
    # so ``legation search PLOYANSKY`` and ``legation search POLYANSKY`` both find the cable.

For the query layer (a ``fuzzy:`` / ``~`` operator)::

    fuzzy_terms("ployansky", vocabulary)        # -> ["polyansky"]: OR them as exact terms
    # or with tantivy directly:
    # tantivy.Query.fuzzy_term_query(schema, "text", term, distance=max_edits(term),
    #                                transposition_cost_one=True)

Distances are optimal-string-alignment edits (a swap of neighbours is one edit), on
case-folded words; :func:`max_edits` keeps short words exact enough to be useful.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rapidfuzz import process
from rapidfuzz.distance import OSA

from legation.model import Correction, Record

RULE_PREFIX = "ocr-"


def original_spellings(record: Record, corrections: Sequence[Correction] | None = None) -> list[str]:
    """The printed words that applied OCR repairs replaced, once each, in text order."""
    seen: set[str] = set()
    out: list[str] = []
    for c in record.corrections if corrections is None else corrections:
        if not (c.applied and c.rule.startswith(RULE_PREFIX)):
            continue
        repaired = {w.casefold() for w in c.replacement.split()}
        for word in c.original.split():
            key = word.casefold()
            if key not in repaired and key not in seen:
                seen.add(key)
                out.append(word)
    return out


def max_edits(term: str) -> int:
    """How many edits a fuzzy match may make: 0 up to 3 letters, 1 up to 7, else 2."""
    n = len(term)
    return 0 if n <= 3 else 1 if n <= 7 else 2


def fuzzy_matches(term: str, candidates: Iterable[str], *, max_distance: int | None = None,
                  limit: int = 20) -> list[tuple[str, int]]:
    """``(candidate, edits)`` for candidates within ``max_distance`` of ``term``, nearest first.

    ``fuzzy_matches("kurile", ["Kuril", "Kyoto"])`` -> ``[("Kuril", 1)]``;
    ``fuzzy_matches("ployansky", ["Polyansky"])`` -> ``[("Polyansky", 1)]``.
    """
    folded = term.casefold()
    cutoff = max_edits(folded) if max_distance is None else max_distance
    pool = list(dict.fromkeys(candidates))
    hits = process.extract(folded, pool, scorer=OSA.distance, processor=str.casefold,
                           score_cutoff=cutoff, limit=None)
    ranked = sorted(((name, int(dist)) for name, dist, _ in hits), key=lambda x: (x[1], x[0]))
    return ranked[:limit]


def fuzzy_terms(term: str, vocabulary: Iterable[str], *, max_distance: int | None = None,
                limit: int = 20) -> list[str]:
    """The vocabulary terms a ``~term`` query should match (the term itself first if present)."""
    return [name for name, _ in fuzzy_matches(term, vocabulary, max_distance=max_distance, limit=limit)]
