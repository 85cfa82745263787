"""Persons the title finder cannot see: names printed by cable convention rather than after a title.

- ``W. M. JARVIS``, ``B.H. OXMAN``, ``MRS. M. BIANCHI``: initials and a surname (:func:`find_initialled_persons`);
- ``(FNU) DELAMICO``: "first name unknown", the cable-ese for a surname alone (:func:`find_fnu_persons`);
- ``KORN``, ``MYERS``, ``DENARD``: a bare surname of the 1990 United States census list, when it is no
  English word, place, organisation or title (:func:`find_census_surnames`).

Each was read off the misses of the History Lab ``train`` split and checked there (``bench/entities``).
Sources: ``pattern`` for the conventions, ``gazetteer`` for the census surnames (the list: the U.S. Census
Bureau's 1990 surname frequencies, public domain, as shipped in the ``names`` package, MIT licence).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from importlib import resources
from itertools import compress, count
from typing import TYPE_CHECKING

from legation.enrich.cues import ABBREVIATIONS, plausible_surname
from legation.enrich.names import COUNTRY_ALIASES, TITLE_WORDS, _english, fold, is_common_word, is_stopword

if TYPE_CHECKING:
    from legation.enrich.extract import Found

#: How common an English word a census surname may be and still be read as a name in all-caps text
#: (wordfreq Zipf): ``DENARD`` 2.1, ``KORN`` 2.7 are names; ``PARKER`` 4.2, ``YOUNG`` 5.4 are held out.
CENSUS_ZIPF = 3.0

#: Country and body abbreviations that print like initials (``U.S. NAVY``, ``U.N. SECRETARIAT``).
_NOT_INITIALS = frozenset("us uk un ussr ec eec prc gdr frg rok roc dprk uae am pm pl dc nb ps sa ag co nv ab".split())


def _clear_name(word: str) -> bool:
    """Whether ``word`` (as printed, no possessive) may be a surname: no stopword, title, place,
    country alias, organisation, verb form or common word (:func:`legation.enrich.cues.plausible_surname`)."""
    from legation.enrich.extract import ORGANISATIONS, gazetteer

    key = fold(word)
    return not (is_stopword(word) or key in TITLE_WORDS or key in gazetteer() or key in COUNTRY_ALIASES
                or key in ORGANISATIONS) and plausible_surname(word, strict=True)


def _person(start: int, printed: str) -> Found:
    from legation.enrich.extract import Found

    if printed.endswith(("'S", "'s", "’S", "’s")):
        printed = printed[:-2]
    return Found(start, start + len(printed), printed, printed, "PERSON", "pattern")


_INITIALLED = re.compile(r"(?<![A-Za-z.'\-])((?:[A-Z]\.[ \t]?){1,3})([A-Z][A-Za-z'’\-]{2,})(?![A-Za-z.])")


def find_initialled_persons(text: str) -> list[Found]:
    """``W. M. JARVIS``, ``J.L. FOWLER``: one to three initials, each with its full stop, then a surname.

    A match starts a run of the shared word split (:func:`legation.enrich.extract._runs`) with a capital
    and a full stop; only those runs are tried, found by :data:`_INITIAL` (which the engine scans for a
    capital) and looked up among the runs' starts."""
    from legation.enrich.extract import _runs

    out: list[Found] = []
    if "." not in text:
        return out
    starts = _runs(text).starts
    taken = 0
    for c in _INITIAL.finditer(text):
        at = c.start() - 1
        k = bisect_left(starts, at)
        if k == len(starts) or starts[k] != at:
            continue  # not where a run starts (``U.S.`` after a hyphen, ``A.`` inside ``O'A.``)
        m = _INITIALLED.match(text, at)
        if m is None or m.start() < taken:
            continue
        taken = m.end()
        letters = m.group(1).replace(".", "").replace(" ", "").replace("\t", "").lower()
        surname = m.group(2).removesuffix("'S").removesuffix("’S").removesuffix("'s")
        if letters in _NOT_INITIALS or not _clear_name(surname) or _given_name_before(text, m.start()) \
                or (len(letters) == 1 and _paragraph_letter(text, m.start())):
            continue
        out.append(_person(m.start(), m.group()))
    return out


#: A full stop after a capital with no letter before it: where an :data:`_INITIALLED` match may start (one
#: before the stop).  Written from the stop, with the look-behinds after it, so that the engine scans for
#: the rare full stop, not for the capitals of all-caps text.
_INITIAL = re.compile(r"\.(?<![A-Za-z][A-Z]\.)(?<=[A-Z]\.)")


_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z'\-]*)\.?[ \t]$")


