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
from dataclasses import dataclass, field

from legation.formats.telegram import fields, header
from legation.formats.telegram import tags as tags_mod
from legation.formats.telegram.furniture import is_banner

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


def parse_head(lines: list[str], dbl: bool) -> Head:
    h = Head()
    n = len(lines)
    section = ""
    mode = ""
    i = 0
    seen_subj = False
    # a repeated cable's own head (E.O., TAGS, SUBJ) follows "FOLLOWING REPEAT ...": the head ends there
    repeat_at = repeat_line_index(lines)
    if repeat_at >= 0:
        n = repeat_at
    later_subj = [i for i, ln in enumerate(lines[:min(n, 200)]) if _SUBJ_LINE.match(ln.strip())]
    # E.O. and TAGS lines near the top: an upper-case line just before one is a header note ("DEPT FOR WHA/BSC")
    later_fields: list[int] | None = None  # found when first needed
    last_header_line = -1
    while i < n:
        s = lines[i].strip()
        if not s:
            if mode in ("subj", "ref", "classified") and not dbl:
                # a blank line ends a multi-line field unless a lettered REF item follows
                nxt = next((j for j in range(i + 1, n) if lines[j].strip()), n)
                if mode == "ref" and nxt < n and _LETTERED.match(lines[nxt]):
                    i += 1
                    continue
                mode = ""
            i += 1
            continue
        up = s.upper()
        if mode in ("", "dist"):
            sec = header.parse_distribution_line(s, h.dist, continuing=section if mode == "dist" else "")
            if sec:
                section, mode = sec, "dist"
                last_header_line = i
                i += 1
                continue
            section = ""
            if mode == "dist":
                mode = ""
        if header.is_acp_line(s) and not seen_subj:
            h.routing_lines.append(s)
            de = header.parse_de_line(s)
            if de:
                h.de = de
            last_header_line = i
            mode = ""
            i += 1
            continue
        dtg = header.parse_dtg_line(s) if not seen_subj else None
        if dtg:
            h.dtg = dtg
            mode = ""
            last_header_line = i
            i += 1
            continue
        if not seen_subj and (drafted := fields.parse_drafted_by(s)):
            h.drafted = drafted
            mode = ""
            last_header_line = i
            i += 1
            continue
        if not seen_subj and (approved := fields.parse_approved_by(s)):
            h.approved = approved
            mode = "approved"
            last_header_line = i
            i += 1
            continue
        if _NOTE_LINE.match(up) and not seen_subj:
            h.notes.append(s)
            mode = "approved"
            m_des = _DESIRED.match(up)
            if m_des:
                # "DESIRED DISTRIBUTION" / "EUR ONLY": the next line(s), up to the sequence line or DTG
                mode = "desired"
                rest = s[m_des.end():].strip()
                if rest:
                    h.desired_distribution.append(rest)
            last_header_line = i
            i += 1
            continue
        if mode == "desired" and not seen_subj and len(h.desired_distribution) < 3 and not (
                _SEQUENCE_LINE.match(s) or _ADDR_LINE.match(up) or _stop_line(s)):
            h.desired_distribution.append(s)
            h.notes.append(s)
            last_header_line = i
            i += 1
            continue
        if mode == "approved" and _CLEARANCE.fullmatch(up):
            h.clearances.append(s)
            last_header_line = i
            i += 1
            continue
        m_addr = _ADDR_LINE.match(up)
        if m_addr and not seen_subj and (up.startswith(("FM ", "FROM ")) or h.addr_lines or h.dtg or
                                          header.looks_like_address(s[m_addr.end():].strip() or "X")) and not (
                up.startswith("INFO") and header.office_tokens(s[4:]) is not None):
            h.addr_lines.append(s)
            mode = "addr"
            last_header_line = i
            i += 1
            continue
        cl = fields.parse_classification_line(s)
        if cl is not None and cl.post and not seen_subj and h.class_line is None:
            h.class_line = cl
            mode = ""
            last_header_line = i
            i += 1
            continue
        if mode == "addr" and header.looks_like_address(s) and not _stop_line(s):
            h.addr_lines.append(s)
            last_header_line = i
            i += 1
            continue
        if fields.is_eo_line(s) and not seen_subj:
            h.eo = fields.parse_eo(s)
            if _TAGS_IN_EO.search(s):
                h.tags_text = s
                mode = "tags"
            else:
                mode = ""
            last_header_line = i
            i += 1
            continue
        if _TAGS_LINE.match(s) and not seen_subj:
            h.tags_text = s
            mode = "tags"
            last_header_line = i
            i += 1
            continue
        if mode == "tags" and not dbl and not _stop_line(s) and tags_mod._is_tagline(s):
            h.tags_text += "\n" + s
            last_header_line = i
            i += 1
            continue
        if _SUBJ_LINE.match(s) and not seen_subj:
            seen_subj = True
            h.subject_lines = [s]
            mode = "subj"
            last_header_line = i
            i += 1
            continue
        if mode == "subj" and not dbl and not _stop_line(s):
            h.subject_lines.append(s)
            last_header_line = i
            i += 1
            continue
        if _REF_LINE.match(s) and (seen_subj or h.class_line or h.eo) and (not h.ref_lines or mode == ""):
            h.ref_lines.append(s)  # a second REF section is read too (cablemap #25)
            mode = "ref"
            last_header_line = i
            i += 1
            continue
        if mode == "ref" and (_LETTERED.match(s) or (not dbl and not _stop_line(s))):
            h.ref_lines.append(s)
            last_header_line = i
            i += 1
            continue
        if _CLASSIFIED_BY.match(s) and not h.classified_by and i < 400:
            h.classified_by = [s]
            mode = "classified"
            last_header_line = i
            i += 1
            continue
        if mode == "classified" and not dbl and not _stop_line(s):
            h.classified_by.append(s)
            last_header_line = i
            i += 1
            continue
        # anything else: a pass line before SUBJ (header continues) or the start of the body
        if not seen_subj and (h.class_line or h.addr_lines or h.dtg) and s == up and h.eo is None and \
                not h.tags_text and later_fields is None:
            later_fields = [j for j, ln in enumerate(lines[:80]) if fields.is_eo_line(ln) or _TAGS_LINE.match(ln)]
        if not seen_subj and (h.class_line or h.addr_lines or h.dtg) and (
                any(j > i for j in later_subj)
                or (s == up and h.eo is None and not h.tags_text and any(i < j <= i + 3 for j in later_fields or ()))):
            h.notes.append(s)
            mode = ""
            last_header_line = i
            i += 1
            continue
        # a line the head does not know, with the DTG or FM line still to come: a note, not the body
        if not seen_subj and h.dtg is None and not any(a.upper().startswith(("FM ", "FROM ")) for a in h.addr_lines) \
                and not _PARA.match(s) and _dtg_or_fm_ahead(lines[:n], i):
            h.notes.append(s)
            mode = ""
            last_header_line = i
            i += 1
            continue
        break
    h.body_start = max(i, last_header_line + 1) if last_header_line >= 0 else i
    return h


# header fields printed on one line with what precedes them:
# "C O N F I D E N T I A L SECTION 01 OF 02 STATE 000284 SIPDIS E.O. 12958: DECL: ... TAGS: MASS MARR"
_GLUED_FIELD = re.compile(r"\s+(?=E\.\s?O\.\s?1\d{4}\b|TAGS?\s*:|SUBJ(?:ECT)?\s*:)")


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
