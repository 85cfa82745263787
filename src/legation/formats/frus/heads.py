"""What a FRUS document's head and source note say.

* :func:`split_head` -- ``"1. Telegram From the Embassy in Japan to the
  Department of State"`` -> number ``1``, title without the number.
* :func:`kind_of` -- the document kind from ``@subtype`` and the title.
* :func:`from_to` -- originator/addressee parsed from the title.
* :func:`read_source_note` -- repository, citation, classification,
  handling, precedence, drafter/approver from the source note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from legation.model import Address

_HEAD_NUM = re.compile(r"^\s*(\d+[A-Za-z]?)\.\s+")

# Ordered: the first pattern that matches the start of the title wins.
_KINDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^editorial note\b", re.I), "editorial-note"),
    (re.compile(r"^memorandum of (?:a )?conversation\b", re.I), "memcon"),
    (re.compile(r"^memorandum of (?:a )?telephone conversation\b", re.I), "telcon"),
    (re.compile(r"^(?:transcript of (?:a )?)?telephone conversation\b", re.I), "telcon"),
    (re.compile(r"^(?:special )?national intelligence estimate\b", re.I), "intelligence-estimate"),
    (re.compile(r"^(?:SNIE|NIE)\b"), "intelligence-estimate"),
    (re.compile(r"^(?:circular )?(?:telegram|cable)\b", re.I), "telegram"),
    (re.compile(r"^backchannel message\b", re.I), "backchannel"),
    (re.compile(r"^(?:circular )?airgram\b", re.I), "airgram"),
    (re.compile(r"^(?:despatch|dispatch)\b", re.I), "despatch"),
    (re.compile(r"^instruction\b", re.I), "instruction"),
    (re.compile(r"^message\b", re.I), "message"),
    (re.compile(r"^letter\b", re.I), "letter"),
    (re.compile(r"^(?:minutes|summary of conclusions|record of (?:a )?meeting|notes? of (?:a )?meeting)\b", re.I),
     "minutes"),
    (re.compile(r"^(?:transcript of |record of )?(?:a )?conversation\b", re.I), "transcript"),
    (re.compile(r"^transcript\b", re.I), "transcript"),
    (re.compile(r"^(?:[\w-]+ )*?memorandum\b", re.I), "memorandum"),
    (re.compile(r"^(?:intelligence )?(?:note|report)\b", re.I), "report"),
    (re.compile(r"^(?:paper|study|analytical summary|talking points|briefing paper)\b", re.I), "paper"),
    (re.compile(r"^diary\b", re.I), "diary"),
    (re.compile(r"^(?:statement|address|remarks|speech|news conference)\b", re.I), "statement"),
    (re.compile(r"^(?:joint communiqu[eé]|communiqu[eé])\b", re.I), "communique"),
    (re.compile(r"^(?:agreement|treaty|exchange of notes)\b", re.I), "agreement"),
]


def split_head(head: str) -> tuple[str, str]:
    """``'1. Telegram From ...'`` -> ``('1', 'Telegram From ...')``."""
    m = _HEAD_NUM.match(head)
    if m:
        return m.group(1), head[m.end():].strip()
    return "", head.strip()


def kind_of(title: str, subtype: str) -> str:
    if subtype == "editorial-note":
        return "editorial-note"
    for pat, kind in _KINDS:
        if pat.search(title):
            return kind
    return "document"


def _office_kind(name: str) -> tuple[str, str]:
    """(kind, post) for an office named in a FRUS head, post only when the name gives it."""
    low = name.lower()
    if low.startswith(("embassy", "the embassy")):
        return "embassy", ""
    if "consulate" in low:
        m = re.search(r"\bin ([A-Z][\w .'-]+)$", name)
        return "consulate", (m.group(1).upper() if m else "")
    if "mission" in low or "delegation" in low:
        return "mission", ""
    if re.search(r"\bdepartment of state\b", low):
        return "department", "WASHINGTON"
    if low in {"white house", "the white house"}:
        return "other", "WASHINGTON"
    if "liaison office" in low:
        return "liaison", ""
    if re.match(r"^(?:commander in chief|cincpac|commander)", low):
        return "command", ""
    return "", ""


def _split_from_to(rest: str) -> tuple[str, str]:
    cands = [m.start() for m in re.finditer(r" to ", rest)]
    if not cands:
        return rest, ""
    pick = next((c for c in cands if rest[:c].endswith(")")), cands[0])
    return rest[:pick], rest[pick + 4:]


def _strip_the(s: str) -> str:
    s = s.strip().rstrip(",.")
    return s[4:] if s.startswith("the ") else s


def from_to(title: str, dateline_place: str) -> tuple[Address | None, list[Address]]:
    """Originator and addressees from ``'... From X to Y'`` in the title."""
    m = re.search(r"\bFrom (.+)$", title)
    if not m:
        return None, []
    frm_s, to_s = _split_from_to(m.group(1))
    # Trailing context after the addressee ("..., Washington, May 3") is rare in heads; drop after ', '.
    frm = _strip_the(frm_s)
    sender: Address | None = None
    if frm:
        kind, post = _office_kind(frm)
        if (kind in {"embassy", "consulate", "mission", "liaison"} and dateline_place and not post
                and dateline_place.lower() != "washington"):
            post = dateline_place.upper()
        sender = Address(name=frm, post=post, kind=kind)
    to: list[Address] = []
    if to_s:
        for part in re.split(r",? and (?=the |[A-Z])", to_s):
            name = _strip_the(part)
            if name:
                kind, post = _office_kind(name)
                to.append(Address(name=name, post=post, kind=kind))
    return sender, to


# --- source note -------------------------------------------------------------

_CLASS = re.compile(
    r"(?:^|[.;]\s+)(Top Secret|Secret|Confidential|Limited Official Use|Official Use Only|Unclassified)"
    r"(?=[;.,:\s]|$)")
_HANDLING = {
    "exdis": "EXDIS", "nodis": "NODIS", "limdis": "LIMDIS", "stadis": "STADIS", "noforn": "NOFORN",
    "sensitive": "SENSITIVE", "eyes only": "EYES ONLY", "for the president only": "EYES ONLY",
    "roger channel": "ROGER CHANNEL", "cherokee": "CHEROKEE", "umbra": "UMBRA", "codeword": "CODEWORD",
    "exclusively eyes only": "EYES ONLY", "personal": "PERSONAL", "specat": "SPECAT",
}
_PRECEDENCE = {"immediate": "IMMEDIATE", "priority": "PRIORITY", "flash": "FLASH", "routine": "ROUTINE",
               "niact immediate": "NIACT IMMEDIATE", "niact": "NIACT IMMEDIATE", "operational immediate": "IMMEDIATE"}
_REPOSITORY_WORDS = re.compile(
    r"Archives|Library|Agency|Department|Center|Centre|Records|Office|Council|Papers|Museum|Institute|"
    r"University|Foundation|Ministry|Files|Collection", re.I)


# A sentence after the archival location that is commentary, not location.
_CITATION_END = re.compile(
    r"\.\s+(?=(?:The|This|It|These|According|Drafted|Printed|Sent|Repeated|Attached|Written|Transmitted|"
    r"Received|Prepared|A|An|See|Also|Handwritten|Initialed|Signed|No|Another|Copies|In|Both|Kissinger|"
    r"Nixon|Johnson)\b)")


@dataclass
class SourceNote:
    text: str = ""
    citation: str = ""
    repository: str = ""
    location: str = ""
    record_group: str = ""
    box: str = ""
    classification: str = ""
    handling: list[str] = field(default_factory=list)
    precedence: str = ""
    drafter: str = ""
    approver: str = ""
    repeated_to: list[str] = field(default_factory=list)


def _person_phrase(s: str) -> str:
    """'Richard L. Sneider (EA/J); cleared by ...' -> 'Richard L. Sneider (EA/J)'."""
    out = []
    i = 0
    while i < len(s):
        ch = s[i]
        if ch == ";":
            break
        if ch == "." and (i + 1 >= len(s) or s[i + 1] == " "):
            prev = s[max(0, i - 3):i]
            # keep initials ("L.") and abbreviations ("Jr."), stop at a sentence end
            if not re.search(r"(?:^|[\s(])[A-Z]$|\bJr$|\bSr$|\bSt$|\bMr$|\bDr$", prev):
                break
        out.append(ch)
        i += 1
    return "".join(out).strip().rstrip(",")


def read_source_note(text: str) -> SourceNote:
    sn = SourceNote(text=text)
    body = re.sub(r"^Source:\s*", "", text)
    _classification_and_citation(sn, body)
    end = _CITATION_END.search(sn.citation)
    if end:
        sn.citation = sn.citation[:end.start() + 1]
    first = sn.citation.split(",", 1)
    if len(first) == 2 and _REPOSITORY_WORDS.search(first[0]) and len(first[0]) < 80:
        sn.repository = first[0].strip()
        sn.location = first[1].strip().rstrip(".")
    rg = re.search(r"\bRG \d+[A-Z]?\b", body)
    if rg:
        sn.record_group = rg.group(0)
    box = re.search(r"\bBox(?:es)? [\w–-]+", sn.citation)
    if box:
        sn.box = box.group(0)
    _people(sn, body)
    return sn


def _classification_and_citation(sn: SourceNote, body: str) -> None:
    """``..., Box 3. Secret; Immediate; Nodis. Drafted by ...``: what stands before the classification is
    the citation; the rest of that sentence gives handling and precedence."""
    cm = _CLASS.search(body)
    if not cm:
        sn.citation = body.strip()
        return
    sn.classification = cm.group(1)
    sn.citation = body[:cm.start(1)].strip()
    sentence_end = body.find(".", cm.end(1))
    sentence = body[cm.end(1):sentence_end if sentence_end >= 0 else len(body)]
    for part in (p.strip().lower() for p in sentence.split(";")):
        if part in _HANDLING:
            sn.handling.append(_HANDLING[part])
        elif part in _PRECEDENCE and not sn.precedence:
            sn.precedence = _PRECEDENCE[part]


def _people(sn: SourceNote, body: str) -> None:
    """Drafted by, approved by, repeated (also sent) to."""
    dm = re.search(r"\bDrafted by\s+(?:and approved by\s+)?", body)
    if dm:
        sn.drafter = _person_phrase(body[dm.end():])
        if "and approved by" in dm.group(0):
            sn.approver = sn.drafter
    am = re.search(r"\b(?:and )?approved by\s+", body)
    if am and not sn.approver:
        sn.approver = _person_phrase(body[am.end():])
    rm = re.search(r"\b(?:Repeated|Also sent) to\s+", body)
    if rm:
        phrase = _person_phrase(body[rm.end():])
        sn.repeated_to = [p.strip() for p in re.split(r",\s*(?:and\s+)?|(?<!\s)\s+and\s+", phrase) if p.strip()]


_CLASS_LINE = re.compile(
    r"^(Top Secret|Secret|Confidential|Limited Official Use|Official Use Only|Unclassified)\b[;,.]?", re.I)


def classification_line(text: str) -> str:
    """A printed marking line such as 'SECRET' or 'Secret; Nodis' -> 'Secret'."""
    t = text.strip()
    if len(t) > 60:
        return ""
    m = _CLASS_LINE.match(t)
    return m.group(1).title() if m else ""
