"""legation: declassified diplomatic records, parsed, repaired, linked and searchable.

Library first::

    import legation
    report = legation.ingest(["../shared/samples/seeds"], db="legation.db")
    cat = legation.open("legation.db")
    cat.search("northern territories")

The record model (pydantic) is imported on first use of ``legation.Record`` or
``legation.__version__``, so ``legation --help`` does not pay for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from legation.catalogue import Catalogue
    from legation.model import PARSER_VERSION as __version__
    from legation.model import Record


def __getattr__(name: str) -> Any:
    if name in ("Record", "__version__"):
        from legation import model

        return model.Record if name == "Record" else model.PARSER_VERSION
    raise AttributeError(f"module 'legation' has no attribute {name!r}")


def open(db: str | None = None) -> Catalogue:
    from legation.catalogue import open as _open

    return _open(db)


def ingest(paths: list[str], *, db: str | None = None, fmt: str | None = None) -> Any:
    from legation.catalogue import ingest as _ingest

    return _ingest(paths, db=db, fmt=fmt)


__all__ = ["Record", "__version__", "ingest", "open"]
