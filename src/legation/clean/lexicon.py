"""The word evidence OCR repair weighs: an English lexicon, corpus frequencies, protected cable-ese.

* :class:`EnglishLexicon` -- word frequencies from the ``wordfreq`` package (its "large"
  English list, 321k words), as Zipf values (``log10`` of occurrences per billion words:
  ``the`` 7.7, ``proposal`` 4.5, ``consulation`` 1.1, an unknown word 0).
* :class:`CorpusFrequencies` -- in how many stored records each word occurs. It is filled
  from the catalogue (:meth:`CorpusFrequencies.from_store`) and kept current with the
  catalogue's change sequence (:meth:`CorpusFrequencies.catch_up`, like the index); it can
  be saved to and loaded from a JSON file, and built in memory from texts (tests, bench).
* :data:`PROTECTED` -- a small built-in list of cable-ese that must stay as printed;
  :func:`protected_words` adds the words of a glossary file.

All words are looked up lower-cased; a possessive ``'s`` is the caller's to strip.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from legation.model import Record
    from legation.store.base import Store

WORD = re.compile(r"[A-Za-z]+")

# Cable-ese and names that look like OCR errors but are right (EXPECTED.md), plus a few
# common State Department abbreviations. The refs helper's glossary file extends this list
# through protected_words(glossary=...).
PROTECTED: frozenset[str] = frozenset("""
fonmin depfonmin goj emboff reftel notal secgen cpsu fonoff divdir keidanren longrange airgram
yalta togo septel deptel embtel poloff econoff polcouns econcouns dcm codel staffdel demarche
consoff usg gon gor gob goi gop roc prc ussr mfa mofa amemb amembassy amconsul amcongen secstate usun
usnato usmission memcon telcon noforn nodis exdis limdis stadis sbu confidential unclassified
""".split())


class Lexicon(Protocol):
    """Anything that gives a word's Zipf frequency (0 for an unknown word)."""

    def zipf(self, word: str) -> float: ...

    def __hash__(self) -> int: ...

    def common(self, min_zipf: float) -> frozenset[str]:
        """Every word at least this frequent."""
        ...


class EnglishLexicon:
    """English word frequencies from ``wordfreq`` (loaded once per process, ~0.2 s)."""

    def __init__(self, table: dict[str, float] | None = None) -> None:
        self._zipf = table if table is not None else _wordfreq_table()
        self._common: dict[float, frozenset[str]] = {}

    def zipf(self, word: str) -> float:
        return self._zipf.get(word, 0.0)

    def __contains__(self, word: object) -> bool:
        return word in self._zipf

    def common(self, min_zipf: float) -> frozenset[str]:
        hit = self._common.get(min_zipf)
        if hit is None:
            hit = self._common[min_zipf] = frozenset(w for w, z in self._zipf.items() if z >= min_zipf)
        return hit


@lru_cache(maxsize=1)
def _wordfreq_table() -> dict[str, float]:
    import wordfreq

    freqs = wordfreq.get_frequency_dict("en", wordlist="large")
    return {w: round(math.log10(f) + 9, 2) for w, f in freqs.items() if w.isalpha() and w.isascii()}


@lru_cache(maxsize=1)
def english() -> EnglishLexicon:
    """The shared English lexicon."""
    return EnglishLexicon()


def words_of(text: str) -> set[str]:
    """The distinct lower-case letter words of ``text``."""
    return {m.group().lower() for m in WORD.finditer(text)}


class CorpusFrequencies:
    """Document frequencies of words over stored records (how many records use each word).

    Document frequency, not raw counts: an OCR error repeated in one record does not make
    itself a word, and ``min_docs`` records must agree before a spelling counts as known.
    """

    def __init__(self, counts: dict[str, int] | None = None, docs: int = 0, seq: int = 0) -> None:
        self.counts: Counter[str] = Counter(counts or {})
        self.docs = docs
        self.seq = seq  # the catalogue change seq this table has caught up to

    def docs_with(self, word: str) -> int:
        return self.counts.get(word, 0)

    def zipf(self, word: str) -> float:
        """A Zipf-like value so corpus and lexicon evidence compare (0 for an unseen word)."""
        n = self.counts.get(word, 0)
        if not n or not self.docs:
            return 0.0
        return round(math.log10(n / self.docs) + 6, 2)

    def add_text(self, text: str) -> None:
        self.counts.update(words_of(text))
        self.docs += 1

    def add_record(self, record: Record) -> None:
        self.add_text(" ".join(x for x in (record.title, record.subject, record.text) if x))

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> CorpusFrequencies:
        table = cls()
        for t in texts:
            table.add_text(t)
        return table

    @classmethod
    def from_store(cls, store: Store) -> CorpusFrequencies:
        """Count every record in the catalogue."""
        table = cls(seq=store.last_seq())
        for rec in store.iter_records():
            table.add_record(rec)
        return table

    def catch_up(self, store: Store) -> int:
        """Count the records added or changed since :attr:`seq`; returns how many were read.

        A changed record is counted again (its old words are not subtracted), so a table
        drifts upward on heavy re-ingest; :meth:`from_store` rebuilds it exactly.
        """
        read = 0
        while True:
            changes = store.changes_since(self.seq)
            if not changes:
                return read
            for ch in changes:
                self.seq = max(self.seq, ch.seq)
                rec = store.get(ch.id) if ch.op != "delete" else None
                if rec is not None:
                    self.add_record(rec)
                    read += 1

    def save(self, path: str | Path) -> None:
        data = {"docs": self.docs, "seq": self.seq, "counts": dict(sorted(self.counts.items()))}
        Path(path).write_text(json.dumps(data), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> CorpusFrequencies:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls(data.get("counts", {}), int(data.get("docs", 0)), int(data.get("seq", 0)))


def protected_words(glossary: str | Path | None = None, extra: Iterable[str] = ()) -> frozenset[str]:
    """:data:`PROTECTED`, the package glossary, a glossary file and ``extra`` words, lower-cased.

    The package glossary is ``legation/data/glossary.tsv`` when it is there (the refs glossary
    of cable-ese, TAGS codes and office symbols). A glossary may be plain text (one term a line),
    CSV/TSV (the first column is the term) or JSON (a list of terms, or an object whose keys are
    terms); ``#`` lines are comments.
    """
    words = set(PROTECTED) | _package_glossary()
    words.update(w.lower() for w in extra)
    if glossary is not None:
        words.update(_glossary_terms(Path(glossary)))
    return frozenset(words)


@lru_cache(maxsize=1)
def _package_glossary() -> frozenset[str]:
    path = Path(__file__).resolve().parents[1] / "data" / "glossary.tsv"
    return frozenset(_glossary_terms(path) - {"term"}) if path.is_file() else frozenset()


def _glossary_terms(path: Path) -> set[str]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        data = json.loads(text)
        terms: Iterable[str] = data.keys() if isinstance(data, dict) else data
    else:
        terms = [re.split(r"[,\t]", line, maxsplit=1)[0] for line in text.splitlines()
                 if line.strip() and not line.lstrip().startswith("#")]
    out: set[str] = set()
    for term in terms:
        out.update(words_of(str(term)))
    return out
