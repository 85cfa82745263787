"""Helpers the PostgreSQL catalogue tests share (a module of its own: ``conftest`` names clash)."""

from __future__ import annotations

from legation.model import Record

PG_ENV = "LEGATION_TEST_PG"


def rec(id: str, **kw: object) -> Record:
    kw.setdefault("subject", f"Subject of {id}")
    kw.setdefault("text", f"Body text of {id}.")
    return Record(id=id, **kw)


def with_schema(url: str, schema: str) -> str:
    """``url`` with ``search_path`` set to ``schema`` (libpq's ``options`` URI parameter)."""
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
