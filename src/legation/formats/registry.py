"""Finding the formats: import every format package once, then look formats up by name.

The ``@register`` decorators (:mod:`legation.formats.base`) fill the registry
when a format package is imported; :func:`load_all` imports them all.  Both
:mod:`legation.formats` and :mod:`legation.formats.detect` import from here,
so neither imports the other.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
from pathlib import Path

from legation.errors import FormatError
from legation.formats.base import Format, FormatSpec, registered

_PACKAGE = "legation.formats"
_NOT_FORMATS = frozenset({"base", "detect", "registry"})


@functools.cache
def load_all() -> None:
    """Import every format module of this package (once), so that each registers itself."""
    for info in pkgutil.iter_modules([str(Path(__file__).parent)]):
        if info.name not in _NOT_FORMATS and not info.name.startswith("_"):
            importlib.import_module(f"{_PACKAGE}.{info.name}")


def specs() -> list[FormatSpec]:
    """Every format, in the fixed order (specific formats before fallbacks, then by name)."""
    load_all()
    return registered()


def names() -> list[str]:
    return sorted(spec.name for spec in specs())


def spec(name: str) -> FormatSpec:
    for found in specs():
        if found.name == name:
            return found
    raise FormatError(f"unknown format {name!r}; known formats: {', '.join(names())}")


def registry_class(name: str) -> type[Format]:
    return spec(name).cls


def get(name: str) -> Format:
    """A parser instance for the format called ``name`` (FormatError names the known formats)."""
    return spec(name).cls()
