"""Fixtures for the PostgreSQL catalogue tests: the same as the store contract suite's (tests/store/backends.py).

``pg_url`` is a fresh schema in ``LEGATION_TEST_PG`` (skipped when unset, failed under ``CI=true``),
``pg`` a store there, ``pg_sql`` a plain connection to it, ``store`` / ``peek`` either backend.
"""

from tests.store.backends import peek, pg, pg_base, pg_sql, pg_url, store, target

__all__ = ["peek", "pg", "pg_base", "pg_sql", "pg_url", "store", "target"]
