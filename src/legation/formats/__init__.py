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


from legation.formats.detect import detect  # noqa: E402  (detect needs load_all and registry above)

__all__ = ["InputDoc", "detect", "get", "load_all", "names"]
