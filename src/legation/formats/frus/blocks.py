"""The body of a FRUS document div as blocks: paragraphs, headings, lists, quotes, tables, signature.

Also collects what the opener and closer say (dateline element, document
identifier, signer) and where footnotes and page breaks sit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from legation.formats.frus.xmltext import Inline, Span, inline, local, norm
from legation.model import Block, BlockKind

_PARA_NUM = re.compile(r"^(\d{1,3})\.\s")
_LETTER_LABEL = re.compile(r"^([A-Z])\.\s")
_HEADING_LIKE = re.compile(r"^(?:[IVXL]+|[A-Z]|\d{1,2})\.\s+[^.]{1,80}$")
_CONTAINERS = {"div", "postscript", "attachment", "floatingText", "body", "back", "front", "group", "text"}


@dataclass
class Built:
    blocks: list[Block] = field(default_factory=list)
    inlines: list[Inline] = field(default_factory=list)
    block_notes: list[tuple[etree._Element, int, int]] = field(default_factory=list)  # element, block, offset
    page_breaks: list[dict[str, Any]] = field(default_factory=list)
    signer: str = ""
    signer_keys: list[str] = field(default_factory=list)
    opener: list[str] = field(default_factory=list)
    dateline: etree._Element | None = None
    doc_identifier: str = ""
    to_list: list[str] = field(default_factory=list)
    subject: str = ""
    participants: list[str] = field(default_factory=list)
    extra_spans: list[Span] = field(default_factory=list)  # spans outside text (title, dateline)


def _para_kind(el: etree._Element, text: str) -> BlockKind:
    letters = [c for c in text if c.isalpha()]
    if letters and len(text) <= 120 and not any(c.islower() for c in letters) and not text.endswith("."):
        return "heading"
    if _HEADING_LIKE.match(text) and len(text) <= 90 and not text.rstrip().endswith((".", ":", ";", "”", "?")):
        return "heading"
    if el.get("rend") in {"center", "centered"} and len(text) <= 120 and not text.endswith("."):
        return "heading"
    return "paragraph"


def _add_block(b: Built, kind: BlockKind, inl: Inline, *, label: str = "", n: int | None = None) -> None:
    if not inl.text.strip():
        for a in inl.notes:
            b.block_notes.append((a.element, max(0, len(b.blocks) - 1), 0))
        return
    idx = len(b.blocks)
    b.blocks.append(Block(kind=kind, text=inl.text, label=label, n=n))
    b.inlines.append(inl)
    for a in inl.notes:
        b.block_notes.append((a.element, idx, a.offset))
    for p in inl.pages:
        b.page_breaks.append({"n": p.n, "facs": p.facs, "block": idx, "offset": p.offset})


def _list_inline(el: etree._Element) -> tuple[str, Inline]:
    label = ""
    items: list[Inline] = []
    for child in el:
        tag = local(child)
        if tag == "head":
            label = inline(child).text
        elif tag in {"item", "label"}:
            items.append(inline(child))
    return label, Inline.join(items, "\n")


def _table_inline(el: etree._Element) -> Inline:
    rows: list[Inline] = []
    for row in el.iter("{*}row"):
        cells = [inline(c) for c in row if local(c) == "cell"]
        rows.append(Inline.join(cells, " | "))
    return Inline.join(rows, "\n")


def _list_block(b: Built, el: etree._Element) -> None:
    """A list becomes a list block; TO / SUBJECT / PARTICIPANTS lists also fill fields."""
    ltype = (el.get("type") or "").lower()
    label, inl = _list_inline(el)
    lines = [line for line in inl.text.split("\n") if line]
    if not ltype and label:
        ltype = label.strip(":").lower()
    if ltype == "to" and not b.to_list:
        b.to_list = lines
    elif ltype == "subject" and not b.subject:
        b.subject = "; ".join(lines)
    elif ltype == "participants":
        b.participants.extend(lines)
    if label:
        inl = Inline.join([Inline(text=label), inl], "\n")
    _add_block(b, "list", inl, label=label)


def build_blocks(div: etree._Element, b: Built, top: bool) -> None:
    """Add the blocks of ``div``'s children to ``b`` (``top``: ``div`` is the document itself)."""
    for child in div:
        tag = local(child)
        if not tag or tag in _SKIPPED:
            continue
        read = _READERS.get(tag)
        if read is None:
            read = _container if tag in _CONTAINERS else _other
        read(b, child, top)


