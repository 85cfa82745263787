"""One typed search request, validated once where it enters (the Python API, the CLI, the server).

:meth:`SearchRequest.build` checks every parameter against a
:class:`~legation.search.limits.Limits` row and parses the query once; the
parsed AST travels with the request, so nothing downstream parses it again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from legation.errors import QueryError
from legation.query import MatchAll, Node, parse
from legation.search.facets import BY_NAME, FACET_NAMES
from legation.search.limits import LIBRARY, SORTS, Limits


def check_int(name: str, value: object, low: int, high: int) -> int:
    """``value`` as an int in ``low..high``, else a QueryError naming the parameter and the range."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise QueryError(f"{name} must be a whole number from {low} to {high}")
    return value


def check_sort(sort: object) -> str:
    if sort not in SORTS:
        raise QueryError(f"cannot sort by {sort!r}; use one of {', '.join(SORTS)}")
    return str(sort)


def check_facets(names: Iterable[str] | None) -> tuple[str, ...]:
    """Facet names, each once, in the order given; repeated or comma-separated (``tags,from``)."""
    out: list[str] = []
    for raw in names or ():
        for name in str(raw).split(","):
            name = name.strip()
            if not name:
                continue
            if name not in BY_NAME:
                raise QueryError(f"unknown facet {name!r}; facets are {', '.join(FACET_NAMES)}")
            if name not in out:
                out.append(name)
    return tuple(out)


def check_query(query: object, limits: Limits = LIBRARY) -> Node:
    """Parse ``query`` (a QueryError with the column when it is malformed)."""
    if not isinstance(query, str):
        raise QueryError("the query must be text")
    if len(query) > limits.max_query_length:
        raise QueryError(f"the query is {len(query)} characters long; the limit is {limits.max_query_length}",
                         column=limits.max_query_length, query=query)
    return parse(query)


@dataclass(frozen=True)
class SearchRequest:
    """A validated search: the query text and its AST, one page of it, its order and the facets to count."""

    query: str = ""
    ast: Node = field(default_factory=MatchAll)
    limit: int = 20
    offset: int = 0
    sort: str = "relevance"
    facets: tuple[str, ...] = ()
    facet_limit: int = 20
    limits: Limits = LIBRARY

    @classmethod
    def build(cls, query: str = "", *, limit: int | None = None, offset: int = 0, sort: str = "relevance",
              facets: Iterable[str] | None = None, facet_limit: int | None = None,
              limits: Limits = LIBRARY) -> SearchRequest:
        """Check every parameter against ``limits`` and parse the query (the one parse of this request)."""
        limit = limits.default_limit if limit is None else limit
        facet_limit = limits.default_facet_values if facet_limit is None else facet_limit
        return cls(query=query, ast=check_query(query, limits),
                   limit=check_int("limit", limit, 0, limits.max_limit),
                   offset=check_int("offset", offset, 0, limits.max_offset),
                   sort=check_sort(sort), facets=check_facets(facets),
                   facet_limit=check_int("facet limit", facet_limit, 1, limits.max_facet_values),
                   limits=limits)

    def with_ast(self, ast: Node, query: str) -> SearchRequest:
        """The same request for another (already parsed) query: a facet edit, a histogram."""
        return replace(self, ast=ast, query=query)
