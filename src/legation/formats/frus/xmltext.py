"""TEI inline markup -> clean text, with the spans the markup marked.

Whitespace is XML whitespace (space, tab, CR, LF) collapsed to one space;
other characters (typographic dashes and quotes, no-break spaces) are kept.
``<pb/>`` adds nothing to the text, so a page break inside a word
(``pres<pb/>ent``) leaves the word whole; its position is recorded.
``<note>`` is not part of the running text: its element and the offset of
its anchor are recorded for the caller.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

TEI_NS = "http://www.tei-c.org/ns/1.0"
FRUS_NS = "http://history.state.gov/frus/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

_XML_WS = re.compile(r"[ \t\r\n]+")

# Inline elements whose extent is recorded as a span.
SPAN_KINDS = {
    "persName": "person",
    "gloss": "term",
    "placeName": "place",
    "orgName": "org",
    "ref": "ref",
    "term": "term-def",
}

# Elements that separate words even when the XML has no white space around them.
_SEPARATING = {"p", "item", "list", "table", "row", "cell", "quote", "l", "lg", "head", "lb", "ab",
               "dateline", "signed", "salute", "label"}


def local(el: etree._Element) -> str:
    """Local name of an element ('' for comments and processing instructions)."""
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def xml_id(el: etree._Element) -> str:
    return el.get(XML_ID) or ""


def norm(text: str | None) -> str:
    """Collapse XML white space and strip."""
    return _XML_WS.sub(" ", text or "").strip()


@dataclass
class Span:
    kind: str            # person, term, place, org, ref, term-def
    start: int
    end: int
    text: str
    keys: list[str] = field(default_factory=list)   # persons/terms ids without '#'
    target: str = ""     # ref/@target as printed


@dataclass
class PageBreak:
    n: str
    facs: str
    offset: int


@dataclass
class NoteAnchor:
    element: etree._Element
    offset: int


@dataclass
class Inline:
    """Text of one block with what was marked inside it (offsets into ``text``)."""

    text: str = ""
    spans: list[Span] = field(default_factory=list)
    notes: list[NoteAnchor] = field(default_factory=list)
    pages: list[PageBreak] = field(default_factory=list)

    def shifted(self, by: int) -> Inline:
        return Inline(
            text=self.text,
            spans=[Span(s.kind, s.start + by, s.end + by, s.text, list(s.keys), s.target) for s in self.spans],
            notes=[NoteAnchor(a.element, a.offset + by) for a in self.notes],
            pages=[PageBreak(p.n, p.facs, p.offset + by) for p in self.pages],
        )

    @classmethod
    def join(cls, parts: list[Inline], sep: str) -> Inline:
        out = cls()
        chunks: list[str] = []
        pos = 0
        for i, part in enumerate(parts):
            if i:
                chunks.append(sep)
                pos += len(sep)
            moved = part.shifted(pos)
            out.spans.extend(moved.spans)
            out.notes.extend(moved.notes)
            out.pages.extend(moved.pages)
            chunks.append(part.text)
            pos += len(part.text)
        out.text = "".join(chunks)
        return out


class TextBuf:
    """Appends text, collapsing white space as it goes so offsets stay exact.

    The pieces are kept in a list and joined when ``text`` is read (appending to one growing
    string copies it every time: quadratic in a paragraph of many elements).
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._len = 0
        self._space = False

    @property
    def text(self) -> str:
        if len(self._parts) > 1:
            self._parts = ["".join(self._parts)]
        return self._parts[0] if self._parts else ""

    @property
    def pos(self) -> int:
        return self._len

    def since(self, start: int) -> str:
        """``text[start:]``, joining only the pieces it needs."""
        need = self._len - start
        if need <= 0:
            return ""
        got: list[str] = []
        size = 0
        for part in reversed(self._parts):
            got.append(part)
            size += len(part)
            if size >= need:
                break
        joined = "".join(reversed(got))
        return joined[len(joined) - need:]

    def _append(self, s: str) -> None:
        self._parts.append(s)
        self._len += len(s)

    def space(self) -> None:
        if self._len:
            self._space = True

    def add(self, s: str | None) -> None:
        if not s:
            return
        s = _XML_WS.sub(" ", s)
        if s.startswith(" "):
            self.space()
            s = s[1:]
        if not s:
            return
        trailing = s.endswith(" ")
        if trailing:
            s = s[:-1]
        if self._space and self._len:
            self._append(" ")
        self._space = False
        self._append(s)
        if trailing:
            self._space = True


def _refs(value: str | None) -> list[str]:
    return [v.lstrip("#") for v in (value or "").split() if v.strip("#")]


def inline(el: etree._Element, *, include_self_text: bool = True) -> Inline:
    """Walk ``el`` (a p, head, item, note ...) and return its clean text and marks."""
    buf = TextBuf()
    res = Inline()
    _walk(el, buf, res, include_self_text)
    res.text = buf.text
    n = len(res.text)
    for s in res.spans:
        s.start, s.end = min(s.start, n), min(s.end, n)
    for a in res.notes:
        a.offset = min(a.offset, n)
    for p in res.pages:
        p.offset = min(p.offset, n)
    return res


def _walk(el: etree._Element, buf: TextBuf, res: Inline, include_text: bool = True) -> None:
    """Depth first over ``el``'s descendants with an explicit stack: no Python recursion, any depth."""
    if include_text:
        buf.add(el.text)
    # each frame: the children still to visit, the element they belong to (None for ``el``) and
    # the text offset where that element began
    stack: list[tuple[Iterator[etree._Element], etree._Element | None, int]] = [(iter(el), None, 0)]
    while stack:
        children, owner, token = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if owner is not None:
                _leave(owner, token, buf, res)
                buf.add(owner.tail)
            continue
        if _leaf(child, buf, res):
            buf.add(child.tail)
            continue
        if local(child) in _SEPARATING:
            buf.space()
        stack.append((iter(child), child, buf.pos))
        buf.add(child.text)


def _leaf(child: etree._Element, buf: TextBuf, res: Inline) -> bool:
    """Handle a child whose content is not walked (comment, pb, note, lb); False for the others."""
    tag = local(child)
    if not tag:
        return True
    if tag == "pb":
        res.pages.append(PageBreak(child.get("n", ""), child.get("facs", ""), buf.pos))
    elif tag == "note":
        res.notes.append(NoteAnchor(child, buf.pos))
    elif tag == "lb":
        buf.space()
    else:
        return False
    return True


def _leave(child: etree._Element, token: int, buf: TextBuf, res: Inline) -> None:
    """After ``child``'s content: record its span, or the word break a separating element makes."""
    tag = local(child)
    if tag in SPAN_KINDS:
        seg = buf.since(token)
        start = token + 1 if seg[:1] == " " else token
        if buf.pos > start:
            kind = SPAN_KINDS[tag]
            if tag == "persName":
                keys = _refs(child.get("corresp")) or _refs(child.get("ref"))
            elif tag == "gloss":
                keys = _refs(child.get("target"))
            else:
                keys = _refs(child.get("corresp")) or _refs(child.get("ref"))
            res.spans.append(Span(kind, start, buf.pos, seg[start - token:], keys, child.get("target", "")))
    elif tag in _SEPARATING:
        buf.space()
