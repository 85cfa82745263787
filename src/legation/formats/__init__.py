"""Input formats: one package per format, found through a registry.

``load_all()`` imports every format package so their ``@register``
decorators run; ``get(name)`` returns a format instance; ``detect(doc)``
asks every format how sure it is and picks the surest (see
:mod:`legation.formats.detect` for the rule).
"""

from __future__ import annotations

from legation.formats.base import InputDoc
from legation.formats.detect import detect, rank
from legation.formats.registry import get, load_all, names, registry_class, spec, specs

__all__ = ["InputDoc", "detect", "get", "load_all", "names", "rank", "registry_class", "spec", "specs"]
