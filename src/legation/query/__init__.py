"""The query language: an AST (:mod:`legation.query.ast`) and its parser (:mod:`legation.query.parser`).

    words  "exact phrase"  AND  OR  NOT  -word  ( ... )  prefix*
    from:TOKYO  to:MOSCOW  tag:PFOR  person:brezhnev  place:sakhalin  org:keidanren
    class:confidential  collection:wilson  kind:memcon  id:1976TOKYO*  subject:"northern territories"
    signer:shoesmith  date:1973-10-09  date:1973..1976  date:>=1975-01  year:1976  year:1973..1975

``parse(text)`` gives the AST or raises :class:`~legation.errors.QueryError`
with the column; ``to_text(ast)`` prints it back; ``describe(ast)`` says it
in plain words.  Nothing here imports the index or the search layer: they
import this.
"""

from __future__ import annotations

from legation.query.ast import (
    DATE_FIELDS,
    FIELD_ALIASES,
    FIELDS,
    And,
    DateRange,
    MatchAll,
    Node,
    Not,
    Or,
    Phrase,
    Term,
    clause,
    conjoin,
    conjuncts,
    depth,
    describe,
    to_text,
)
from legation.query.parser import MAX_CLAUSES, MAX_DEPTH, MAX_QUERY_LENGTH, Token, parse, parse_date_value, tokenize

__all__ = [
    "DATE_FIELDS",
    "FIELDS",
    "FIELD_ALIASES",
    "MAX_CLAUSES",
    "MAX_DEPTH",
    "MAX_QUERY_LENGTH",
    "And",
    "DateRange",
    "MatchAll",
    "Node",
    "Not",
    "Or",
    "Phrase",
    "Term",
    "Token",
    "clause",
    "conjoin",
    "conjuncts",
    "depth",
    "describe",
    "parse",
    "parse_date_value",
    "to_text",
    "tokenize",
]
