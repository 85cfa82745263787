"""Search hits and their KWIC snippets (plain text plus the spans of the matched words)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import tantivy

from legation.search.snippets import render

SNIPPET_CHARS = 200


@dataclass(slots=True)
class Hit:
    """One search hit.

    ``snippet`` is plain text (a KWIC fragment of the record's text, or of its
    summary/title when the match is only there); ``highlights`` are
    ``(start, end)`` Python string offsets into ``snippet`` of the matched
    words (the one marking); :attr:`snippet_html` renders it with ``<b>``
    through :func:`legation.search.snippets.render`.
    """

    id: str
    score: float
    title: str = ""
    date: str = ""
    collection: str = ""
    kind: str = ""
    snippet: str = ""
    highlights: list[tuple[int, int]] = field(default_factory=list)

    def copy(self) -> Hit:
        """A copy that shares nothing mutable with this hit (cached pages hand out copies)."""
        return Hit(self.id, self.score, self.title, self.date, self.collection, self.kind, self.snippet,
                   list(self.highlights))

    @property
    def snippet_html(self) -> str:
        return render(self.snippet, self.highlights, "b")

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "score": self.score, "title": self.title, "date": self.date,
                "collection": self.collection, "kind": self.kind, "snippet": self.snippet,
                "highlights": [list(h) for h in self.highlights], "snippet_html": self.snippet_html}


@dataclass(slots=True)
class SearchResult:
    """Hits ``offset .. offset+limit`` of a query; ``total`` is the exact number of matching records."""

    query: str
    total: int
    offset: int
    limit: int
    hits: list[Hit] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "total": self.total, "offset": self.offset, "limit": self.limit,
                "hits": [h.to_dict() for h in self.hits]}



def _char_offset(text: str, byte_offset: int) -> int:
    return len(text.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore"))



def _char_offsets(text: str, ranges: list[tantivy.Range]) -> list[tuple[int, int]]:
    """tantivy's byte ranges as Python string offsets."""
    if text.isascii():
        return [(r.start, r.end) for r in ranges]
    return [(_char_offset(text, r.start), _char_offset(text, r.end)) for r in ranges]


def snippet_for(hit: Hit, doc: tantivy.Document, generators: Callable[[str], tantivy.SnippetGenerator],
                known: dict[str, str]) -> None:
    """Set ``hit.snippet`` and ``hit.highlights``: the first of text, summary, subject, title with a match,
    else the lead of the text."""
    values: dict[str, str] = {}
    for name in ("text", "summary", "subject", "title"):
        if name not in known:
            value = doc.get_first(name)
            known[name] = str(value) if value is not None else ""
        values[name] = known[name]
        if not values[name]:
            continue
        snippet = generators(name).snippet_from_doc(doc)
        ranges = snippet.highlighted()
        if ranges:
            fragment = snippet.fragment()
            hit.snippet = fragment
            hit.highlights = _char_offsets(fragment, ranges)
            return
    lead = values["text"] or values["summary"]
    hit.snippet = lead[:SNIPPET_CHARS].rsplit(" ", 1)[0] if len(lead) > SNIPPET_CHARS else lead
