"""Extraction rules for cable prose that the table-driven finders of :mod:`legation.enrich.extract` miss.

Kept apart from the finders so each rule can be read, tested and measured on its own (the figures are in
``bench/entities/README.md``):

- :data:`EXTRA_DEMONYMS`: two-word demonyms and adjectives (``NORTH KOREAN``, ``EAST GERMAN``,
  ``SOUTH AFRICAN``, ``PARAGUAYAN``) that name their country; without them the longest match was the wrong country
  (``NORTH KOREAN`` -> South Korea, ``EAST GERMAN`` -> Germany).
- :func:`find_us_forms`: the United States as cables print it with dots (``U.S.``, ``U.S.G.``,
  ``U. S.``), which word tokens split apart, and the all-caps ``US`` where it is the country and not
  the pronoun (``THE US``, ``US POSITION``, ``(US, UK, FRG)``; not ``TOLD US``, ``FOR US``).
- :func:`post_country` and :func:`localise`: an organisation every country has (``MFA``, ``FONOFF``,
  ``FOREIGN MINISTRY``) is the one of the country the cable was sent from (``1973STOCKH04045`` ->
  Sweden: "Ministry of Foreign Affairs (Sweden)").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from functools import lru_cache
from itertools import compress, count
from typing import TYPE_CHECKING, overload

from legation.enrich.names import fold, is_common_word

if TYPE_CHECKING:
    from legation.enrich.extract import Found, GazetteerEntry, _Runs

#: Demonyms of two words and adjectives the first table lacks (folded) -> country name.  Their plurals
#: (``ISRAELIS``, ``SYRIANS``) come from :func:`plural_demonyms`.
EXTRA_DEMONYMS: dict[str, str] = {
    "north korean": "North Korea", "south korean": "South Korea", "north vietnamese": "North Vietnam",
    "south vietnamese": "South Vietnam", "east german": "East Germany", "west german": "West Germany",
    "south african": "South Africa", "paraguayan": "Paraguay", "uruguayan": "Uruguay", "bolivian": "Bolivia",
    "ecuadorian": "Ecuador", "guatemalan": "Guatemala", "nicaraguan": "Nicaragua",
    "salvadoran": "El Salvador", "honduran": "Honduras", "panamanian": "Panama", "costa rican": "Costa Rica",
    "dominican": "Dominican Republic", "haitian": "Haiti", "jamaican": "Jamaica", "tunisian": "Tunisia",
    "sudanese": "Sudan", "ghanaian": "Ghana", "zairian": "Zaire", "zambian": "Zambia",
    "tanzanian": "Tanzania", "ugandan": "Uganda", "angolan": "Angola", "mozambican": "Mozambique",
    "rhodesian": "Rhodesia", "senegalese": "Senegal", "beninese": "Benin", "malagasy": "Madagascar",
    "kuwaiti": "Kuwait", "yemeni": "Yemen", "omani": "Oman", "bahraini": "Bahrain", "qatari": "Qatar",
    "cypriot": "Cyprus", "maltese": "Malta", "icelandic": "Iceland",
    "burmese": "Burma", "laotian": "Laos", "lao": "Laos", "malaysian": "Malaysia", "singaporean": "Singapore",
    "bangladeshi": "Bangladesh", "nepalese": "Nepal", "sri lankan": "Sri Lanka",
    "new zealander": "New Zealand", "albanian": "Albania", "ukrainian": "Ukraine", "latvian": "Latvia",
    "lithuanian": "Lithuania", "estonian": "Estonia", "palestinian": "Palestine",
    # the two-word plurals of a one-word plural the first table already reads as the country (GERMANS)
    "east germans": "East Germany", "west germans": "West Germany", "north koreans": "North Korea",
    "south koreans": "South Korea",
}



def plural_demonyms(demonyms: dict[str, str]) -> dict[str, str]:
    """The plural nouns of one-word demonyms in ``-an`` and ``-i`` (``ISRAELIS``, ``EGYPTIANS``,
    ``SAUDIS``) -> their country.  In ``train`` the gold marks them as the country (``ISRAELIS`` 9 of 9
    times, ``EGYPTIANS`` 12 of 12, ``ITALIANS`` 7 of 7), not as a group of persons."""
    return {f"{k}s": v for k, v in demonyms.items()
            if " " not in k and k.endswith(("an", "i")) and f"{k}s" not in demonyms}


# -- the United States --------------------------------------------------------------------------

# (each opens with its literal and checks the character before it after that, so the engine scans for
# the literal instead of trying the look-behind at every character)
_US_DOTTED = re.compile(r"U\.(?<![A-Za-z.]U\.)[ ]?S\.(?:[ ]?[GA]\.)?(?:[ ]?G\b|[ ]?A\b)?")
_US_CAPS = re.compile(r"US(?<![A-Za-z./\-]US)(?![A-Za-z])")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)[^A-Za-z\n]{0,2}$")
#: Words after which an all-caps ``US`` is the pronoun (``TOLD US``, ``FOR US``, ``LET US``).
_PRONOUN_AFTER = frozenset("""
to for with of from by on about against among between into onto upon toward towards without before after
than like at behind beside near around told tell tells telling give gave given gives giving let lets
asked ask asks asking informed inform informs assured assure assures urged urge showed show shown shows
sent send sends called call calls join joined joins help helped helps allow allowed allows invited invite
invites provided provide provides contacted contact contacts briefed brief briefs reminded remind thank
thanked thanks offered offer offers approached approach approaches promised promise promises sought seek
left leave leaves keep kept keeps make made makes put puts brought bring brings took take takes got get gets
see saw seen meet met meets letting leading lead led leads enable enabled enables cause caused forced force
struck strike strikes persuade persuaded convince convinced assist assisted permit permitted caution
cautioned warn warned advise advised request requested requests notified notify wrote write writes
phoned phone cabled cable visited visit visits received receive receives all both each most some many none
either neither one two three whether
""".split())


def _us_is_pronoun(text: str, start: int) -> bool:
    """Whether the all-caps ``US`` at ``start`` is the pronoun: it follows a verb or preposition that
    takes an object (``TELL US``, ``FOR US``); in mixed-case text the pronoun is printed ``us``."""
    before = _WORD_BEFORE.search(text[max(0, start - 24):start])
    return before is not None and before.group(1).lower() in _PRONOUN_AFTER


def find_us_forms(text: str) -> list[Found]:
    """The United States printed with dots (``U.S.``, ``U.S.G.``) or as the all-caps country ``US``."""
    from legation.enrich.extract import Found

    out = [Found(m.start(), m.end(), m.group(0), "United States", "COUNTRY", "gazetteer")
           for m in _US_DOTTED.finditer(text)]
    for m in _US_CAPS.finditer(text):
        if not _us_is_pronoun(text, m.start()):
            out.append(Found(m.start(), m.end(), m.group(0), "United States", "COUNTRY", "gazetteer"))
    return out


# -- organisations of the posting country ---------------------------------------------------------

_CFPF_POST = re.compile(r"^(?:19|20)?\d\d([A-Z]{3,12})\d")
#: Organisations every country has, as cables name the one of the country they were sent from.
_NATIONAL_ORGS = {
    "mfa": "Ministry of Foreign Affairs", "mofa": "Ministry of Foreign Affairs",
    "foreign ministry": "Ministry of Foreign Affairs", "ministry of foreign affairs": "Ministry of Foreign Affairs",
    "foreign office": "Foreign Office", "fonoff": "Foreign Office",
}
#: Posts whose CFPF abbreviation does not start the city's name.
_POST_ALIASES = {"oecdp": "", "usun": "", "usnato": "", "state": "", "secto": "", "tosec": "", "ecbru": ""}


@lru_cache(maxsize=4096)
def post_country(ref: str) -> str:
    """The country of the post a cable came from, from its CFPF document number (``1973STOCKH04045`` ->
    Sweden) or a post name (``AMEMBASSY STOCKHOLM``, ``STOCKHOLM``); ``""`` when not known.

    A document number gives the post as the first letters of the city (``STOCKH``, ``CARACA``); the city
    is the gazetteer's first match, so ``PARIS`` is France.  Cablegate numbers (``06NEWDELHI5238``) work
    too.  Washington is no answer: a Department cable's ``MFA`` is another country's."""
    from legation.enrich.extract import gazetteer

    m = _CFPF_POST.match(ref.strip().upper())
    prefix = fold(m.group(1)) if m else fold(re.sub(r"^(?:AMEMBASSY|AMEMB|AMCONSUL|AMCONGEN)\s+", "",
                                                     ref.strip(), flags=re.I))
    if not prefix or prefix in _POST_ALIASES:
        return ""
    table = gazetteer()
    exact = table.get(prefix)
    code = exact.country if exact and exact.type == "PLACE" else ""
    if m and not code:
        code = _city_country(prefix)
    # the Department's own cables (WASHINGTON, STATE) name other countries' ministries
    return _country_name(code) if code and code != "US" else ""


@lru_cache(maxsize=4096)
def _city_country(prefix: str) -> str:
    """The country of the first city of :func:`_cities_by_prefix` whose name starts with ``prefix``."""
    return next((entry.country for key, entry in _cities_by_prefix() if key.startswith(prefix)), "")


@lru_cache(maxsize=1)
def _cities_by_prefix() -> list[tuple[str, GazetteerEntry]]:
    """Gazetteer cities (name without blanks, entry), the preferred city of a shared prefix first."""
    from legation.enrich.extract import gazetteer

    cities = [(k.replace(" ", ""), e) for k, e in gazetteer().items() if e.type == "PLACE" and e.country]
    return sorted(cities, key=lambda ke: (ke[0] not in _PREFERRED, len(ke[0])))


#: Cities that win a shared prefix (``SANTIA`` is Santiago de Chile, ``SANJOS`` San Jose of Costa Rica).
_PREFERRED = frozenset({"santiago", "sanjose", "saopaulo", "portauprince", "portofspain", "sansalvador"})


@lru_cache(maxsize=256)
def _country_name(code: str) -> str:
    from legation.enrich.extract import gazetteer

    for entry in gazetteer().values():
        if entry.type == "COUNTRY" and entry.country == code:
            return entry.name
    return ""


def localise(found: Iterable[Found], country: str) -> list[Found]:
    """``found`` with each organisation every country has (``MFA``, ``FONOFF``) named as the one of
    ``country`` (``Ministry of Foreign Affairs (Sweden)``); unchanged when ``country`` is empty."""
    out = list(found)
    if not country:
        return out
    return [replace(f, name=f"{_NATIONAL_ORGS[fold(f.text)]} ({country})")
            if f.type == "ORG" and fold(f.text) in _NATIONAL_ORGS else f for f in out]


# -- organisations named by their head noun ---------------------------------------------------------

#: Nouns that end an organisation's name (``THE FINANCE MINISTRY``, ``NIGERIAN AIRWAYS``).
ORG_HEADS = frozenset("""ministry department office committee council commission agency administration
delegation parliament airways airlines university party front army embassy consulate secretariat
bureau directorate institute school fund federation association league organization organisation
corporation""".split())
#: Ordinary English words that do stand inside organisations' names (``FINANCE``, ``POLICY REVIEW``);
#: other common words (verbs, ``SUMMARY``, ``DRAFT``) end the name.  Names, acronyms, places and
#: demonyms count too (:func:`_name_word`).
ORG_MODIFIERS = frozenset("""finance foreign economic economics cooperation policy review drug enforcement registration
defense defence justice state trade security national international central federal supreme general affairs
information development atomic energy human rights interior commerce agriculture labor labour education health
planning intelligence military political external advanced governing high joint social democratic socialist
communist liberation revolutionary people's peoples air naval navy marine armed forces customs immigration
treasury monetary investment industry industrial petroleum oil nuclear research science scientific technical
cultural press public legal consular economic-cooperation world united nations asian american european african
arab islamic atlantic pacific christian workers farmers un u.s us""".split())
_ORG_TOKEN = re.compile(r"[A-Za-z][A-Za-z'.\-]*")
_OF_TAIL = frozenset({"of"})


class _OrgWords(Sequence[tuple[int, int, str]]):
    """The words of :func:`find_org_phrases` (:data:`_ORG_TOKEN`) as ``(start, end, folded word)``, each made
    when a rule reads it (the rules read a few words around each of the few heads, not all ~1,500 words
    of a long cable).  A word is its run of the shared split (:func:`legation.enrich.extract._runs`),
    lower-cased, without trailing ``.,;:'`` and then without a final ``'s``."""

    __slots__ = ("ends", "folded", "starts")

    def __init__(self, runs: _Runs) -> None:
        self.starts, self.ends, self.folded = runs.starts, runs.ends, runs.folded

    def __len__(self) -> int:
        return len(self.starts)

    def word(self, k: int) -> tuple[int, int, str]:
        return self.starts[k], self.ends[k], self.folded[k].rstrip(".,;:'").removesuffix("'s")

    @overload
    def __getitem__(self, k: int) -> tuple[int, int, str]: ...

    @overload
    def __getitem__(self, k: slice) -> list[tuple[int, int, str]]: ...

    def __getitem__(self, k: int | slice) -> tuple[int, int, str] | list[tuple[int, int, str]]:
        if isinstance(k, slice):
            return [self.word(j) for j in range(*k.indices(len(self)))]
        return self.word(k if k >= 0 else k + len(self))


def _org_heads(text: str, runs: _Runs) -> list[int]:
    """The runs whose word (:class:`_OrgWords`) is a head noun (:data:`ORG_HEADS`), in order, found C-level.

    A run without an apostrophe is its word once its trailing full stops are gone (``bare``: runs hold no
    ``,;:``); only the runs that hold one of the text's few apostrophes (``MINISTRY'S``) are folded one by one."""
    heads = list(compress(count(), map(ORG_HEADS.__contains__, runs.bare)))
    at = text.find("'")
    if at < 0:
        return heads
    extra: set[int] = set()
    starts, ends = runs.starts, runs.ends
    while at >= 0:
        k = bisect_right(starts, at) - 1
        if k >= 0 and at < ends[k] and runs.folded[k].rstrip(".,;:'").removesuffix("'s") in ORG_HEADS:
            extra.add(k)
        at = text.find("'", at + 1)
    return sorted(extra.union(heads)) if extra else heads


def find_org_phrases(text: str) -> list[Found]:
    """Organisations named by a head noun with its modifiers (``THE FINANCE MINISTRY``, ``THE U.S.
    DEPARTMENT OF JUSTICE``, ``DRUG ENFORCEMENT ADMINISTRATION``): up to four words before the head
    that are not function words, a leading ``THE`` kept, and an ``OF ...`` tail of up to four words.
    A head with nothing before or after it (``THE MINISTRY``) is too vague to keep."""
    from legation.enrich.extract import Found, _runs

    runs = _runs(text)
    words = _OrgWords(runs)
    out: list[Found] = []
    for i in _org_heads(text, runs):
        first = _modifiers_start(text, words, i)
        last = _of_tail_end(text, words, i)
        if first == i and last == i:
            continue
        if first > 0 and words[first - 1][2] == "the" and _same_line(text, words[first - 1][1], words[first][0]):
            first -= 1
        start, end = words[first][0], words[last][1]
        surface = text[start:end].rstrip(".,;:'")
        surface = surface[:-2] if surface.endswith(("'S", "'s")) else surface
        out.append(Found(start, start + len(surface), surface, surface, "ORG", "pattern"))
    return out


def _place_end(words: Sequence[tuple[int, int, str]], j: int) -> int:
    """The last word of the longest gazetteer place starting at ``words[j]`` (``j - 2`` when none)."""
    from legation.enrich.extract import gazetteer

    table = gazetteer()
    for n in (3, 2, 1):
        if j + n <= len(words) and " ".join(w for _s, _e, w in words[j:j + n]) in table:
            return j + n - 1
    return j - 2


def _name_word(printed: str, word: str) -> bool:
    """Whether a word can stand inside an organisation's name: capitalised, and a modifier of
    :data:`ORG_MODIFIERS`, a place or demonym, or no common English word (a name or an acronym)."""
    from legation.enrich.extract import gazetteer

    if not printed[:1].isupper() or word in {"the", "and", "of"}:
        return False
    bare = word.replace(".", " ").strip()
    return word in ORG_MODIFIERS or bare in gazetteer() or not is_common_word(word.strip("'.-"), 3.5)


def _same_line(text: str, a: int, b: int) -> bool:
    gap = text[a:b]
    return bool(gap) and gap.strip() == "" and "\n" not in gap


def _modifiers_start(text: str, words: Sequence[tuple[int, int, str]], i: int) -> int:
    first = i
    while first > 0 and i - first < 4:
        s, e, w = words[first - 1]
        if w in ORG_HEADS or not _same_line(text, e, words[first][0]) or not _name_word(text[s:e], w):
            break
        first -= 1
    return first


def _of_tail_end(text: str, words: Sequence[tuple[int, int, str]], i: int) -> int:
    """The last word of an ``OF ...`` tail after the head at ``i`` (``EMBASSY IN|TO`` a place too)."""
    if i + 2 >= len(words) or not _same_line(text, words[i][1], words[i + 1][0]):
        return i
    tail = words[i + 1][2]
    if tail in {"in", "to"} and words[i][2] in {"embassy", "consulate"}:
        return _place_end(words, i + 2)
    if tail not in _OF_TAIL:
        return i
    j = i + 2
    if words[j][2] == "the" and j + 1 < len(words):
        j += 1
    last = i
    while j < len(words) and j - i <= 5 and _same_line(text, words[j - 1][1], words[j][0]):
        s, e, w = words[j]
        if not (_name_word(text[s:e], w) or w in ORG_HEADS):
            break
        last = j
        j += 1
        if w != "and" and text[e:e + 1] in ",;:)":
            break
    return last


# -- persons after a title --------------------------------------------------------------------------

#: Title abbreviations whose full stop does not end a sentence (``MR. OHIRA``, ``AMB. HODGSON``).
ABBREVIATIONS = frozenset("mr mrs ms dr amb gen adm col prof sen rep gov lt capt maj sgt st pres sec secy dep asst".split())


def sentence_ends(title_words: list[tuple[int, int, str]]) -> bool:
    """Whether a sentence ends inside a run of title words (``... TO FOREIGN MINISTER. HE WELCOMED``):
    the word after it is then no name.  The full stop of an abbreviation (``MR.``) does not count."""
    return any(w.rstrip(")").endswith(".") and w.strip("().").lower() not in ABBREVIATIONS
               for _s, _e, w in title_words)


def caps_name_goes_on(words: list[tuple[int, int, str]], j: int) -> bool:
    """In all-caps text, whether the name after a title goes on at ``words[j]``: an upper-case word that
    is no common English word, title, pronoun, place or organisation (``CDU DEPUTY KURT BIRRENBACH``,
    ``GENERAL ORLANDO GUERRERO``; not ``AMBASSADOR HODGSON SAID``, ``GROMYKO IN``, ``TOGO, MIYAZAWA``,
    nor an OCR run-on such as ``BRIEFEDFONMIN``, longer than any surname of the gold)."""
    from legation.enrich.extract import ORGANISATIONS, gazetteer
    from legation.enrich.names import TITLE_WORDS, is_stopword

    if j >= len(words) or words[j][0] - words[j - 1][1] != 1:  # one blank between, no comma or line break
        return False
    raw = words[j][2]
    name = raw.strip("().,;:")
    if not name.isupper() or not 3 <= len(name) <= 12 or raw.startswith("(") or "." in name:
        return False
    key = fold(name)
    return not (is_common_word(name, 3.5) or key in TITLE_WORDS or is_stopword(name) or key in gazetteer()
                or key in ORGANISATIONS or looks_like_verb(name))


def looks_like_verb(word: str) -> bool:
    """A verb form that follows a title in prose (``THE AMBASSADOR REPLIED``, ``SEEKS``): an ``-ED``,
    ``-ES`` or ``-ING`` form of a common English word, which no surname is."""
    w = word.lower()
    for suffix, stems in (("ed", (w[:-2], w[:-1])), ("ied", (w[:-3] + "y",)), ("es", (w[:-2], w[:-1])),
                          ("s", (w[:-1],)), ("ing", (w[:-3], w[:-3] + "e"))):
        if len(w) > len(suffix) + 2 and w.endswith(suffix) and any(is_common_word(s, 4.0) for s in stems):
            return True
    return False


# -- casing for the statistical model ---------------------------------------------------------------

_LETTERS = re.compile(r"[A-Za-z]+")


def truecase(text: str, threshold: float = 3.0) -> str:
    """All-caps ``text`` with common English words in lower case, places and other words capitalised
    and known acronyms left upper case (``FOREIGN MINISTER GROMYKO SAID IN MOSCOW`` -> ``foreign minister
    Gromyko said in Moscow``), the same length, so the
    offsets still hold.  The casing is what a model reads first in mixed-case text: a rare word is a
    name.  Text that is not mostly upper case is returned unchanged."""
    letters = [c for c in text[:20000] if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) < 0.8 * len(letters):
        return text

    from legation.enrich.extract import ORGANISATIONS, gazetteer

    places = gazetteer()

    def one(m: re.Match[str]) -> str:
        w = m.group(0)
        low = w.lower()
        if low in ORGANISATIONS and len(w) <= 6:
            return w
        if low in places or not is_common_word(w, threshold):
            return w[:1] + w[1:].lower()
        return low

    return _LETTERS.sub(one, text)


# -- acronyms a cable defines -----------------------------------------------------------------------

_DEFINED_AFTER = re.compile(r"\(([A-Z]{2,8})\)")
_NAME_WORDS = re.compile(r"(?:[A-Z][A-Z'\-]*[ \t]+)*[A-Z][A-Z'\-]*[ \t]*$")
_DEFINED_BEFORE = re.compile(r"(?<![A-Za-z])([A-Z]{2,8})[ \t]*\(([A-Z][A-Z' \-]{4,80})\)")
#: The bracketed long form every :data:`_DEFINED_BEFORE` match ends with (a fast test: it opens with ``(``).
_LONG_FORM = re.compile(r"\([A-Z][A-Z' \-]{4,80}\)")
#: :data:`_NAME_WORDS` read backwards from the end of the window: its match, reversed, is the one that
#: ``_NAME_WORDS.search`` finds (the leftmost start from which caps words reach the end), in one pass.
_NAME_WORDS_BACK = re.compile(r"[ \t]*[A-Z'\-]*[A-Z](?:[ \t]+[A-Z'\-]*[A-Z])*")
_SMALL = frozenset({"of", "the", "for", "and", "in", "on", "to", "de", "la", "del", "y"})


_CAPITALS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _defined_before(text: str) -> Iterator[tuple[str, str]]:
    """``(acronym, long form)`` of every :data:`_DEFINED_BEFORE` match, in order, found from the long forms
    (:data:`_LONG_FORM`, which the engine scans for from their ``(``) and the word before each: the
    pattern opens with a look-behind, which the engine would try at every character.

    The same matches: a long form holds no brackets, so each stands alone and two matches never overlap;
    the acronym is the whole run of 2-8 capitals before it (blanks between), with no ASCII letter before
    that run (a longer run, or a capital run after a small letter, matches nowhere)."""
    for m in _LONG_FORM.finditer(text):
        j = m.start()
        while j and text[j - 1] in " \t":
            j -= 1
        k = j
        while k and text[k - 1] in _CAPITALS and j - k <= 8:
            k -= 1
        if 2 <= j - k <= 8 and not (k and text[k - 1] in _ASCII_LETTERS):
            yield text[k:j], m.group(0)[1:-1]


def _initials_match(acronym: str, words: list[str]) -> str:
    """The shortest tail of ``words`` whose initials spell ``acronym`` (small words may be skipped):
    ``SPANISH SYNDICAL ORGANIZATION`` for ``SSO``; ``""`` when none does."""
    for n in range(1, len(words) + 1):
        tail = words[-n:]
        initials = "".join(w[0] for w in tail if w.lower() not in _SMALL)
        full = "".join(w[0] for w in tail)
        if acronym in (initials, full) and tail[0].lower() not in _SMALL:
            return " ".join(tail)
    return ""


def _name_words_before(text: str, start: int, end: int) -> str:
    """``_NAME_WORDS.search(text, start, end).group(0)`` (``""`` when none): the caps words that end
    the window, found by :data:`_NAME_WORDS_BACK` on the reversed window (``$`` also matches before
    a final line break)."""
    if end > start and text[end - 1] == "\n":
        end -= 1
    m = _NAME_WORDS_BACK.match(text[start:end][::-1])
    return m.group(0)[::-1] if m else ""


def find_defined_acronyms(text: str) -> list[Found]:
    """Organisations a cable names in full once with their acronym (``SPANISH SYNDICAL ORGANIZATION
    (SSO)``, ``ISKCON (INTERNATIONAL SOCIETY FOR KRISHNA CONSCIOUSNESS)``): the acronym wherever it
    stands in the cable, named by the long form."""
    from legation.enrich.extract import Found, gazetteer

    defined: dict[str, str] = {}
    for m in _DEFINED_AFTER.finditer(text):
        before = _name_words_before(text, max(0, m.start() - 120), m.start())
        long = _initials_match(m.group(1), before.split()[-8:]) if before else ""
        if long:
            defined.setdefault(m.group(1), long)
    for acronym, long_form in _defined_before(text):
        words = long_form.split()
        if _initials_match(acronym, words) == " ".join(words):
            defined.setdefault(acronym, long_form.strip())
    defined = {a: long for a, long in defined.items() if fold(a) not in gazetteer()}
    if not defined:
        return []
    return [Found(s, s + len(a), a, defined[a], "ORG", "pattern") for s, a in acronym_spans(text, defined)]


_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


def acronym_spans(text: str, acronyms: Iterable[str]) -> list[tuple[int, str]]:
    """Where each acronym (``[A-Z]{2,8}``) stands as a word, ``(start, acronym)`` in text order: what
    ``re.compile(r"(?<![A-Za-z])(A|B|...)(?![A-Za-z])").finditer(text)`` finds, without compiling a
    pattern per record (a record's acronyms are its own; the compile cost more than the scan).  Such a
    match is a whole run of ASCII letters, so matches of two acronyms never overlap: each is found with
    ``str.find`` and its neighbours checked (``tests/enrich/test_speed_equivalence_entfast.py``)."""
    out: list[tuple[int, str]] = []
    letters = _ASCII_LETTERS
    for a in acronyms:
        at = text.find(a)
        while at >= 0:
            end = at + len(a)
            if (not at or text[at - 1] not in letters) and (end == len(text) or text[end] not in letters):
                out.append((at, a))
            at = text.find(a, at + 1)
    out.sort()
    return out


#: More words that open a title before a name (``FRG DISARMAMENT COMMISSIONER ROTH``, ``NABLUS MAYOR
#: SHAKA``, ``CODEL WOLFF``, ``VICE-PRESIDENT POEHL``; not ``MAJOR``, which is an adjective as often).
#: The second line was read off the ``train`` misses (``LDP CANDIDATE MINORU UEDA``, ``SOCIALIST LEADER
#: DEMARTINO``, ``ECON OFFICER BRADLEY``, ``FSN EMPLOYEE JOHN DOOKLEY``, ``GOC ACTING FM PELEGHIAS``,
#: ``NEWS EDITOR IAN SEYMOUR``, ``MESSRS BUSHONG AND MCGREGOR``, ``(DICTATOR) PAPADOPOULOS``).
EXTRA_TITLE_HEADS = frozenset("""commissioner mayor codel vice-president vice-chairman undersecretary
representative rep lt lieutenant captain capt commander cmdr brigadier bishop archbishop cardinal pope
father judge justice attache attaché minister-counselor ambassador-designate president-elect
candidate candidates leader officer officers employee fm editor citizen messrs dictator chief ambassadors""".split())

#: How common a word after a title may be and still be a surname (``FRANK``, ``MARTIN``, ``CARTER``,
#: ``RUSH`` are; ``ISSUE``, ``ALSO``, ``SAID`` are more common than any surname).
SURNAME_ZIPF = 4.8


def plausible_surname(word: str, *, strict: bool = False) -> bool:
    """Whether the word that ends a name after a title can be a surname: not a very common English word,
    a verb form (``REPLIED``) or an adverb (``EARLIER``, ``STRONGLY``).  ``strict`` (the title ended in
    a preposition: ``MINISTER OF THE NUCLEAR ...``) holds any common word out."""
    w = word.lower()
    common = is_common_word(w) if strict else is_common_word(w, SURNAME_ZIPF)
    if common or looks_like_verb(word):
        return False
    return not (w.endswith("ly") and is_common_word(w, 3.0))


# -- the Department, the embassy, the delegation: cable-ese for one body ----------------------------

#: The Department of State as State cables call it (``THE DEPARTMENT``, ``DEPT``, ``DEPT'S``).
DEPARTMENT_OF_STATE = "United States Department of State"
#: A US delegation (``USDEL``, ``US DEL``).
US_DELEGATION = "US Delegation"
_DEPARTMENT = re.compile(r"(?:DEPARTMENT|DEPT)(?!['’]?[A-Za-z]|[ \t]+OF\b|[ \t]*/)")
_EMBASSY = re.compile(r"EMBASSY(?![A-Za-z]|['’][A-RT-Za-z]|[ \t]+(?:OF|IN|TO)\b)")
_THE_BEFORE = re.compile(r"(?:THE|THIS)[ \t]+$")
_USDEL = re.compile(r"US[ \t]?DEL(?![A-Za-z])")  # the letter before is tested apart: a look-behind first is slow
_CAPITALISED_BEFORE = re.compile(r"(?:[A-Z][A-Za-z.\-]*|\))[ \t]+$")


def _bare_at(text: str, start: int) -> bool:
    """Whether nothing that names another body stands just before ``start`` on its line: no capitalised
    modifier (``DEFENSE DEPARTMENT``, ``CANADIAN EMBASSY``: those are :func:`find_org_phrases`' own)."""
    before = text[max(0, start - 40):start]
    m = _CAPITALISED_BEFORE.search(before)
    if not m:
        return True
    from legation.enrich.extract import gazetteer

    word = m.group(0).strip().rstrip(".").lower()
    return is_common_word(word, 4.5) and word not in ORG_MODIFIERS and word not in gazetteer()


def find_cable_bodies(text: str, post: str = "") -> list[Found]:
    """The bodies State cables name by a generic word: ``THE DEPARTMENT``/``DEPT`` is the Department of
    State, ``USDEL`` a US delegation, and in a cable sent from a post, ``THE EMBASSY``/``EMBASSY`` is the
    embassy there (``1979BEIRUT07170`` -> "Embassy of the United States, Beirut").  Only all-caps cable
    text is read, and a word with a modifier before it (``DEFENSE DEPARTMENT``) or an ``OF`` after it
    (``DEPARTMENT OF ZELAYA``) is left to the organisation phrases."""
    from legation.enrich.extract import Found

    out = [f for m in _DEPARTMENT.finditer(text) if (f := _body(text, m, DEPARTMENT_OF_STATE, "THE")) is not None]
    out += [Found(m.start(), m.end(), m.group(0), US_DELEGATION, "ORG", "pattern") for m in _USDEL.finditer(text)
            if not (m.start() and text[m.start() - 1].isalpha())]
    city = post_city(post) if post else ""
    if city:
        name = f"Embassy of the United States, {city}"
        out += [f for m in _EMBASSY.finditer(text) if (f := _body(text, m, name, "THE THIS")) is not None]
    return out


def _body(text: str, m: re.Match[str], name: str, articles: str) -> Found | None:
    """The body the generic word ``m`` names, with the ``THE``/``THIS`` before it; None when the word is
    inside another word or has a modifier before it (:func:`_bare_at`)."""
    from legation.enrich.extract import Found

    start = m.start()
    if start and (text[start - 1].isalpha() or text[start - 1] in "/-"):
        return None
    the = _THE_BEFORE.search(text, max(0, start - 8), start)
    if the and the.group(0).split()[0] in articles.split() and (not the.start() or not text[the.start() - 1].isalpha()):
        start = the.start()
    elif not _bare_at(text, start):
        return None
    return Found(start, m.end(), text[start:m.end()], name, "ORG", "pattern")


def post_city(ref: str) -> str:
    """The city of the post a cable came from, from its CFPF document number (``1979BEIRUT07170`` ->
    Beirut), the same way :func:`post_country` reads it; ``""`` for Washington, STATE and the missions."""
    from legation.enrich.extract import gazetteer

    m = _CFPF_POST.match(ref.strip().upper())
    if not m:
        return ""
    prefix = fold(m.group(1))
    if prefix in _POST_ALIASES or prefix.startswith("us"):
        return ""
    exact = gazetteer().get(prefix)
    if exact and exact.type == "PLACE":
        return exact.name if exact.country != "US" else ""
    return _city_name(prefix)


@lru_cache(maxsize=4096)
def _city_name(prefix: str) -> str:
    entry = next((entry for key, entry in _cities_by_prefix() if key.startswith(prefix)), None)
    return entry.name if entry and entry.country != "US" else ""


# -- names coordinated after a title -----------------------------------------------------------------

_AND_NAME = re.compile(r"[ \t]+AND[ \t]+([A-Z][A-Z'\-]{2,})(?:[ \t]+([A-Z]+)|(?=[\n.,;:)]|$))")


def coordinated_persons(text: str, found: Iterable[Found]) -> list[Found]:
    """The second name of ``MESSRS BUSHONG AND MCGREGOR`` or ``CONGEN OFFICERS O'NEILL AND LIEBOWITZ``:
    an all-caps surname after ``AND`` straight after a person named by a title, with the same role; not a
    common word, title, place or organisation (``AMBASSADOR HODGSON AND STAFF``), nor the start of a
    longer name (``DIRECTOR ISRAELYAN AND QUAI UN DIRECTOR``: the word after it must be a common one)."""
    from legation.enrich.extract import ORGANISATIONS, Found, gazetteer
    from legation.enrich.names import TITLE_WORDS, is_stopword

    out: list[Found] = []
    for f in found:
        if f.source != "title" or not f.text.isupper():
            continue
        m = _AND_NAME.match(text, f.end)
        if not m:
            continue
        name = m.group(1)
        key = fold(name)
        if m.group(2) and not is_common_word(m.group(2)):
            continue
        if (key in TITLE_WORDS or is_stopword(name) or key in gazetteer() or key in ORGANISATIONS
                or not plausible_surname(name, strict=True)):
            continue
        out.append(Found(m.start(1), m.end(1), name, name, "PERSON", "title", f.role))
    return out


# -- the parts of hyphen compounds -------------------------------------------------------------------

_COMPOUND = re.compile(r"[A-Z]{2,}(?:-[A-Z]{2,})+(?![A-Za-z'\-])")
_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _compounds(text: str) -> Iterator[re.Match[str]]:
    """The all-caps hyphen compounds of ``text``, found from its hyphens (few; a scan of every capital
    for one is slow): the run of capitals before a hyphen is the start, if no letter, apostrophe or
    hyphen stands before it."""
    done = 0
    at = text.find("-")
    while at != -1:
        if at >= done and at > 1 and text[at - 1] in _UPPER:
            start = at - 1
            while start and text[start - 1] in _UPPER:
                start -= 1
            m = _COMPOUND.match(text, start)
            if m and not (start and (text[start - 1].isalpha() or text[start - 1] in "'-")):
                yield m
            done = m.end() if m else at + 1
        at = text.find("-", at + 1)


def find_compound_parts(text: str) -> list[Found]:
    """The organisations and countries inside an all-caps hyphen compound (``EURATOM-IAEA``,
    ``SOVIET-AMERICAN``, ``US-JAPAN``), which the word tokens read as one word: each part that is an
    organisation of the short-name table or a country (name, alias or demonym) of the gazetteer."""
    from legation.enrich.extract import Found, _organisation_table, gazetteer

    orgs = _organisation_table()
    places = gazetteer()
    out: list[Found] = []
    for m in _compounds(text):
        at = m.start()
        for part in m.group(0).split("-"):
            key = fold(part)
            if key in orgs:
                out.append(Found(at, at + len(part), part, orgs[key][0], "ORG", "gazetteer"))
            elif key in places and places[key].type == "COUNTRY":
                out.append(Found(at, at + len(part), part, places[key].name, "COUNTRY", "gazetteer"))
            elif part == "US":
                out.append(Found(at, at + len(part), part, "United States", "COUNTRY", "gazetteer"))
            at += len(part) + 1
    return out
