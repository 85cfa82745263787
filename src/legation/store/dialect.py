"""What differs between the SQL of SQLite and of PostgreSQL, and nothing else.

Statements in :mod:`legation.store.sql` are written once with ``?``
placeholders; :meth:`Dialect.q` gives each backend its own spelling.
``IN`` lists are the one shape that differs beyond that: SQLite binds one
parameter per value (in chunks below its parameter limit), PostgreSQL one
array (``= ANY(%s)``), see :meth:`Dialect.in_list`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Dialect:
    """One backend's SQL spelling."""

    name: str
    mark: str
    types: Mapping[str, str]
    #: The current time in SQL, as ``time`` columns keep it.
    now: str
    #: The SQL default of a ``time`` column (``None``: the writer always gives the time).
    time_default: str | None
    #: The most values one ``IN`` list binds (``0``: one array parameter, however many).
    chunk: int
    #: Whether keyed tables are made ``WITHOUT ROWID`` (SQLite's clustered storage).
    without_rowid: bool = False

    def q(self, statement: str) -> str:
        """``statement`` (written with ``?`` placeholders) in this dialect."""
        if self.mark == "?":
            return statement
        assert "%" not in statement, "a literal % would be read as a placeholder"
        return statement.replace("?", self.mark)

    def in_list(self, statement: str, values: Sequence[Any]) -> Iterator[tuple[str, list[Any]]]:
        """``statement`` with its ``{in_}`` filled for ``values``: ``(sql, params)``, one per chunk.

        ``statement`` holds ``{in_}`` once, after a column (``WHERE id {in_}``), and no other placeholder.
        """
        if not values:
            return
        if not self.chunk:
            yield self.q(statement.format(in_="= ANY(?)")), [list(values)]
            return
        for start in range(0, len(values), self.chunk):
            part = list(values[start:start + self.chunk])
            yield self.q(statement.format(in_=f"IN ({','.join('?' * len(part))})")), part


# "plain" is text never compared or sorted (no collation).
_SQLITE_TYPES = {"text": "TEXT", "plain": "TEXT", "int": "INTEGER", "seq": "INTEGER", "json": "TEXT", "time": "TEXT",
                 "serial": "INTEGER PRIMARY KEY AUTOINCREMENT"}
_POSTGRES_TYPES = {"text": 'TEXT COLLATE "C"', "plain": "TEXT", "int": "INTEGER", "seq": "BIGINT", "json": "JSONB",
                   "time": "TIMESTAMPTZ", "serial": "BIGSERIAL PRIMARY KEY"}

# SQLite's default limit on bound parameters is 999 on old builds; stay below it.
SQLITE = Dialect("sqlite", "?", _SQLITE_TYPES, now="strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')",
                 time_default=None, chunk=500, without_rowid=True)
# Every text column is COLLATE "C": ordering is by code point, as SQLite's binary collation.
POSTGRES = Dialect("postgres", "%s", _POSTGRES_TYPES, now="now()", time_default="now()", chunk=0)
