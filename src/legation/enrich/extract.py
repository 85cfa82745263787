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
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from legation.enrich.cues import (
    EXTRA_DEMONYMS,
    EXTRA_TITLE_HEADS,
    caps_name_goes_on,
    find_defined_acronyms,
    find_org_phrases,
    find_us_forms,
    localise,
    plausible_surname,
    post_country,
    sentence_ends,
    truecase,
)
from legation.enrich.names import COUNTRY_ALIASES, TITLE_WORDS, fold, is_common_word, is_stopword

MAX_NGRAM = 4
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*(?:\.[A-Za-z]\.?)*")


@dataclass(frozen=True)
class Found:
    """One mention: where it is, what it names, and which finder found it."""

    start: int
    end: int
    text: str
    name: str
    type: str
    source: str
    role: str = ""


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
    for alias, main in {**DEMONYMS, **GOVERNMENTS}.items():
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
    return [(m.start(), m.end(), m.group(0).lower().rstrip(".")) for m in _WORD.finditer(text)]


Words = list[tuple[int, int, str]]


def heads(table: Iterable[str]) -> dict[str, int]:
    """First word of each key -> the most words a key starting with it has (at most :data:`MAX_NGRAM`): a
    token that starts no key is passed over with one look-up."""
    out: dict[str, int] = {}
    for key in table:
        first, *rest = key.split(" ")
        out[first] = max(out.get(first, 0), min(len(rest) + 1, MAX_NGRAM))
    return out


@lru_cache(maxsize=1)
def _gazetteer_heads() -> dict[str, int]:
    return heads(gazetteer())


def _longest(words: Words, i: int, table: Mapping[str, object], most: int) -> tuple[int, str] | None:
    """The longest n-gram (of at most ``most`` words) starting at token ``i`` that ``table`` knows: ``(n, key)``."""
    for n in range(min(most, len(words) - i), 0, -1):
        key = words[i][2] if n == 1 else " ".join(w for _s, _e, w in words[i:i + n])
        if key in table:
            return n, key
    return None


def _scan(text: str, table: Mapping[str, object], first: Mapping[str, int] | None = None,
          words: Words | None = None) -> Iterator[tuple[int, int, str]]:
    """Longest-first, left-to-right matches of ``table``'s keys over the word tokens: ``(start, end, key)``.

    ``first`` is :func:`heads` of ``table`` (computed when not given); ``words`` the :func:`tokens` of ``text``.
    Tokens hold no spaces, so an n-gram can equal a key only when its first token is the key's first word.
    """
    first = heads(table) if first is None else first
    words = tokens(text) if words is None else words
    i = 0
    while i < len(words):
        most = first.get(words[i][2], 0)
        hit = _longest(words, i, table, most) if most else None
        if hit is None:
            i += 1
            continue
        n, key = hit
        yield words[i][0], words[i + n - 1][1], key
        i += n


def find_gazetteer(text: str, words: Words | None = None) -> list[Found]:
    """Countries and places named in ``text`` (``words``: its :func:`tokens`, when already computed)."""
    table = gazetteer()
    return [Found(s, e, text[s:e], table[k].name, table[k].type, "gazetteer")
            for s, e, k in _scan(text, table, _gazetteer_heads(), words)]


_NAME_TOKEN = re.compile(r"[A-Z][A-Za-z'\-]+")


