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
word, the markup stays).  For a telegram file the text the parser read *is*
``raw``; for a cablegate page or CSV row each piece is found in ``raw``
after the place where the cable text starts.  A piece that cannot be found
there (the page printed it differently, e.g. with HTML entities) keeps
``start = end = -1`` and its text in ``original``.  Blank lines dropped
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


def _lines(text: str, start: int) -> list[tuple[int, str]]:
    """``(offset, line without its line break)`` for every line of ``text`` from ``start``."""
    out: list[tuple[int, str]] = []
    for m in _LINE.finditer(text, start):
        if m.start() == m.end():
            break
        out.append((m.start(), m.group(0).rstrip("\r\n")))
    return out


def _blanked(line: str) -> str:
    """The line with no-break spaces and tabs as spaces (same length, as the parser reads them)."""
    return line.replace("\u00a0", " ").replace("\t", " ")


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
    nxt = next((normalize_line(ln).strip() for _, ln in lines[idx + 1:] if ln.strip()), "")
    return not nxt or is_furniture(nxt)


def locate(raw: str, pieces: list[str], start: int = 0) -> list[tuple[int, int]]:
    """Where each removed piece stands in ``raw`` (searching forward from ``start``); ``(-1, -1)`` if nowhere."""
    lines = _lines(raw, start)
    spans: list[tuple[int, int]] = []
    k = 0
    for idx, (offset, line) in enumerate(lines):
        if k >= len(pieces):
            break
        piece = pieces[k]
        norm = normalize_line(line).strip()
        if not norm:
            continue
        span: tuple[int, int] | None = None
        if norm == piece:
            span = _whole_line_span(offset, line, piece)
        elif norm.endswith(" " + piece) and _next_is_furniture(lines, idx):
            span = _tail_span(offset, line, piece)
        if span is not None:
            spans.append(span)
            k += 1
    spans += [(-1, -1)] * (len(pieces) - k)
    return spans


def _text_start(raw: str, text: str) -> int:
    """Where the text the parser read starts in ``raw`` (0 when it is ``raw`` or cannot be found)."""
    if not text or raw.startswith(text):
        return 0
    first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    at = raw.find(first) if first else -1
    return max(at, 0)


def furniture_corrections(raw: str, text: str, pieces: list[str]) -> list[Correction]:
    """The Corrections for ``pieces`` removed from ``text`` (which is ``raw`` or was cut out of it)."""
    out: list[Correction] = []
    for piece, (start, end) in zip(pieces, locate(raw, pieces, _text_start(raw, text)), strict=True):
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


__all__ = ["FORMATS", "RULE", "furniture", "furniture_corrections", "locate"]
