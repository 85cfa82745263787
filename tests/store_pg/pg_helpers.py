"""Helpers the PostgreSQL catalogue tests share (kept for ``from pg_helpers import ...``; they live in backends.py)."""

from tests.store.backends import PG_ENV, rec, with_schema

__all__ = ["PG_ENV", "rec", "with_schema"]
