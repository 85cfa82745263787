"""Entity extraction from text that survives all-caps OCR: gazetteer, title cues and a name lexicon.

Each finder returns :class:`Found` spans (offsets into the text it was given) with the ``source`` that
found them, so an entity always says where it came from:

``gazetteer``
    countries (ISO 3166 names, historical names, cable aliases such as USG or GOJ) and places (cities of
    150,000 people or more, capitals, and a list of islands and regions) from ``data/gazetteer.tsv``
    (built by ``scripts/build_gazetteer.py``; sources named in its header); demonyms count as their
    country (``SOVIET`` -> Soviet Union).
``title``
    a person named after a title or office (``FOREIGN MINISTER GROMYKO``, ``AMBASSADOR HODGSON``,
    ``DEPUTY (EDELSTAM)``): the title becomes the role.
``lexicon``
    names already known as persons or organisations (the record's own structure entities, the
    organisations of the glossary, names the catalogue has seen) found again in the text.

Matching works on word tokens, case-insensitively, longest match first, in one pass: linear in the
text.  Cable-ese tokens and pronouns are never entities (:func:`legation.enrich.names.is_stopword`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import accumulate, compress, count, repeat
from typing import Any

from legation.enrich.cues import (
    EXTRA_DEMONYMS,
    EXTRA_TITLE_HEADS,
    caps_name_goes_on,
    coordinated_persons,
    find_cable_bodies,
    find_compound_parts,
    find_defined_acronyms,
    find_org_phrases,
    find_us_forms,
    localise,
    plausible_surname,
    plural_demonyms,
    post_country,
    sentence_ends,
    truecase,
)
from legation.enrich.givennames import find_given_name_persons
from legation.enrich.groups import GROUP_ROLE, find_groups
from legation.enrich.names import COUNTRY_ALIASES, TITLE_WORDS, fold, is_common_word, is_stopword
from legation.enrich.personcues import find_convention_persons

MAX_NGRAM = 4
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*(?:\.[A-Za-z]\.?)*")


_set_attribute = object.__setattr__


@dataclass(frozen=True, init=False)
class Found:
    """One mention: where it is, what it names, and which finder found it."""

    start: int
    end: int
    text: str
    name: str
    type: str
    source: str
    role: str = ""

    def __init__(self, start: int, end: int, text: str, name: str, type: str, source: str, role: str = "") -> None:
        # the frozen dataclass's own __init__ sets each field through object.__setattr__; the finders make
        # a Found per match, so the instance dict is set at once (twice as fast; frozen all the same)
        _set_attribute(self, "__dict__", {"start": start, "end": end, "text": text, "name": name, "type": type,
                                          "source": source, "role": role})


@dataclass(frozen=True)
class GazetteerEntry:
    name: str
    type: str
    country: str


#: Demonyms and adjectives that name their country in cable prose.
DEMONYMS = {
    "soviet": "Soviet Union", "soviets": "Soviet Union", "russian": "Russia", "japanese": "Japan",
    "american": "United States", "americans": "United States", "chinese": "China", "british": "United Kingdom",
    "french": "France", "german": "Germany", "germans": "Germany", "italian": "Italy", "spanish": "Spain",
    "swedish": "Sweden", "norwegian": "Norway", "danish": "Denmark", "finnish": "Finland", "dutch": "Netherlands",
    "belgian": "Belgium", "swiss": "Switzerland", "austrian": "Austria", "polish": "Poland", "czech": "Czechoslovakia",
    "hungarian": "Hungary", "romanian": "Romania", "bulgarian": "Bulgaria", "yugoslav": "Yugoslavia",
    "greek": "Greece", "turkish": "Turkey", "iranian": "Iran", "iraqi": "Iraq", "syrian": "Syria",
    "israeli": "Israel", "egyptian": "Egypt", "saudi": "Saudi Arabia", "jordanian": "Jordan",
    "lebanese": "Lebanon", "libyan": "Libya", "algerian": "Algeria", "moroccan": "Morocco",
    "indian": "India", "pakistani": "Pakistan", "afghan": "Afghanistan", "korean": "South Korea",
    "vietnamese": "Vietnam", "cambodian": "Cambodia", "thai": "Thailand", "indonesian": "Indonesia",
    "filipino": "Philippines", "australian": "Australia", "canadian": "Canada", "mexican": "Mexico",
    "cuban": "Cuba", "brazilian": "Brazil", "argentine": "Argentina", "argentinian": "Argentina",
    "chilean": "Chile", "peruvian": "Peru", "venezuelan": "Venezuela", "colombian": "Colombia",
    "portuguese": "Portugal", "irish": "Ireland", "nigerian": "Nigeria", "ethiopian": "Ethiopia",
    "somali": "Somalia", "kenyan": "Kenya", "mongolian": "Mongolia", "taiwanese": "Taiwan",
    **EXTRA_DEMONYMS,
}

#: Cable abbreviations for governments (GOJ = Government of Japan ...): they name the country.
GOVERNMENTS = {
    "goj": "Japan", "usg": "United States", "hmg": "United Kingdom", "gof": "France", "gor": "Romania",
    "goi": "Iran", "gop": "Pakistan", "gog": "Greece", "gon": "Netherlands",
    "goe": "Egypt", "gos": "Sweden", "gok": "Kenya", "gom": "Mexico", "gov": "Vietnam", "sovgov": "Soviet Union",
    "frg": "West Germany", "gdr": "East Germany", "prc": "China", "rok": "South Korea", "roc": "Taiwan",
    "dprk": "North Korea", "ussr": "Soviet Union", "uk": "United Kingdom",
}

#: Countries whose one-word names are also common words in cable prose; they need a capital or lower case.
_AMBIGUOUS = frozenset({"chad", "china", "turkey", "guinea", "georgia", "jordan", "niger", "togo", "mali",
                        "us", "oman", "peru", "cuba"})


@lru_cache(maxsize=1)
def gazetteer() -> Mapping[str, GazetteerEntry]:
    """Folded name or alias -> entry, from the compiled gazetteer file (read once per process)."""
    table: dict[str, GazetteerEntry] = {}
    text = resources.files("legation").joinpath("data/gazetteer.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        typ, name, country, aliases = ([*line.split("\t"), "", "", "", ""])[:4]
        entry = GazetteerEntry(name, typ, country)
        for alias in [name, *aliases.split("|")]:
            key = fold(alias)
            usable = bool(key) and len(key) > 2 and not is_stopword(key)
            # countries win over cities of the same name; the first city listed wins otherwise
            if usable and (key not in table or (typ == "COUNTRY" and table[key].type != "COUNTRY")):
                table[key] = entry
    for alias, main in {**DEMONYMS, **plural_demonyms(DEMONYMS), **GOVERNMENTS}.items():
        table.setdefault(alias, GazetteerEntry(main, "COUNTRY", ""))
    for alias, key in COUNTRY_ALIASES.items():
        if alias in table or len(alias) < 3:
            continue
        known = table.get(key)
        if known:
            table[alias] = known
    return table


def tokens(text: str) -> list[tuple[int, int, str]]:
    """Word tokens with their offsets: ``(start, end, folded word)``."""
    words = _tokens(text)
    return list(zip(words.starts, map(words.end, range(len(words.folded))), words.folded, strict=True))


class _Words:
    """A text's word tokens (:data:`_WORD`) as parallel lists (no object per token): start offsets and
    folded words.  A token ends where its folded word does (``start + len``), but for the few whose end
    keeps a full stop (``u.s.``), listed in ``stops``; :meth:`end` reads it only for a match."""

    __slots__ = ("folded", "starts", "stops")

    def __init__(self, starts: list[int], folded: list[str], stops: dict[int, int]) -> None:
        self.starts = starts
        self.folded = folded
        self.stops = stops

    def end(self, k: int) -> int:
        return self.stops.get(k) or self.starts[k] + len(self.folded[k])


@dataclass(frozen=True)
class _Runs:
    """A text's runs (:data:`_RUN_SPLIT`) as parallel lists: offsets, the lower-cased runs as printed
    (``folded``) and without their trailing full stops (``bare``), and the lower-cased text (``low``)."""

    starts: list[int]
    ends: list[int]
    folded: list[str]
    bare: list[str]
    low: str


def _split(pattern: re.Pattern[str], text: str) -> tuple[list[str], list[int]]:
    """The words ``pattern`` (one group) finds in ``text``, as printed, and the offsets around them:
    word ``k`` is ``text[offsets[2k+1]:offsets[2k+2]]``.  One C-level ``split`` and running sum of the
    pieces' lengths instead of a match object per word."""
    parts = pattern.split(text)
    return parts[1::2], list(accumulate(map(len, parts), initial=0))


