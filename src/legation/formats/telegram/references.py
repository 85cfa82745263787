"""REF lines and repeats -> references to other cables.

``REF: TOKYO 12490 (NOTAL)`` in a 1976 cable -> label ``TOKYO 12490``, year
1976, id ``1976TOKYO12490``, note ``NOTAL``.  Lettered lists (``A. STATE
1234 B. 06 TBILISI 2601``, ``A)``, ``(A)``), years before or after the serial
(``06 TBILISI 2601``, ``ASUNCION 701 (08)``, ``QUITO 4525-91``,
``PANAMA 00930/08``), ``X 1234 AND 5678``, several serials of one origin
(``TEHRAN 1091, 263``), items separated by colons (``TEHRAN 1091: TEHRAN 263:
MOSCOW 1603``) and OCR zeros in origins (``COTON0U``, ``LAGOS O1512``) are read.  Non-cable items
(e-mails, telcons, reports) are kept with ``kind`` set accordingly and no id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

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
    "PORTA": "PORTAUPRINCE", "PORTAUPR": "PORTAUPRINCE", "NDJAMENA": "NDJAMENA", "PORTAUPRINCE": "PORTAUPRINCE", "PAP": "PORTAUPRINCE", "USNATO": "USNATO",
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


_STOPWORDS = frozenset(["PAGE", "CONFIDENTIAL", "SECRET", "UNCLASSIFIED", "UNCLAS", "EMAIL", "EMAILS", "E-MAIL", "E-MAILS", "MAIL", "MSG", "DTG", "POINTS", "TELCON", "TELCONS", "IIR", "UNSCR", "RES", "RESOLUTION", "PARA", "PARAS", "NOTICE", "POC", "INCSR", "CIRCULAR", "THRU", "FROM", "OF", "AND", "OR", "THE", "SECTION", "NO", "NR", "NUMBER", "REPORT", "REPORTS", "LETTER", "MEMO", "MEMCON", "FAX", "DAILY", "OSC", "CFR", "USC", "FAM", "DECL", "SENSITIVE", "BUT", "PLEASE", "NOTE", "TEL", "CLASSIFIED", "BY", "REASON", "REASONS", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "SEPT", "OCT", "NOV", "DEC", "JANUARY", "FEBRUARY", "MARCH", "APRIL", "JUNE", "JULY", "AUGUST", "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER", "PREVIOUS", "NOTAL", "SEPTEL", "REFTEL", "REFTELS", "ALSO", "SEE", "VIA", "CA", "DATED"])
_NONCABLE_WORDS = frozenset(["EMAIL", "EMAILS", "E-MAIL", "E-MAILS", "MSG", "DTG", "POINTS", "TELCON", "TELCONS", "IIR", "UNSCR", "INCSR", "POC", "NOTICE", "REPORT", "LETTER", "MEMO", "MEMCON", "FAX"])
_TYPOS = {"BRAZIL": "BRASILIA", "PORTSPAIN": "PORTOFSPAIN", "USUNESCOPARISFR": "UNESCOPARISFR",
          "USUNESCO": "UNESCOPARISFR", "PORTAUPR": "PORTAUPRINCE"}
_PAGE_HEAD = re.compile(r"(?:\b(?:UNCLASSIFIED|CONFIDENTIAL|SECRET)\s+)?\bPAGE\s+\d{2}\s+[A-Z ]+?\s+\d{4,6}\s+"
                        r"(?:\d{2}\s+OF\s+\d{2}\s+)?\d{6}Z")
_SECTION_MARK = re.compile(r"\b[A-Z][A-Z ]{0,60}?\s+\d{8}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}\b")
_CANDIDATE = re.compile(
    r"(?:(?:\((?P<yparen>\d{2})\)|(?P<ypre>'\d{2}|\b\d{4}|\b\d{2}|\b0\d{2}))\s*)?"
    r"(?P<origin>\b[A-Z][A-Z']*(?:[ ][A-Z][A-Z']*){0,3}?)\s*[:,]?\s+(?P<serial>\d{1,7})\b(?![/Z]|:\s*\d|\.\d|-\d{2}\d|\s+(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]*\s+\d)"
    r"(?:\s*(?:\((?P<ypar>\d{2})\)|-(?P<ydash>\d{2})\b|/(?P<yslash>\d{2})\b|\s(?P<ysp>\d{2})(?=\s*(?:$|[;,)]))))?"
)
_BULLET = re.compile(
    r"(?:(?<=[\s;,])|^)(?:REF\s+)?(?:\([A-Z]\)|[A-Z](?:\)|\.|:)(?=\s|\(|\d|[A-Z]{2})|[A-Z](?=\s+(?:REF\s+)?(?:\d{2}\s+)?[A-Z]{3,}))"
)
_WS = re.compile(r"\s+")
_OCR_O = re.compile(r"(?<=[A-Z]{3} )O(?=\d{2,7}\b)")
_OCR_ZERO = re.compile(r"(?<=[A-Z])0(?=[A-Z])|\b0(?=[A-Z]{3,}\s+\d)|(?<=[A-Z]{3})0(?=\s+\d)")
_YEAR_GLUED = re.compile(r"\b(\d{2})(?!JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)([A-Z]{3,})\s+(?=\d{1,7}\b)")
_AND_SERIAL = re.compile(r"\bAND\s+(\d{2,7})\b")
# ", 263" right after a serial: another serial of the same origin (not a year before the next origin,
# a day of a date, a paragraph, a time)
_SERIAL_CHAIN = re.compile(
    r"\s*,\s*(\d{3,7})\b(?![/:.]\d|\s*(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC|PARA)|\s+\d"
    r"|\s+(?!AND\b)[A-Z][A-Z ]*\s\d)"
)
_GLUED = re.compile(r"\b(?P<y>\d{2}|\d{4})(?P<origin>[A-Z]{3,})(?P<serial>\d{1,7})\b")


def _ref_block(text: str) -> str:
    """The REF block of a cable: from ``REF:`` to the first blank line (or summary/paragraph 1)."""
    m = re.search(r"(?:REF(?:S|TEL|TELS|ERENCES?)?|Ref\(s\)|Refs?|Reftels?|REFS?\(S\))\s*[:.]\s*"
                  r"|(?:^|\n|\s)(?:REF|Ref)S?\s+(?=\(?[A-Za-z][.):]?\s)", text)
    if not m:
        return ""
    tail = text[m.end():]
    stop = re.search(
        r"\n\s*\n(?!\s*(?:\(?[A-Za-z][.)]|\u00b6\s*[A-Z][.)]|\d{3,}|\d{2}\s+[A-Z]|-\s*\([A-Za-z]\)"
        r"|[A-Z]{3,}(?:\s[A-Z]{2,}){0,2}\s+\d{1,7}\b))|\bClassified\s+By\b|\bCLASSIFIED\s+BY"
        r"|\n\s*(?:\u00b6\s*)?1\s*\.\s|\bSUMMARY\b|\bSummary\b|\bSensitive\s+[Bb]ut\b|\bSENSITIVE\s+BUT\b|\bThis message\b"
        r"|\(U\)\s+CLASSIFIED",
        tail,
    )
    return tail[: stop.start()] if stop else tail


def parse_references(text: str, year: int | None, *, reference_id: str = "", whole: bool = False) -> list[RefItem]:
    """References in the REF block of ``text`` (or in the whole of ``text`` when ``whole``)."""
    block = text if whole else _ref_block(text)
    if not block.strip():
        return []
    block = block.replace("\u00b6", " ").replace("\\\n", "\n").upper()
    block = _PAGE_HEAD.sub(" ", block)
    block = _SECTION_MARK.sub(" ", block)
    block = re.sub(r"\bO(\d)\b", r"0\1", block)
    block = re.sub(r"\b(\d{2})-([A-Z]{3,})-(\d{1,7})\b", r"\1 \2 \3", block)
    block = _OCR_O.sub("0", block)  # LAGOS O1512
    block = _OCR_ZERO.sub("O", block)  # COTON0U, SANTIAG0, 0TTAWA
    block = _YEAR_GLUED.sub(r"\1 \2 ", block)  # 09DHAHRAN 201
    block = _WS.sub(" ", block)
    # split into bulleted items: "A.", "A)", "(A)", "REF A:", bare "A " before a word
    bullets = [m.start() for m in _BULLET.finditer(block)]
    cuts = [0, *[b for b in bullets if b > 0], len(block)]
    parts = [block[a:b] for a, b in pairwise(cuts)]
    items: list[RefItem] = []
    for part in parts:
        items.extend(_parse_part(part, year))
    _fix_origins(items)
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


def _fix_origins(items: list[RefItem]) -> None:
    """Misspelt origins are corrected to a similar origin printed in the same block (PHNOM PEN -> PHNOMPENH)."""
    from rapidfuzz.distance import Levenshtein

    origins = [it.origin for it in items if it.kind == "cable"]
    counts = {o: origins.count(o) for o in origins}
    for it in items:
        if it.kind != "cable":
            continue
        best = it.origin
        for o, c in counts.items():
            if o != it.origin and (c > counts[it.origin] or len(o) > len(it.origin)) and \
                    Levenshtein.distance(o, it.origin) <= (1 if len(o) < 7 else 2) and o[:3] == it.origin[:3]:
                best = o
        it.origin = best


def _parse_part(part: str, year: int | None) -> list[RefItem]:
    s = part.strip(" ;,")
    if not s:
        return []
    letter = ""
    ml = re.match(r"^(?:REF\s+)?\(?([A-Z])(?:\)|\.|:)?\s+(?:REF\s+[A-Z]\s*[:.)]?\s*)?", s)
    if ml and not re.match(r"^[A-Z]{2}", s[: ml.end()].replace("REF ", "")):
        letter, s = ml[1], s[ml.end():]
    elif re.match(r"^\(([A-Z])\)(?=\S)", s):
        letter, s = s[1], s[3:]
    note = "NOTAL" if re.search(r"\bNOTAL\b", s) else ""
    words = set(re.findall(r"[A-Z][A-Z\-]*", s))
    if words & _NONCABLE_WORDS and not re.search(r"\b(?:STATE|SECSTATE)\s+\d{3,}", s):
        return [RefItem(label=s.strip(" ;,"), letter=letter, kind="other", note=note)]
    out: list[RefItem] = []
    for m in _GLUED.finditer(s):
        y: int | None = expand_year(m["y"][-2:]) if len(m["y"]) == 2 else int(m["y"])
        out.append(RefItem(label=m.group(0), origin=canonical_origin(m["origin"]), serial=m["serial"], year=y,
                           letter=letter, note=note))
    if out:
        return out
    starts: list[int] = []  # where each candidate's serial starts in ``s``
    ends: list[int] = []  # where each candidate ends in ``s``
    for m in _CANDIDATE.finditer(s):
        origin_words = m["origin"].split()
        # drop leading words that are not part of a post name (stop words, bullets)
        while origin_words and (origin_words[0] in _STOPWORDS or re.fullmatch(r"[A-Z]", origin_words[0])):
            origin_words = origin_words[1:]
        if not origin_words or any(w in _STOPWORDS for w in origin_words):
            continue
        origin_raw = " ".join(origin_words)
        origin = canonical_origin(origin_raw)
        origin = _TYPOS.get(origin, origin)
        y = year
        ypre = m["yparen"] or m["ypre"]
        ypost = m["ypar"] or m["ydash"] or m["yslash"] or m["ysp"]
        if ypre:
            ypre = ypre.lstrip("'")
            y = int(ypre) if len(ypre) == 4 else expand_year(ypre[-2:])
        elif ypost:
            y = expand_year(ypost)
        label = f"{origin_raw} {m['serial']}"
        out.append(RefItem(label=label, origin=origin, serial=m["serial"], year=y, letter=letter, note=note))
        starts.append(m.start("serial"))
        ends.append(m.end())
    if out:
        # more serials of an origin: "X 1234 AND 5678" (the first origin), "TEHRAN 1091, 263" (the one before)
        extra: list[tuple[int, RefItem]] = []
        first = out[0]
        for mm in _AND_SERIAL.finditer(s):
            extra.append((mm.start(1), RefItem(label=f"{first.origin} {mm[1]}", origin=first.origin, serial=mm[1],
                                               year=first.year, letter=first.letter, note=note)))
        for item, end in zip(out, ends, strict=True):
            for mm in _SERIAL_CHAIN.finditer(s, end):
                if mm.start() != end:
                    break
                end = mm.end()
                extra.append((mm.start(1), RefItem(label=f"{item.origin} {mm[1]}", origin=item.origin, serial=mm[1],
                                                   year=item.year, letter=item.letter, note=note)))
        placed = list(zip(starts, out, strict=True))
        for pos, it in sorted(extra, key=lambda x: x[0]):
            if not any(x.serial == it.serial and (x.origin == it.origin or it.origin == first.origin)
                       for _, x in placed):
                placed.append((pos, it))
        out = [it for _, it in sorted(placed, key=lambda x: x[0])]
    return out


# -- repeats ------------------------------------------------------------------------------------

_MONTH = (r"(?:JAN(?:UARY)?|FEB(?:RUARY)?|MAR(?:CH)?|APR(?:IL)?|MAY|JUNE?|JULY?|AUG(?:UST)?|SEPT?(?:EMBER)?|"
          r"OCT(?:OBER)?|NOV(?:EMBER)?|DEC(?:EMBER)?)\b\.?")
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_REPEAT = re.compile(
    r"\b(?:FOLLOWING|FOL)\s+(?:REPEAT|RPT)\s+(?P<origin>[A-Z][A-Z ]*?)\s+(?P<serial>\d{2,7})\b"
    r"(?P<rest>.*?)(?:\b(?P<date>\d{1,2}\s+[A-Z]{3}\s+\d{2,4}|" + _MONTH + r"\s+\d{1,2}\s*,?\s+\d{2,4})\b"
    r"|\b(?P<md>" + _MONTH + r"\s+\d{1,2}|\d{1,2}\s+" + _MONTH + r")(?![\d,])|$)",
    re.DOTALL,
)


def parse_repeat(text: str, *, year: int | None = None, month: int | None = None) -> RefItem | None:
    """``FOLLOWING REPEAT STATE 161482 SENT ACTION CAIRO ... 23 JUN 79`` -> the repeated cable.

    The date may also be printed ``JUN 25, 79``.  When it has no year (``JUN 25``), ``year`` and
    ``month`` (the repeating cable's date) give it: the same year, or the year before when the
    repeated cable's month is later than the repeating cable's (a January repeat of a December cable).
    """
    m = _REPEAT.search(text.upper())
    if not m:
        return None
    ref_year: int | None = None
    if m["date"]:
        yy = m["date"].split()[-1]
        ref_year = expand_year(yy)
    elif m["md"] and year is not None:
        mon = next((k + 1 for k, name in enumerate(_MONTHS) if name in m["md"]), None)
        ref_year = year - 1 if (mon is not None and month is not None and mon > month) else year
    return RefItem(label=f"{m['origin'].strip()} {m['serial']}", origin=canonical_origin(m["origin"]),
                   serial=m["serial"], year=ref_year, kind="repeat")
