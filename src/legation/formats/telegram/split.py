"""Split a file that holds many cables one after another into one text per cable.

Bulk text exports (AAD pages saved one after another, PlusD/cablegate text
dumps) put cable after cable in one file.  A new cable starts, once the cable
before it has shown its head (an ``FM`` line), at:

- an AAD page heading ``## Message Text``;
- an ACP-127 start of message ``VZCZC...`` (cablegate and PlusD text);
- a first page header ``PAGE 01 ...`` followed within a few lines by a DTG or
  an ``FM`` line (a printed cable; the classification banner printed above
  it goes with it);
- a DTG line (``R 240727Z AUG 76``) whose next line is an ``FM`` line: a
  message after the end-of-message mark (``NNNN``) of the one before, or
  simply after its last line.  The routing block printed above the DTG
  (``ACTION``/``INFO`` offices, sequence lines, ACP routing lines, the
  banner) goes with the new cable.

The later sections of one cable (``SECTION 02 OF 03``, ``DE RUEHNR
#2497/02``), each printed with its own DTG and addresses, stay in the cable:
they are one record, as on the cablegate page.  A file holding one cable is
one text, unchanged.  The texts are slices of the
input, so joined they give back the input exactly.  One pass over the lines,
with a bounded look-ahead: linear in the size of the file.
"""

from __future__ import annotations

import re
from itertools import pairwise

from legation.formats.telegram.furniture import is_banner, is_sequence_line, normalize_line, page_header
from legation.formats.telegram.header import parse_dtg_line

_MESSAGE_TEXT = re.compile(r"^(?:#{1,6}\s*)?Message Text$")
_FM = re.compile(r"^FM\s+[A-Z]")
# the shape of a DTG line (``R 240727Z AUG 76``, ``O R 161415Z DEC 09``); header.parse_dtg_line confirms it
_DTG_SHAPE = re.compile(r"^(?:(?:NIACT\s+)?[RPOZ]{1,2}\s+|NIACT\s+|[RPOZ]\s+[RPOZ]\s+)?\d{6}Z\s+[A-Z]{3}\s+\d{2,4}\b")
_FIRST_PAGE = re.compile(r"^(?:TO\s+|INFO\s+)?PAGE\s+0?1\b")
_OFFICE = r"[A-Z][A-Z0-9/&]{0,9}-\d{1,3}"
_DIST = re.compile(rf"^(?:(?:ACTION|ORIGIN|INFO)\s+)?(?:{_OFFICE}\s+)*(?:{_OFFICE}|/\d{{2,4}}\s?[A-Z]?)$")
_ACP = re.compile(r"^(?:VZCZC\w*|[RPOZ]{2}(?:\s+[A-Z]{4,7}){1,20}|DE\s+[A-Z]{4,7}\s+#\S+(?:\s+\d+)?|ZN[RY]\s+\S+(?:\s+\S+)?"
                  r"|HR|ZFF\d*|ZEX|\d{1,3})$")
_SECTION = re.compile(r"\bSECTION\s+0*(?P<n>\d{1,3})\s+OF\s+0*\d{1,3}\b|^DE\s+[A-Z]{4,7}\s+#\d+/0*(?P<de>\d{1,3})\b")
_LOOK_AHEAD = 40  # lines after a PAGE 01 header in which its DTG or FM line must come
_MAX_HEAD_LINE = 160  # DTG, FM and routing lines are short; a longer line is never one


def _looks_dtg(s: str) -> bool:
    return len(s) <= _MAX_HEAD_LINE and s[:1] in "RPOZN0123456789" and _DTG_SHAPE.match(s.upper()) is not None


def _is_dtg(s: str) -> bool:
    return _looks_dtg(s) and parse_dtg_line(s) is not None


def _is_fm(s: str) -> bool:
    return s[:2] == "FM" and _FM.match(s) is not None


def _is_first_page(s: str) -> bool:
    return s[:1] in "PTI" and len(s) <= _MAX_HEAD_LINE and _FIRST_PAGE.match(s) is not None \
        and page_header(s) is not None


def _is_preamble(s: str) -> bool:
    """A line printed above a cable's DTG: routing and distribution, sequence lines, banners, page header."""
    if not s:
        return True
    if len(s) > _MAX_HEAD_LINE:
        return False
    return (_DIST.match(s) is not None or _ACP.match(s) is not None or is_sequence_line(s) or is_banner(s)
            or page_header(s) is not None)


def _section_no(s: str) -> int:
    """The section number a line prints (``SECTION 02 OF 03``, ``DE RUEHNR #2497/02``), else 0."""
    if len(s) > _MAX_HEAD_LINE or not ("SECTION" in s or s[:3] == "DE "):
        return 0
    m = _SECTION.search(s)
    return int(m["n"] or m["de"]) if m else 0