# -- one reader per element kind ------------------------------------------------------------------


def _head(b: Built, el: etree._Element, top: bool) -> None:
    if not top:  # the document's own head is its title, not a block
        _add_block(b, "heading", inline(el))


def _opener(b: Built, el: etree._Element, top: bool) -> None:
    """The opener: the dateline, TO/SUBJECT lists, the document identifier, other lines as printed."""
    for part in el:
        _opener_part(b, part)
    if not len(el) and norm(el.text):
        b.opener.append(norm(el.text))


def _opener_part(b: Built, part: etree._Element) -> None:
    ptag = local(part)
    if ptag == "dateline" and b.dateline is None:
        b.dateline = part
    elif ptag == "list":
        _list_block(b, part)
    elif ptag in ("seg", "idno"):
        idno = part if ptag == "idno" else next((x for x in part if local(x) == "idno"), None)
        if idno is not None and not b.doc_identifier:
            b.doc_identifier = norm("".join(idno.itertext()))
        else:
            b.opener.append(inline(part).text)
    elif ptag:
        text = inline(part).text
        if text:
            b.opener.append(text)


def _dateline(b: Built, el: etree._Element, top: bool) -> None:
    if b.dateline is None:
        b.dateline = el
    else:
        _add_block(b, "paragraph", inline(el))


def _paragraph(b: Built, el: etree._Element, top: bool) -> None:
    """A paragraph (numbered ``3.`` or lettered ``B.`` as printed) or a heading."""
    inl = inline(el)
    kind = _para_kind(el, inl.text)
    n: int | None = None
    label = ""
    if kind == "paragraph":
        m = _PARA_NUM.match(inl.text)
        if m:
            n = int(m.group(1))
        else:
            lm = _LETTER_LABEL.match(inl.text)
            label = lm.group(1) if lm else ""
    _add_block(b, kind, inl, label=label, n=n)


def _list(b: Built, el: etree._Element, top: bool) -> None:
    _list_block(b, el)


def _quote(b: Built, el: etree._Element, top: bool) -> None:
    """A quote of paragraphs: its paragraphs become quote blocks; a quote of text: one quote block."""
    if not any(local(x) in {"p", "list", "lg"} for x in el):
        _add_block(b, "quote", inline(el))
        return
    start = len(b.blocks)
    build_blocks(el, b, False)
    for blk in b.blocks[start:]:
        if blk.kind == "paragraph":
            blk.kind = "quote"


def _table(b: Built, el: etree._Element, top: bool) -> None:
    _add_block(b, "table", _table_inline(el))


def _closer(b: Built, el: etree._Element, top: bool) -> None:
    for s in el.iter("{*}signed"):
        signed = inline(s).text
        if signed and not b.signer:
            b.signer = signed
            b.signer_keys = [k.lstrip("#") for k in (s.get("corresp") or "").split()]
    _add_block(b, "signature", inline(el))


def _signed(b: Built, el: etree._Element, top: bool) -> None:
    signed = inline(el).text
    if signed and not b.signer:
        b.signer = signed
    _add_block(b, "signature", inline(el))


def _page_break(b: Built, el: etree._Element, top: bool) -> None:
    b.page_breaks.append({"n": el.get("n", ""), "facs": el.get("facs", ""), "block": len(b.blocks), "offset": 0})


def _note(b: Built, el: etree._Element, top: bool) -> None:
    b.block_notes.append((el, max(0, len(b.blocks) - 1), len(b.blocks[-1].text) if b.blocks else 0))


def _container(b: Built, el: etree._Element, top: bool) -> None:
    build_blocks(el, b, False)


def _other(b: Built, el: etree._Element, top: bool) -> None:
    _add_block(b, "paragraph", inline(el))


_Reader = Callable[[Built, etree._Element, bool], None]
_READERS: dict[str, _Reader] = {
    "head": _head,
    "opener": _opener,
    "dateline": _dateline,
    **dict.fromkeys(("p", "ab", "seg", "salute", "byline", "trailer", "label"), _paragraph),
    "list": _list,
    "quote": _quote,
    "table": _table,
    "closer": _closer,
    "signed": _signed,
    "pb": _page_break,
    "note": _note,
}
_SKIPPED = frozenset({"figure", "graphic", "milestone", "anchor", "index", "fw"})
