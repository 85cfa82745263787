"""The head of a telegram: distribution, ACP-127 routing, DTG, FM/TO/INFO.

Each function reads one concern from lines as printed and returns plain
values or model parts; nothing here knows about whole records.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from legation.dates import parse_dtg
from legation.formats.telegram.furniture import page_header
from legation.model import PRECEDENCE_NAMES, Address, Office
from legation.text import squeeze

# -- distribution block (ACTION EA-09 / ORIGIN EUR-12 / INFO OCT-01 ... /084 W) ---------------

_OFFICE = re.compile(r"^[A-Z][A-Z0-9/&]{0,9}-\d{1,3}$")
_TOTAL = re.compile(r"^/(\d{2,4})[A-Z]?$")
_DIST_START = re.compile(r"^(?P<kind>ACTION|ORIGIN|INFO)\s+(?P<rest>.+)$")


@dataclass
class Distribution:
    action: list[Office] = field(default_factory=list)
    info: list[Office] = field(default_factory=list)
    total_copies: int | None = None
    origin: bool = False


def office_tokens(text: str) -> tuple[list[Office], int | None] | None:
    """``OCT-01 EUR-12 ... /084 W`` -> offices and the total, or None if any token is not an office."""
    toks = text.replace(",", " ").split()
    offices: list[Office] = []
    total: int | None = None
    i = 0
    while i < len(toks):
        t = toks[i]
        m = _TOTAL.match(t)
        if m:
            total = int(m[1])
            if i + 1 < len(toks) and re.fullmatch(r"[A-Z]", toks[i + 1]):
                i += 1
        elif _OFFICE.match(t):
            name, _, copies = t.rpartition("-")
            offices.append(Office(office=name, copies=int(copies)))
        else:
            return None
        i += 1
    if not offices and total is None:
        return None
    return offices, total


def parse_distribution_line(line: str, dist: Distribution, *, continuing: str = "") -> str:
    """Feed one line of the distribution block into ``dist``.

    Returns the section the line belonged to (``action``/``info``) or ``""``
    if the line is not part of a distribution block.  ``continuing`` is the
    section of the previous line, so bare office lines continue it.
    """
    s = line.strip()
    m = _DIST_START.match(s)
    if m:
        got = office_tokens(m["rest"])
        if got is None:
            return ""
        offices, total = got
        kind = m["kind"]
        target = dist.info if kind == "INFO" else dist.action
        target.extend(offices)
        if total is not None:
            dist.total_copies = total
        if kind == "ORIGIN":
            dist.origin = True
        return "info" if kind == "INFO" else "action"
    if continuing:
        got = office_tokens(s)
        if got is None:
            return ""
        offices, total = got
        (dist.info if continuing == "info" else dist.action).extend(offices)
        if total is not None:
            dist.total_copies = total
        return continuing
    return ""


# -- DTG and precedence -------------------------------------------------------------------------

_DTG_LINE = re.compile(
    r"^(?:(?P<prec>(?:NIACT\s+)?[RPOZ]{1,2}|NIACT|[RPOZ](?:\s+[RPOZ])?)\s+)?"
    r"(?P<dtg>\d{6}Z\s+[A-Z]{3}\s+\d{2,4})(?P<svc>(?:\s+Z[A-Z]{2}\d?\b)+(?:\s+[A-Z0-9 ]+)?)?\s*$"
)


@dataclass
class DTG:
    precedence: str
    date: str
    datetime: str
    printed: str


def parse_dtg_line(line: str) -> DTG | None:
    """``R 240727Z AUG 76`` -> precedence ROUTINE, date, datetime."""
    m = _DTG_LINE.match(line.strip().upper())
    if not m:
        return None
    got = parse_dtg(m["dtg"])
    if not got:
        return None
    prec = ""
    if m["prec"]:
        letters = m["prec"].split()
        first = letters[0]
        prec = PRECEDENCE_NAMES["NIACT"] if first == "NIACT" else PRECEDENCE_NAMES.get(first[0], "")
    return DTG(prec, got[0], got[1], line.strip())


# -- ACP-127 routing lines (cablegate) ----------------------------------------------------------

_ACP = re.compile(
    r"^(?:VZCZC[A-Z0-9]*|[RPOZ]{2}\s+(?:[A-Z]{4,7}\s*)+|(?:RUE|RHE|RHM|RUF|RUC|RUM|RHH|RUA|RUL)[A-Z]{1,5}(?:\s+[A-Z]{4,7})*"
    r"|DE\s+[A-Z]{4,7}\s+#.*|ZN[RY]\s+[A-Z]{5}(?:\s+[A-Z]{3}|\s+Z[A-Z]{2}\b.*|\s*\(.*)?|HR|ZFF\d*|ZEX)\s*$"
)
_DE = re.compile(r"^DE\s+(?P<route>[A-Z]{4,7})\s+#(?P<serial>\d{1,6})(?:/(?P<section>\d{1,3}))?\s+(?P<jul>\d{7})?")


def is_acp_line(line: str) -> bool:
    s = line.strip().upper()
    return bool(s) and bool(_ACP.match(s)) and not _DTG_LINE.match(s)


def parse_de_line(line: str) -> tuple[str, str, str] | None:
    """``DE RUEHBO #1165 0471902`` -> (route, serial, section)."""
    m = _DE.match(line.strip().upper())
    if not m:
        return None
    return m["route"], m["serial"], m["section"] or ""