#: A run of letters, apostrophes, full stops and hyphens that starts with a letter: the tokens of
#: :func:`legation.enrich.cues.find_org_phrases`, and (with a ``(`` before and ``)`` after) of the titles.
_RUN_SPLIT = re.compile(r"([A-Za-z][A-Za-z'.\-]*)")


@lru_cache(maxsize=8)
def _runs(text: str) -> _Runs:
    """The text's runs (:data:`_RUN_SPLIT`) lower-cased, with their offsets, kept for the last few texts:
    every finder of one :func:`extract` reads them (one split for all).  ASCII text (the usual case) is
    lower-cased before the split, which keeps every offset and every run (the pattern is ASCII letters
    either case); other text run by run."""
    low = text.lower()
    if text.isascii():
        words, offsets = _split(_RUN_SPLIT, low)
    else:
        words, offsets = _split(_RUN_SPLIT, text)
        words = list(map(str.lower, words))
    return _Runs(offsets[1:-1:2], offsets[2::2], words, list(map(str.rstrip, words, repeat("."))), low)


@lru_cache(maxsize=8)
def _tokens(text: str) -> _Words:
    """:func:`tokens` as parallel lists, kept for the last few texts (the finders of one :func:`extract`
    share them).  Derived from :func:`_runs`: a word token (:data:`_WORD`) lies inside one run, and a run
    without an inner full stop is one token (its trailing stops left out); only runs with an inner
    stop (``U.S.``, ``A.M.``) are read with the pattern."""
    runs = _runs(text)
    bare, starts = runs.bare, runs.starts
    inner = _inner_stops(runs) if text.isascii() else list(compress(count(), map(str.__contains__, bare, repeat("."))))
    if not inner:
        return _Words(starts, bare, {})
    out_s: list[int] = []
    out_w: list[str] = []
    stops: dict[int, int] = {}
    done = 0
    for k in inner:
        out_s += starts[done:k]
        out_w += bare[done:k]
        for m in _WORD.finditer(runs.folded[k]):
            if m.group(0).endswith("."):  # the token's end keeps its full stop (``u.s.``)
                stops[len(out_s)] = starts[k] + m.end()
            out_s.append(starts[k] + m.start())
            out_w.append(m.group(0).rstrip("."))
        done = k + 1
    out_s += starts[done:]
    out_w += bare[done:]
    return _Words(out_s, out_w, stops)


