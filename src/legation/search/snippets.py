"""Snippets are marked once: plain text plus ``(start, end)`` spans of the matched words.

:func:`render` is the one place that turns a marked snippet into HTML: every
piece is escaped, the spans are wrapped in ``<b>`` (the JSON API's
``snippet_html``) or ``<mark>`` (the reading room).  Spans that overlap, run
backwards or fall outside the text are ignored.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Literal

Tag = Literal["b", "mark"]


def clean_spans(text: str, spans: Iterable[Sequence[int]]) -> list[tuple[int, int]]:
    """Valid, sorted, non-overlapping spans of ``text``."""
    out: list[tuple[int, int]] = []
    pos = 0
    pairs = [(int(s[0]), int(s[1])) for s in spans if isinstance(s, list | tuple) and len(s) == 2]
    for start, end in sorted(pairs):
        if start < pos or end > len(text) or start >= end:
            continue
        out.append((start, end))
        pos = end
    return out


def render(text: str, spans: Iterable[Sequence[int]], tag: Tag = "mark") -> str:
    """``text`` HTML-escaped, with each span wrapped in ``<tag>``."""
    out: list[str] = []
    pos = 0
    for start, end in clean_spans(text, spans):
        out.append(html.escape(text[pos:start]))
        out.append(f"<{tag}>{html.escape(text[start:end])}</{tag}>")
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)
