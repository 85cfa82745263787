"""Groups of persons named in cable prose: ``FINANCE MINISTRY OFFICIALS``, ``OPPOSITION GROUPS``,
``PALESTINIAN MODERATES``, ``THE LEBANESE CHRISTIANS``.

The History Lab gold marks such phrases with the sub-type ``PER.GROUP`` (32 gold entities of ``dev`` +
``test``, 172 of ``train``); legation gives them the entity type ``GROUP``: a group of people is no
person (no person page, no ``person:`` match, no person facet), and it is no title either (a group is
named by a plural noun for people, :data:`GROUP_HEADS`, which no title is).  Every group also carries
the role :data:`GROUP_ROLE`.

A group is a plural head with one to three modifiers before it on the same line (a demonym, a place, an
organisation's name or acronym, or a word of :data:`GROUP_MODIFIERS` / the organisation modifiers of
:mod:`legation.enrich.cues`); a bare head (``OFFICIALS``) is too vague to keep.  The words of
:data:`GROUP_WORDS` (``CHRISTIANS``, ``MOSLEMS``, ``LEFTISTS``) name a group on their own.
The figures are in ``bench/entities/README.md``.
"""

from __future__ import annotations

import re
from itertools import compress, count, repeat
from typing import TYPE_CHECKING

from legation.enrich.cues import ORG_HEADS, ORG_MODIFIERS, looks_like_verb
from legation.enrich.names import PEOPLE_PLURALS, is_common_word

if TYPE_CHECKING:
    from legation.enrich.extract import Found

#: The role every group of persons carries (``Entity.role``).
GROUP_ROLE = "group"

#: Plural nouns for people that end a group's name (``... OFFICIALS``, ``... LEADERS``).
#: Chosen on ``train`` (bench/entities/README.md): heads that named a gold group in fewer than a third of
#: the ``train`` documents where the phrase stands (``OFFICIALS`` 4 of 22, ``CITIZENS`` 0 of 5,
#: ``AUTHORITIES``, ``GROUPS``, ``REPS``, ``EXPERTS``, ``GUERRILLAS``, ``MODERATES``) are left out: the gold
#: reads ``POLISH OFFICIALS`` as Poland more often than as a group.
GROUP_HEADS = PEOPLE_PLURALS & frozenset("""leaders ministers delegates troops deputies students workers employees diplomats
ambassadors presidents fishermen farmers hostages terrorists dissidents politicians officers refugees nationals
residents negotiators representatives emigres emigrants soldiers mercenaries dels emboffs consoffs personnel
radicals extremists militants settlers demonstrators commanders cypriots""".split())

#: Words that name a group of persons on their own (``THE CHRISTIANS``, ``LEFTISTS``).
GROUP_WORDS = PEOPLE_PLURALS & frozenset("""christians moslems muslims jews arabs druze leftists rightists maronites shiites
sunnis kurds whites blacks""".split())

#: Ordinary words that stand before a group's head (``OPPOSITION GROUPS``, ``SENIOR GOVERNMENT
#: OFFICIALS``); names, acronyms, places and demonyms count too.
GROUP_MODIFIERS = frozenset("""opposition senior government ministry party christian moslem muslim jewish
communist leftist rightist tribal congressional local regional provincial city municipal border police
customs narcotic narcotics drug enforcement student labor labour union trade business church religious
palestinian military civilian army navy naval embassy consular mission delegation cabinet parliamentary
moderate radical""".split()) | ORG_MODIFIERS

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'.\-]*")
_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})")


def find_groups(text: str) -> list[Found]:
    """Groups of persons named in ``text`` (type ``GROUP``, role :data:`GROUP_ROLE`, source ``pattern``)."""
    from legation.enrich.extract import Found, _split

    raw, offsets = _split(_TOKEN_SPLIT, text)
    folded = list(map(str.removesuffix, map(str.lower, map(str.rstrip, raw, repeat(".,;:'"))), repeat("'s")))
    words = list(zip(offsets[1:-1:2], offsets[2::2], folded, strict=True))
    out: list[Found] = []
    heads = GROUP_HEADS | GROUP_WORDS
    for i in compress(count(), map(heads.__contains__, folded)):
        s, e, w = words[i]
        if not text[s:e].isupper():
            continue  # mixed-case prose: only all-caps cable text is read here
        first = _modifiers_start(text, words, i)
        if first == i and w not in GROUP_WORDS:
            continue
        start, end = words[first][0], words[i][1]
        surface = text[start:end].rstrip(".,;:'")
        surface = surface[:-2] if surface.endswith(("'S", "'s")) else surface
        out.append(Found(start, start + len(surface), surface, surface, "GROUP", "pattern", GROUP_ROLE))
    return out


def _modifier(printed: str, word: str) -> bool:
    from legation.enrich.extract import ORGANISATIONS, gazetteer

    if (not printed.isupper() or printed.endswith(".") or word in {"the", "and", "of", "other", "some", "all"}
            or looks_like_verb(printed) or (word.endswith(("ing", "ed")) and word not in GROUP_MODIFIERS)):
        return False  # a sentence ends before it (``AEGEAN. PASOK DEPUTIES``) or a verb (``CAUTIONED``)
    bare = word.replace(".", " ").strip()
    return (word in GROUP_MODIFIERS or word in ORG_HEADS or bare in gazetteer() or word in ORGANISATIONS
            or not is_common_word(word.strip("'.-"), 3.5))


def _modifiers_start(text: str, words: list[tuple[int, int, str]], i: int) -> int:
    first = i
    while first > 0 and i - first < 3:
        s, e, w = words[first - 1]
        gap = text[e:words[first][0]]
        if gap != " " or w in GROUP_HEADS or not _modifier(text[s:e], w):
            break
        first -= 1
    return first