class _Lines:
    """The input's lines (with their ends, so slices give the input back), stripped, and look-ups.

    ``next_head[i]`` / ``next_section[i]``: the first line at or after ``i`` that is a DTG or FM
    line / prints a section number (``len`` if none), computed once from the end, so every
    look-ahead is one comparison.
    """

    def __init__(self, text: str) -> None:
        self.raw = text.splitlines(keepends=True)
        self.s = [normalize_line(ln).strip() for ln in self.raw]
        n = len(self.s)
        self.section = [_section_no(s) for s in self.s]
        self.fm = [bool(s) and _is_fm(s) for s in self.s]
        self.dtg = [bool(s) and not fm and _looks_dtg(s) for s, fm in zip(self.s, self.fm, strict=True)]
        self.next_head = [n] * (n + 1)
        self.next_section = [n] * (n + 1)
        for i in range(n - 1, -1, -1):
            self.next_head[i] = i if self.fm[i] or self.dtg[i] else self.next_head[i + 1]
            self.next_section[i] = i if self.section[i] else self.next_section[i + 1]

    def fm_at(self, i: int) -> bool:
        return i < len(self.fm) and self.fm[i]

    def next_nonblank(self, i: int) -> int:
        while i < len(self.s) and not self.s[i]:
            i += 1
        return i

    def later_section(self, i: int) -> bool:
        """Line ``i`` opens section 2 or later of a cable (``SECTION 02 OF 03``, ``DE RUEHNR #2497/02``)."""
        j = self.next_section[i]
        return j < min(len(self.s), i + _LOOK_AHEAD) and self.section[j] > 1

    def head_follows(self, i: int) -> bool:
        """A DTG or FM line within the look-ahead after line ``i``."""
        return self.next_head[i + 1] < i + 1 + _LOOK_AHEAD


def _start_at(lines: _Lines, i: int, floor: int) -> int | None:
    """Where a new cable starts if line ``i`` opens one (never before ``floor``), else None."""
    s = lines.s[i]
    if not s:
        return None
    if "Message Text" in s and _MESSAGE_TEXT.match(s):
        return i
    if s.startswith("VZCZC"):
        return None if lines.later_section(i) else i
    if _is_first_page(s) and lines.head_follows(i) and not lines.later_section(i):
        k = i
        while k - 1 > floor and not lines.s[k - 1]:
            k -= 1
        return k - 1 if k - 1 > floor and is_banner(lines.s[k - 1]) else i
    if lines.dtg[i] and lines.fm_at(lines.next_nonblank(i + 1)) and _is_dtg(s) and not lines.later_section(i):
        k = i
        while k - 1 > floor and _is_preamble(lines.s[k - 1]):
            k -= 1
        return lines.next_nonblank(k)
    return None


def _one_cable(text: str) -> bool:
    """True when ``text`` cannot hold a second cable's start, by substring tests alone.

    A start is looked for only after the first ``FM`` line, and needs there a ``Message Text`` line, a
    ``VZCZC`` line, a ``PAGE 01`` line or (a DTG followed by) another ``FM`` line: after the first
    "FM" of the text none of these words may stand.  Text with tabs, no-break spaces or ``**`` (which
    normalising turns into such words) is not judged here.
    """
    if "**" in text or "\u00a0" in text or "\t" in text:
        return False
    at = text.find("FM")
    return at < 0 or all(text.find(word, at + 2) < 0 for word in ("FM", "PAGE", "VZCZC", "Message Text"))


def split_cables(text: str) -> list[str]:
    """The cables of ``text`` in order; a text with one cable (or none recognised) is ``[text]``."""
    return [text] if _one_cable(text) else split_lines(text)


def split_lines(text: str) -> list[str]:
    """:func:`split_cables` reading every line (what the substring test of :func:`_one_cable` spares)."""
    lines = _Lines(text)
    starts = [0]
    head_seen = False  # the cable being read has shown its FM line
    for i in range(len(lines.s)):
        if head_seen and i > starts[-1] and lines.s[i]:
            start = _start_at(lines, i, starts[-1])
            if start is not None and start > starts[-1]:
                starts.append(start)
                head_seen = False
        if lines.fm[i]:
            head_seen = True
    if len(starts) == 1:
        return [text]
    offsets = [0]
    for ln in lines.raw:
        offsets.append(offsets[-1] + len(ln))
    bounds = [offsets[k] for k in starts] + [len(text)]
    return [text[a:b] for a, b in pairwise(bounds) if a < b]


__all__ = ["split_cables"]
