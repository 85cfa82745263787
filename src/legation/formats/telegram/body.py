"""The body of a telegram: numbered paragraphs, headings, unnumbered text.

Two layouts are handled:

- *line* layout (plain cable text, cablegate): blank lines separate
  sub-paragraphs, hard-wrapped lines are joined with a space;
- *double-spaced* layout (AAD pages rendered as markdown): every printed
  line is followed by a blank line, so blank lines mean nothing and a new
  paragraph starts only at a paragraph number.

A paragraph broken by a page (``breaks``) is joined again.  Paragraph
numbers may carry a leading dash or pilcrow (``- 2.``, ``¶2.``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from legation.model import Block
from legation.text import squeeze

_NUM = re.compile(r"^\s*(?:-\s*|\u00b6\s*)?(?P<n>\d{1,2})\s*\.(?!\d)\s*(?P<rest>.*)$")
_UNDER = re.compile(r"^\s*[-=_\u2010-\u2015]{3,}\s*$")
# ``t`` keeps the blanks before the closing dashes (the caller squeezes it): a lazy ``[^-=]*?\s*``
# would retry the blanks from every character of a long line
_BANNER_HEAD = re.compile(r"^\s*[-=]{3,}\s*(?P<t>[A-Za-z][^-=]*)[-=]{3,}\s*$")
_LABEL = re.compile(r"^\s*(?:\([A-Z/]{1,8}\)\s*)?(?P<label>COMMENT|SUMMARY(?: AND COMMENT)?|ACTION REQUEST|BACKGROUND|"
                    r"Comment|Summary(?: and Comment)?|Action Request|Background)\s*[:.]", )


@dataclass
class _Unit:
    lines: list[str]
    after_break: bool


def double_spaced(lines: list[str]) -> bool:
    """True when (nearly) every non-blank line is followed by a blank line (AAD markdown rendering)."""
    nonblank = [i for i, ln in enumerate(lines) if ln.strip()]
    if len(nonblank) < 6:
        return False
    adjacent = sum(1 for a, b in pairwise(nonblank) if b == a + 1)
    return adjacent <= len(nonblank) * 0.2


def _units(lines: list[str], breaks: set[int], dbl: bool) -> list[_Unit]:
    units: list[_Unit] = []
    cur: list[str] = []
    cur_break = False
    last_n = 0
    for i, ln in enumerate(lines):
        s = ln.rstrip()
        if not s.strip():
            if cur and not dbl:
                units.append(_Unit(cur, cur_break))
                cur, cur_break = [], False
            continue
        m = _NUM.match(s)
        starts_para = m is not None and (int(m["n"]) in (last_n + 1, last_n + 2) or (last_n == 0 and int(m["n"]) <= 2))
        if m is not None and starts_para:
            last_n = int(m["n"])
        if dbl or (cur and starts_para):
            if cur:
                units.append(_Unit(cur, cur_break))
            cur, cur_break = [s], (i in breaks)
            continue
        if not cur:
            cur_break = i in breaks
        cur.append(s)
    if cur:
        units.append(_Unit(cur, cur_break))
    return units


def _join(lines: list[str]) -> str:
    return squeeze(" ".join(lines))


class _Text:
    """The text of the block being built, as pieces joined once (growing one string is quadratic).

    ``add(t)`` joins with a space, ``add(t, para=True)`` with a blank line (a sub-paragraph).  A
    space join onto a text that holds a blank line squeezes the whole text (every break becomes a
    space), so ``squeezed`` counts the leading parts that are squeezed together in the end.
    """

    def __init__(self, block: Block) -> None:
        self.block = block
        self.parts = [block.text]
        self.breaks: list[int] = []  # indexes of the parts that follow a blank line
        self.squeezed = 0

    def add(self, text: str, *, para: bool = False) -> None:
        if para:
            self.breaks.append(len(self.parts))
        elif self.breaks:
            self.breaks.clear()
            self.squeezed = len(self.parts) + 1
        self.parts.append(text)

    def done(self) -> None:
        if len(self.parts) == 1:
            return
        start = max(self.squeezed, 1)
        out = [squeeze(" ".join(self.parts[:start]))] if self.squeezed else [self.parts[0]]
        breaks = set(self.breaks)
        for i in range(start, len(self.parts)):
            out.append("\n\n" if i in breaks else " ")
            out.append(self.parts[i])
        self.block.text = "".join(out)


def _heading(u: _Unit, dbl: bool) -> Block | None:
    """A short line underlined with dashes, or ``------- SUMMARY -------``."""
    if not dbl and len(u.lines) >= 2 and _UNDER.match(u.lines[-1]) and all(
            len(x.strip()) <= 80 for x in u.lines[:-1]):
        return Block(kind="heading", text=squeeze(" ".join(x for x in u.lines[:-1])))
    if len(u.lines) == 1:
        mh = _BANNER_HEAD.match(u.lines[0])
        if mh:
            return Block(kind="heading", text=squeeze(mh["t"]))
    return None


def _starts_para(m: re.Match[str] | None, last_n: int) -> bool:
    return m is not None and (int(m["n"]) in (last_n + 1, last_n + 2) or (last_n == 0 and int(m["n"]) <= 2))


def parse_body(lines: list[str], breaks: set[int] | None = None, *, dbl: bool | None = None) -> list[Block]:
    """Blocks of the body lines (furniture already removed)."""
    breaks = breaks or set()
    if dbl is None:
        dbl = double_spaced(lines)
    blocks: list[Block] = []
    cur: _Text | None = None
    last_n = 0
    for u in _units(lines, breaks, dbl):
        head = _heading(u, dbl)
        if head is not None:
            blocks.append(head)
            _close(cur)
            cur = None
            continue
        m = _NUM.match(u.lines[0])
        if m is not None and _starts_para(m, last_n):
            last_n = int(m["n"])
            text = _join([m["rest"], *u.lines[1:]])
            lm = _LABEL.match(text)
            _close(cur)
            cur = _Text(Block(n=last_n, kind="paragraph", label=lm["label"].upper() if lm else "", text=text))
            blocks.append(cur.block)
            continue
        text = _join(u.lines[:-1] if _UNDER.match(u.lines[-1]) else u.lines)
        if not text:
            continue
        if cur is not None and cur.block.n is None and not dbl and not u.after_break:
            _close(cur)
            cur = None
        if cur is None and len(u.lines) == 1 and re.fullmatch(r"[A-Z][A-Za-z ,/&'-]{2,60}:", text):
            blocks.append(Block(kind="heading", text=text.rstrip(":")))
            continue
        if cur is not None:
            # a page-broken or double-spaced line joins with a space, a new sub-paragraph with a blank line
            cur.add(text, para=not (dbl or u.after_break))
            continue
        lm = _LABEL.match(text)
        cur = _Text(Block(n=None, kind="paragraph", label=lm["label"].upper() if lm else "", text=text))
        blocks.append(cur.block)
    _close(cur)
    return blocks


def _close(cur: _Text | None) -> None:
    if cur is not None:
        cur.done()


def render_block(b: Block) -> str:
    if b.kind == "heading":
        return b.text
    if b.n is not None:
        return f"{b.n}. {b.text}"
    return b.text
