"""Persons named by a given name and a surname with no title before them (``MARVIN KRATTER``,
``THOMAS LANGTON``, ``DAVID SMITH``): the given names are a list learnt from the ``train`` split of the
History Lab gold (``data/given_names.txt``, built by ``bench/entities/build_given_names.py``: the first
word of every multi-word gold person name of ``train``, kept when it is no common English word).

The surname after it must be a plausible one (:func:`legation.enrich.cues.plausible_surname`), and no
place, organisation, title or cable-ese word; one or two initials may stand between
(``MOHAMMAD O. SUKKAR``).  Source ``pattern``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from itertools import compress, count
from typing import TYPE_CHECKING

from legation.enrich.cues import looks_like_verb, plausible_surname
from legation.enrich.names import TITLE_WORDS, fold, is_common_word, is_stopword

if TYPE_CHECKING:
    from legation.enrich.extract import Found

_GIVEN = re.compile(r"[A-Z][A-Za-z]+")
_TAIL = re.compile(r"((?:[ \t]+[A-Z]\.){0,2})((?:[ \t]+[A-Z][A-Za-z'\-]+){1,2})")


def _may_start_name(before: str) -> bool:
    """Whether the character before a given name lets it start a name (no letter, ``'``, ``.`` or ``-``)."""
    return not (before.isalpha() or before in "'.-")


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """The shipped list of given names (folded)."""
    text = resources.files("legation").joinpath("data/given_names.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def find_given_name_persons(text: str) -> list[Found]:
    """Persons printed as given name + surname (``MARVIN KRATTER``), see the module text."""
    from legation.enrich.extract import ORGANISATIONS, Found, _tokens, gazetteer

    names = given_names()
    places = gazetteer()
    out: list[Found] = []
    words = _tokens(text)  # the word tokens the table scans share; only given names are read further
    for i in compress(count(), map(names.__contains__, words.folded)):
        g = _GIVEN.match(text, words.starts[i])
        if g is None or g.end() != words.end(i) or (g.start() and not _may_start_name(text[g.start() - 1])):
            continue
        m = _TAIL.match(text, g.end())
        if m is None:
            continue
        keep: list[str] = []
        for n, w in enumerate(m.group(2).split()):
            bare = w.removesuffix("'S").removesuffix("'s")
            key = fold(bare)
            if key in TITLE_WORDS or is_stopword(bare) or key in places or key in ORGANISATIONS or key in names:
                break
            if n and (m.group(1) or is_common_word(bare, 3.5) or looks_like_verb(bare)):
                break  # a second word goes on the name only when it is no word (``RAYMOND EDDE CRITICIZED``)
                # and no initial stood before (``MOHAMMAD O. SUKKAR`` is whole)
            if not plausible_surname(bare) or bare.endswith("-"):
                break  # ``DNTAC ORDER ...``, a word broken at the line end (``HUSSEIN REAL- IZES``)
            keep.append(w)
            if bare != w:
                break  # a possessive ends the name
        if not keep:
            continue
        end = text.index(keep[-1], m.start(2)) + len(keep[-1])
        printed = text[g.start():end]
        printed = printed[:-2] if printed.endswith(("'S", "'s")) else printed
        out.append(Found(g.start(), g.start() + len(printed), printed, printed, "PERSON", "pattern"))
    return out