#: A full stop followed by a letter, ``'`` or ``-``: inside a run, it is no trailing stop.
_INNER_STOP = re.compile(r"\.(?=[a-z'\-])")


def _inner_stops(runs: _Runs) -> list[int]:
    """The runs with a full stop inside (``u.s.``, not ``tokyo.``), in order: where the engine finds a stop
    followed by a run character inside a run (no step per run; ASCII text, whose offsets ``low`` keeps)."""
    out: list[int] = []
    for m in _INNER_STOP.finditer(runs.low):
        k = bisect_right(runs.starts, m.start()) - 1
        if k >= 0 and m.start() < runs.ends[k] and (not out or out[-1] != k):
            out.append(k)
    return out


def _candidates(folded: list[str], prefixes: frozenset[str]) -> list[int]:
    """Indexes of the tokens that start some key (C-level: no Python step per token)."""
    return list(compress(count(), map(prefixes.__contains__, folded)))


@lru_cache(maxsize=8)
def _table_candidates(text: str) -> tuple[list[int], list[int]]:
    """The tokens that start a gazetteer key and those that start an organisation key: one pass over the
    tokens for both read-only tables (their prefixes together), then the few hits sorted to each."""
    folded = _tokens(text).folded
    hits = _candidates(folded, _table_prefixes())
    words = list(map(folded.__getitem__, hits))
    return (list(compress(hits, map(_gazetteer_prefixes().__contains__, words))),
            list(compress(hits, map(_organisation_prefixes().__contains__, words))))


