"""REF lines and repeats -> references to other cables.

``REF: TOKYO 12490 (NOTAL)`` in a 1976 cable -> label ``TOKYO 12490``, year
1976, id ``1976TOKYO12490``, note ``NOTAL``.  Lettered lists (``A. STATE
1234 B. 06 TBILISI 2601``, ``A)``, ``(A)``), years before or after the serial
(``06 TBILISI 2601``, ``ASUNCION 701 (08)``, ``QUITO 4525-91``,
``PANAMA 00930/08``), and ``X 1234 AND 5678`` are read.  Non-cable items
(e-mails, telcons, reports) are kept with ``kind`` set accordingly and no id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from legation.cableids import canonical_cable_id
from legation.dates import expand_year

# Origins that are written in several ways; value is the cablegate spelling (spaces removed).
ORIGIN_ALIASES = {
    "SECSTATE": "STATE", "SECTSTATE": "STATE", "STATE": "STATE", "DEPT": "STATE", "DEPTEL": "STATE",
    "RIO": "RIODEJANEIRO", "RIODEJAN": "RIODEJANEIRO", "RIODEJANEIRO": "RIODEJANEIRO",
    "HAGUE": "THEHAGUE", "THEHAGUE": "THEHAGUE", "MEXICOCITY": "MEXICO", "MEXICO": "MEXICO",
    "USUNNEWYORK": "USUNNEWYORK", "USUN": "USUNNEWYORK", "USUNNY": "USUNNEWYORK", "UNVIE": "UNVIEVIENNA",
    "UNVIEVIENNA": "UNVIEVIENNA", "USUNVIE": "UNVIEVIENNA", "PARISFR": "UNESCOPARISFR",
    "UNESCOPARISFR": "UNESCOPARISFR", "UNESCOPARIS": "UNESCOPARISFR", "VAT": "VATICAN", "VATICAN": "VATICAN",
    "HCMC": "HOCHIMINHCITY", "HOCHIMINH": "HOCHIMINHCITY", "HOCHIMINHCITY": "HOCHIMINHCITY",
    "BA": "BUENOSAIRES", "BUENOSAIRES": "BUENOSAIRES", "EMBASSYVIENNA": "VIENNA", "USDAFAS": "USDAFAS",
    "BISHTEK": "BISHKEK", "SANTIAG0": "SANTIAGO", "COTON0U": "COTONOU", "0TTAWA": "OTTAWA",
    "PORTA": "PORTAUPRINCE", "PORTAUPRINCE": "PORTAUPRINCE", "PAP": "PORTAUPRINCE", "USNATO": "USNATO",
    "USEUBRUSSELS": "USEUBRUSSELS", "USEU": "USEUBRUSSELS", "BRUSSELSUSEU": "USEUBRUSSELS",
    "NEWDELHI": "NEWDELHI", "KUALALUMPUR": "KUALALUMPUR", "KL": "KUALALUMPUR", "SAOPAULO": "SAOPAULO",
    "TELAVIV": "TELAVIV", "CIUDADJUAREZ": "CIUDADJUAREZ", "PORTOFSPAIN": "PORTOFSPAIN",
    "SANJOSE": "SANJOSE", "USOSCE": "USOSCE", "USMISSIONGENEVA": "GENEVA", "USMISSIONUSUN": "USUNNEWYORK",
    "AITTAIPEI": "AITTAIPEI", "TAIPEI": "TAIPEI", "SECDEF": "SECDEF", "GENEVA": "GENEVA",
    "DUSHANBE": "DUSHANBE", "SANSALVADOR": "SANSALVADOR", "SANTODOMINGO": "SANTODOMINGO",
    "ADDISABABA": "ADDISABABA", "DARESSALAAM": "DARESSALAAM", "ABUDHABI": "ABUDHABI",
    "GUATEMALA": "GUATEMALA", "GUATEMALACITY": "GUATEMALA", "PHNOMPENH": "PHNOMPENH", "LAPAZ": "LAPAZ",
    "HONGKONG": "HONGKONG", "KUWAIT": "KUWAIT", "PANAMA": "PANAMA", "PANAMACITY": "PANAMA",
}

# Words that may precede a reference but are not origins.
_NOISE = re.compile(
    r"\b(?:AND|OR|THE|AS|IN|ALSO|AMEMBASSY|EMBASSY|AMCONSUL|AMCONGEN|REFTELS?|REFS?|PREVIOUS|NOTAL|SEPTEL|"
    r"ALL|PARA|PARAS|PARAGRAPH|OF|ON|TO|FROM|RE|SEE|CF)\b"
)


@dataclass
class RefItem:
    label: str
    origin: str = ""
    serial: str = ""
    year: int | None = None
    letter: str = ""
    note: str = ""
    kind: str = "cable"

    def cablemap_id(self) -> str:
        """The cablegate short spelling, e.g. ``07TBILISI1605`` (two-digit year, no leading zeros)."""
        if not self.origin or not self.serial or self.year is None:
            return ""
        return f"{self.year % 100:02d}{self.origin}{int(self.serial)}"

    def canonical_id(self) -> str:
        if not self.origin or not self.serial or self.year is None:
            return ""
        return canonical_cable_id(self.year, self.origin, int(self.serial))


def canonical_origin(origin: str) -> str:
    o = re.sub(r"[^A-Z0-9]", "", origin.upper())
    if o in ORIGIN_ALIASES:
        return ORIGIN_ALIASES[o]
    if o.startswith("RIODEJ"):
        return "RIODEJANEIRO"
    fixed = re.sub(r"(?<=[A-Z])0(?=[A-Z])|^0(?=[A-Z])|(?<=[A-Z])0$", "O", o)
    return ORIGIN_ALIASES.get(fixed, fixed)


_LETTER = r"(?:\(?(?P<letter>[A-Z])(?:\)|\.|:)(?=\s|\d|$))"
_YEAR_PRE = r"(?:(?P<ypre>(?:19|20)\d{2}|0?\d{2}|'\d{2})\s*)"
_ORIGIN = r"(?P<origin>(?:[A-Z][A-Z0-9]*\.?)(?:[ \-][A-Z][A-Z0-9]*){0,3}?)"
_SERIAL = r"(?P<serial>\d{1,6})"
_YEAR_POST = r"(?:\s*(?:\((?P<ypar>\d{2})\)|[-/](?P<ydash>\d{2})\b|\s(?P<ysp>\d{2})(?=\s*(?:$|[;,)]))))?"
_REF_RE = re.compile(
    r"(?:(?<=\s)|^|(?<=[;,(:]))" + r"(?:" + _LETTER + r"\s*)?" + _YEAR_PRE + r"?" + _ORIGIN + r"[\s:\-]*?\s?" + _SERIAL
    + r"(?!\d|\.\d|/\d{2}/|:\d)" + _YEAR_POST
)


def _ref_block(text: str) -> str:
    """The REF block of a cable: from ``REF:`` to the first blank line (or summary/paragraph 1)."""
    m = re.search(r"(?:^|\n|\s)(?:REF(?:S|TEL|TELS|ERENCES?)?|Ref\(s\)|REFS?\(S\))\s*[:.]\s*", text, re.IGNORECASE)
    if not m:
        return ""
    tail = text[m.end():]
    stop = re.search(
        r"\n\s*\n(?!\s*(?:\(?[A-Z][.)]|\u00b6\s*[A-Z][.)]))|\bClassified\s+By\b|\bCLASSIFIED\s+BY\b|\n\s*(?:\u00b6\s*)?1\.\s"
        r"|\bSUMMARY\b|\bSensitive\s+But\b|\bSENSITIVE\s+BUT\b|\bThis message\b",
        tail,
    )
    return tail[: stop.start()] if stop else tail


def parse_references(text: str, year: int | None, *, reference_id: str = "", whole: bool = False) -> list[RefItem]:
    """References in the REF block of ``text`` (or in the whole of ``text`` when ``whole``)."""
    block = text if whole else _ref_block(text)
    if not block.strip():
        return []
    block = block.replace("\u00b6", " ").replace("\\\n", "\n")
    items: list[RefItem] = []
    # split on lettered bullets so each item stands alone
    parts = re.split(r"(?:(?<=\s)|^|(?<=[;,]))(?=\(?[A-Z](?:\)|\.)\s)", block)
    for part in parts:
        items.extend(_parse_part(part, year))
    out: list[RefItem] = []
    seen: set[str] = set()
    own = reference_id.upper()
    for it in items:
        key = it.cablemap_id() or it.label
        if it.kind == "cable" and own and key == own:
            continue
        if key in seen:
            continue
        seen.add(key)
        out.append(it)
    return out


_NONCABLE = re.compile(r"\b(?:E-?MAIL|EMAIL|TELCON|FAX|MEMCON|IIR|REPORT|LETTER|OSC|NOTE|MEMO)\b", re.IGNORECASE)


def _parse_part(part: str, year: int | None) -> list[RefItem]:
    s = part.strip()
    if not s:
        return []
    letter = ""
    ml = re.match(r"^\(?([A-Z])(?:\)|\.)\s+", s)
    if ml:
        letter, s = ml[1], s[ml.end():]
    s = re.sub(r"^(?:\(?[A-Z]\)\s+)+", "", s)
    note = "NOTAL" if re.search(r"\bNOTAL\b", s) else ""
    if _NONCABLE.search(s) and not re.search(r"\b(?:STATE|SECSTATE)\s+\d", s):
        return [RefItem(label=s.strip(" ;,"), letter=letter, kind="other", note=note)]
    out: list[RefItem] = []
    last_origin = ""
    last_year: int | None = None
    for m in _REF_RE.finditer(s.upper()):
        origin_raw = m["origin"]
        origin_raw = _NOISE.sub(" ", origin_raw).strip(" .-")
        if not origin_raw and last_origin:
            origin_raw = last_origin
        if not origin_raw or re.fullmatch(r"[A-Z]", origin_raw):
            continue
        if re.fullmatch(r"(?:PARA|PARAS|PAGE|SECTION|NO|NR|NUMBER|RES|RESOLUTION|DECL|UNSCR|FAM|CFR|USC|E|EO)",
                        origin_raw):
            continue
        origin = canonical_origin(origin_raw)
        y = year
        ypre = m["ypre"]
        ypost = m["ypar"] or m["ydash"] or m["ysp"]
        if ypre:
            y = expand_year(ypre.lstrip("'")[-2:]) if len(ypre.lstrip("'0")) <= 2 or len(ypre) == 3 else int(ypre)
            if len(ypre) == 4:
                y = int(ypre)
        elif ypost:
            y = expand_year(ypost)
        elif last_year is not None and origin == last_origin:
            y = last_year
        label = f"{origin_raw} {m['serial']}"
        if ypre:
            label = f"{ypre} {label}"
        out.append(RefItem(label=label, origin=origin, serial=m["serial"], year=y,
                           letter=letter or (m["letter"] or ""), note=note))
        last_origin, last_year = origin, (y if ypre or ypost else last_year)
    # "STATE 1234 AND 5678": bare serials after the first item
    if out:
        first = out[0]
        for mm in re.finditer(r"\bAND\s+(\d{2,6})\b", s.upper()):
            if not any(x.serial == mm[1] for x in out):
                out.append(RefItem(label=f"{first.origin} {mm[1]}", origin=first.origin, serial=mm[1],
                                   year=first.year, letter=first.letter, note=note))
    return out


# -- repeats ------------------------------------------------------------------------------------

_REPEAT = re.compile(
    r"\b(?:FOLLOWING|FOL)\s+(?:REPEAT|RPT)\s+(?P<origin>[A-Z][A-Z ]*?)\s+(?P<serial>\d{2,7})\b"
    r"(?P<rest>.*?)(?:\b(?P<date>\d{1,2}\s+[A-Z]{3}\s+\d{2,4})\b|$)",
    re.DOTALL,
)


def parse_repeat(text: str) -> RefItem | None:
    """``FOLLOWING REPEAT STATE 161482 SENT ACTION CAIRO ... 23 JUN 79`` -> the repeated cable."""
    m = _REPEAT.search(text.upper())
    if not m:
        return None
    year: int | None = None
    if m["date"]:
        yy = m["date"].split()[-1]
        year = expand_year(yy)
    return RefItem(label=f"{m['origin'].strip()} {m['serial']}", origin=canonical_origin(m["origin"]),
                   serial=m["serial"], year=year, kind="repeat")
