"""The search layer: the facet table, the limits table, one typed request, query edits and snippet marking.

    from legation.search import SearchRequest, FACETS, API
    request = SearchRequest.build("soviet", limit=20, facets=["tags"], limits=API)

The store (its facet columns), the index (its schema and facet fields), the
CLI, the JSON API and the pages all read the same :data:`FACETS` and
:class:`Limits`.  These modules import only the model and the query AST, so
the store and the index may import them; running a search is
:meth:`legation.catalogue.Catalogue.run`.
"""

from __future__ import annotations

from legation.search.edits import add, facet_node, is_active, remove, toggle, toggle_text
from legation.search.facets import (
    BY_NAME,
    FACET_NAMES,
    FACETS,
    SIDEBAR,
    Facet,
    facet,
    record_classification,
    sort_values,
    store_columns,
)
from legation.search.limits import (
    API,
    HISTOGRAM_VALUES,
    LIBRARY,
    MAX_PAGE_SIZE,
    PAGE_SIZE,
    SIDEBAR_VALUES,
    SORTS,
    Limits,
)
from legation.search.request import SearchRequest, check_facets, check_int, check_query, check_sort
from legation.search.snippets import clean_spans, render

__all__ = [
    "API",
    "BY_NAME",
    "FACETS",
    "FACET_NAMES",
    "HISTOGRAM_VALUES",
    "LIBRARY",
    "MAX_PAGE_SIZE",
    "PAGE_SIZE",
    "SIDEBAR",
    "SIDEBAR_VALUES",
    "SORTS",
    "Facet",
    "Limits",
    "SearchRequest",
    "add",
    "check_facets",
    "check_int",
    "check_query",
    "check_sort",
    "clean_spans",
    "facet",
    "facet_node",
    "is_active",
    "record_classification",
    "remove",
    "render",
    "sort_values",
    "store_columns",
    "toggle",
    "toggle_text",
]
