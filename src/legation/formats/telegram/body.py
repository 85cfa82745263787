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
_BANNER_HEAD = re.compile(r"^\s*[-=]{3,}\s*(?P<t>[A-Za-z][^-=]*?)\s*[-=]{3,}\s*$")
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


def parse_body(lines: list[str], breaks: set[int] | None = None, *, dbl: bool | None = None) -> list[Block]:
    """Blocks of the body lines (furniture already removed)."""
    breaks = breaks or set()
    if dbl is None:
        dbl = double_spaced(lines)
    units = _units(lines, breaks, dbl)
    blocks: list[Block] = []
    cur: Block | None = None
    last_n = 0
    for u in units:
        # headings: a short line underlined with dashes, or ------- SUMMARY -------
        if not dbl and len(u.lines) >= 2 and _UNDER.match(u.lines[-1]) and all(
                len(x.strip()) <= 80 for x in u.lines[:-1]):
            title = squeeze(" ".join(x for x in u.lines[:-1]))
            blocks.append(Block(kind="heading", text=title))
            cur = None
            continue
        if len(u.lines) == 1 and _BANNER_HEAD.match(u.lines[0]):
            mh = _BANNER_HEAD.match(u.lines[0])
            assert mh is not None
            blocks.append(Block(kind="heading", text=squeeze(mh["t"])))
            cur = None
            continue
        first = u.lines[0]
        m = _NUM.match(first)
        if m and (int(m["n"]) in (last_n + 1, last_n + 2) or (last_n == 0 and int(m["n"]) <= 2)):
            n = int(m["n"])
            last_n = n
            text = _join([m["rest"], *u.lines[1:]])
            lm = _LABEL.match(text)
            cur = Block(n=n, kind="paragraph", label=lm["label"].upper() if lm else "", text=text)
            blocks.append(cur)
            continue
        text = _join(u.lines)
        if u.lines and _UNDER.match(u.lines[-1]):
            text = _join(u.lines[:-1])
        if not text:
            continue
        if cur is not None and cur.n is None and not dbl and not u.after_break:
            cur = None
        if cur is None and len(u.lines) == 1 and re.fullmatch(r"[A-Z][A-Za-z ,/&'-]{2,60}:", text):
            blocks.append(Block(kind="heading", text=text.rstrip(":")))
            continue
        if cur is not None and (dbl or u.after_break):
            # both sides are squeezed already unless the block holds a sub-paragraph break
            cur.text = squeeze(cur.text + " " + text) if "\n" in cur.text else cur.text + " " + text
            continue
        if cur is not None:
            cur.text = cur.text + "\n\n" + text
            continue
        lm = _LABEL.match(text)
        cur = Block(n=None, kind="paragraph", label=lm["label"].upper() if lm else "", text=text)
        blocks.append(cur)
    return blocks


def render_block(b: Block) -> str:
    if b.kind == "heading":
        return b.text
    if b.n is not None:
        return f"{b.n}. {b.text}"
    return b.text