def find_titled_persons(text: str) -> list[Found]:
    """Persons named after a title: ``FOREIGN MINISTER GROMYKO``, ``AMBASSADOR (HODGSON)``, ``MR. OHIRA``.

    After the title words, up to three capitalised name tokens are taken; the last is the surname, and
    it must not be a common English word (``MINISTER REGARDING`` is no person).
    """
    words = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"\(?[A-Za-z][A-Za-z'\-\.]*\)?", text)]
    out: list[Found] = []
    for i, (_s, _e, word) in enumerate(words[:-1]):
        if _bare(word) not in _TITLE_HEADS:
            continue
        j = i + 1
        while j < len(words) and _bare(words[j][2]) in TITLE_WORDS and j - i < 6:
            j += 1
        if sentence_ends(words[i:j]):
            continue
        after = any(_bare(w) in _PREPOSITIONS for _a, _b, w in words[i + 1:j])
        run = _name_run(words, j, after_preposition=after)
        if not run:
            continue
        start, end = run
        name = text[start:end]
        role = " ".join(_bare(w) for _a, _b, w in words[i:j])
        out.append(Found(start, end, name, name, "PERSON", "title", role))
    return out


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


@lru_cache(maxsize=1)
def _organisation_table() -> tuple[dict[str, tuple[str, str]], dict[str, int]]:
    table = {k: (v or k.upper(), "ORG") for k, v in ORGANISATIONS.items() if v}
    return table, heads(table)


def find_organisations(text: str, words: Words | None = None) -> list[Found]:
    """Organisations named by acronym or short name, and US posts (``AMEMBASSY TOKYO``, ``USMISSION GENEVA``)."""
    table, first = _organisation_table()
    out = [Found(s, e, text[s:e], table[k][0], table[k][1], "gazetteer") for s, e, k in _scan(text, table, first, words)]
    for m in _ORG_PATTERN.finditer(text):
        out.append(Found(m.start(), m.end(), m.group(0), m.group(0), "ORG", "gazetteer"))
    return out


def find_known(text: str, known: Mapping[str, tuple[str, str]], words: Words | None = None) -> list[Found]:
    """Names already known (folded name -> (name, type)) found again in ``text``."""
    if not known:
        return []
    return [Found(s, e, text[s:e], known[k][0], known[k][1], "lexicon") for s, e, k in _scan(text, known, words=words)]


def extract(text: str, known: Mapping[str, tuple[str, str]] | None = None, *, model: Any = None,
            post: str = "") -> list[Found]:
    """Every finder over ``text``; where two spans overlap the longer wins (title > lexicon > gazetteer >
    model on ties).  ``model`` is a loaded spaCy pipeline (:func:`load_model`) or None for the inline
    finders only.  ``post`` (a CFPF document number or post name) names the country whose ``MFA`` is
    meant (:func:`legation.enrich.cues.localise`)."""
    words = tokens(text)  # one tokenisation for the three table scans
    places = find_gazetteer(text, words) + find_us_forms(text)
    found = _resolve_overlaps(find_titled_persons(text) + find_known(text, known or {}, words)
                              + find_organisations(text, words) + find_org_phrases(text)
                              + find_defined_acronyms(text) + places)
    found += _places_inside_posts(found, places)
    if post:
        found = localise(found, post_country(post))
    if model is None:
        return found
    taken = [(f.start, f.end) for f in found]
    extra = [f for f in find_model(text, model) if not any(f.start < e and s < f.end for s, e in taken)]
    return sorted(found + extra, key=lambda f: f.start)


def _places_inside_posts(found: list[Found], places: list[Found]) -> list[Found]:
    """The city in ``AMEMBASSY TOKYO`` or ``EMBASSY IN MOSCOW`` is a place mention too (posts and named
    organisations are the one allowed overlap)."""
    posts = [f for f in found if f.type == "ORG" and " " in f.text
             and (f.source == "pattern" or _ORG_PATTERN.match(f.text))]
    return [p for p in places if any(o.start <= p.start and p.end <= o.end for o in posts)]


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
    ordered = sorted(found, key=lambda f: (-(f.end - f.start), _RANK.get(f.source, 9), f.start))
    taken: list[tuple[int, int]] = []
    out: list[Found] = []
    for f in ordered:
        if any(f.start < e and s < f.end for s, e in taken):
            continue
        taken.append((f.start, f.end))
        out.append(f)
    return sorted(out, key=lambda f: f.start)
