"""The head of a telegram as a state machine over its lines: everything before the body.

:func:`parse_head` walks the cleaned lines (furniture already removed) and
collects, in whatever order they are printed, the distribution block,
ACP-127 routing lines, the DTG, DRAFTED/APPROVED BY and clearances, FM/TO/INFO
addresses, the classification line, E.O., TAGS, SUBJ, REF and "Classified
By" lines; it stops at the first line that belongs to none of them (the body).
Each field's own parsing lives in :mod:`legation.formats.telegram.header`,
:mod:`legation.formats.telegram.fields` and :mod:`legation.formats.telegram.tags`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from legation.formats.telegram import fields, header
from legation.formats.telegram import tags as tags_mod
from legation.formats.telegram.furniture import is_banner, lines_with

_SUBJ_LINE = re.compile(r"^\s*(?:SUBJ(?:ECT)?|SUBJ)\s*[:.;]", re.IGNORECASE)
_REF_LINE = re.compile(r"^\s*(?:REF(?:S|TEL|TELS|ERENCES?)?|Ref\(s\))\s*[:.]", re.IGNORECASE)
_TAGS_LINE = re.compile(r"^\s*(?:TAGS|TAGES|TABS|TAG|TGS|TAS)\b\s*[:;,]?", re.IGNORECASE)
_CLASSIFIED_BY = re.compile(r"^\s*Classified\s+By\b", re.IGNORECASE)
_LETTERED = re.compile(r"^\s*(?:\u00b6\s*)?\(?[A-Z](?:\.|\))\s+\S")
_PARA = re.compile(r"^\s*(?:[-\u00b6]\s*)?\d{1,2}\s*\.\s")
_SUMMARY_LINE = re.compile(r"^\s*SUMMARY\b", re.IGNORECASE)

_NOTE_LINE = re.compile(r"^(?:DESIRED DISTRIBUTION|CLEARANCES?)\b")
_DESIRED = re.compile(r"^DESIRED\s+DISTRIBUTION\b\s*[:.]?\s*")
_SEQUENCE_LINE = re.compile(r"^-{5,}")
# "FOLLOWING REPEAT STATE 161482 SENT ACTION MOSCOW ...": what follows is the repeated cable, not this head
FOLLOWING_REPEAT = re.compile(r"\b(?:FOLLOWING|FOL)\s+(?:REPEAT|RPT)\b")
_REPEAT_LINE = re.compile(r"^\s*(?:FOLLOWING|FOL)\s+(?:REPEAT|RPT)\b", re.IGNORECASE)
_CLEARANCE = re.compile(r"[A-Z0-9/&.\- ]+(?::[A-Z0-9 .'\-/]+)+")
_ADDR_LINE = re.compile(r"^(?:FM|FROM|TO|INFO|XMT)\b\s*:?")
_TAGS_IN_EO = re.compile(r"\b(?:TAGS?|TAGES|TABS|TGS|TAS)\b\s*[:;,]?")


@dataclass
class Head:
    dist: header.Distribution = field(default_factory=header.Distribution)
    routing_lines: list[str] = field(default_factory=list)
    de: tuple[str, str, str] | None = None
    dtg: header.DTG | None = None
    addr_lines: list[str] = field(default_factory=list)
    class_line: fields.ClassLine | None = None
    eo: fields.ExecOrder | None = None
    tags_text: str = ""
    subject_lines: list[str] = field(default_factory=list)
    ref_lines: list[str] = field(default_factory=list)
    classified_by: list[str] = field(default_factory=list)
    drafted: str = ""
    approved: str = ""
    clearances: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    desired_distribution: list[str] = field(default_factory=list)
    body_start: int = 0


def _stop_line(s: str) -> bool:
    return bool(_SUBJ_LINE.match(s) or _REF_LINE.match(s) or _TAGS_LINE.match(s) or fields.is_eo_line(s)
                or _CLASSIFIED_BY.match(s) or _PARA.match(s) or _SUMMARY_LINE.match(s)
                or (fields.parse_classification_line(s) is not None and not is_banner(s)))


def _dtg_or_fm_ahead(lines: list[str], i: int, *, lookahead: int = 4) -> bool:
    """A DTG or FM line among the next ``lookahead`` non-blank lines after ``i``."""
    seen = 0
    for j in range(i + 1, min(len(lines), i + 2 * lookahead + 1)):
        s = lines[j].strip()
        if not s:
            continue
        if s.upper().startswith(("FM ", "FROM ")) or header.parse_dtg_line(s) is not None:
            return True
        seen += 1
        if seen >= lookahead:
            break
    return False


def repeat_line_index(lines: list[str], limit: int = 200) -> int:
    """Index of the first line that opens a repeated cable (``FOLLOWING REPEAT ...``), or -1."""
    for j, ln in enumerate(lines[:limit]):
        if ("RPT" in ln or "EPEAT" in ln or "epeat" in ln or "rpt" in ln) and _REPEAT_LINE.match(ln):
            return j
    return -1


@dataclass
class _Scan:
    """The state of the walk over the head's lines, shared by the line readers below."""

    lines: list[str]
    dbl: bool  # double-spaced text: a blank line does not end a field
    n: int  # lines from here on are not the head (a repeated cable's own head starts there)
    later_subj: list[int]  # indexes of SUBJ lines near the top
    h: Head = field(default_factory=Head)
    mode: str = ""  # the multi-line field being read: dist, addr, tags, subj, ref, classified, approved, desired
    section: str = ""  # the distribution section being continued
    seen_subj: bool = False
    later_fields: list[int] | None = None  # E.O. and TAGS lines near the top, found when first needed

    def blank(self, i: int) -> None:
        """A blank line ends a multi-line field, unless the text is double-spaced or a lettered REF item follows."""
        if self.mode not in ("subj", "ref", "classified") or self.dbl:
            return
        nxt = next((j for j in range(i + 1, self.n) if self.lines[j].strip()), self.n)
        if self.mode == "ref" and nxt < self.n and _LETTERED.match(self.lines[nxt]):
            return
        self.mode = ""

    def has_start(self) -> bool:
        """A classification line, an address or a DTG has been read: the head has begun."""
        h = self.h
        return bool(h.class_line or h.addr_lines or h.dtg)


