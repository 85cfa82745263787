"""Linking keys: one key per real entity across forms, cases and transliterations.

Pure functions; the entity passes call them and the catalogue stores what they return.

Persons
    ``BREZHNEV, LEONID I``, ``L.I. BREZHNEV``, ``Leonid Brezhnev`` -> ``brezhnev l``; a bare
    ``Brezhnev`` -> ``brezhnev`` (which the catalogue links to ``brezhnev l`` when that surname has
    one given initial only).  Transliterations fold together (``POLYANSKY``, ``Polyanskiy``,
    ``Polianskii`` -> ``polianski``).  Titles in front of a name become its role
    (``FOREIGN MINISTER GROMYKO`` -> name ``GROMYKO``, role ``foreign minister``).  Two people who
    share a surname but not a first initial keep two keys (``kennedy j``, ``kennedy r``).
Countries and organisations
    Aliases fold to one key (``US``, ``U.S.``, ``USG``, ``United States`` -> ``united states``); the
    table is :data:`COUNTRY_ALIASES` plus the gazetteer's country names.
Groups of persons
    A person name that ends in a plural noun for people (``FINANCE MINISTRY OFFICIALS``, ``THE LEBANESE
    CHRISTIANS``) is a group: its key is the whole folded name without a leading ``THE`` (``finance
    ministry officials``), not surname and initial, so ``SOVIET LEADERS`` and ``SYRIAN LEADERS`` stay two.
Never entities
    Pronouns and cable-ese tokens (``REF``, ``FYI``, ``NOTAL``): :func:`is_stopword`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from legation.text import entity_key

#: Words that stand before a name as a title or office: they become the entity's role.
TITLE_WORDS = frozenset("""
mr mrs ms miss dr prof professor sir lord lady dame herr frau monsieur madame mme mlle senor senora
ambassador amb ambassadors minister ministers prime foreign fonmin depfonmin primin premier president pres
vice deputy dep assistant asst under secretary secy sec secgen gensec general gen chairman chairwoman
chair director dir head chief leader party first second third acting former new old late designate
counselor counsellor couns polcouns econcouns consul consulgen attache charge chargé dcm emboff
governor gov senator sen congressman congresswoman rep representative mayor king queen prince princess
emperor empress shah sheikh shaikh emir amir sultan crown marshal admiral adm colonel col major maj
captain capt lieutenant lt sergeant sgt commander cmdr brigadier field defense defence finance state
political economic military affairs of the for and to at in on interior trade justice agriculture
commerce economy cabinet chief-of-staff spokesman spokesperson envoy special high commissioner
comrade tovarishch mister doctor father pope cardinal archbishop bishop rev reverend his her excellency
he hon honorable honourable mp mdp fm pm dpm gs
""".split())

#: Pronouns and cable-ese that an extractor must never return as an entity.
STOPWORDS = frozenset("""
i me my mine we us our ours you your he him his she her it its they them their this that these those
who whom which what here there himself herself themselves itself ourselves
ref refs reftel reftels septel fyi notal info action subj subject tags summary end begin text comment
quote unquote para paras page cite note dept department embassy emb amembassy amconsul usmission
secstate state ok no yes
""".split())

#: Country aliases as cables print them -> the key of the country (its common English name, folded).
COUNTRY_ALIASES: dict[str, str] = {
    "us": "united states", "u s": "united states", "usg": "united states", "usa": "united states",
    "u s a": "united states", "united states": "united states", "united states of america": "united states",
    "america": "united states", "american": "united states", "americans": "united states",
    "ussr": "soviet union", "u s s r": "soviet union", "soviet union": "soviet union", "soviet": "soviet union",
    "soviets": "soviet union", "sov": "soviet union", "sovgov": "soviet union",
    "union of soviet socialist republics": "soviet union", "russia": "russia", "russian federation": "russia",
    "uk": "united kingdom", "u k": "united kingdom", "hmg": "united kingdom", "britain": "united kingdom",
    "great britain": "united kingdom", "british": "united kingdom", "united kingdom": "united kingdom",
    "frg": "west germany", "west germany": "west germany", "federal republic of germany": "west germany",
    "gdr": "east germany", "east germany": "east germany", "german democratic republic": "east germany",
    "prc": "china", "peoples republic of china": "china", "people s republic of china": "china",
    "china": "china", "chinese": "china", "roc": "taiwan", "taiwan": "taiwan", "republic of china": "taiwan",
    "rok": "south korea", "south korea": "south korea", "republic of korea": "south korea",
    "dprk": "north korea", "north korea": "north korea", "gvn": "south vietnam", "south vietnam": "south vietnam",
    "drv": "north vietnam", "north vietnam": "north vietnam", "goj": "japan", "japan": "japan",
    "japanese": "japan", "gof": "france", "france": "france", "french": "france", "goi": "iran",
    "iran": "iran", "iranian": "iran", "israel": "israel", "israeli": "israel", "egypt": "egypt",
    "egyptian": "egypt", "uar": "egypt",
}


def fold(text: str) -> str:
    """Accents folded, case folded, every run of non-letters/digits one space (:func:`legation.text.entity_key`)."""
    return entity_key(text)


_DOUBLE = re.compile(r"([a-z])\1+")


def fold_surname(surname: str) -> str:
    """A surname with transliteration variants folded: y/i, doubled letters, -sky/-skiy/-skii, -off/-ov."""
    s = fold(surname).replace(" ", "")
    s = s.replace("y", "i")
    if s.endswith("ij"):
        s = s[:-1]
    s = _DOUBLE.sub(r"\1", s)
    if s.endswith("of"):
        s = s[:-2] + "ov"
    return s


@dataclass(frozen=True)
class PersonName:
    """A person's name read apart: surname (as printed), given names or initials, and the title as a role."""

    surname: str
    given: tuple[str, ...] = ()
    role: str = ""

    @property
    def initial(self) -> str:
        return self.given[0][0] if self.given and self.given[0] else ""

    @property
    def key(self) -> str:
        base = fold_surname(self.surname)
        return f"{base} {self.initial}" if base and self.initial else base


