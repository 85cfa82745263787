"""The library's front door: a catalogue (SQLite or PostgreSQL) with its full-text index.

    import legation
    cat = legation.open("legation.db")
    report = cat.ingest(["../shared/samples/seeds"])
    for hit in cat.search("northern territories").hits: ...
    record = cat.get("1976TOKYO12732")

The CLI and the web app are thin layers over this class.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from legation.cableids import canonicalize
from legation.errors import NotFoundError
from legation.index import TextIndex
from legation.ingest import IngestReport, ProgressFn, ingest_paths
from legation.model import Record
from legation.store import open_store
from legation.store.base import Store

DEFAULT_DB = "legation.db"


def resolve_db(db: str | None) -> str:
    """``--db`` beats ``LEGATION_DB`` beats ``./legation.db``."""
    return db or os.environ.get("LEGATION_DB") or DEFAULT_DB


def index_dir_for(url: str) -> Path:
    """The index lives beside the catalogue: ``legation.db`` -> ``legation.db.index/``.

    For a PostgreSQL catalogue each serving machine keeps its own index
    directory, named by ``LEGATION_INDEX`` (default ``./legation-pg.index``).
    """
    if url.startswith(("postgresql://", "postgres://")):
        return Path(os.environ.get("LEGATION_INDEX", "legation-pg.index"))
    path = url.removeprefix("sqlite:///").removeprefix("sqlite://")
    return Path(path + ".index")


class Catalogue:
    """A catalogue plus its derived full-text index, kept in step."""

    def __init__(self, db: str | None = None) -> None:
        self.url = resolve_db(db)
        self.store: Store = open_store(self.url)
        self._index: TextIndex | None = None

    # -- lifecycle ---------------------------------------------------------
    def close(self) -> None:
        self.store.close()
        if self._index is not None:
            self._index.close()
            self._index = None

    def __enter__(self) -> Catalogue:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # -- index -------------------------------------------------------------
    @property
    def index(self) -> TextIndex:
        """The full-text index, opened (or created) and caught up with the catalogue."""
        if self._index is None:
            self._index = TextIndex.open(index_dir_for(self.url), create=True)
            self._index.sync(self.store)
        return self._index

    def sync_index(self) -> int:
        """Apply catalogue changes the index has not seen; returns how many were applied."""
        return self.index.sync(self.store)

    def reindex(self) -> int:
        """Rebuild the index from the catalogue; returns the number of records indexed."""
        return self.index.rebuild(self.store)

    # -- writing -----------------------------------------------------------
    def ingest(self, paths: Sequence[str], *, fmt: str | None = None,
               progress: ProgressFn | None = None) -> IngestReport:
        report = ingest_paths(paths, self.store, fmt=fmt, progress=progress)
        self.sync_index()
        return report

    # -- reading -----------------------------------------------------------
    def get(self, record_id: str) -> Record:
        """A record by id, canonical id or alias (``76TOKYO12732`` finds ``1976TOKYO12732``)."""
        for candidate in dict.fromkeys([record_id, record_id.strip(), canonicalize(record_id)]):
            rec = self.store.get(candidate)
            if rec is not None:
                return rec
        found = self.store.find_alias(record_id.strip()) if hasattr(self.store, "find_alias") else None
        if found is not None:
            return found
        raise NotFoundError(f"no record with id {record_id!r} in {self.url}")

    def search(self, query: str, *, limit: int = 20, offset: int = 0) -> Any:
        return self.index.search(query, limit=limit, offset=offset)

    def stats(self) -> dict[str, Any]:
        data = dict(self.store.stats())
        data["catalogue"] = self.url
        data["index"] = {"path": str(index_dir_for(self.url)), "last_seq": self.index.last_seq(),
                         "catalogue_seq": self.store.last_seq()}
        return data


def open(db: str | None = None) -> Catalogue:  # noqa: A001 - the documented library entry point
    """Open (creating if needed) the catalogue at ``db`` (a path or a ``postgresql://`` URL)."""
    return Catalogue(db)


def ingest(paths: Sequence[str], *, db: str | None = None, fmt: str | None = None) -> IngestReport:
    """Ingest ``paths`` into the catalogue at ``db`` and bring its index up to date."""
    with Catalogue(db) as cat:
        return cat.ingest(paths, fmt=fmt)
