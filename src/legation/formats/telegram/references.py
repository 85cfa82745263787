"""REF lines and repeats -> references to other cables, read as printed.

``REF: TOKYO 12490 (NOTAL)`` in a 1976 cable -> label ``TOKYO 12490``, year
1976, id ``1976TOKYO12490``, note ``NOTAL``.  Read here:

- lettered lists (``A. STATE 1234 B. 06 TBILISI 2601``, ``A)``, ``(A)``, ``[A]``,
  ``A. A)`` doubled), letters taken in sequence only (``J. Speaks`` is an
  initial), several items under one letter separated by semicolons, and
  several REF sections (each with its own list);
- years before or after the serial (``06 TBILISI 2601``, ``ASUNCION 701 (08)``,
  ``QUITO 4525-91``, ``PANAMA 00930/08``, ``STATE (01) 201265``), kept in
  ``printed_year`` so the enrich pass can tell a printed year from an inferred
  one;
- posts printed with spaces, dots or hyphens (``RIO DE JAN``, ``ST.
  PETERSBURG``, ``PORT-OF-SPAIN``, ``OSAKA KOBE``), OCR zeros (``COTON0U``,
  ``LAGOS O1512``), ``#3565``, ``(C)02293``, glued ``HK05511`` and
  ``09DHAHRAN 201``, serial-first ``377 KATHMANDU``;
- serial lists: ``X 1234 AND 5678``, ``TEHRAN 1091, 263``, ``KABUL
  692/317/274``, ``COLOMBO 0266 AND 02259 (2002)``, ``2962 AND PREVIOUS``;
- non-cable items (e-mails, memcons, telcons, reports, OSC items, FAM
  sections, ``LONDON DAILY - 30 APRIL 2009``) kept as printed with ``kind``
  (:func:`other_kind`) and no id; a date is never a reference
  (:func:`is_date_reference`), nor is a page marker or the record itself.

Years the REF line leaves out are settled later, from the record's final
date, by :func:`legation.enrich.references.resolve_references`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from itertools import pairwise

from legation.cableids import canonical_cable_id
from legation.dates import expand_year
from legation.formats.telegram.refblock import SECTION, next_sections, normalise, ref_block

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
    printed_year: str = ""  # the year as printed with the reference ("06", "2009"); "" when inferred

    def cablemap_id(self) -> str:
        """The cablegate short spelling, e.g. ``07TBILISI1605`` (two-digit year, no leading zeros)."""
        if not self.origin or not self.serial or self.year is None:
            return ""
        return f"{self.year % 100:02d}{self.origin}{int(self.serial)}"

    def canonical_id(self) -> str:
        if not self.origin or not self.serial or self.year is None:
            return ""
        return canonical_cable_id(self.year, self.origin, int(self.serial))


@functools.lru_cache(maxsize=8192)
def canonical_origin(origin: str) -> str:
    """The origin as ids spell it (letters and digits, upper case, aliases and O/0 slips resolved); pure."""
    o = re.sub(r"[^A-Z0-9]", "", origin.upper())
    if o in ORIGIN_ALIASES:
        return ORIGIN_ALIASES[o]
    if o.startswith("RIODEJ"):
        return "RIODEJANEIRO"
    fixed = re.sub(r"(?<=[A-Z])0(?=[A-Z])|^0(?=[A-Z])|(?<=[A-Z])0$", "O", o)
    return ORIGIN_ALIASES.get(fixed, fixed)


_STOPWORDS = frozenset(["PAGE", "CONFIDENTIAL", "SECRET", "UNCLASSIFIED", "UNCLAS", "EMAIL", "EMAILS", "E-MAIL", "E-MAILS", "MAIL", "MSG", "DTG", "POINTS", "TELCON", "TELCONS", "IIR", "UNSCR", "RES", "RESOLUTION", "PARA", "PARAS", "NOTICE", "POC", "INCSR", "CIRCULAR", "THRU", "FROM", "OF", "AND", "OR", "THE", "SECTION", "NO", "NR", "NUMBER", "REPORT", "REPORTS", "LETTER", "MEMO", "MEMCON", "FAX", "DAILY", "OSC", "CFR", "USC", "FAM", "DECL", "SENSITIVE", "BUT", "PLEASE", "NOTE", "TEL", "CLASSIFIED", "BY", "REASON", "REASONS", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "SEPT", "OCT", "NOV", "DEC", "JANUARY", "FEBRUARY", "MARCH", "APRIL", "JUNE", "JULY", "AUGUST", "SEPTEMBER", "OCTOBER", "NOVEMBER", "DECEMBER", "PREVIOUS", "NOTAL", "SEPTEL", "REFTEL", "REFTELS", "ALSO", "SEE", "VIA", "CA", "DATED", "REF", "REFS", "REFERENCE",
                        "REFERENCES", "UNCLASS"])
_NONCABLE_WORDS = frozenset(["EMAIL", "EMAILS", "E-MAIL", "E-MAILS", "MSG", "DTG", "POINTS", "TELCON", "TELCONS", "IIR", "UNSCR", "INCSR", "POC", "NOTICE", "REPORT", "LETTER", "MEMO", "MEMCON", "FAX"])
_TRAILING_NOISE = frozenset(["CABLE", "CABLES", "TEL", "TELS", "TELEGRAM", "TELEGRAMS"])
_TYPOS = {"COLOMOBO": "COLOMBO", "HK": "HONGKONG", "BRAZIL": "BRASILIA", "PORTSPAIN": "PORTOFSPAIN", "USUNESCOPARISFR": "UNESCOPARISFR",
          "USUNESCO": "UNESCOPARISFR", "PORTAUPR": "PORTAUPRINCE"}
_CANDIDATE = re.compile(
    r"(?:(?:\((?P<yparen>\d{2})\)|(?P<ypre>'\d{2}|\b\d{4}|\b\d{2}|\b0\d{2}))\s*)?"
    r"(?P<origin>\b[A-Z][A-Z']*(?:[ ][A-Z][A-Z']*){0,3}?)\s*[:,]?\s+(?P<serial>\d{1,7})\b(?!/(?!\d{2}\b)|Z|:\s*\d|\.\d|-\d{2}\d|\s+(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]*\s+\d)"
    r"(?:\s*(?:\((?P<ypar>\d{2})\)|-(?P<ydash>\d{2})\b|/(?P<yslash>\d{2})\b|\s(?P<ysp>\d{2})(?=\s*(?:$|[;,)]))))?"
)
_BULLET = re.compile(
    r"(?:(?<=[\s;,])|^)(?:REF\s+)?(?:\([A-Z]\)|[A-Z](?:\)|\.|:)(?=\s|\(|\d|[A-Z]{2})|[A-Z](?=\s+(?:REF\s+)?(?:\d{2}\s+)?[A-Z]{3,}))"
)
_AND_SERIAL = re.compile(r"\bAND\s+(\d{2,7})\b(?:\s*\((\d{2}|\d{4})\))?")
# ", 263" right after a serial: another serial of the same origin (not a year before the next origin,
# a day of a date, a paragraph, a time)
_SERIAL_CHAIN = re.compile(
    r"\s*,\s*(\d{3,7})\b(?![/:.]\d|\s*(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC|PARA)|\s+\d"
    r"|\s+(?!AND\b)[A-Z][A-Z ]*\s\d)"
)
_GLUED = re.compile(r"\b(?P<y>\d{2}|\d{4})(?P<origin>[A-Z]{3,})(?P<serial>\d{1,7})\b")


def _bullets(block: str) -> list[int]:
    """Where the lettered items start: letters in sequence from A (``J. SPEAKS`` is an initial, not J)."""
    out: list[int] = []
    expect = "A"
    for m in _BULLET.finditer(block):
        letter = re.search(r"[A-Z]", m.group(0)[4:] if m.group(0).startswith("REF ") else m.group(0))
        if letter is None:
            continue
        if letter.group(0) == expect or (out and chr(ord(letter.group(0)) + 1) == expect) or \
                (not out and m.group(0).startswith("(")):
            out.append(m.start())
            expect = chr(ord(letter.group(0)) + 1)
    return out


def _printed(label: str, original: str) -> str:
    """``label`` (upper-cased, spaces normalised) as printed in ``original``, e.g. ``E-Mail Tralala``."""
    words = label.split()
    if not words:
        return label
    m = re.search(r"\s+".join(map(re.escape, words)), original, re.IGNORECASE)
    return m.group(0) if m else label


def parse_references(text: str, year: int | None, *, reference_id: str = "", whole: bool = False) -> list[RefItem]:
    """References in the REF block of ``text`` (or in the whole of ``text`` when ``whole``)."""
    block = text if whole else ref_block(text)
    if not block.strip():
        return []
    original = block.replace("\u00b6", " ")
    if not whole:
        block += next_sections(text[text.find(block) + len(block):])
    items: list[RefItem] = []
    # several REF sections (cablemap #25): each has its own lettered list
    for section in SECTION.split(normalise(block)):
        # split into bulleted items: "A.", "A)", "(A)", "REF A:", bare "A " before a word
        cuts = [0, *[b for b in _bullets(section) if b > 0], len(section)]
        for a, b in pairwise(cuts):
            for part in _split_items(section[a:b]):
                items.extend(_parse_part(part, year, items[-1] if items else None))
    _fix_origins(items)
    for it in items:
        if it.kind != "cable":
            it.label = _printed(it.label, original)
    return _unique(items, reference_id.upper())


def _split_items(part: str) -> list[str]:
    """One lettered item may hold several references separated by semicolons."""
    m = re.match(r"^\s*(?:REF\s+)?(?:\([A-Z]\)|[A-Z][.):])\s*", part)
    head = m.group(0) if m else ""
    pieces = [x for x in part[len(head):].split(";") if x.strip(" ,.")]
    if len(pieces) <= 1:
        return [part]
    return [head + pieces[0], *pieces[1:]] if head else pieces


def _unique(items: list[RefItem], own: str) -> list[RefItem]:
    """Drop the record itself and repeats (the same cable under the same letter)."""
    out: list[RefItem] = []
    seen: set[tuple[str, str]] = set()
    for it in items:
        key = it.cablemap_id() or it.label
        if it.kind == "cable" and own and key == own:
            continue
        if (key, it.letter) in seen:
            continue
        seen.add((key, it.letter))
        out.append(it)
    return out


def _doubled(a: str, b: str) -> bool:
    """``a`` is ``b`` with its last letter typed twice (``TRIPOLII`` / ``TRIPOLI``)."""
    return len(a) > 3 and a[-1] == a[-2] and a[:-1] == b


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
            if _doubled(it.origin, o):
                best = o
                break
            if o == it.origin or _doubled(o, it.origin):
                continue
            if (c > counts[it.origin] or len(o) > len(it.origin)) and o[:3] == it.origin[:3] and \
                    Levenshtein.distance(o, it.origin) <= (1 if len(o) < 7 else 2):
                best = o
        it.origin = best


def _take_letter(s: str) -> tuple[str, str]:
    """``A. STATE 1234`` -> (``A``, ``STATE 1234``); no bullet -> (``""``, s)."""
    ml = re.match(r"^(?:REF\s+)?\(?([A-Z])(?:\)|\.|:)?\s+(?:REF\s+[A-Z](?![A-Z])\s*[:.)]?\s*)?", s)
    if ml and not re.match(r"^[A-Z]{2}", s[: ml.end()].replace("REF ", "")):
        return ml[1], s[ml.end():]
    if re.match(r"^\(([A-Z])\)(?=\S)|^[A-Z]\)(?=[A-Z]{2})", s):
        return (s[1], s[3:]) if s[0] == "(" else (s[0], s[2:])
    return "", s


def _is_other(s: str) -> bool:
    words = set(re.findall(r"[A-Z][A-Z\-]*", s))
    if re.search(r"\b\d+\s+(?:FAM|FAH|CFR|USC)\b|\bTD-\d", s):
        return True
    return bool(words & _NONCABLE_WORDS) and not re.search(r"\b(?:STATE|SECSTATE)\s+\d{3,}", s)


def _whole_item(s: str, year: int | None, letter: str, note: str, prev: RefItem | None) -> RefItem | None:
    """Items that are one reference printed unusually: ``377 KATHMANDU``, ``HK05511``, ``2962 AND PREVIOUS``."""
    core = re.sub(r"(?<!\s)(?:\s*\(NOTAL\)|\s+AND\s+PREVIOUS\b)", "", s).strip(" ,.")
    m = re.fullmatch(r"(\d{3,7})\s+([A-Z]{4,}(?:\s[A-Z]{3,})?)", core)
    if m and m[2] not in _STOPWORDS:
        return RefItem(label=core, origin=canonical_origin(m[2]), serial=m[1], year=year, letter=letter, note=note)
    m = re.fullmatch(r"([A-Z]{2,})(\d{4,7})", core)
    if m and m[1] not in _STOPWORDS:
        origin = canonical_origin(m[1])
        return RefItem(label=core, origin=_TYPOS.get(origin, origin), serial=m[2], year=year, letter=letter, note=note)
    m = re.fullmatch(r"\d{2,7}", core)
    if m and prev is not None and prev.kind == "cable" and prev.origin:
        return RefItem(label=f"{prev.origin} {core}", origin=prev.origin, serial=core, year=prev.year,
                       printed_year=prev.printed_year, letter=letter, note=note)
    return None


def _parse_part(part: str, year: int | None, prev: RefItem | None = None) -> list[RefItem]:
    s = part.strip(" ;,")
    if not s:
        return []
    letter, s = _take_letter(s)
    note = "NOTAL" if re.search(r"\bNOTAL\b", s) else ""
    if _is_other(s):
        return [RefItem(label=s.strip(" ;,"), letter=letter, kind=other_kind(s), note=note)] if s.strip(" ;,.") else []
    whole = _whole_item(s, year, letter, note, prev)
    if whole is not None:
        return [whole]
    out: list[RefItem] = []
    for m in _GLUED.finditer(s):
        y: int | None = expand_year(m["y"][-2:]) if len(m["y"]) == 2 else int(m["y"])
        out.append(RefItem(label=m.group(0), origin=canonical_origin(m["origin"]), serial=m["serial"], year=y,
                           printed_year=m["y"], letter=letter, note=note))
    if out:
        return out
    s = re.sub(r"(?<=\d)/(?=\d{3,7}\b)", ", ", s)  # KABUL 692/317/274 -> three serials
    found = _candidates(s, year, letter, note)
    if not found and _DESCRIBED.search(s):
        # no cable in it, but a document described in words: "LONDON DAILY - 30 APRIL 2009"
        return [RefItem(label=s.strip(" ;,"), letter=letter, kind=other_kind(s), note=note)]
    return found


_DESCRIBED = re.compile(r"\b(?:DAILY|WEEKLY|MEMORANDUM|MEMCON|LETTER|REPORT|E-?MAILS?|TELCON|CONVERSATION|MEETING|"
                        r"DIPNOTE|NOTE|FAX|CIRCULAR|AIRGRAM|DEMARCHE)\b")


_OTHER_KINDS = (("memcon", r"\bMEMCONS?\b|\bMEMORANDUM OF CONVERSATION"), ("telcon", r"\bTELCONS?\b|\bTELEPHONE"),
                ("email", r"\bE-?MAILS?\b"), ("letter", r"\bLETTERS?\b"), ("osc", r"\bOSC\b|\bFBIS\b"),
                ("report", r"\bREPORTS?\b|\bDAILY\b|\bIIR\b|\bTD-\d"), ("memo", r"\bMEMO(?:RANDUM)?\b"),
                ("law", r"\b(?:FAM|FAH|CFR|USC|UNSCR|RESOLUTION)\b"))


def other_kind(text: str) -> str:
    """The kind of a non-cable reference: memcon, telcon, email, letter, osc, report, memo, law or other."""
    up = text.upper()
    return next((kind for kind, pattern in _OTHER_KINDS if re.search(pattern, up)), "other")


_DATE_REF = re.compile(r"^\s*\d{1,2}\s*(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]*\.?\s*\d{2,4}\s*$"
                       r"|^\d{2,4}(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]*\d{0,4}$"
                       r"|(?:JANUARY|FEBRUARY|MARCH|APRIL|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)\d{1,2}$",
                       re.IGNORECASE)


def is_date_reference(label: str, ref_id: str = "") -> bool:
    """A date read as a cable (``30 APRIL 2009`` -> ``2030APRIL2009``, ``EMAIL APRIL 16``): never a reference."""
    return bool(_DATE_REF.search(label.strip()) or (ref_id and _DATE_REF.search(ref_id)))


def _candidate(m: re.Match[str], year: int | None, letter: str, note: str) -> RefItem | None:
    origin_words = m["origin"].split()
    # drop leading words that are not part of a post name (stop words, bullets), and trailing CABLES
    while origin_words and (origin_words[0] in _STOPWORDS or re.fullmatch(r"[A-Z]", origin_words[0])):
        origin_words = origin_words[1:]
    while origin_words and origin_words[-1] in _TRAILING_NOISE:
        origin_words = origin_words[:-1]
    if not origin_words or any(w in _STOPWORDS for w in origin_words):
        return None
    origin_raw = " ".join(origin_words)
    origin = canonical_origin(origin_raw)
    origin = _TYPOS.get(origin, origin)
    y = year
    ypre = m["yparen"] or m["ypre"]
    ypost = m["ypar"] or m["ydash"] or m["yslash"] or m["ysp"]
    printed = ""
    if ypre:
        printed = ypre.lstrip("'")
        y = int(printed) if len(printed) == 4 else expand_year(printed[-2:])
    elif ypost:
        printed = ypost
        y = expand_year(ypost)
    return RefItem(label=f"{origin_raw} {m['serial']}", origin=origin, serial=m["serial"], year=y,
                   printed_year=printed, letter=letter, note=note)


def _more(item: RefItem, serial: str, note: str, yy: str | None = None) -> RefItem:
    """Another serial of ``item``'s origin (``AND 5678``, ``, 263``), with its own year when printed."""
    year, printed = (expand_year(yy[-2:]), yy) if yy else (item.year, item.printed_year)
    return RefItem(label=f"{item.origin} {serial}", origin=item.origin, serial=serial, year=year,
                   printed_year=printed, letter=item.letter, note=note)


