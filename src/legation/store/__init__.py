"""The catalogue: the source of truth for records, behind the :class:`Store` protocol.

``open_store(target)`` picks the backend from a path or URL:

- a file path, ``":memory:"`` or ``sqlite:///relative.db`` / ``sqlite:////abs/path.db``
  (SQLAlchemy's spelling) -> :class:`SQLiteStore`;
- ``postgresql://...`` / ``postgres://...`` -> :class:`~legation.store.postgres.PostgresStore`
  (psycopg is imported only then).
"""

from __future__ import annotations

import os
from pathlib import Path

from legation.errors import StoreError
from legation.store.base import (
    OP_DELETE,
    OP_NEW,
    OP_UPDATE,
    Change,
    SourceRow,
    Store,
    UpsertResult,
    UpsertStatus,
)
from legation.store.sqlite import SQLiteStore

__all__ = [
    "OP_DELETE",
    "OP_NEW",
    "OP_UPDATE",
    "Change",
    "SQLiteStore",
    "SourceRow",
    "Store",
    "UpsertResult",
    "UpsertStatus",
    "open_store",
    "sqlite_path",
]


def sqlite_path(target: str | os.PathLike[str]) -> str | None:
    """The SQLite file a target names, or None when it names another backend."""
    text = os.fspath(target)
    lowered = text.lower()
    if lowered.startswith("sqlite://"):
        rest = text[len("sqlite://"):]
        if not rest.startswith("/"):
            raise StoreError(f"an SQLite URL needs three slashes: sqlite:///{rest}", path=text)
        rest = rest[1:]
        if not rest:
            raise StoreError("the SQLite URL names no file", path=text)
        return rest
    if "://" in text:
        return None
    return text


def open_store(target: str | os.PathLike[str]) -> Store:
    """Open (creating if needed) the catalogue at ``target``: a path, ``sqlite:///...`` or ``postgresql://...``."""
    text = os.fspath(target)
    lowered = text.lower()
    if lowered.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        from legation.store.postgres import PostgresStore  # psycopg is loaded only for PostgreSQL users

        return PostgresStore(text)
    path = sqlite_path(text)
    if path is None:
        scheme = text.split("://", 1)[0]
        raise StoreError(f"unknown catalogue URL scheme {scheme!r}", path=text,
                         hint="use a file path, sqlite:///path or postgresql://...")
    if path != ":memory:" and Path(path).is_dir():
        raise StoreError("the catalogue path is a folder, not a file", path=path)
    return SQLiteStore(path)