def _prefixes(table: Iterable[str]) -> frozenset[str]:
    """The first 1 .. :data:`MAX_NGRAM` words of every key, space-joined (``new``, ``new york`` ...).

    A match is a key of at most :data:`MAX_NGRAM` words, and each of its word prefixes is in this set, so
    :func:`_scan` extends an n-gram only while it is a prefix.  The read-only tables keep theirs
    (:func:`_gazetteer_prefixes`, :func:`_organisation_prefixes`); a record's small lexicon is indexed per call.
    """
    out: set[str] = set()
    for key in table:
        parts = key.split(" ")[:MAX_NGRAM]
        out.update(" ".join(parts[:n]) for n in range(1, len(parts) + 1))
    return frozenset(out)


@lru_cache(maxsize=1)
def _gazetteer_prefixes() -> frozenset[str]:
    return _prefixes(gazetteer())


@lru_cache(maxsize=1)
def _organisation_prefixes() -> frozenset[str]:
    return _prefixes(_organisation_table())


@lru_cache(maxsize=1)
def _table_prefixes() -> frozenset[str]:
    return _gazetteer_prefixes() | _organisation_prefixes()


def _scan(text: str, table: Mapping[str, object], prefixes: frozenset[str] | None = None,
          candidates: list[int] | None = None) -> Iterator[tuple[int, int, str]]:
    """Longest-first, left-to-right matches of ``table``'s keys over the word tokens: ``(start, end, key)``.

    A match is the longest n-gram (n <= :data:`MAX_NGRAM`) starting at a token that is a key; only the
    tokens that start some key are tried, and an n-gram grows only while it is the start of a key.
    ``prefixes`` is :func:`_prefixes` of ``table`` (computed when not given); ``candidates`` the indexes
    of the tokens in ``prefixes`` (:func:`_candidates`, found when not given).
    """
    words = _tokens(text)
    folded = words.folded
    prefixes = _prefixes(table) if prefixes is None else prefixes
    total = len(folded)
    i = 0
    for c in _candidates(folded, prefixes) if candidates is None else candidates:
        if c < i:
            continue  # inside the previous match
        # the longest key among the n-grams at c (inline: a scan tries every candidate, most of them
        # a first word such as ``the`` whose 2-gram is no prefix)
        gram = folded[c]
        best, key = (1, gram) if gram in table else (0, "")
        n, most = 1, min(MAX_NGRAM, total - c)
        while n < most:
            gram = f"{gram} {folded[c + n]}"
            if gram not in prefixes:
                break
            n += 1
            if gram in table:
                best, key = n, gram
        if best:
            yield words.starts[c], words.end(c + best - 1), key
            i = c + best


def find_gazetteer(text: str) -> list[Found]:
    """Countries and places named in ``text``."""
    table = gazetteer()
    return [Found(s, e, text[s:e], table[k].name, table[k].type, "gazetteer")
            for s, e, k in _scan(text, table, _gazetteer_prefixes(), _table_candidates(text)[0])]


_NAME_TOKEN = re.compile(r"[A-Z][A-Za-z'\-]+")


