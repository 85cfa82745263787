"""Text helpers shared by every stage: white space, accents, linking keys.

Small pure functions with no knowledge of any format; parsers, passes and the
search layer import them from here so each rule lives in one place.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def strip_accents(text: str) -> str:
    """``04 MÁY 2006`` -> ``04 MAY 2006``."""
    if text.isascii():
        return text  # NFKD leaves ASCII as it is and it has no combining marks
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


_NOT_KEY = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=65536)
def entity_key(name: str) -> str:
    """Linking key of an entity name: accents folded, punctuation dropped, lower case (kept for the most
    recent names: the entity passes ask for the same few names again and again)."""
    return _NOT_KEY.sub(" ", strip_accents(name or "").casefold()).strip()


def squeeze(text: str) -> str:
    """Collapse runs of white space to one space and strip the ends."""
    return " ".join(text.split())  # str.split() and re's \s agree on what white space is
