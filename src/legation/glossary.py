"""The cable-ese glossary: abbreviations, TAGS subject and country codes, office symbols.

The data is ``legation/data/glossary.tsv`` (package data): one row per term
and category with its expansion and the public source it comes from.

    from legation.glossary import load, expand, expand_terms
    load()["FONMIN"]            -> [Term("FONMIN", "foreign minister", "term", "FRUS ...")]
    expand("GOJ")               -> "Government of Japan"
    expand_terms(["foreign", "minister"]) -> ["foreign", "minister", "FONMIN", "FonMin"]

:func:`expand_terms` is the query expansion (off by default: the search
layer calls it only when asked).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

CATEGORIES = ("term", "tags-subject", "tags-country", "office")


@dataclass(frozen=True, slots=True)
class Term:
    term: str
    expansion: str
    category: str
    source: str

    def to_dict(self) -> dict[str, str]:
        return {"term": self.term, "expansion": self.expansion, "category": self.category, "source": self.source}


@lru_cache(maxsize=1)
def load() -> dict[str, list[Term]]:
    """Term (upper case) -> its rows, in file order."""
    text = resources.files("legation").joinpath("data/glossary.tsv").read_text("utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    out: dict[str, list[Term]] = {}
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        t = Term(row["term"].strip(), row["expansion"].strip(), row["category"].strip(), row["source"].strip())
        out.setdefault(t.term.upper(), []).append(t)
    return out


def lookup(term: str, category: str | None = None) -> list[Term]:
    """The rows for ``term`` (any case), optionally of one category."""
    rows = load().get(term.strip().upper(), [])
    return [r for r in rows if category is None or r.category == category]


def expand(term: str, category: str | None = None) -> str:
    """The first expansion of ``term`` (``""`` when unknown)."""
    rows = lookup(term, category)
    return rows[0].expansion if rows else ""


def tag_meaning(tag: str) -> str:
    """A TAGS code's meaning: subject codes first, then country codes (``PFOR``, ``JA``)."""
    return expand(tag, "tags-subject") or expand(tag, "tags-country")


_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=1)
def _by_word() -> dict[str, list[tuple[frozenset[str], str]]]:
    """Each word of an expansion -> (all words of that expansion, term)."""
    index: dict[str, list[tuple[frozenset[str], str]]] = {}
    for key, rows in load().items():
        for r in rows:
            if r.category != "term":
                continue
            words = frozenset(w for w in _WORD.findall(r.expansion.lower()) if len(w) > 2 or w.isdigit())
            for w in words:
                index.setdefault(w, []).append((words, key))
    return index


def expand_terms(words: list[str]) -> list[str]:
    """Query words plus the abbreviations whose expansion they spell out, and the expansions of the
    abbreviations among them: ``["foreign", "minister"]`` -> ``[..., "FONMIN"]``; ``["GOJ"]`` -> ``["GOJ",
    "government", "of", "japan"]`` is not done (abbreviation -> words would flood a query): only
    words -> abbreviations.  The originals come first, in order; nothing is removed."""
    out = list(dict.fromkeys(words))
    lowered = {w.lower() for w in words}
    for w in sorted(lowered):
        for needed, term in _by_word().get(w, []):
            if needed and needed <= lowered and term not in out:
                out.append(term)
    return out


def glossary_lines(attributes: dict[str, object]) -> str:
    """The ``glossary`` a record carries (``attributes["glossary"]``) as lines for ``legation show``."""
    terms = attributes.get("glossary")
    if not isinstance(terms, dict) or not terms:
        return ""
    width = max(len(t) for t in terms)
    rows = [f"  {t:<{width}}  {v.get('expansion', '') if isinstance(v, dict) else v}" for t, v in terms.items()]
    return "glossary:\n" + "\n".join(rows)