def find_titled_persons(text: str) -> list[Found]:
    """Persons named after a title: ``FOREIGN MINISTER GROMYKO``, ``AMBASSADOR (HODGSON)``, ``MR. OHIRA``.

    After the title words, up to three capitalised name tokens are taken; the last is the surname, and
    it must not be a common English word (``MINISTER REGARDING`` is no person).
    """
    runs = _runs(text)
    starts, ends = runs.starts, runs.ends
    out: list[Found] = []
    # only the words that are title heads open a title (found C-level: a title word stripped of
    # ``_BARE`` is its run without its trailing full stops, ``bare``); each is read in a window of the
    # words after it (:data:`_WINDOW`)
    heads = compress(count(), map(_TITLE_HEADS.__contains__, runs.bare))
    for i in heads:
        if i == len(starts) - 1:
            break  # the last word opens no title
        words = list(map(_title_word, repeat(text), starts[i:i + _WINDOW], ends[i:i + _WINDOW]))
        found = _titled_person(text, words)
        if found is not None:
            out.append(found)
    return out


def _title_word(text: str, start: int, end: int) -> tuple[int, int, str]:
    """The title token (:data:`_TITLE_WORD`) of the run ``text[start:end]``: with the ``(`` before it
    and the ``)`` after it."""
    if start and text[start - 1] == "(":
        start -= 1
    if text[end:end + 1] == ")":
        end += 1
    return start, end, text[start:end]


#: A title word as the finder's tokens print it (``(AMBASSADOR``, ``MR.``): a run of :func:`_runs` in brackets.
_TITLE_WORD = re.compile(r"\(?[A-Za-z][A-Za-z'\-\.]*\)?")
_BARE = "().,;:"
#: The words after a title head that the rules read: the head and up to five more title words (``j <= 6``
#: in :func:`_titled_person`), the name (up to three words, to index 8) and the word after it that
#: :func:`legation.enrich.cues.caps_name_goes_on` reads (index 9).
_WINDOW = 10


def _titled_person(text: str, words: list[tuple[int, int, str]]) -> Found | None:
    """The person named after the title head ``words[0]``, if any."""
    i = 0
    j = i + 1
    while j < len(words) and _bare(words[j][2]) in TITLE_WORDS and j - i < 6:
        j += 1
    if sentence_ends(words[i:j]):
        return None
    after = any(_bare(w) in _PREPOSITIONS for _a, _b, w in words[i + 1:j])
    run = _name_run(words, j, after_preposition=after)
    if not run:
        return None
    start, end = run
    name = text[start:end]
    role = " ".join(_bare(w) for _a, _b, w in words[i:j])
    return Found(start, end, name, name, "PERSON", "title", role)


def _name_run(words: list[tuple[int, int, str]], j: int, *, after_preposition: bool) -> tuple[int, int] | None:
    """Offsets of the name at ``words[j]``: up to three Title-case tokens (one in all-caps text, where a
    following word cannot be told from a name), the last a plausible surname.  A place name counts only
    straight after the title (``DIVDIR TOGO``), not after ``OF`` (``MINISTER OF JAPAN``)."""
    run: list[tuple[int, int, str]] = []
    for start, _end, raw in words[j:j + 3]:
        name = raw.strip("().,;:")
        if not _NAME_TOKEN.fullmatch(name) or is_stopword(name) or _bare(name) in TITLE_WORDS:
            break
        offset = start + raw.index(name)
        run.append((offset, offset + len(name), name))
        if raw.endswith((")", ",", ";", ":", ".")) or (name.isupper() and not caps_name_goes_on(words, j + len(run))):
            break
    while run and (not plausible_surname(run[-1][2], strict=after_preposition) or fold(run[-1][2]) in ORGANISATIONS
                   or (after_preposition and fold(run[-1][2]) in gazetteer())):
        run.pop()
    if not run:
        return None
    return run[0][0], run[-1][1]


_PREPOSITIONS = frozenset({"of", "in", "to", "for", "at", "the", "on", "and"})


def _bare(word: str) -> str:
    return word.strip("().,;:").lower().rstrip(".")


#: Words that open a title before a person's name.
_TITLE_HEADS = frozenset("""mr mrs ms dr ambassador amb minister fonmin depfonmin primin premier president divdir depdir
secretary secgen gensec chairman director deputy counselor counsellor consul governor senator
congressman king queen prince shah sheikh emir sultan general gen admiral adm colonel col marshal
chancellor spokesman envoy professor prof comrade""".split()) | EXTRA_TITLE_HEADS