def _given_name_before(text: str, start: int) -> bool:
    """Whether a given name stands just before the initials (``DOROTHY N. MARSHALL``, ``JOHN T. FOTI``: a
    middle initial, whose surname key would lose the given name): a capitalised census given name, or a
    capitalised word that is no title, stopword or common word."""
    m = _WORD_BEFORE.search(text, max(0, start - 30), start)
    if m is None:
        return False
    word = m.group(1)
    if not word[:1].isupper() or fold(word) in TITLE_WORDS or is_stopword(word):
        return False
    return fold(word) in census_given_names() or not is_common_word(word, 3.5)


def _paragraph_letter(text: str, start: int) -> bool:
    """Whether a single initial opens a sub-paragraph (``B. NAME OF PILOT``, ``6B. MR.``): at a line start,
    after a digit, or after the end of a sentence or clause (not after an honorific: ``MRS. M. BIANCHI``)."""
    before = text[max(0, start - 3):start].rstrip(" \t")
    if not before or before[-1] in "\n:;)0123456789":
        return True
    if before[-1] != ".":
        return False
    m = _WORD_BEFORE.search(text, max(0, start - 30), start)
    return m is None or m.group(1).lower() not in ABBREVIATIONS


_FNU = re.compile(r"\(?\bFNU\b\)?[ \t]+([A-Z][A-Za-z'’\-]{2,})")


def find_fnu_persons(text: str) -> list[Found]:
    """``(FNU) DELAMICO``: the surname after "first name unknown" (the mention is the surname)."""
    if "FNU" not in text:
        return []
    return [_person(m.start(1), m.group(1)) for m in _FNU.finditer(text)
            if not is_stopword(m.group(1)) and fold(m.group(1)) not in TITLE_WORDS]


_NEXT_WORD = re.compile(r"[ \t]([A-Z][A-Za-z'’\-]{2,})(?![A-Za-z.])")


@lru_cache(maxsize=1)
def census_surnames() -> frozenset[str]:
    """The 88,799 surnames of the 1990 United States census (folded), from the ``names`` package."""
    data = resources.files("names").joinpath("dist.all.last").read_text(encoding="ascii")
    return frozenset(line.split(None, 1)[0].lower() for line in data.splitlines() if line.strip())


@lru_cache(maxsize=1)
def _rare_census_surnames() -> frozenset[str]:
    """The census surnames that can pass :func:`_rare_surname`: those rarer in English than
    :data:`CENSUS_ZIPF`, read off the table :func:`legation.enrich.names.zipf_english` reads, a little above
    the threshold (82,601 of 88,799; the exact test, rounded as wordfreq rounds, passes 82,412 and is made
    on each match).  0.05 s, where ``zipf_english`` per name takes 0.14 s."""
    freq, _floor = _english()
    ceiling = 10 ** (CENSUS_ZIPF - 9) * 1.05
    return frozenset(w for w in census_surnames() if freq.get(w, 0.0) < ceiling)


@lru_cache(maxsize=1)
def census_given_names() -> frozenset[str]:
    """The 5,163 given names of the 1990 United States census (folded), from the ``names`` package."""
    out: set[str] = set()
    for part in ("dist.male.first", "dist.female.first"):
        data = resources.files("names").joinpath(part).read_text(encoding="ascii")
        out.update(line.split(None, 1)[0].lower() for line in data.splitlines() if line.strip())
    return frozenset(out)


@lru_cache(maxsize=65536)
def _rare_surname(word: str) -> bool:
    return not is_common_word(word, CENSUS_ZIPF) and _clear_name(word)


_AMOUNT = re.compile(r"\.?[ \t]*\d")


def find_census_surnames(text: str) -> list[Found]:
    """Bare surnames of the census list printed with a capital (``KORN``, ``Korn``) that are no common
    English word (:data:`CENSUS_ZIPF`), place, country, organisation or title; source ``gazetteer``."""
    from legation.enrich.extract import Found, _tokens

    surnames = _rare_census_surnames()
    words = _tokens(text)
    out: list[Found] = []
    taken = -1
    for i in compress(count(), map(surnames.__contains__, words.folded)):
        start = words.starts[i]
        if start < taken:
            continue  # the second surname of the name before
        end = start + len(words.folded[i])
        printed = text[start:end]
        if not printed[:1].isupper() or (start and text[start - 1] in ".-'’") or (text[end:end + 1] in ".-" \
                and text[end + 1:end + 2].isalpha()):
            continue
        if not _rare_surname(printed) or _AMOUNT.match(text, end):
            continue
        second = _NEXT_WORD.match(text, end)  # ``GALINDO POHL``, ``PERALTA AZURDIA``: two surnames, one name
        if second is not None and _rare_surname(second.group(1)):
            end = taken = second.end(1)
            printed = text[start:end]
        out.append(Found(start, end, printed, printed, "PERSON", "gazetteer"))
    return out


def find_convention_persons(text: str) -> list[Found]:
    """Every finder of this module."""
    return (find_initialled_persons(text) + find_fnu_persons(text) + find_census_surnames(text))
