"""Input formats: one module per format, found through a registry.

``load_all()`` imports every module in this package so their ``@register``
decorators run; ``get(name)`` returns a format instance; ``detect(doc)``
asks every format how sure it is and picks the surest.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

from legation.errors import FormatError
from legation.formats.base import InputDoc, registry

_LOADED = False
_LAST = ""
SURE = 0.8


def load_all() -> None:
    global _LOADED
    if _LOADED:
        return
    for info in pkgutil.iter_modules(__path__):
        if info.name not in {"base", "detect"} and not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")
    _LOADED = True


def names() -> list[str]:
    load_all()
    return sorted(registry())


def registry_class(name: str) -> type:
    load_all()
    return registry()[name]


def get(name: str) -> Any:
    load_all()
    try:
        return registry()[name]()
    except KeyError:
        raise FormatError(f"unknown format {name!r}; known formats: {', '.join(names())}") from None


def detect(doc: InputDoc) -> tuple[str, float]:
    """Return ``(format name, confidence)`` for the surest format, or raise FormatError."""
    global _LAST
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


__all__ = ["InputDoc", "detect", "get", "load_all", "names"]
