"""Every search limit, in one table.

``LIBRARY`` bounds the Python API and the CLI; ``API`` bounds the public
server (the JSON API and the pages), which may only be tighter; the page size
(:data:`MAX_PAGE_SIZE`) is one value for both, so a query pages alike everywhere.  The query's
own bounds (length, clauses, nesting depth) belong to the parser
(:mod:`legation.query.parser`) and are repeated here so one table shows them
all; nothing else defines a limit.
"""

from __future__ import annotations

from dataclasses import dataclass

from legation.query.parser import MAX_CLAUSES, MAX_DEPTH, MAX_QUERY_LENGTH


@dataclass(frozen=True)
class Limits:
    """Bounds for one kind of caller."""

    name: str
    max_limit: int  # results per page (0 is allowed: totals and facets only)
    max_offset: int  # how far into the results a page may start
    max_facet_values: int  # values per facet a caller may ask for
    default_limit: int = 20
    default_facet_values: int = 20
    max_query_length: int = MAX_QUERY_LENGTH
    max_clauses: int = MAX_CLAUSES
    max_depth: int = MAX_DEPTH


#: Results per page, at most: the same for the Python API, the CLI (``--limit``) and the JSON API (``limit``).
MAX_PAGE_SIZE = 1000
LIBRARY = Limits("library", max_limit=MAX_PAGE_SIZE, max_offset=10_000_000, max_facet_values=1000)
API = Limits("api", max_limit=MAX_PAGE_SIZE, max_offset=10_000, max_facet_values=400, default_facet_values=12)
#: The search page: 20 hits a page, 12 values per sidebar facet, every year of the histogram.
PAGE_SIZE = 20
SIDEBAR_VALUES = 12
HISTOGRAM_VALUES = API.max_facet_values
SORTS: tuple[str, ...] = ("relevance", "date", "-date")
