"""The full-text index (tantivy), a folder beside the catalogue and derived from it.

>>> from legation.store import open_store
>>> from legation.index import open_index
>>> store = open_store("legation.db")            # doctest: +SKIP
>>> index = open_index("legation.db", store)     # legation.db.index/, caught up  # doctest: +SKIP
>>> index.search('"soviet fishing" sakhalin').hits  # parsed by legation.query  # doctest: +SKIP
"""

from __future__ import annotations

import os
from pathlib import Path

from legation.index.tantivy_index import (
    FACET_FIELDS,
    SCHEMA_VERSION,
    SORTS,
    Hit,
    IndexBusyError,
    IndexFeed,
    SearchResult,
    TextIndex,
    build_schema,
    record_document,
)
from legation.store.base import Store

__all__ = [
    "FACET_FIELDS",
    "SCHEMA_VERSION",
    "SORTS",
    "Hit",
    "IndexBusyError",
    "IndexFeed",
    "SearchResult",
    "TextIndex",
    "build_schema",
    "index_path_for",
    "open_index",
    "record_document",
]


def index_path_for(catalogue: str | os.PathLike[str]) -> Path:
    """The index folder that belongs to an SQLite catalogue file: ``legation.db`` -> ``legation.db.index``."""
    return Path(os.fspath(catalogue) + ".index")


def open_index(catalogue: str | os.PathLike[str], store: Store | None = None, *,
               path: str | os.PathLike[str] | None = None) -> TextIndex:
    """Open (creating if needed) the index of a catalogue file, and catch it up with ``store`` when given.

    ``path`` overrides the folder (needed for catalogues that are not files, e.g. PostgreSQL).
    """
    index = TextIndex.open(path if path is not None else index_path_for(catalogue), create=True)
    if store is not None:
        index.sync(store)
    return index
