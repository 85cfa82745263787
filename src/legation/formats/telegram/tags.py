"""TAGS: subject codes, country codes, program tags, persons.

``TAGS: PFOR, US, JA`` -> ``['PFOR', 'US', 'JA']``.  The label may be
misspelt (``TAG``, ``TAGES:``, ``TABS:``, ``TGS:``, ``TAS:``, ``AGS:``,
``TAGS;``); the list may continue on following lines; glued codes
(``PHUMBA``, ``ETRDEINVECINPGOVCS``) are split, a few misspellings fixed,
persons written ``SURNAME FIRSTNAME`` become ``SURNAME, FIRSTNAME``, and
multi-word subject tags (``HUMAN RIGHTS``) stay whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from legation.formats.telegram.furniture import page_header

# Subject codes of the State Department TAGS handbook (4 letters).
SUBJECT_CODES = frozenset(["ABLD", "ABUD", "ACOA", "ADCO", "ADPM", "AEMR", "AFDB", "AFIN", "AFLU", "AFSI", "AFSN", "AGAO", "AGMT", "AINF", "AINR", "AINT", "AJRC", "AMED", "AMGT", "AMTC", "ANET", "AODE", "AORC", "APCS", "APER", "ARF", "ASCH", "ASEC", "ASIG", "AVERT", "BBSR", "BEXP", "BMGT", "BTIO", "CASC", "CBSA", "CDC", "CFED", "CJAN", "CLOK", "CMGT", "CPAS", "CPUS", "CTR", "CVIS", "DEMO", "DTRA", "EAGR", "EAID", "EAIR", "ECIN", "ECON", "ECPS", "EDEV", "EFIN", "EFIS", "EIND", "EINT", "EINV", "ELAB", "ELTN", "EMIN", "ENGR", "ENIV", "ENRG", "EPET", "ESTH", "ETC", "ETRD", "ETTC", "EUN", "EWWT", "EXIM", "FAIR", "GTIP", "IAEA", "ICAO", "ICRC", "IFAD", "ILO", "IMF", "IMO", "INRB", "IRS", "ITU", "IWC", "KACT", "KAWC", "KBCT", "KBIO", "KBTR", "KBTS", "KCFE", "KCIP", "KCOM", "KCOR", "KCRM", "KCRS", "KDEM", "KDRG", "KENV", "KFLO", "KFLU", "KFRD", "KGHG", "KGIC", "KHDP", "KHIV", "KHLS", "KICA", "KICC", "KIDE", "KIPR", "KIRF", "KISL", "KJUS", "KLIG", "KMCA", "KMDR", "KMPI", "KNAR", "KNEI", "KNNP", "KNPP", "KNSD", "KOCI", "KOLY", "KOMC", "KPAL", "KPAO", "KPKO", "KPLS", "KPOA", "KPOW", "KPRP", "KPRV", "KRAD", "KRFD", "KRIM", "KRVC", "KSAC", "KSAF", "KSCA", "KSCI", "KSEO", "KSEP", "KSPR", "KSRE", "KSTC", "KSTH", "KSUM", "KTDB", "KTER", "KTEX", "KTFN", "KTIA", "KTIP", "KTLA", "KTRD", "KUNR", "KVPR", "KWAC", "KWBG", "KWMN", "KWMNCS", "KWWT", "LOTT", "MAPP", "MARR", "MASS", "MCAP", "MCC", "MDC", "MEDIA", "MNUC", "MOPS", "MPOS", "MTCRE", "NARC", "NASA", "NATO", "NSF", "OAS", "OCII", "OCRA", "ODIP", "OECD", "OEXC", "OFDP", "OIIP", "OPCW", "OPDC", "OPIC", "OPRC", "OREP", "OSCE", "OSCI", "OTRA", "OVIP", "PARM", "PBIO", "PBTS", "PCUL", "PDEM", "PDIP", "PDOV", "PEPR", "PFOR", "PGOV", "PHSA", "PHUM", "PINR", "PINS", "PINT", "PLAB", "PMIL", "PNAT", "PNUC", "POLM", "POL", "PORG", "PREF", "PREL", "PROP", "PSEC", "PSOE", "PTER", "PTBS", "SCUL", "SENV", "SEVN", "SHUM", "SMIG", "SNAR", "SOCI", "SOPN", "SPCE", "SPCV", "SWCI", "SYRIA", "TBIO", "TINT", "TNGD", "TPHY", "TRGY", "TSPA", "TSPL", "TURKEY", "UNGA", "UNSC", "USAID", "USTR", "WFP", "WHO", "WTO", "XA", "XB", "XC", "XD", "XE", "XF", "XG", "XH", "XI", "XJ", "XK", "XL", "XM", "XN", "XO", "XP", "XR", "XS", "XT", "XU", "XV", "XW", "XX", "XY", "XZ"])

# Two-letter country / area codes (FIPS 10-4 as used in TAGS).
COUNTRY_CODES = frozenset(["AA", "AC", "AE", "AF", "AG", "AJ", "AL", "AM", "AN", "AO", "AQ", "AR", "AS", "AU", "AV", "AX", "BA", "BB", "BC", "BD", "BE", "BF", "BG", "BH", "BK", "BL", "BM", "BN", "BO", "BP", "BQ", "BR", "BS", "BT", "BU", "BV", "BX", "BY", "CA", "CB", "CD", "CE", "CF", "CG", "CH", "CI", "CJ", "CK", "CM", "CN", "CO", "CQ", "CS", "CT", "CU", "CV", "CW", "CY", "DA", "DJ", "DO", "DR", "DX", "EC", "EG", "EI", "EK", "EN", "ER", "ES", "ET", "EU", "EZ", "FG", "FI", "FJ", "FK", "FM", "FO", "FP", "FR", "FS", "GA", "GB", "GG", "GH", "GI", "GJ", "GK", "GL", "GM", "GO", "GP", "GQ", "GR", "GT", "GV", "GY", "GZ", "HA", "HK", "HM", "HO", "HR", "HU", "IC", "ID", "IN", "IO", "IP", "IR", "IS", "IT", "IV", "IZ", "JA", "JE", "JM", "JN", "JO", "KE", "KG", "KN", "KR", "KS", "KT", "KU", "KV", "KZ", "LA", "LE", "LG", "LH", "LI", "LO", "LQ", "LS", "LT", "LU", "LY", "MA", "MB", "MC", "MD", "MF", "MG", "MH", "MI", "MJ", "MK", "ML", "MN", "MO", "MP", "MR", "MT", "MU", "MV", "MX", "MY", "MZ", "NC", "NE", "NF", "NG", "NH", "NI", "NL", "NN", "NO", "NP", "NR", "NS", "NU", "NZ", "OD", "PA", "PC", "PE", "PF", "PG", "PK", "PL", "PM", "PO", "PP", "PS", "PU", "QA", "RE", "RM", "RO", "RP", "RQ", "RS", "RW", "SA", "SB", "SC", "SE", "SF", "SG", "SH", "SI", "SL", "SM", "SN", "SO", "SP", "ST", "SU", "SV", "SW", "SX", "SY", "SZ", "TD", "TE", "TH", "TI", "TK", "TL", "TN", "TO", "TP", "TS", "TT", "TU", "TV", "TW", "TX", "TZ", "UC", "UG", "UK", "UN", "UP", "US", "UV", "UY", "UZ", "VC", "VE", "VI", "VM", "VQ", "VT", "WA", "WE", "WF", "WI", "WS", "WZ", "YI", "YM", "YO", "YS", "ZA", "ZI", "GM", "SR", "UR", "KV", "EAP", "EUR", "NEA", "WHA", "AF"])

# Known misspellings of tags.
_FIXES = {"MOPPS": "MOPS", "UNDESCO": "UNESCO", "GOV": "GOV", "COUNTER TERRORISM": "COUNTERTERRORISM"}

# Multi-word subject tags that appear in TAGS lines (a keyword vocabulary, not codes).
PHRASES = (
    "HUMAN RIGHTS", "COUNTERTERRORISM", "COUNTER TERRORISM", "GOI EXTERNAL", "GOI INTERNAL",
    "ISRAELI PALESTINIAN AFFAIRS", "GAZA DISENGAGEMENT", "ECONOMIC AFFAIRS", "ECONOMY AND FINANCE",
    "IRAQI FREEDOM", "ITALY NATIONAL ELECTIONS", "ITALIAN POLITICS", "DOMESTIC POLITICS",
    "MEETINGS WITH AMBASSADOR", "NEW ZEALAND", "COUNTRY CLEARANCE", "FOREIGN POL", "POLITICS FOREIGN POLICY",
    "MEDIA REACTION REPORT", "TIP IN TURKEY", "CONSULAR AFFAIRS", "GLOBAL DEFENSE", "LABOR", "POL", "MIL",
    "ZANU-PF", "ENERGY", "TRADE", "ELECTIONS", "TERRORISM", "AVIAN INFLUENZA", "NORTH KOREA",
    "ECONOMICS", "POLITICAL", "MILITARY", "PARM", "TIP",
)

_PHRASE_SET = frozenset(PHRASES)
_MULTI_WORDS = frozenset(w for ph in PHRASES if len(ph.split()) > 1 for w in ph.split())
_ANY_PHRASE_WORDS = frozenset(w for ph in PHRASES for w in ph.split())
# multi-word phrases by their first word, longest first (ties in PHRASES order)
_PHRASES_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _ph in sorted((p for p in PHRASES if len(p.split()) > 1), key=lambda p: -len(p.split())):
    _PHRASES_BY_FIRST.setdefault(_ph.split()[0], []).append((tuple(_ph.split()), _ph))

# Persons whose TAGS spelling lacks the initial the TAGS index uses.
_PERSON_FULL = {"STEINBERG, JAMES": "STEINBERG, JAMES B.", "BUSH, GEORGE": "BUSH, GEORGE W."}

# Given names seen in TAGS person tags (SURNAME GIVENNAME).
GIVEN_NAMES = frozenset(["HILLARY", "JAMES", "JOSEPH", "CONDOLEEZZA", "ROBERT", "GEORGE", "GUILLERMO", "PEDRO", "GASPAR", "JOHN", "GERARD", "CONDOLEEZA", "DONALD", "RICHARD", "WILLIAM", "MICHAEL", "DAVID", "THOMAS", "CHARLES", "CHRISTOPHER", "DANIEL", "PAUL", "MARK", "STEVEN", "KENNETH", "EDWARD", "BRIAN", "RONALD", "ANTHONY", "KEVIN", "JASON", "JEFFREY", "GARY", "TIMOTHY", "LARRY", "JOSE", "LUIS", "CARLOS", "JUAN", "JORGE", "MANUEL", "FRANCISCO", "ALVARO", "HUGO", "EVO", "RAFAEL", "NICOLAS", "ANGELA", "GORDON", "TONY", "VLADIMIR", "DMITRY", "SERGEY", "NURSULTAN", "HAMID", "NOURI", "MAHMOUD", "BASHAR", "HOSNI", "MUAMMAR", "ROBERT", "MADELEINE", "COLIN", "DICK", "ERIC", "HENRY", "ARNOLD", "NANCY", "BARACK", "JOE", "JOHN", "KIICHI", "LEONID", "CONDI", "ALBERTO", "DANIEL", "SAMUEL"])

_LABEL = re.compile(r"(?:^|(?<=\s))(?:TAGS|TAGES|TABS|TAG|TGS|TAS|AGS)\b\s*[:;,]?\s*", re.IGNORECASE)
_STOP_LINE = re.compile(r"^\s*(?:S?UBJ(?:ECT)?\b|E\.?\s*O\.?\b|EO\s+\d|REF|CLASSIFIED|\(|\d\.|\u00b6)",
                        re.IGNORECASE)
_INLINE_STOP = re.compile(r"\s(?:SUBJECT|SUBJ)\s*:|\sE\.O\.\s|\s(?:UNCLASSIFIED|CONFIDENTIAL|SECRET)\s+PAGE\s+\d{2}\b",
                          re.IGNORECASE)


def is_tagline(line: str) -> bool:
    """A continuation line made only of upper-case tag tokens (codes, persons, phrases)."""
    s = line.strip()
    if not s or s.upper() != s or _STOP_LINE.match(s):
        return False
    toks = [t for t in re.split(r"[,\s]+", s) if t]
    return bool(toks) and all(re.fullmatch(r"[A-Z][A-Z0-9/\-.]*", t) for t in toks) and len(toks) <= 20


def tags_text(text: str) -> str:
    """The raw text of the TAGS field (label removed, continuation lines joined)."""
    m = _LABEL.search(text)
    if not m:
        return ""
    tail = text[m.end():]
    lines = tail.split("\n")
    first = lines[0]
    stop = _INLINE_STOP.search(" " + first)
    if stop:
        return first[: max(0, stop.start() - 1)]
    out = [first]
    for ln in lines[1:]:
        prev = out[-1].rstrip()
        if page_header(ln.strip()) is not None:
            continue
        if prev.endswith(",") and ln.strip() and not _STOP_LINE.match(ln):
            out.append(ln)
            continue
        st = _INLINE_STOP.search(" " + ln)
        cut = ln[: max(0, st.start() - 1)] if st else ln
        if is_tagline(cut):
            out.append(cut)
            if st:
                break
            continue
        break
    return "\n".join(out)


def _split_glued(tok: str) -> list[str] | None:
    """Split ``ETRDEINVECINPGOVCS`` into known codes; None if it does not split cleanly."""
    n = len(tok)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for i in range(n):
        cur = best[i]
        if cur is None:
            continue
        for size in (4, 2, 3, 5, 6):
            piece = tok[i:i + size]
            if len(piece) != size:
                continue
            ok = (size == 4 and piece in SUBJECT_CODES) or (size == 2 and piece in COUNTRY_CODES) or (
                size in (3, 5, 6) and piece in SUBJECT_CODES)
            if ok:
                cand = [*cur, piece]
                old = best[i + size]
                if old is None or len(cand) < len(old):
                    best[i + size] = cand
    return best[n]


def _known(tok: str) -> bool:
    return tok in SUBJECT_CODES or tok in COUNTRY_CODES


def parse_tags(text: str, *, canonicalize: bool = True) -> list[str]:
    """TAGS of ``text`` in order, duplicates removed."""
    raw = tags_text(text)
    if not raw.strip():
        return []
    raw = raw.replace("\n", " ").upper()
    raw = re.sub(r"\bSIPDIS\b", " ", raw)
    out: list[str] = []

    def add(t: str) -> None:
        t = t.strip(" ;:")
        if t.endswith(".") and not re.search(r"\b[A-Z]\.$", t):
            t = t.rstrip(".")
        if t and t not in out:
            out.append(t)

    # parenthesised persons: OVIP (STEINBERG, JAMES B.)
    pieces = re.split(r"(\([^()]*\))", raw)
    for piece in pieces:
        if piece.startswith("("):
            add(piece.strip("() "))
            continue
        items = [x.strip() for x in piece.split(",")]
        for item in items:
            if not item:
                continue
            words = [w.strip(":;") for w in item.split() if w.strip(":;")]
            if not canonicalize:
                for w in words:
                    add(w)
                continue
            _add_words(words, add)
    return out


def _add_words(words: list[str], add: Callable[[str], None]) -> None:
    """Read the words of one comma-separated TAGS item: codes, phrases, persons, glued codes."""
    words = _expand_tails(words)
    i = 0
    while i < len(words):
        step = _add_known(words, i, add)
        if step:
            i += step
            continue
        w = words[i]
        glued = _split_glued(w) if len(w) > 4 else None
        if glued:
            for g in glued:
                add(g)
            i += 1
            continue
        # a word glued to trailing known codes: RIGHTSPOLMIL -> RIGHTS POL MIL
        split_tail = _split_word_tail(w)
        if split_tail is not None:
            head, rest = split_tail
            words = [*words[:i], head, *rest, *words[i + 1:]]
            continue
        # a run of unknown words is one phrase tag
        j = _unknown_run_end(words, i)
        add(" ".join(words[i:j]))
        i = j


def _expand_tails(words: list[str]) -> list[str]:
    """Words that are not codes or phrases but end in known codes are split first (``USPOLMIL``)."""
    expanded: list[str] = []
    for w in words:
        tail = None if (_known(w) or w in _FIXES or w in _MULTI_WORDS or w in _PHRASE_SET) else _split_word_tail(w)
        if tail is not None:
            expanded.extend([tail[0], *tail[1]])
        else:
            expanded.append(w)
    return expanded


def _add_known(words: list[str], i: int, add: Callable[[str], None]) -> int:
    """A phrase, a fixed spelling, a known code or SURNAME GIVENNAME at ``words[i]``: how many words it took."""
    w = words[i]
    at = _phrase_at(words, i)  # phrases (longest first)
    if at is not None:
        add(_FIXES.get(at[1], at[1]))
        return at[0]
    if w in _FIXES and w not in _PHRASE_SET:
        add(_FIXES[w])
        return 1
    if w in _PHRASE_SET or _known(w):
        add(w)
        return 1
    if i + 1 < len(words) and words[i + 1] in GIVEN_NAMES:
        name = f"{w}, {words[i + 1]}"
        add(_PERSON_FULL.get(name, name))
        return 2
    return 0


def _unknown_run_end(words: list[str], i: int) -> int:
    """The end of the run of unknown words from ``i`` (at least one word)."""
    j = i
    while j < len(words) and _unknown_word(words, j):
        if j > i and _split_word_tail(words[j]) is not None:
            break
        j += 1
    return j if j > i else i + 1


def _unknown_word(words: list[str], j: int) -> bool:
    w = words[j]
    if _known(w) or w in _FIXES or w in _PHRASE_SET or (len(w) <= 4 and w not in _MULTI_WORDS):
        return False
    return not (j + 1 < len(words) and words[j + 1] in GIVEN_NAMES) and _phrase_at(words, j) is None


def _phrase_at(words: list[str], i: int) -> tuple[int, str] | None:
    """The longest multi-word phrase starting at ``words[i]``: (its length in words, the phrase)."""
    for pw, ph in _PHRASES_BY_FIRST.get(words[i], ()):
        if tuple(words[i:i + len(pw)]) == pw:
            return len(pw), ph
    return None


def _split_word_tail(w: str) -> tuple[str, list[str]] | None:
    """``RIGHTSPOLMIL`` -> (``RIGHTS``, [``POL``, ``MIL``]); ``VEPREL`` handled by glued splitting."""
    for cut in range(3, len(w) - 2):
        head, tail = w[:cut], w[cut:]
        if head not in _ANY_PHRASE_WORDS:
            continue
        parts: list[str] = []
        rest = tail
        while rest:
            for size in (4, 3):
                p = rest[:size]
                if p in SUBJECT_CODES or p in {"POL", "MIL"}:
                    parts.append(p)
                    rest = rest[size:]
                    break
            else:
                break
        if not rest and parts:
            return head, parts
    return None


def tag_kinds(tags: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Split tags into (subjects, countries, persons)."""
    subjects: list[str] = []
    countries: list[str] = []
    persons: list[str] = []
    for t in tags:
        if "," in t:
            persons.append(t)
        elif len(t) == 2 and t in COUNTRY_CODES:
            countries.append(t)
        else:
            subjects.append(t)
    return subjects, countries, persons
