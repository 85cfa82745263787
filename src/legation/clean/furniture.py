"""Clean pass ``furniture``: every piece of page furniture left out of the text, on the record.

The telegram parser has to leave page furniture out while it reads the cable
(a page header in the middle of the TAGS line, a banner glued to the last
line of a page), so it removes it with the classifiers of
:mod:`legation.formats.telegram.furniture` and hands what it removed to this
pass through :meth:`Record.hand_over <legation.model.Record.hand_over>` (a
:class:`~legation.model.CleanInput`: the text it read and the pieces, in
order).  This pass makes the removal visible: one
:class:`~legation.model.Correction` per piece, ``rule="furniture"``,
``replacement=""``, ``confidence=1.0``.

Offsets: ``start``/``end`` index ``record.raw``, and ``original`` is exactly
``raw[start:end]`` (a banner printed ``**CONFIDENTIAL**`` is recorded as the
word, the markup stays).  Each piece is first found line by line in the text
the parser read; for a telegram file that text *is* ``raw``.  For a cablegate
page or CSV row (``raw`` is the HTML page or the CSV row, the cable text was
cut out of it) a piece that is the n-th occurrence of its string after (or
before) an anchor line of the cable text that stands once in ``raw`` is the
n-th occurrence there (:func:`to_raw`).  A piece that cannot be found there (the page printed
it differently, e.g. with an HTML entity inside) keeps ``start = end = -1``
and its text in ``original``.  Blank lines dropped
around a page break are layout, not text, and are not recorded.

``text`` and ``body`` are not touched (they are what they were), and
running the pass twice records nothing new.
"""

from __future__ import annotations

import re

from legation.clean.registry import clean_pass
from legation.formats.telegram.furniture import is_furniture, normalize_line
from legation.model import Correction, Record

RULE = "furniture"
#: The formats whose parser hands page furniture over (they read cable text with the telegram parser).
FORMATS = ("telegram", "cablegate", "cablegate-csv")

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")


def _lines(text: str, limit: int = -1) -> list[tuple[int, str]]:
    """``(offset, line without its line break)`` for the lines of ``text`` (the first ``limit`` if given)."""
    out: list[tuple[int, str]] = []
    if "\r" in text:  # \r\n or a lone \r ends a line too, as the parser reads it
        for m in _LINE.finditer(text):
            if m.start() == m.end() or len(out) == limit:
                break
            out.append((m.start(), m.group(0).rstrip("\r\n")))
        return out
    offset = 0
    for line in text.split("\n", limit) if limit >= 0 else text.split("\n"):
        out.append((offset, line))
        offset += len(line) + 1
    return out[:limit] if limit >= 0 else out


def _blanked(line: str) -> str:
    """The line with no-break spaces and tabs as spaces (same length, as the parser reads them)."""
    return line.replace("\u00a0", " ").replace("\t", " ")


def _norm(line: str) -> str:
    """The line as the parser compares it (:func:`normalize_line`, stripped); plain lines skip the work."""
    if "\t" in line or "\u00a0" in line or "*" in line or "#" in line:
        return normalize_line(line).strip()
    return line.strip()


def _whole_line_span(offset: int, line: str, piece: str) -> tuple[int, int]:
    i = _blanked(line).find(piece)
    if i >= 0:
        return offset + i, offset + i + len(piece)
    lead = len(line) - len(line.lstrip())  # markup inside the piece: the whole printed line
    return offset + lead, offset + len(line.rstrip())


def _tail_span(offset: int, line: str, piece: str) -> tuple[int, int] | None:
    i = _blanked(line).rstrip().rfind(piece)
    return (offset + i, offset + i + len(piece)) if i > 0 else None


def _next_is_furniture(lines: list[tuple[int, str]], idx: int) -> bool:
    """The parser strips a glued banner only when the next non-blank line is furniture, or there is none."""
    nxt = next((_norm(ln) for _, ln in lines[idx + 1:] if ln.strip()), "")
    return not nxt or is_furniture(nxt)


def _next_line_is_furniture(text: str, end: int) -> bool:
    """:func:`_next_is_furniture` for the line ending at ``end`` (an index of ``\\n`` or ``len(text)``)."""
    while end < len(text):
        nxt = text.find("\n", end + 1)
        nxt = len(text) if nxt < 0 else nxt
        line = text[end + 1:nxt]
        if line.strip():
            return is_furniture(_norm(line))
        end = nxt
    return True


def _find_plain(text: str, piece: str, pos: int) -> tuple[int, int] | None:
    """The first line from ``pos`` that is ``piece`` or ends in it as a glued banner (the parser's tests)."""
    tail = " " + piece
    at = text.find(piece, pos)
    while at >= 0:
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        line = text[start:end]
        norm = _norm(line)
        if norm == piece:
            return _whole_line_span(start, line, piece)
        if norm.endswith(tail) and _next_line_is_furniture(text, end):
            span = _tail_span(start, line, piece)
            if span is not None:
                return span
        at = text.find(piece, end)
    return None