# -- addresses ----------------------------------------------------------------------------------

_PREC_WORDS = ("NIACT IMMEDIATE", "OPERATIONAL IMMEDIATE", "IMMEDIATE", "PRIORITY", "ROUTINE", "FLASH")
_ROUTE = re.compile(r"^(?P<route>[A-Z][A-Z0-9]{3,7})\s*/\s*(?P<rest>.+)$")
_MCN = re.compile(r"(?<!\s)\s+(?P<mcn>\d{1,5})$")

_KINDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?:AMEMBASSY|AMEMB|AMEMBASY|EMBASSY|AMERICAN EMBASSY|USEMBASSY)\s+(?P<post>.+)$"), "embassy"),
    (re.compile(r"^(?:AMCONSUL|AMCONGEN|AMCONSULATE|AMCONSULGEN|CONSUL|US CONSULATE)\s+(?P<post>.+)$"), "consulate"),
    (re.compile(r"^(?:SECSTATE|SECSTAT|DEPT OF STATE|DEPARTMENT OF STATE)(?:\s+(?P<post>WASHDC|WASHINGTON.*))?$"),
     "department"),
    (re.compile(r"^(?:USMISSION|USMISSIONS|USMISSION USUN|USDEL)\s+(?P<post>.+)$"), "mission"),
    (re.compile(r"^(?P<post>USUN(?: NEW YORK)?|USNATO|USEU(?: BRUSSELS)?|USOECD(?: PARIS)?|USEC(?: BRUSSELS)?"
                r"|USIAEA VIENNA|UNVIE VIENNA|USMISSION\w*)$"), "mission"),
    (re.compile(r"^(?:USLO|USINT|AIT)\s+(?P<post>.+)$"), "liaison"),
    (re.compile(r"^(?P<post>(?:CINC|COMUS|USCINC|CDR|HQ|COM)[A-Z]*)\b.*$"), "command"),
]
_WASH = re.compile(r"\bWASH(?:DC|INGTON)(?:\s+DC)?\b")


def split_address(text: str) -> tuple[str, str, str, str]:
    """``RUEHC/SECSTATE WASHDC IMMEDIATE 6818`` -> (route, name, precedence, sequence)."""
    s = squeeze(text.upper())
    route = ""
    m = _ROUTE.match(s)
    if (m and not re.match(r"^(?:AM|US|SEC)", m["route"])) or (m and m["route"] in {"XMT"}):
        route, s = m["route"], m["rest"].strip()
    seq = ""
    m2 = _MCN.search(s)
    if m2 and len(s[: m2.start()].split()) >= 1:
        head = s[: m2.start()]
        # only a sequence number when what precedes is a name (not 'DET 1')
        if head and not re.search(r"\b(?:DET|NO|NR)$", head):
            seq, s = m2["mcn"], head.strip()
    prec = ""
    for word in _PREC_WORDS:
        if s.endswith(" " + word):
            prec, s = word, s[: -len(word)].strip()
            break
    return route, s, prec, seq