#: Organisations cables name by acronym or short name (legation's list; expansions as the glossary gives
#: them).  Government abbreviations (GOJ ...) are countries, see :data:`GOVERNMENTS`.
ORGANISATIONS = {
    "un": "United Nations", "unga": "United Nations General Assembly", "unsc": "United Nations Security Council",
    "nato": "North Atlantic Treaty Organization", "oecd": "Organisation for Economic Co-operation and Development",
    "opec": "Organization of the Petroleum Exporting Countries", "ec": "European Communities",
    "eec": "European Economic Community", "iaea": "International Atomic Energy Agency",
    "imf": "International Monetary Fund", "ibrd": "World Bank", "world bank": "World Bank", "csce": "CSCE",
    "asean": "ASEAN", "oas": "Organization of American States", "oau": "Organization of African Unity",
    "gatt": "GATT", "unesco": "UNESCO", "unctad": "UNCTAD", "undp": "UNDP", "unhcr": "UNHCR", "who": "",
    "cia": "Central Intelligence Agency", "usia": "United States Information Agency",
    "usis": "United States Information Service", "usaid": "USAID", "aid": "", "dod": "Department of Defense",
    "nsc": "National Security Council", "fbi": "Federal Bureau of Investigation", "mfa": "Ministry of Foreign Affairs",
    "fonoff": "Foreign Office", "foreign ministry": "Ministry of Foreign Affairs",
    "ministry of foreign affairs": "Ministry of Foreign Affairs", "foreign office": "Foreign Office",
    "cpsu": "Communist Party of the Soviet Union", "kgb": "KGB", "plo": "Palestine Liberation Organization",
    "ldp": "Liberal Democratic Party", "jsp": "Japan Socialist Party", "jcp": "Japan Communist Party",
    "keidanren": "Keidanren", "miti": "Ministry of International Trade and Industry", "jda": "Japan Defense Agency",
    "congress": "Congress", "senate": "Senate", "politburo": "Politburo", "central committee": "Central Committee",
    "supreme soviet": "Supreme Soviet", "diet": "Diet", "bundestag": "Bundestag", "knesset": "Knesset",
    "red cross": "Red Cross", "icrc": "International Committee of the Red Cross", "ilo": "ILO", "fao": "FAO",
    "comecon": "Comecon", "cmea": "Comecon", "warsaw pact": "Warsaw Pact", "seato": "SEATO", "cento": "CENTO",
    "anzus": "ANZUS", "arab league": "Arab League", "efta": "EFTA", "interpol": "Interpol", "ira": "IRA",
    "salt": "", "mbfr": "", "exim": "Export-Import Bank", "eximbank": "Export-Import Bank",
}

_ORG_PATTERN = re.compile(
    r"\b(?:AMEMBASSY|AMEMB|AMCONSUL|AMCONGEN|USMISSION|USDEL|USLO|USINT|USUN|USNATO|USEC|USOECD)"
    r"(?:[ \t]+(?!(?:AND|FOR|TO|IN|ON|OF|THE|PRIORITY|IMMEDIATE|ROUTINE|NIACT|FLASH|INFO)\b)[A-Z][A-Z]+){0,2}", re.I)


def find_organisations(text: str) -> list[Found]:
    """Organisations named by acronym or short name, and US posts (``AMEMBASSY TOKYO``, ``USMISSION GENEVA``)."""
    table = _organisation_table()
    out = [Found(s, e, text[s:e], table[k][0], table[k][1], "gazetteer")
           for s, e, k in _scan(text, table, _organisation_prefixes(), _table_candidates(text)[1])]
    for m in _post_matches(text):
        out.append(Found(m.start(), m.end(), m.group(0), m.group(0), "ORG", "gazetteer"))
    return out


