"""Extraction rules for cable prose that the table-driven finders of :mod:`legation.enrich.extract` miss.

Kept apart from the finders so each rule can be read, tested and measured on its own (the figures are in
``bench/entities/README.md``):

- :data:`EXTRA_DEMONYMS`: multi-word and plural demonyms (``NORTH KOREAN``, ``EAST GERMANS``,
  ``SOUTH AFRICAN``) that name their country; without them the longest match was the wrong country
  (``NORTH KOREAN`` -> South Korea, ``EAST GERMANS`` -> Germany).
- :func:`find_us_forms`: the United States as cables print it with dots (``U.S.``, ``U.S.G.``,
  ``U. S.``), which word tokens split apart, and the all-caps ``US`` where it is the country and not
  the pronoun (``THE US``, ``US POSITION``, ``(US, UK, FRG)``; not ``TOLD US``, ``FOR US``).
- :func:`post_country` and :func:`localise`: an organisation every country has (``MFA``, ``FONOFF``,
  ``FOREIGN MINISTRY``) is the one of the country the cable was sent from (``1973STOCKH04045`` ->
  Sweden: "Ministry of Foreign Affairs (Sweden)").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from legation.enrich.names import fold

if TYPE_CHECKING:
    from legation.enrich.extract import Found, GazetteerEntry

#: Demonyms of two words, plurals and adjectives the first table lacks (folded) -> country name.
EXTRA_DEMONYMS: dict[str, str] = {
    "north korean": "North Korea", "north koreans": "North Korea", "south korean": "South Korea",
    "south koreans": "South Korea", "koreans": "South Korea",
    "north vietnamese": "North Vietnam", "south vietnamese": "South Vietnam",
    "east german": "East Germany", "east germans": "East Germany", "west german": "West Germany",
    "west germans": "West Germany", "south african": "South Africa", "south africans": "South Africa",
    "saudis": "Saudi Arabia", "iranians": "Iran", "iraqis": "Iraq", "syrians": "Syria", "israelis": "Israel",
    "egyptians": "Egypt", "jordanians": "Jordan", "libyans": "Libya", "algerians": "Algeria",
    "moroccans": "Morocco", "indians": "India", "pakistanis": "Pakistan", "afghans": "Afghanistan",
    "cambodians": "Cambodia", "thais": "Thailand", "indonesians": "Indonesia", "filipinos": "Philippines",
    "australians": "Australia", "canadians": "Canada", "mexicans": "Mexico", "cubans": "Cuba",
    "brazilians": "Brazil", "argentines": "Argentina", "chileans": "Chile", "peruvians": "Peru",
    "venezuelans": "Venezuela", "colombians": "Colombia", "nigerians": "Nigeria", "ethiopians": "Ethiopia",
    "somalis": "Somalia", "kenyans": "Kenya", "italians": "Italy", "spaniards": "Spain", "swedes": "Sweden",
    "norwegians": "Norway", "danes": "Denmark", "finns": "Finland", "belgians": "Belgium", "poles": "Poland",
    "czechs": "Czechoslovakia", "hungarians": "Hungary", "romanians": "Romania", "bulgarians": "Bulgaria",
    "yugoslavs": "Yugoslavia", "greeks": "Greece", "turks": "Turkey", "paraguayan": "Paraguay",
    "paraguayans": "Paraguay", "uruguayan": "Uruguay", "bolivian": "Bolivia", "ecuadorian": "Ecuador",
    "guatemalan": "Guatemala", "nicaraguan": "Nicaragua", "salvadoran": "El Salvador", "honduran": "Honduras",
    "panamanian": "Panama", "costa rican": "Costa Rica", "dominican": "Dominican Republic",
    "haitian": "Haiti", "jamaican": "Jamaica", "tunisian": "Tunisia", "sudanese": "Sudan",
    "ghanaian": "Ghana", "zairian": "Zaire", "zambian": "Zambia", "tanzanian": "Tanzania",
    "ugandan": "Uganda", "angolan": "Angola", "mozambican": "Mozambique", "rhodesian": "Rhodesia",
    "senegalese": "Senegal", "beninese": "Benin", "malagasy": "Madagascar", "kuwaiti": "Kuwait",
    "yemeni": "Yemen", "omani": "Oman", "bahraini": "Bahrain", "qatari": "Qatar", "cypriot": "Cyprus",
    "maltese": "Malta", "icelandic": "Iceland", "luxembourg": "Luxembourg", "burmese": "Burma",
    "laotian": "Laos", "lao": "Laos", "malaysian": "Malaysia", "singaporean": "Singapore",
    "bangladeshi": "Bangladesh", "nepalese": "Nepal", "sri lankan": "Sri Lanka", "new zealander": "New Zealand",
    "albanian": "Albania", "ukrainian": "Ukraine", "latvian": "Latvia", "lithuanian": "Lithuania",
    "estonian": "Estonia", "palestinian": "Palestine", "palestinians": "Palestine",
}

# -- the United States --------------------------------------------------------------------------

_US_DOTTED = re.compile(r"(?<![A-Za-z.])U\.[ ]?S\.(?:[ ]?[GA]\.)?(?:[ ]?G\b|[ ]?A\b)?")
_US_CAPS = re.compile(r"(?<![A-Za-z./\-])US(?![A-Za-z])")
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


def _us_is_pronoun(text: str, start: int, end: int) -> bool:
    before = _WORD_BEFORE.search(text[max(0, start - 24):start])
    if before and before.group(1).lower() in _PRONOUN_AFTER:
        return True
    after = text[end:end + 2]
    return after[:1] == " " and text[end + 1:end + 2].islower()


def find_us_forms(text: str) -> list[Found]:
    """The United States printed with dots (``U.S.``, ``U.S.G.``) or as the all-caps country ``US``."""
    from legation.enrich.extract import Found

    out = [Found(m.start(), m.end(), m.group(0), "United States", "COUNTRY", "gazetteer")
           for m in _US_DOTTED.finditer(text)]
    for m in _US_CAPS.finditer(text):
        if not _us_is_pronoun(text, m.start(), m.end()):
            out.append(Found(m.start(), m.end(), m.group(0), "United States", "COUNTRY", "gazetteer"))
    return out


# -- organisations of the posting country ---------------------------------------------------------

_CFPF_POST = re.compile(r"^(?:19|20)\d\d([A-Z]{3,6})\d")
#: Organisations every country has, as cables name the one of the country they were sent from.
_NATIONAL_ORGS = {
    "mfa": "Ministry of Foreign Affairs", "mofa": "Ministry of Foreign Affairs",
    "foreign ministry": "Ministry of Foreign Affairs", "ministry of foreign affairs": "Ministry of Foreign Affairs",
    "foreign office": "Foreign Office", "fonoff": "Foreign Office",
}
#: Posts whose CFPF abbreviation does not start the city's name.
_POST_ALIASES = {"oecdp": "", "usun": "", "usnato": "", "state": "", "secto": "", "tosec": "", "ecbru": ""}


def post_country(ref: str) -> str:
    """The country of the post a cable came from, from its CFPF document number (``1973STOCKH04045`` ->
    Sweden) or a post name (``AMEMBASSY STOCKHOLM``, ``STOCKHOLM``); ``""`` when not known.

    A document number gives the post as the first letters of the city (``STOCKH``, ``CARACA``); the city
    is the gazetteer's largest match, so ``PARIS`` is France."""
    from legation.enrich.extract import gazetteer

    m = _CFPF_POST.match(ref.strip().upper())
    prefix = fold(m.group(1)) if m else fold(re.sub(r"^(?:AMEMBASSY|AMEMB|AMCONSUL|AMCONGEN)\s+", "",
                                                     ref.strip(), flags=re.I))
    if not prefix or prefix in _POST_ALIASES:
        return ""
    table = gazetteer()
    exact = table.get(prefix)
    if exact and exact.type == "PLACE":
        return _country_name(exact.country)
    if not m:
        return ""
    for key, entry in _cities_by_prefix():
        if key.startswith(prefix):
            return _country_name(entry.country)
    return ""


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
