"""legation: declassified diplomatic records, parsed, repaired, linked and searchable.

Library first::

    import legation
    report = legation.ingest(["../shared/samples/seeds"], db="legation.db")
    cat = legation.open("legation.db")
    cat.search("northern territories")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from legation.model import PARSER_VERSION, Record

__version__ = PARSER_VERSION

if TYPE_CHECKING:
    from legation.catalogue import Catalogue


def open(db: str | None = None) -> Catalogue:
    from legation.catalogue import open as _open

    return _open(db)


def ingest(paths: list[str], *, db: str | None = None, fmt: str | None = None) -> Any:
    from legation.catalogue import ingest as _ingest

    return _ingest(paths, db=db, fmt=fmt)


__all__ = ["Record", "__version__", "ingest", "open"]