#: The words that open :data:`_ORG_PATTERN`, in lower case, without ``re.I`` and without the ``\b`` before
#: them (either allows the engine no fast scan for them), by their first two letters (one literal each, which the engine scans for fast): where one stands in
#: the lower-cased text, the pattern itself is tried (``tests/enrich/test_speed_equivalence_shared.py``
#: checks that they are the pattern's words).
_POST_HEADS = (re.compile(r"am(?:embassy|emb|consul|congen)"), re.compile(r"us(?:mission|del|lo|int|un|nato|ec|oecd)"))


def _post_matches(text: str) -> Iterator[re.Match[str]]:
    """``_ORG_PATTERN.finditer(text)``, faster: in ASCII text (where ``re.I`` and lower case agree) the
    pattern is matched only where one of :data:`_POST_HEADS` finds an opening word."""
    if not text.isascii():
        yield from _ORG_PATTERN.finditer(text)
        return
    end = 0
    low = _runs(text).low
    for at in sorted(m.start() for head in _POST_HEADS for m in head.finditer(low)):
        if at < end:
            continue
        m = _ORG_PATTERN.match(text, at)  # None where no word starts (``\b``)
        if m:
            end = m.end()
            yield m


@lru_cache(maxsize=1)
def _organisation_table() -> dict[str, tuple[str, str]]:
    """:data:`ORGANISATIONS` as a lexicon (folded name -> (name, type)), built once."""
    return {k: (v or k.upper(), "ORG") for k, v in ORGANISATIONS.items() if v}


def find_known(text: str, known: Mapping[str, tuple[str, str]],
               prefixes: frozenset[str] | None = None) -> list[Found]:
    """Names already known (folded name -> (name, type)) found again in ``text`` (``prefixes``: see :func:`_scan`)."""
    if not known:
        return []
    if prefixes is None:
        prefixes, first = _lexicon_prefixes(frozenset(known))
        low = _runs(text).low
        if not any(map(low.__contains__, first)):
            return []  # no key's first word stands anywhere in the text
    return [Found(s, e, text[s:e], known[k][0], known[k][1], "lexicon") for s, e, k in _scan(text, known, prefixes)]


