"""The store tests' fixtures: see :mod:`tests.store.backends`."""

from tests.store.backends import peek, pg, pg_base, pg_sql, pg_url, store, target

__all__ = ["peek", "pg", "pg_base", "pg_sql", "pg_url", "store", "target"]
