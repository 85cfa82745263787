"""Facet clauses added to and removed from a query, on its AST (never on its text).

A facet value is *active* when its clause is one of the query's top-level
conjuncts (``soviet tag:PFOR``); a clause under ``NOT`` or inside an ``OR``
group is not (``soviet NOT tag:PFOR`` does not narrow to PFOR).  Toggling an
active value removes every top-level copy of its clause; toggling any other
value adds the clause as one more conjunct.  The result is printed with the
round-trip serialiser :func:`legation.query.to_text`, so a link always
parses back to exactly the query plus or minus that clause.
"""

from __future__ import annotations

from legation.query import DateRange, Node, Phrase, Term, clause, conjoin, conjuncts, parse_date_value, to_text
from legation.search.facets import facet


def facet_node(name: str, value: str) -> Node:
    """The clause that narrows facet ``name`` to ``value``: ``tag:PFOR``, ``to:"HONG KONG"``, ``year:1976``."""
    f = facet(name)
    if f.integer or f.dates:
        text = value.strip()
        return parse_date_value(f.query_field, text, 0, text)
    return clause(f.query_field, value)


def _key(node: Node) -> object:
    """What two clauses must share to mean the same filter (facet values match case-insensitively)."""
    if isinstance(node, Term):
        return ("term", node.field, node.text.casefold(), node.prefix)
    if isinstance(node, Phrase):
        return ("phrase", node.field, node.text.casefold())
    if isinstance(node, DateRange):
        return ("dates", node.field, node.start, node.end)
    return node


def is_active(ast: Node, node: Node) -> bool:
    """Is ``node`` one of the conjuncts every hit of ``ast`` must match?"""
    key = _key(node)
    return any(_key(item) == key for item in conjuncts(ast))


def add(ast: Node, node: Node) -> Node:
    """``ast`` AND ``node`` (an ``OR`` query is kept whole as one conjunct)."""
    return conjoin([*conjuncts(ast), node])


def remove(ast: Node, node: Node) -> Node:
    """``ast`` without the top-level conjunct ``node`` (every copy)."""
    key = _key(node)
    return conjoin([item for item in conjuncts(ast) if _key(item) != key])


def toggle(ast: Node, node: Node) -> tuple[bool, Node]:
    """(was it active, the query with the clause removed if it was, else added)."""
    if is_active(ast, node):
        return True, remove(ast, node)
    return False, add(ast, node)


def toggle_text(ast: Node, node: Node) -> tuple[bool, str]:
    """:func:`toggle`, printed as query text."""
    active, edited = toggle(ast, node)
    return active, to_text(edited)


# -- the query's dates (the timeline) ---------------------------------------------------------------
def date_clauses(ast: Node) -> list[DateRange]:
    """The top-level date clauses (``date:…``, ``year:…``) every hit of ``ast`` must match."""
    return [item for item in conjuncts(ast) if isinstance(item, DateRange)]


def date_scope(ast: Node) -> tuple[str, str]:
    """(first day, last day) the top-level date clauses allow together; ``""`` for an open end."""
    start, end = "", ""
    for node in date_clauses(ast):
        if node.start and node.start > start:
            start = node.start
        if node.end and (not end or node.end < end):
            end = node.end
    return start, end


def date_node(value: str) -> DateRange:
    """The clause ``date:VALUE`` (``1977``, ``1977-09``, ``1977-09-03``, or a range ``1975..1977-03``, ``1975..``).
    Raises :class:`~legation.errors.QueryError` for a value that is not a date."""
    return parse_date_value("date", value, 0, value)


def set_dates(ast: Node, node: DateRange | None) -> Node:
    """``ast`` with its top-level date clauses replaced by ``node`` (or removed, with ``None``)."""
    kept: list[Node] = [item for item in conjuncts(ast) if not isinstance(item, DateRange)]
    return conjoin([*kept, node] if node is not None else kept)