@lru_cache(maxsize=16)
def _lexicon_prefixes(keys: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """:func:`_prefixes` of a lexicon's keys and their first words, kept for the last few lexicons: a
    record's lexicon serves its text and its heads, and the records of one FRUS volume share their
    persons list."""
    return _prefixes(keys), frozenset(k.split(" ", 1)[0] for k in keys)


def load_tables() -> None:
    """Read every table the inline finders use (gazetteer, organisations, their key prefixes, given names,
    US post cities, English word frequencies, the census names), once per process; each is otherwise read by the first
    record that needs it.  A benchmark calls it before timing (``bench/entities/speed.py``), so that a
    first run measures the per-record work and the per-name caches filling, not the tables' loading."""
    from legation.enrich.cues import _cities_by_prefix
    from legation.enrich.givennames import given_names
    from legation.enrich.names import _english
    from legation.enrich.personcues import _rare_census_surnames, census_given_names

    gazetteer()
    _table_prefixes()
    _organisation_table()
    _cities_by_prefix()
    given_names()
    _english()
    _rare_census_surnames()
    census_given_names()


def extract(text: str, known: Mapping[str, tuple[str, str]] | None = None, *, model: Any = None,
            post: str = "", groups: bool = False) -> list[Found]:
    """Every finder over ``text``; where two spans overlap the longer wins (title > lexicon > gazetteer >
    model on ties).  ``model`` is a loaded spaCy pipeline (:func:`load_model`) or None for the inline
    finders only.  ``post`` (a CFPF document number or post name) names the country whose ``MFA`` is
    meant (:func:`legation.enrich.cues.localise`) and whose embassy ``THE EMBASSY`` is.  ``groups`` adds
    the groups of persons of :func:`legation.enrich.groups.find_groups` (off in the pipeline: measured,
    they lower the dev+test person F1, bench/entities/README.md)."""
    places = find_gazetteer(text) + find_us_forms(text)  # the table scans share one tokenisation (_tokens)
    titled = find_titled_persons(text)
    found = _resolve_overlaps(titled + coordinated_persons(text, titled) + find_known(text, known or {})
                              + find_organisations(text) + find_org_phrases(text)
                              + find_defined_acronyms(text) + (find_groups(text) if groups else [])
                              + find_cable_bodies(text, post) + find_given_name_persons(text)
                              + find_compound_parts(text) + find_convention_persons(text) + places)
    found += _places_inside_posts(found, places)
    if post:
        found = localise(found, post_country(post))
    if model is None:
        return found
    taken = [(f.start, f.end) for f in found]
    extra = [f for f in find_model(text, model) if not any(f.start < e and s < f.end for s, e in taken)]
    return sorted(found + extra, key=lambda f: f.start)


def _places_inside_posts(found: list[Found], places: list[Found]) -> list[Found]:
    """The city in ``AMEMBASSY TOKYO`` or ``EMBASSY IN MOSCOW`` is a place mention too, and the country in
    a group of persons (``LEBANESE CHRISTIANS``): posts, named organisations and groups are the one
    allowed overlap."""
    posts = [f for f in found if (f.type == "ORG" or f.role == GROUP_ROLE) and " " in f.text
             and (f.source == "pattern" or _ORG_PATTERN.match(f.text))]
    # posts come from resolved spans, which never overlap: sorted by start, their ends are sorted too, and
    # the one post that can hold a place is the last that starts at or before it
    posts.sort(key=lambda o: o.start)
    starts = [o.start for o in posts]
    return [p for p in places if (k := bisect_right(starts, p.start)) and p.end <= posts[k - 1].end]


_RANK = {"title": 0, "lexicon": 1, "gazetteer": 2, "pattern": 3, "model": 4}
#: The model's labels legation keeps.  Measured on the History Lab dev+test gold (bench/entities/README.md):
#: its places and organisations lower document F1 (places 0.87 -> 0.84, organisations 0.65 -> 0.63: the
#: gazetteer and the organisation finders already have what it gets right, and its all-caps surnames read
#: as places), so only its persons are kept.
_MODEL_TYPES = {"PERSON": "PERSON"}


def model_path() -> str:
    """Where the shipped entity model lives (``legation/data/ner``)."""
    return str(resources.files("legation").joinpath("data/ner"))


def load_model(path: str | None = None) -> Any:
    """Load the spaCy entity model (trained by ``bench/entities/train_ner.py``); nothing is downloaded."""
    import spacy

    return spacy.load(path or model_path(), exclude=["parser", "tagger", "lemmatizer"])


def find_model(text: str, model: Any) -> list[Found]:
    """Entities the statistical model finds; pronouns, cable-ese and common words alone are dropped."""
    out: list[Found] = []
    read = truecase(text) if model.meta.get("legation_truecase") else text
    for ent in model(read).ents:
        typ = _MODEL_TYPES.get(ent.label_)
        name = ent.text.strip()
        if not typ or is_stopword(name) or all(is_common_word(w) for w in name.split()):
            continue
        printed = text[ent.start_char:ent.end_char]
        out.append(Found(ent.start_char, ent.end_char, printed, printed.strip(), typ, "model"))
    return out


def _resolve_overlaps(found: Iterable[Found]) -> list[Found]:
    """Longest first (then by finder rank, then leftmost): a span is kept when it overlaps no kept span.

    Kept spans never overlap one another, so sorted by start their ends are sorted too: the one kept span
    that can overlap a new one is the last that starts before the new one ends (a bisection, not a scan).
    """
    ordered = sorted(found, key=lambda f: (-(f.end - f.start), _RANK.get(f.source, 9), f.start))
    starts: list[int] = []
    ends: list[int] = []
    out: list[Found] = []
    for f in ordered:
        k = bisect_left(starts, f.end)
        if k and ends[k - 1] > f.start:
            continue
        starts.insert(k, f.start)
        ends.insert(k, f.end)
        out.append(f)
    return sorted(out, key=lambda f: f.start)
