"""Format detection by content: every format's ``sniff`` says how sure it is; the surest wins.

``--format`` (``fmt=`` in the library) skips this.  Fallback formats (plain
documents) are asked only when no specific format is sure enough.
"""

from __future__ import annotations

from legation.errors import FormatError
from legation.formats.base import InputDoc, registry

_LAST = ""
SURE = 0.8


def detect(doc: InputDoc) -> tuple[str, float]:
    """Return ``(format name, confidence)`` for the surest format, or raise FormatError."""
    global _LAST
    from legation.formats import load_all

    load_all()
    best, best_score = "", 0.0
    # The format that won last time is asked first: a folder is usually all one format, and a
    # strict sniffer that is sure (>= SURE) ends the search early.
    classes = sorted(registry().items(), key=lambda kv: (kv[0] != _LAST, kv[0]))
    # Fallback formats (plain documents) are asked only when no specific format is sure enough.
    for fallback in (False, True):
        for name, cls in classes:
            if bool(getattr(cls, "fallback", False)) != fallback:
                continue
            score = float(cls().sniff(doc))
            if score > best_score:
                best, best_score = name, score
            if score >= SURE:  # sure enough: no need to ask the others
                _LAST = best
                return best, best_score
        if best_score >= 0.2:
            break
    _LAST = best
    if not best or best_score < 0.2:
        raise FormatError("no parser recognises this file", path=doc.path)
    return best, best_score


