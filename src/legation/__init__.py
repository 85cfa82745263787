"""legation: declassified diplomatic records, parsed, repaired, linked and searchable."""

from __future__ import annotations

from legation.model import PARSER_VERSION, Record

__version__ = PARSER_VERSION

__all__ = ["Record", "__version__"]