def _locate_plain(text: str, pieces: list[str]) -> list[tuple[int, int]]:
    """:func:`locate` by searching for each piece: for text whose lines the parser reads as printed."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for piece in pieces:
        span = _find_plain(text, piece, pos) if piece else None
        if span is None:
            break
        spans.append(span)
        pos = span[1]
    return spans + [(-1, -1)] * (len(pieces) - len(spans))


def locate(text: str, pieces: list[str]) -> list[tuple[int, int]]:
    """Where each removed piece stands in ``text``, the lines the parser read; ``(-1, -1)`` if nowhere.

    Text without tabs, no-break spaces, ``**`` or carriage returns (the parser's normalising changes
    nothing inside such lines) is searched piece by piece; other text line by line.
    """
    if not ("\t" in text or "\u00a0" in text or "**" in text or "\r" in text):
        return _locate_plain(text, pieces)
    return _locate_lines(text, pieces)


def _locate_lines(text: str, pieces: list[str]) -> list[tuple[int, int]]:
    """:func:`locate` line by line, each line normalised as the parser does."""
    lines = _lines(text)
    spans: list[tuple[int, int]] = []
    k = 0
    tail = " " + pieces[0] if pieces else ""
    for idx, (offset, line) in enumerate(lines):
        if k >= len(pieces):
            break
        piece = pieces[k]
        norm = _norm(line)
        if not norm:
            continue
        span: tuple[int, int] | None = None
        if norm == piece:
            span = _whole_line_span(offset, line, piece)
        elif norm.endswith(tail) and _next_is_furniture(lines, idx):
            span = _tail_span(offset, line, piece)
        if span is not None:
            spans.append(span)
            k += 1
            tail = " " + pieces[k] if k < len(pieces) else ""
    spans += [(-1, -1)] * (len(pieces) - k)
    return spans


def _anchor(raw: str, text: str) -> tuple[int, int]:
    """A line of ``text`` that stands once in ``raw``: ``(offset in text, offset in raw)``, or ``(-1, -1)``.

    The longest of the first printed lines is taken (a short line such as a banner may also be
    in the page's metadata); the first 40 lines are tried.
    """
    lines = [(off, ln.strip()) for off, ln in _lines(text, 40) if len(ln.strip()) >= 8]
    for off, line in sorted(lines, key=lambda x: -len(x[1])):
        at = raw.find(line)
        if at >= 0 and raw.find(line, at + 1) < 0:
            return off + text[off:].index(line), at
    return -1, -1


def _nth_after(raw: str, piece: str, at: int, n: int) -> int:
    found = raw.find(piece, at)
    for _ in range(n):
        if found < 0:
            break
        found = raw.find(piece, found + len(piece))
    return found


def _nth_before(raw: str, piece: str, at: int, n: int) -> int:
    found = raw.rfind(piece, 0, at)
    for _ in range(n):
        if found < 0:
            break
        found = raw.rfind(piece, 0, found)
    return found


def to_raw(raw: str, text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Map spans in ``text`` (cut out of ``raw``, e.g. a cablegate page's cable text) to spans in ``raw``.

    An anchor line stands once in both; a piece that is the n-th occurrence of its string
    after (or before) the anchor in ``text`` is the n-th one after (before) it in ``raw``:
    escaping a page as HTML neither makes nor breaks words.  ``(-1, -1)`` when nothing anchors.
    """
    t_anchor, r_anchor = _anchor(raw, text)
    out: list[tuple[int, int]] = []
    for start, end in spans:
        at = -1
        piece = text[start:end] if start >= 0 else ""
        if piece and r_anchor >= 0:
            if start >= t_anchor:
                at = _nth_after(raw, piece, r_anchor, text.count(piece, t_anchor, start))
            else:
                at = _nth_before(raw, piece, r_anchor, text.count(piece, end, t_anchor))
        out.append((at, at + end - start) if at >= 0 else (-1, -1))
    return out


def furniture_corrections(raw: str, text: str, pieces: list[str]) -> list[Correction]:
    """The Corrections for ``pieces`` removed from ``text`` (which is ``raw`` or was cut out of it)."""
    spans = locate(text, pieces)
    if text != raw:
        spans = to_raw(raw, text, spans)
    out: list[Correction] = []
    for piece, (start, end) in zip(pieces, spans, strict=True):
        original = raw[start:end] if start >= 0 else piece
        out.append(Correction(start=start, end=end, original=original, replacement="", rule=RULE, confidence=1.0))
    return out


@clean_pass("furniture", order=10, formats=FORMATS)
def furniture(record: Record) -> Record:
    """Record each piece of page furniture (page headers, banners, stamps, NNN) left out of the text."""
    handed = record.clean_input
    if handed is None or not handed.furniture:
        return record
    have = {(c.start, c.end, c.original) for c in record.corrections if c.rule == RULE}
    new = [c for c in furniture_corrections(record.raw, handed.text, handed.furniture)
           if (c.start, c.end, c.original) not in have]
    if new:
        record.corrections = [*record.corrections, *new]
    return record


__all__ = ["FORMATS", "RULE", "furniture", "furniture_corrections", "locate", "to_raw"]