def _chain(s: str, end: int, item: RefItem, note: str) -> list[tuple[int, RefItem]]:
    extra: list[tuple[int, RefItem]] = []
    # match() at each end, not finditer(): a search would retry the pattern at every later position
    # (quadratic on a long run of blanks after a serial)
    while (mm := _SERIAL_CHAIN.match(s, end)) is not None and mm.end() > end:
        end = mm.end()
        extra.append((mm.start(1), _more(item, mm[1], note)))
    return extra


def _candidates(s: str, year: int | None, letter: str, note: str) -> list[RefItem]:
    out: list[RefItem] = []
    starts: list[int] = []  # where each candidate's serial starts in ``s``
    ends: list[int] = []  # where each candidate ends in ``s``
    for m in _CANDIDATE.finditer(s):
        got = _candidate(m, year, letter, note)
        if got is not None:
            out.append(got)
            starts.append(m.start("serial"))
            ends.append(m.end())
    if not out:
        return out
    # more serials of an origin: "X 1234 AND 5678" (the first origin), "TEHRAN 1091, 263" (the one before)
    extra: list[tuple[int, RefItem]] = []
    first = out[0]
    for mm in _AND_SERIAL.finditer(s):
        more = _more(first, mm[1], note, mm[2])
        extra.append((mm.start(1), more))
        extra.extend(_chain(s, mm.end(), more, note))
    for item, end in zip(out, ends, strict=True):
        extra.extend(_chain(s, end, item, note))
    placed = list(zip(starts, out, strict=True))
    for pos, it in sorted(extra, key=lambda x: x[0]):
        if not any(x.serial == it.serial and (x.origin == it.origin or it.origin == first.origin)
                   for _, x in placed):
            placed.append((pos, it))
    return [it for _, it in sorted(placed, key=lambda x: x[0])]


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