# Each reader looks at one non-blank line (``s`` stripped, ``up`` upper case) and says whether it took it.
_Reader = Callable[[_Scan, int, str, str], bool]


def _distribution(st: _Scan, i: int, s: str, up: str) -> bool:
    if st.mode not in ("", "dist"):
        return False
    sec = header.parse_distribution_line(s, st.h.dist, continuing=st.section if st.mode == "dist" else "")
    if sec:
        st.section, st.mode = sec, "dist"
        return True
    st.section = ""
    if st.mode == "dist":
        st.mode = ""
    return False


def _acp_routing(st: _Scan, i: int, s: str, up: str) -> bool:
    if st.seen_subj or not header.is_acp_line(s):
        return False
    st.h.routing_lines.append(s)
    de = header.parse_de_line(s)
    if de:
        st.h.de = de
    st.mode = ""
    return True


def _dtg(st: _Scan, i: int, s: str, up: str) -> bool:
    dtg = header.parse_dtg_line(s) if not st.seen_subj else None
    if not dtg:
        return False
    st.h.dtg = dtg
    st.mode = ""
    return True


def _drafted(st: _Scan, i: int, s: str, up: str) -> bool:
    if st.seen_subj or not (drafted := fields.parse_drafted_by(s)):
        return False
    st.h.drafted = drafted
    st.mode = ""
    return True


def _approved(st: _Scan, i: int, s: str, up: str) -> bool:
    if st.seen_subj or not (approved := fields.parse_approved_by(s)):
        return False
    st.h.approved = approved
    st.mode = "approved"
    return True


def _note(st: _Scan, i: int, s: str, up: str) -> bool:
    """DESIRED DISTRIBUTION / CLEARANCES lines of an outgoing cable."""
    if not _NOTE_LINE.match(up) or st.seen_subj:
        return False
    st.h.notes.append(s)
    st.mode = "approved"
    m_des = _DESIRED.match(up)
    if m_des:
        # "DESIRED DISTRIBUTION" / "EUR ONLY": the next line(s), up to the sequence line or DTG
        st.mode = "desired"
        rest = s[m_des.end():].strip()
        if rest:
            st.h.desired_distribution.append(rest)
    return True


