"""A small LRU of per-query results, valid for one index generation.

Exact totals, facet counts, compiled engine queries and snippet generators
are costly to recompute for a common term (every match is visited) but only
change when the index takes a new commit.  :class:`QueryCache` keeps them
keyed by ``(kind, canonical query text, ...)`` for one *generation* of the
index: the catalogue change seq the index holds, plus the stamp of its marker
file (so a rebuild at the same seq, or another process's commit, is a new
generation too).  The first lookup with another generation empties the cache.

Thread-safe; values are never mutated once stored.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")
Generation = tuple[int, Hashable]

#: Entries kept: a page of results touches at most ~12 (total, facets, generators, compiled query).
DEFAULT_SIZE = 512


class QueryCache:
    """LRU of values for one index generation; a new generation clears it."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self.size = size
        self._data: OrderedDict[Hashable, object] = OrderedDict()
        self._generation: Generation | None = None
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def _align(self, generation: Generation) -> None:
        if generation != self._generation:
            self._data.clear()
            self._generation = generation

    def get(self, generation: Generation, key: Hashable) -> object | None:
        """The value stored for ``key`` in this generation, or None."""
        with self._lock:
            self._align(generation)
            value = self._data.get(key)
            if value is None:
                self.misses += 1
                return None
            self._data.move_to_end(key)
            self.hits += 1
            return value

    def put(self, generation: Generation, key: Hashable, value: object) -> None:
        with self._lock:
            self._align(generation)
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.size:
                self._data.popitem(last=False)

    def get_or_make(self, generation: Generation, key: Hashable, make: Callable[[], T]) -> T:
        """The cached value, or ``make()`` stored under ``key``."""
        found = self.get(generation, key)
        if found is not None:
            return found  # type: ignore[return-value]
        value = make()
        self.put(generation, key, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self._generation = None

    def __len__(self) -> int:
        return len(self._data)
