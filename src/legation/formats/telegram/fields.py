"""Single-field parsers: classification line, E.O., SUBJ, summary, signer, drafter, classified-by.

Every function takes text as printed and returns the value (or an empty
value when the field is absent); none raises on odd input.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from legation.formats.telegram.furniture import collapse_spaced, is_banner, is_furniture, page_header
from legation.text import squeeze

_UNDERLINE_LINE = re.compile(r"^\s*[-=_\u2010-\u2015]{3,}\s*$")

# -- classification line ------------------------------------------------------------------------

_CLASS_NAMES = {
    "UNCLAS": "UNCLASSIFIED",
    "UNCLASSIFIED": "UNCLASSIFIED",
    "CONFIDENTIAL": "CONFIDENTIAL",
    "SECRET": "SECRET",
    "TOP SECRET": "TOP SECRET",
    "LIMITED OFFICIAL USE": "LIMITED OFFICIAL USE",
}
HANDLING = ("NODIS", "EXDIS", "LIMDIS", "STADIS", "NOFORN", "EFTO", "SIPDIS", "CHEROKEE", "ROGER",
            "FOR OFFICIAL USE ONLY", "SENSITIVE", "NOCONTRACT", "ORCON", "WNINTEL", "SPECAT")
_CLASS_LINE = re.compile(
    r"^(?P<cls>TOP SECRET|SECRET|CONFIDENTIAL|LIMITED OFFICIAL USE|UNCLASSIFIED|UNCLAS)\b"
    r"(?P<rest>.*)$"
)
_CLASS_STARTS = ("TOP", "SECRET", "CONFIDENTIAL", "LIMITED", "UNCLAS")
_SECTION = re.compile(r"\bSECTION\s+(?P<a>\d{1,3})\s+OF\s+(?P<b>\d{1,3})\b")
_POST_SERIAL = re.compile(r"(?P<post>[A-Z][A-Z .]*?[A-Z])\s+(?P<serial>\d{2,7})$")


@dataclass
class ClassLine:
    classification: str
    handling: list[str] = field(default_factory=list)
    post: str = ""
    serial: str = ""
    section: str = ""


def parse_classification_line(line: str) -> ClassLine | None:
    """``CONFIDENTIAL TOKYO 12732``, ``SECRET NODIS SECTION 01 OF 02 STATE 161482``, ``UNCLAS BOGOTA 001165``.

    A bare banner (no post/serial) gives a ClassLine without post.
    """
    s = line.strip().upper()
    # cheap refusal: the line must open with a classification word, printed whole or spaced out
    if not s.startswith(_CLASS_STARTS) and not s[1:2].isspace():
        return None
    s = collapse_spaced(squeeze(s))
    m = _CLASS_LINE.match(s)
    if not m:
        return None
    cl = ClassLine(_CLASS_NAMES[m["cls"]])
    rest = _leading_handling(m["rest"].replace("//", " ").replace("/", " ").strip(" ,-"), cl.handling)
    ms = _SECTION.search(rest)
    if ms:
        cl.section = f"{int(ms['a'])}/{int(ms['b'])}"
        rest = (rest[: ms.start()] + rest[ms.end():]).strip()
    # handling caveats may also follow the post and serial: "STATE 163001 NODIS"
    rest = _trailing_handling(rest, cl.handling)
    if rest:
        mp = _POST_SERIAL.fullmatch(rest)
        if not mp:
            return None
        cl.post, cl.serial = mp["post"].strip(), mp["serial"]
    cl.handling = [h for h in cl.handling if h != "SIPDIS"] + (["SIPDIS"] if "SIPDIS" in cl.handling else [])
    return cl


def _leading_handling(rest: str, handling: list[str]) -> str:
    """Take the handling caveats that open ``rest`` (``NODIS``, ``ROGER CHANNEL`` ...) into ``handling``."""
    changed = True
    while changed and rest:
        changed = False
        for h in HANDLING:
            if rest.startswith(h + " ") or rest == h:
                handling.append("ROGER CHANNEL" if h == "ROGER" else h)
                rest = rest[len(h):].strip(" ,-")
                if h == "ROGER" and rest.startswith("CHANNEL"):
                    rest = rest[7:].strip()
                changed = True
    return rest


def _trailing_handling(rest: str, handling: list[str]) -> str:
    """Take the handling caveats that close ``rest`` into ``handling``."""
    changed = True
    while changed and rest:
        changed = False
        for h in HANDLING:
            if rest.endswith(" " + h):
                handling.append(h)
                rest = rest[: -len(h)].strip(" ,-")
                changed = True
    return rest


# -- E.O. and declassification ------------------------------------------------------------------

_EO = re.compile(
    r"^\s*E\s*\.?\s*O\s*\.?\s*(?P<num>1\d{3,4})?\s*[:;.,]?\s*(?P<rest>.*)$", re.IGNORECASE
)
_EO_LINE = re.compile(r"^\s*(?:E\s*\.?\s*O\s*\.?\s*\d{3,5}|E\.\s*O\.|EO\s+\d{3,5})", re.IGNORECASE)


@dataclass
class ExecOrder:
    order: str
    declassify: str
    decl_date: str = ""
    printed: str = ""


def is_eo_line(line: str) -> bool:
    return bool(_EO_LINE.match(line.strip()))


def parse_eo(text: str) -> ExecOrder | None:
    """``E. O. 11652: GDS`` -> (11652, GDS); ``E.O. 12958: DECL: 07/11/2016`` -> declassify 'DECL: 07/11/2016'."""
    line = text.strip()
    if not is_eo_line(line):
        return None
    m = _EO.match(line)
    if not m:
        return None
    rest = re.split(r"\b(?:TAGS?|TAGES|TABS|TGS|TAS|AGS)\b\s*[:;,]?", m["rest"], maxsplit=1, flags=re.I)[0]
    rest = squeeze(rest).strip(" ,;")
    eo = ExecOrder(order=m["num"] or "", declassify=rest, printed=line)
    eo.decl_date = nondisclosure_deadline(line) or ""
    return eo


_DECL = re.compile(r"DECL\s*+[:;]?\s*+(?P<d>[0-9/.\-]{6,10})", re.IGNORECASE)


def nondisclosure_deadline(text: str) -> str | None:
    """The ``DECL:`` date of an E.O. 12958 line as ISO: ``DECL: 11/22/2012`` -> ``2012-11-22``."""
    m = _DECL.search(text)
    if not m:
        return None
    d = m["d"].strip("./-")
    parts = re.split(r"[/.\-]", d)
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    if len(parts[0]) == 4:
        y, mo, da = int(parts[0]), int(parts[1]), int(parts[2])
    else:
        mo, da, y = int(parts[0]), int(parts[1]), int(parts[2])
        if y < 100:
            y += 2000
    if not (1 <= mo <= 12 and 1 <= da <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{da:02d}"


# -- subject ------------------------------------------------------------------------------------

_SUBJ = re.compile(r"(?:^|\n|\s)(?P<label>(?i:S?UBJ(?:ECT)?|SUBJ)\s*[:.;][ \t]*|SUBJECT[ \t]+(?=[A-Z(]))")
_LINE_STOP = re.compile(r"^\s*(?:REF(?:S|TELS?|ERENCES?)?\b|Ref\(s\)|(?:[-\u00b6]\s*)?\d{1,2}\s*\.(?:\s|\()"
                        r"|Classified\s+By|CLASSIFIED\s+BY|SUMMARY\b|E\.\s*O\.)", re.IGNORECASE)
_SUBJ_STOP = re.compile(
    r"(?:REF(?:S|TEL|TELS|ERENCE)?\s*+(?:\(S\))?\s*+:|(?:^|\n)\s*REF(?:S|TELS?)?\b|\bRef\(s\)|Classified\s+By"
    r"|CLASSIFIED\s+BY|\bSENSITIVE\s+BUT\b|\bSensitive\s+but\b|\bSensitive\s+But\b|\bSUMMARY\s*[:.]"
    r"|(?:^|\n)\s*(?:[-\u00b6]\s*)?\d{1,2}\s*\.\s|\bPAGE\s+\d{2}\b"
    r"|(?:^|\n)\s*(?:\u00b6)?1\.\s*\(|\bE\.\s*O\.\s*1\d{4}|\bTAGS\s*:|\bThis message\b)",
)
_CLASS_MARK = re.compile(r"^\((?:U|C|S|SBU|TS|C/NF|S/NF|S//NF|C//NF|U//FOUO|LOU|FOUO|C/REL|SBU/NF|S/REL)\)\s*",
                         re.IGNORECASE)
_CLASS_START = re.compile(r"^\s*(?:C O N F|S E C R|U N C L|UNCLAS\b|CONFIDENTIAL\s+\S+\s+\d|SECRET\s+\S+\s+\d)")


def _subject_line_ok(ln: str, first: str) -> bool:
    """May ``ln`` continue a subject that started with ``first``?"""
    s = ln.strip()
    if not s or is_banner(s) or page_header(s) is not None or _UNDERLINE_LINE.match(s) or _CLASS_START.match(s):
        return False
    if re.match(r"^(?:[A-Z ]*[A-Z]\s+| \s+)\d{5,8}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}", s):
        return False
    # an upper-case subject does not continue into a mixed-case sentence
    letters = [c for c in first if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) > 0.9 * len(letters):
        low = [c for c in s if c.isalpha()]
        if low and sum(c.islower() for c in low) > 0.5 * len(low):
            return False
    return True


def parse_subject(text: str, *, clean: bool = True) -> str:
    """The SUBJ/SUBJECT line and its continuation lines, as one line.

    The subject ends at a blank line, REF, Classified By, a summary, a
    numbered paragraph, a classification line or a page marker.
    """
    text = text.replace("\\\n", "\n").replace("\r", "")
    m = _SUBJ.search(text)
    if not m:
        return ""
    tail = text[m.end():]
    lines = tail.split("\n")
    if not lines[0].strip():
        # "SUBJECT:" alone on its line, the subject after a blank line
        while len(lines) > 1 and not lines[0].strip():
            lines = lines[1:]
        if _LINE_STOP.match(lines[0]):
            return ""
    taken: list[str] = [lines[0]]
    for ln in lines[1:]:
        if not _subject_line_ok(ln, lines[0]) or _LINE_STOP.match(ln):
            break
        taken.append(ln)
    subj = _join_subject_lines(taken)
    stop = _SUBJ_STOP.search(subj)
    if stop and stop.start() > 0:
        subj = subj[: stop.start()]
    elif stop and stop.start() == 0:
        subj = ""
    subj = squeeze(html.unescape(subj))
    if clean:
        subj = _CLASS_MARK.sub("", subj)
    return subj.strip()


def _join_subject_lines(taken: list[str]) -> str:
    """One line; a word hyphenated at a line end (``NON-`` / ``ALIGNED``) is joined without a space."""
    subj = ""
    for ln in taken:
        t = ln.strip()
        if subj.endswith("-") and re.search(r"[A-Z]-$", subj) and t[:1].isalpha():
            subj += t
        else:
            subj = f"{subj} {t}" if subj else t
    return subj


# -- summary ------------------------------------------------------------------------------------

_SUM_START = re.compile(
    r"(?:^|(?<=[\s(.:\-]))(?:SUMMARY(?:\s+AND\s+(?:COMMENT|ACTION\s+REQUEST|INTRODUCTION|TABLE\s+OF\s+CONTENTS))?"
    r"|SUMMARY\s*/\s*COMMENT)\b\s*(?:[:.\-=]+\s*|\s*(?=\n))",
    re.IGNORECASE,
)
_SUM_END = re.compile(r"\bEND\s+(?:OF\s+)?SUMMARY\b", re.IGNORECASE)
_PARA_NUM = re.compile(r"^\s*(?:[-\u00b6]\s*)?\d{1,2}\s*\.\s*", re.MULTILINE)
_UNDERLINE = re.compile(r"^[^\S\n]*[-=\u2010\u2011\u2012\u2013\u2014]{3,}\s*$", re.MULTILINE)


def parse_summary(text: str) -> str:
    """The text between ``SUMMARY:`` and ``END SUMMARY`` (or the end of that paragraph)."""
    if "summary" not in text.lower():
        return ""
    m = _SUM_START.search(text)
    if not m:
        return ""
    tail = text[m.end():]
    end = _SUM_END.search(tail)
    if end:
        body = tail[: end.start()]
    else:
        parts = re.split(r"(?<!\s)[^\S\n]*\n[^\S\n]*\n\s*+(?:[-\u00b6]\s*)?\d{1,2}\s*\.", tail.lstrip("\n -="), maxsplit=1)
        body = parts[0] if parts else tail
        if not body.strip():
            return ""
    body = _UNDERLINE.sub("", body)
    body = body.lstrip(" -=\n")
    # drop leading paragraph numbers and classification marks
    body = _PARA_NUM.sub("", body, count=1) if _PARA_NUM.match(body) else body
    body = re.sub(r"^\s*(?:\([A-Z/]{1,8}\)\s*)+", "", body)
    body = re.sub(r"^\s*SUMMARY\s*[:.]\s*", "", body, flags=re.IGNORECASE)
    body = re.sub(r"^\s*(?:\([A-Z/]{1,8}\)\s*)+", "", body)
    lines = [squeeze(ln) for ln in body.split("\n")]
    lines = [_PARA_NUM.sub("", ln) if _PARA_NUM.match(ln) else ln for ln in lines]
    lines = [re.sub(r"^\s*(?:\([A-Z/]{1,8}\)\s*)+", "", ln) for ln in lines if ln]
    return squeeze(" ".join(lines))


# -- signer -------------------------------------------------------------------------------------

_NAME_LINE = re.compile(r"^(?:[A-Z][A-Z'\-]+|DE|VAN|VON|DEL|LA|MC|O'[A-Z]+)(?:\s+[A-Z][A-Z'\-]+){0,2}$")
_NOT_SIGNER = {
    "CONFIDENTIAL", "SECRET", "UNCLASSIFIED", "UNCLAS", "NNNN", "NNN", "END", "TEXT", "REGARDS", "UNQUOTE",
    "QUOTE", "BT", "SIPDIS", "NOFORN", "NODIS", "EXDIS", "LIMDIS", "COMMENT", "END TEXT", "END COMMENT",
    "LIMITED OFFICIAL USE", "TOP SECRET", "CITY", "NOTE", "UNQTE", "QTE", "SUMMARY", "XXXXXXXXXXXX",
}
_TAIL_NOISE = re.compile(
    r"^(?:NOTE\s+BY\s+OC/T|NOTE\s*:|NNNN?|\d{4}[A-Z]+\d+\s+-|>|[.\-][.\-\s\d]*$|REGARDS"
    r"|[A-Z ]+\d{5,8}\s+\d{3}\s+OF\s+\d{3}|GP-\d|YYY)",
)
_GLUED_AFTER = re.compile(r"\b(?:TEXT|CONSIDERED|FYI)\.\s+\S+$")
_GLUED_NAME = re.compile(r"(?:^|[.)*]\s+|https?://\S+(?:\s\S+)?\s+)(?P<name>[A-Z][A-Z'\-]+(?:\s[A-Z][A-Z'\-]+)?)\.?$")
# a surname as mixed-case cables print it: Hoffman, McCaw, LeBaron, O'Neill, Smith-Jones, Lu
_MIXED = r"(?:Mc|Mac|Le|La|De|Di|Du|Van|Von|O')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_MIXED_NAME = re.compile(_MIXED)
_GLUED_MIXED = re.compile(r"(?:[.)\"\u201d]\s+)(?P<name>" + _MIXED + r")$")
_INITIAL_BEFORE = re.compile(r"(?:^|\s)[A-Z]\.\s+$")  # "David J. Hazarian": a name in a sentence
_MARKED = re.compile(r"^\([A-Z]+//[^()]*\)\s+")  # (SECRET//REL Armenia) YOVANOVITCH
_NOT_MIXED_SIGNER = frozenset([
    "Thanks", "Regards", "End", "Text", "Comment", "City", "Unquote", "Sincerely", "Note", "Begin", "Ends",
    "Ok", "No", "So", "To", "Or", "By", "In", "On", "At", "Of", "It", "Is", "We", "He", "An", "As", "Be", "Do",
    "Go", "If", "Me", "My", "Up", "Us", "Yes", "The", "And", "Cheers", "Best", "Signed", "Classified", "Website",
])
_FOOTER_LINE = re.compile(r"(?:https?://|www\.|\*{5,})", re.IGNORECASE)


def _mostly_lower(text: str) -> bool:
    """Mixed-case prose: more lower- than upper-case letters, and a few words of it."""
    lower = sum(c.islower() for c in text)
    return lower >= 10 and lower > sum(c.isupper() for c in text)


def parse_signer(text: str) -> list[str]:
    """The signer(s) at the end of a cable: ``SHOESMITH``; ``[]`` when none is found."""
    lines = [ln.strip() for ln in text.replace("\r", "").split("\n")]
    for k in range(len(lines) - 1, -1, -1):
        s = lines[k].rstrip("#").strip()
        s = re.sub(r"^(?:END\s+)?(?:UNQTE|UNQUOTE)\s+(?=\S)", "", s)
        if not s or is_furniture(s) or _TAIL_NOISE.match(s) or s in _NOT_SIGNER:
            continue
        got = _signer_on_line(s, lines[:k])
        if got is not None:
            return got
    return []


def _signer_on_line(s: str, above: list[str]) -> list[str] | None:
    """The signer on the last line of text ``s`` (``[]``: none); ``None``: not text, look at the line above."""
    cand = _MARKED.sub("", s).rstrip(".").strip()
    if _NAME_LINE.match(cand) and cand not in _NOT_SIGNER and len(cand) <= 30 and len(cand.split()) <= 3:
        return [cand]
    glued = _glued_upper_name(s)
    if glued is not None:
        return glued
    if _MIXED_NAME.fullmatch(s) and s.upper() not in _NOT_SIGNER and s not in _NOT_MIXED_SIGNER:
        return [s]
    mm = _GLUED_MIXED.search(s)
    if mm and mm["name"] not in _NOT_MIXED_SIGNER and _mostly_lower(s[: mm.start()]) and \
            not _INITIAL_BEFORE.search(s[: mm.start("name")]):
        return [mm["name"]]  # "... integrated into Europe. Edelman"
    if re.fullmatch(r"[a-z]{3,}", s):
        # a lower-case surname right under the "Visit our Classified Website" footer
        prev = next((ln for ln in reversed(above) if ln), "")
        return [s] if _FOOTER_LINE.match(prev) else []
    if s.isupper() and re.search(r"[.!?]\s+YYY$", s):
        return None
    return []


def _glued_upper_name(s: str) -> list[str] | None:
    """A signer glued after the final sentence: "... END OF TEXT. BAKER", "... CONSIDERED.  EAGLETON"."""
    m = _GLUED_NAME.search(s)
    if not m or m.start() == 0 or m["name"] in _NOT_SIGNER or _INITIAL_BEFORE.search(s[: m.start("name")]):
        return None
    if not (_GLUED_AFTER.search(s) or _mostly_lower(s[: m.start()])):
        return None
    # after END TEXT. / CONSIDERED. / FYI., or an upper-case name after a mixed-case sentence
    name = " ".join(w for w in m["name"].split() if w.strip("X"))  # not a redaction (XXXXXXXXXXX)
    return [name] if name else []


# -- drafter / approver / classified by ---------------------------------------------------------

_DRAFTED = re.compile(r"^\s*DRAFTED\s+BY\s*:?\s*(?P<v>.+?)\s*$", re.IGNORECASE)
_APPROVED = re.compile(r"^\s*APPROVED\s+BY\s*:?\s*(?P<v>.+?)\s*$", re.IGNORECASE)


def parse_drafted_by(line: str) -> str:
    m = _DRAFTED.match(line)
    return m["v"] if m else ""


def parse_approved_by(line: str) -> str:
    m = _APPROVED.match(line)
    return m["v"] if m else ""


_CLASSIFIED_BY = re.compile(
    r"\bCLASSIFIED\s+BY\s*[:;.]?\s*(?P<v>.+?)(?=(?:\s*[,;.]?\s*\b(?:for|reasons?|E\.?O\.?|1\.[45])\b)|[;\n]\s*\n|$)",
    re.IGNORECASE | re.DOTALL,
)
_TITLES = re.compile(
    r"^(?:(?:Classified\s+by\s*:?\s*)?(?:(?:Acting|Deputy|Principal|Chief|Charge|Charg\u00e9|Ambassador|AMB|Amb\.|"
    r"Minister|Counselor|Counsel+or|Consul|General|Political|Economic|Econ|Pol|PolCouns|EconCouns|Polcouns|Officer|"
    r"Section|Head|Director|Chief\s+of\s+Mission|Deputy\s+Chief\s+of\s+Mission|DCM|CDA|COM|Mission|d'Affaires|"
    r"D'Affaires|d\\'Affaires|D\\'AFFAIRES|of|the|for|a\.i\.|A/|[A-Z]/|[A-Za-z/\-]+Couns|[A-Za-z/\-]*Officer|"
    r"[A-Z]{2,}/[A-Za-z/]+|Pol/Econ|M-C|M/C|Minister-Counselor)\s*,?\s*)+)",
)


def parse_classified_by(text: str) -> list[str]:
    """``Classified By: Acting Deputy Chief of Mission Marc Wall for Reasons 1.4`` -> ``['Marc Wall']``."""
    m = _CLASSIFIED_BY.search(text)
    if not m:
        return []
    v = squeeze(m["v"])
    v = re.split(r",\s*|\s+-\s+|\s*;\s*", v)[0]
    words = v.split()
    # the name is the run of capitalised words at the end (first name, initials, surname, suffix)
    name: list[str] = []
    for w in reversed(words):
        bare = w.strip(",.")
        if re.fullmatch(r"(?:[A-Z][a-z'\-]+(?:-[A-Z][a-z]+)?|[A-Z]\.|[A-Z]\.?[A-Z]\.|Jr\.?|Sr\.?|III|II|IV|"
                        r"[A-Z][A-Za-z]*[a-z][A-Za-z']*|[A-Z]{2,}|[A-Z]\.)", bare) and not re.fullmatch(
                            r"(?:Ambassador|Charge|Counselor|Minister|Officer|Affairs|Director|Chief|Deputy|Acting|"
                            r"Mission|Section|Political|Economic|Consul|General|Head|Unit|Office|Affaires|DCM|CDA|"
                            r"POL|ECON|PAO|RSO|A/DCM|POLOFF|ECONOFF|AMBASSADOR|CHARGE|DEPUTY|CHIEF|MISSION|"
                            r"ACTING|COUNSELOR|POLITICAL|ECONOMIC|MINISTER|OF|FOR|Poloff|Econoff|PolOff|EconOff)",
                            bare):
            name.insert(0, w)
        else:
            break
    out = " ".join(name).strip(" ,")
    return [out] if out else []


def normalize_name(name: str) -> str:
    """``LEE 0. COLDREN`` -> ``Lee O. Coldren``: title case, a zero read as the letter O."""
    words = []
    for w in name.split():
        w = re.sub(r"^0(?=\.?$)", "O", w)
        if w.isupper() or w.islower():
            w = "-".join(p[:1].upper() + p[1:].lower() for p in w.split("-"))
            if re.fullmatch(r"(?:Ii|Iii|Iv)", w):
                w = w.upper()
        words.append(w)
    return " ".join(words)