def _desired(st: _Scan, i: int, s: str, up: str) -> bool:
    if st.mode != "desired" or st.seen_subj or len(st.h.desired_distribution) >= 3:
        return False
    if _SEQUENCE_LINE.match(s) or _ADDR_LINE.match(up) or _stop_line(s):
        return False
    st.h.desired_distribution.append(s)
    st.h.notes.append(s)
    return True


def _clearance(st: _Scan, i: int, s: str, up: str) -> bool:
    if st.mode != "approved" or not _CLEARANCE.fullmatch(up):
        return False
    st.h.clearances.append(s)
    return True


def _address(st: _Scan, i: int, s: str, up: str) -> bool:
    """FM / TO / INFO / XMT lines (an INFO line of office codes is distribution, not an address)."""
    m_addr = _ADDR_LINE.match(up)
    if not m_addr or st.seen_subj:
        return False
    h = st.h
    opens = (up.startswith(("FM ", "FROM ")) or h.addr_lines or h.dtg
             or header.looks_like_address(s[m_addr.end():].strip() or "X"))
    if not opens or (up.startswith("INFO") and header.office_tokens(s[4:]) is not None):
        return False
    h.addr_lines.append(s)
    st.mode = "addr"
    return True


def _class_line(st: _Scan, i: int, s: str, up: str) -> bool:
    cl = fields.parse_classification_line(s)
    if cl is None or not cl.post or st.seen_subj or st.h.class_line is not None:
        return False
    st.h.class_line = cl
    st.mode = ""
    return True


def _address_continued(st: _Scan, i: int, s: str, up: str) -> bool:
    if st.mode != "addr" or not header.looks_like_address(s) or _stop_line(s):
        return False
    st.h.addr_lines.append(s)
    return True


def _executive_order(st: _Scan, i: int, s: str, up: str) -> bool:
    if not fields.is_eo_line(s) or st.seen_subj:
        return False
    st.h.eo = fields.parse_eo(s)
    if _TAGS_IN_EO.search(s):
        st.h.tags_text = s
        st.mode = "tags"
    else:
        st.mode = ""
    return True


def _tags(st: _Scan, i: int, s: str, up: str) -> bool:
    if not _TAGS_LINE.match(s) or st.seen_subj:
        return False
    st.h.tags_text = s
    st.mode = "tags"
    return True


def _tags_continued(st: _Scan, i: int, s: str, up: str) -> bool:
    if st.mode != "tags" or st.dbl or _stop_line(s) or not tags_mod.is_tagline(s):
        return False
    st.h.tags_text += "\n" + s
    return True


def _subject(st: _Scan, i: int, s: str, up: str) -> bool:
    if not _SUBJ_LINE.match(s) or st.seen_subj:
        return False
    st.seen_subj = True
    st.h.subject_lines = [s]
    st.mode = "subj"
    return True


def _subject_continued(st: _Scan, i: int, s: str, up: str) -> bool:
    if st.mode != "subj" or st.dbl or _stop_line(s):
        return False
    st.h.subject_lines.append(s)
    return True


def _reference(st: _Scan, i: int, s: str, up: str) -> bool:
    h = st.h
    if not _REF_LINE.match(s) or not (st.seen_subj or h.class_line or h.eo) or (h.ref_lines and st.mode != ""):
        return False
    h.ref_lines.append(s)  # a second REF section is read too (cablemap #25)
    st.mode = "ref"
    return True


def _reference_continued(st: _Scan, i: int, s: str, up: str) -> bool:
    if st.mode != "ref" or not (_LETTERED.match(s) or (not st.dbl and not _stop_line(s))):
        return False
    st.h.ref_lines.append(s)
    return True


def _classified_by(st: _Scan, i: int, s: str, up: str) -> bool:
    if not _CLASSIFIED_BY.match(s) or st.h.classified_by or i >= 400:
        return False
    st.h.classified_by = [s]
    st.mode = "classified"
    return True


def _classified_by_continued(st: _Scan, i: int, s: str, up: str) -> bool:
    if st.mode != "classified" or st.dbl or _stop_line(s):
        return False
    st.h.classified_by.append(s)
    return True