_INITIALS = re.compile(r"^(?:[A-Za-z]\.){1,3}$|^[A-Za-z]$")


def _split_initials(token: str) -> list[str]:
    """``L.I.`` -> ``['l', 'i']``; ``Leonid`` -> ``['leonid']``."""
    if _INITIALS.match(token):
        return [c.lower() for c in token if c.isalpha()]
    return [fold(token)] if fold(token) else []


def _strip_titles(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Leading title words -> role tokens; the rest is the name (a lone title word stays the name)."""
    i = 0
    while i < len(tokens) - 1 and fold(tokens[i]).replace(" ", "") in TITLE_WORDS:
        i += 1
    return tokens[:i], tokens[i:]


#: A possessive ending (``GHANDI’S``, ``KLACKENBERG'S``): not part of the name.
_POSSESSIVE = re.compile(r"['’`]S?$", re.I)


@lru_cache(maxsize=65536)
def parse_person(name: str) -> PersonName | None:
    """Read a person's name in any of the forms cables, TAGS, FRUS and Wilson print.

    ``LAST, FIRST M`` (TAGS and indexes), ``FIRST M LAST``, ``F.M. LAST``, ``TITLE LAST``,
    ``LAST (TITLE)`` is not expected here (callers take the name out of the parentheses).
    Returns None when nothing name-like is left (a pronoun, a title alone, punctuation).
    """
    text = _POSSESSIVE.sub("", re.sub(r"\([^)]*\)", " ", name or "").strip(" .,;:"))
    if not text or fold(text) in STOPWORDS:
        return None
    if "," in text:
        last, _, first = text.partition(",")
        role_tokens, last_tokens = _strip_titles(last.split())
        given = [g for tok in first.replace(".", ". ").split() for g in _split_initials(tok)]
        surname = " ".join(last_tokens)
        return PersonName(surname, tuple(given), " ".join(fold(t) for t in role_tokens)) if fold(surname) else None
    tokens = text.replace(".", ". ").split()
    tokens = [t for t in tokens if t not in {".", ","}]
    role_tokens, rest = _strip_titles(tokens)
    if not rest:
        return None
    surname = rest[-1]
    given = [g for tok in rest[:-1] for g in _split_initials(tok)]
    if not fold(surname) or fold(surname) in STOPWORDS:
        return None
    return PersonName(surname, tuple(given), " ".join(fold(t) for t in role_tokens))


#: Plural nouns for people: a person name ending in one names a group (:func:`group_key`).
PEOPLE_PLURALS = frozenset("""officials leaders ministers delegates troops citizens members deputies students
workers employees diplomats ambassadors presidents fishermen farmers hostages terrorists dissidents groups
politicians officers authorities guerrillas refugees nationals residents moderates participants negotiators
experts representatives reps emigres emigrants soldiers mercenaries dels emboffs consoffs personnel radicals
extremists militants settlers demonstrators commanders cypriots investigators instructors agents salesmen
christians moslems muslims jews arabs druze leftists rightists maronites shiites sunnis kurds whites blacks
communists socialists""".split())


def group_key(name: str) -> str:
    """The key of a group of persons (``THE FINANCE MINISTRY OFFICIALS`` -> ``finance ministry officials``),
    ``""`` when ``name`` does not end in a plural noun for people (:data:`PEOPLE_PLURALS`)."""
    words = fold(_POSSESSIVE.sub("", name.strip())).split()
    if not words or words[-1] not in PEOPLE_PLURALS or "," in name:
        return ""
    return " ".join(words[1:] if words[0] == "the" and len(words) > 1 else words)


def person_key(name: str) -> str:
    """The linking key of a person's name (``""`` when it is not a name); a group's by :func:`group_key`."""
    group = group_key(name)
    if group:
        return group
    parsed = parse_person(name)
    return parsed.key if parsed else ""


def country_key(name: str) -> str:
    """The key of a country name or alias (``U.S.`` -> ``united states``); the folded name when unknown."""
    folded = fold(name)
    return COUNTRY_ALIASES.get(folded, folded)


_US_LEAD = re.compile(r"^(?:the )?(?:u s a|u s|usa|us|united states of america|united states|american)"
                      r"(?= (?:delegation|delegations|del|embassy|consulate|mission|department|government|"
                      r"administration|navy|army|air force|congress|senate)\b)")


def org_key(name: str) -> str:
    """The key of an organisation: a leading ``THE`` dropped (``THE FINANCE MINISTRY`` is ``FINANCE
    MINISTRY``) and the United States in front of a government body printed one way (``U.S.
    DELEGATION``, ``AMERICAN DELEGATION``, ``UNITED STATES DELEGATION`` -> ``us delegation``; not
    ``AMERICAN EXPRESS``); an alias as :func:`country_key`."""
    key = country_key(name)
    if " " not in key:
        return key
    return _US_LEAD.sub("us", key).removeprefix("the ")


@lru_cache(maxsize=65536)
def entity_link_key(name: str, type_: str) -> str:
    """The linking key of an entity of any type: persons by :func:`person_key`, countries by alias."""
    kind = (type_ or "").upper()
    if kind == "PERSON":
        return person_key(name) or fold(name)
    if kind == "ORG":
        return org_key(name)
    if kind in {"COUNTRY", "PLACE"}:
        return country_key(name)
    if kind == "GROUP":
        return group_key(name) or fold(_POSSESSIVE.sub("", name.strip())).removeprefix("the ")
    return fold(name)


@lru_cache(maxsize=65536)
def is_common_word(word: str, threshold: float = 4.3) -> bool:
    """Whether ``word`` is a common English word (wordfreq Zipf frequency >= ``threshold``).

    ``REGARDING``, ``ISSUE``, ``BOTH`` are; ``GROMYKO``, ``TANAKA``, ``DILLON`` are not.  Used so that a
    capitalised common word after a title is not taken for a surname.
    """
    return zipf_english(word.lower()) >= threshold


@lru_cache(maxsize=1)
def _english() -> tuple[dict[str, float], float]:
    """wordfreq's English frequencies (its ``best`` list) and the frequency of Zipf 0, the floor
    :func:`wordfreq.zipf_frequency` gives a word it does not know."""
    from wordfreq import get_frequency_dict, zipf_to_freq

    return get_frequency_dict("en"), zipf_to_freq(0.0)


def zipf_english(word: str) -> float:
    """``wordfreq.zipf_frequency(word, "en")``, the same number.  A word of lower-case ASCII letters (nearly
    every word the finders ask about) is one token of itself to wordfreq's tokenizer, so its frequency is
    read from the table and rounded as wordfreq rounds it, without the tokenizer's regexes and
    normalisation (~10x faster; ``tests/enrich/test_speed_equivalence_entfast.py`` checks it against
    wordfreq on its whole table); any other word is passed to wordfreq."""
    if not (word.isascii() and word.isalpha() and word.islower()):
        from wordfreq import zipf_frequency

        return zipf_frequency(word, "en")
    table, floor = _english()
    freq = table.get(word)
    if freq is None:  # wordfreq returns its minimum unrounded
        return round(math.log(floor, 10) + 9, 2)
    unrounded = max(freq, floor)
    if unrounded == 0.0:
        return 0.0
    rounded = round(unrounded, math.floor(-math.log(unrounded, 10)) + 3)
    return round(math.log(rounded, 10) + 9, 2)


def keys_agree(a: str, b: str) -> bool:
    """Whether two person keys can name the same person: same surname, initials equal or one missing."""
    sa, _, ia = a.partition(" ")
    sb, _, ib = b.partition(" ")
    return bool(sa) and sa == sb and (not ia or not ib or ia == ib)


def is_stopword(text: str) -> bool:
    """A pronoun or cable-ese token that is never an entity."""
    return fold(text) in STOPWORDS


def same_person(a: str, b: str) -> bool:
    """Whether two printed names can be the same person: same folded surname, and given initials that agree.

    A bare surname agrees with any initial; ``kennedy j`` and ``kennedy r`` do not.
    """
    pa, pb = parse_person(a), parse_person(b)
    if not pa or not pb or fold_surname(pa.surname) != fold_surname(pb.surname):
        return False
    return not pa.initial or not pb.initial or pa.initial == pb.initial