def normalize_address(name: str) -> tuple[str, str]:
    """Address name -> (post, kind): ``AMEMBASSY TOKYO`` -> (``TOKYO``, ``embassy``)."""
    n = squeeze(name.upper())
    for pat, kind in _KINDS:
        m = pat.match(n)
        if m:
            post = (m.groupdict().get("post") or "").strip()
            if kind == "department" or _WASH.fullmatch(post or ""):
                return "WASHINGTON", kind
            return post, kind
    if "COLLECTIVE" in n or n.startswith("ALL ") or n.endswith(" POSTS"):
        return "", "collective"
    if _WASH.search(n):
        return "WASHINGTON", "other"
    return "", "other"


def make_address(text: str) -> Address:
    return Address(**_address_fields(text))  # a new Address each time: records edit theirs


@functools.lru_cache(maxsize=4096)
def _address_fields(text: str) -> dict[str, str]:
    """The fields of the Address printed as ``text`` (pure: the same lines recur across cables, e.g.
    ``SECSTATE WASHDC``); the caller builds a fresh Address from a copy, never sharing one."""
    route, name, prec, seq = split_address(text)
    post, kind = normalize_address(name)
    return {"name": name, "post": post, "kind": kind, "sequence": seq, "precedence": prec,
            "routing_indicator": route}


@dataclass
class Addressees:
    from_: Address | None = None
    to: list[Address] = field(default_factory=list)
    info: list[Address] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    excluded_after: str = ""


_ADDR_LABEL = re.compile(r"^(?P<label>FM|FROM|TO|INFO|XMT|BCC)\b\s*:?\s*(?P<rest>.*)$")


def looks_like_address(line: str) -> bool:
    """A bare address line: upper case words, optional route/precedence/sequence, no sentence punctuation."""
    s = line.strip()
    if not s or len(s) > 80 or s.upper() != s:
        return False
    if re.search(r"[.;:!?\"]", s.replace("ST.", "ST")):
        return False
    return bool(re.match(r"^[A-Z0-9][A-Z0-9/&' ,()\-]*$", s))


def parse_addressees(lines: list[str]) -> Addressees:
    """FM / TO / INFO / XMT blocks, continuation lines included; page headers are skipped."""
    out = Addressees()
    section = ""
    for raw in lines:
        s = squeeze(raw)
        if not s:
            continue
        section, rest = _section_and_rest(s, section)
        if not rest:
            continue
        xm = re.match(r"^XMT\s*/?\s*(.+)$", rest.upper())
        if xm and section != "XMT":
            out.excluded_after = section
            section = "XMT"
            rest = xm[1]
        _add_addressee(out, section, rest)
    return out


def _section_and_rest(s: str, section: str) -> tuple[str, str]:
    """The block a line belongs to (a label opens one) and its address text (``""``: nothing to add)."""
    m = _ADDR_LABEL.match(s.upper())
    if m:
        rest = m["rest"].strip()
        section = {"FROM": "FM"}.get(m["label"], m["label"])
        return section, ("" if rest and page_header(rest) is not None else rest)
    if page_header(s) is not None:
        return section, ""
    if not looks_like_address(s):
        return "", ""
    return section, (s if section else "")


def _add_addressee(out: Addressees, section: str, rest: str) -> None:
    if section == "XMT":
        out.excluded.append(split_address(rest)[1])
    elif section == "FM":
        if out.from_ is None:
            out.from_ = make_address(rest)
    elif section == "TO":
        out.to.append(make_address(rest))
    elif section == "INFO":
        out.info.append(make_address(rest))