def _pass_line(st: _Scan, i: int, s: str, up: str) -> bool:
    """A line before SUBJ with SUBJ (or, for an upper-case line, E.O./TAGS) still to come: a header note."""
    if st.seen_subj or not st.has_start():
        return False
    h = st.h
    bare = s == up and h.eo is None and not h.tags_text
    if bare and st.later_fields is None:
        st.later_fields = [j for j, ln in enumerate(st.lines[:80]) if fields.is_eo_line(ln) or _TAGS_LINE.match(ln)]
    if not (any(j > i for j in st.later_subj) or (bare and any(i < j <= i + 3 for j in st.later_fields or ()))):
        return False
    h.notes.append(s)
    st.mode = ""
    return True


def _note_before_dtg(st: _Scan, i: int, s: str, up: str) -> bool:
    """A line the head does not know, with the DTG or FM line still to come: a note, not the body."""
    h = st.h
    if st.seen_subj or h.dtg is not None or any(a.upper().startswith(("FM ", "FROM ")) for a in h.addr_lines):
        return False
    if _PARA.match(s) or not _dtg_or_fm_ahead(st.lines[:st.n], i):
        return False
    h.notes.append(s)
    st.mode = ""
    return True


# The readers, asked in this order for every line; the first that takes it wins.  The head ends at the
# first non-blank line that none of them takes.
_READERS: tuple[_Reader, ...] = (
    _distribution, _acp_routing, _dtg, _drafted, _approved, _note, _desired, _clearance, _address, _class_line,
    _address_continued, _executive_order, _tags, _tags_continued, _subject, _subject_continued, _reference,
    _reference_continued, _classified_by, _classified_by_continued, _pass_line, _note_before_dtg,
)


def parse_head(lines: list[str], dbl: bool) -> Head:
    """Read the head from the cleaned lines; ``Head.body_start`` is the index of the first body line."""
    # a repeated cable's own head (E.O., TAGS, SUBJ) follows "FOLLOWING REPEAT ...": the head ends there
    repeat_at = repeat_line_index(lines)
    n = repeat_at if repeat_at >= 0 else len(lines)
    top = lines[:min(n, 200)]
    # only a line holding "subj" (case-folded: IGNORECASE's S also matches the long s) can be a SUBJ line
    maybe = lines_with(top, ("subj",), str.casefold)
    later_subj = [j for j, ln in enumerate(top) if (maybe is None or j in maybe) and _SUBJ_LINE.match(ln.strip())]
    st = _Scan(lines=lines, dbl=dbl, n=n, later_subj=later_subj)
    last_header_line = -1
    i = 0
    while i < n:
        s = lines[i].strip()
        if not s:
            st.blank(i)
        elif any(read(st, i, s, s.upper()) for read in _READERS):
            last_header_line = i
        else:
            break
        i += 1
    st.h.body_start = max(i, last_header_line + 1) if last_header_line >= 0 else i
    return st.h


# header fields printed on one line with what precedes them:
# "C O N F I D E N T I A L SECTION 01 OF 02 STATE 000284 SIPDIS E.O. 12958: DECL: ... TAGS: MASS MARR"
_GLUED_FIELD = re.compile(r"(?<!\s)\s+(?=E\.\s?O\.\s?1\d{4}\b|TAGS?\s*:|SUBJ(?:ECT)?\s*:)")


def split_glued_fields(lines: list[str], breaks: set[int], *, limit: int = 80) -> tuple[list[str], set[int]]:
    """Put E.O., TAGS and SUBJECT on lines of their own when an upper-case header line runs into them.

    Only lines before the first numbered paragraph (and among the first ``limit``) are split, and only
    where the text before the field is upper case (a classification line, ``DEPT FOR WHA/BSC``), not
    prose.  ``breaks`` (indexes of lines after a page break) are moved to the new numbering.
    """
    glued = False
    for ln in lines[:limit]:
        if _PARA.match(ln):
            break
        if ("E." in ln or "TAG" in ln or "SUBJ" in ln) and _GLUED_FIELD.search(ln):
            glued = True
            break
    if not glued:
        return lines, breaks
    out: list[str] = []
    new_breaks: set[int] = set()
    head = True
    for i, ln in enumerate(lines):
        if i in breaks:
            new_breaks.add(len(out))
        if head and (i >= limit or _PARA.match(ln)):
            head = False
        if head:
            parts = _GLUED_FIELD.split(ln.strip())
            if len(parts) > 1 and parts[0] and parts[0] == parts[0].upper():
                out.extend(parts)
                continue
        out.append(ln)
    return out, new_breaks
