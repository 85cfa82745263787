"""The query language parser: one parser for every backend.

    words  "exact phrase"  AND  OR  NOT  -word  ( ... )  prefix*
    from:TOKYO  to:MOSCOW  tag:PFOR  person:brezhnev  place:sakhalin  org:keidanren
    class:confidential  collection:wilson  kind:memcon  id:1976TOKYO*  subject:"northern territories"
    signer:shoesmith  date:1973-10-09  date:1973..1976  date:>=1975-01  year:1976  year:1973..1975

``parse(text)`` returns an AST (:mod:`legation.query.ast`) or raises
:class:`~legation.errors.QueryError` pointing at the column of the problem,
and nothing else, whatever the input: the length, the number of clauses
(:data:`MAX_CLAUSES`) and the nesting depth (:data:`MAX_DEPTH`) are bounded
before any recursion could run deep.  Backends compile
the AST themselves (the tantivy index builds query objects from it; no user
text is ever pasted into another query syntax).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from legation.errors import QueryError
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
)

MAX_QUERY_LENGTH = 1000
MAX_CLAUSES = 64
#: How deeply groups may nest: each ``(`` and each ``NOT`` / ``-`` opens a level.
MAX_DEPTH = 32


# -- tokens -------------------------------------------------------------------
@dataclass
class Token:
    kind: str  # WORD, PHRASE, LPAREN, RPAREN, AND, OR, NOT, MINUS, FIELD
    value: str
    col: int


_WORD_STOP = set('()"')  # and any whitespace (str.isspace), so every word prints back as itself


def _stops(ch: str) -> bool:
    return ch in _WORD_STOP or ch.isspace()


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch == "(":
            tokens.append(Token("LPAREN", ch, i))
            i += 1
            continue
        if ch == ")":
            tokens.append(Token("RPAREN", ch, i))
            i += 1
            continue
        if ch == '"':
            end = text.find('"', i + 1)
            if end < 0:
                raise QueryError("unclosed quote", column=i, query=text)
            tokens.append(Token("PHRASE", text[i + 1:end], i))
            i = end + 1
            continue
        if ch == "-" and i + 1 < n and not _stops(text[i + 1]) and (not tokens or i == 0 or text[i - 1] == "("
                                                                  or text[i - 1].isspace()):
            tokens.append(Token("MINUS", ch, i))
            i += 1
            continue
        start = i
        while i < n and not _stops(text[i]):
            i += 1
        word = text[start:i]
        m = re.match(r"^([A-Za-z_]+):(.*)$", word)
        if m:
            tokens.append(Token("FIELD", m[1].lower(), start))
            rest = m[2]
            if rest:
                tokens.append(Token("WORD", rest, start + len(m[1]) + 1))
            continue
        if word in ("AND", "&&"):
            tokens.append(Token("AND", word, start))
        elif word in ("OR", "||"):
            tokens.append(Token("OR", word, start))
        elif word == "NOT":
            tokens.append(Token("NOT", word, start))
        else:
            tokens.append(Token("WORD", word, start))
    return tokens


# -- dates --------------------------------------------------------------------
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def _bounds(value: str, col: int, query: str) -> tuple[str, str]:
    """A partial ISO date -> (first day, last day) it covers."""
    m = _DATE.match(value)
    if not m:
        raise QueryError(f"'{value}' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)", column=col, query=query)
    y = int(m[1])
    if not 1 <= y <= 9998:
        raise QueryError(f"year {m[1]} is out of range in '{value}' (use 0001 to 9998)", column=col, query=query)
    if m[2] is None:
        return f"{y:04d}-01-01", f"{y:04d}-12-31"
    mo = int(m[2])
    if not 1 <= mo <= 12:
        raise QueryError(f"month {mo} is out of range in '{value}'", column=col, query=query)
    last = calendar.monthrange(y, mo)[1]
    if m[3] is None:
        return f"{y:04d}-{mo:02d}-01", f"{y:04d}-{mo:02d}-{last:02d}"
    d = int(m[3])
    if not 1 <= d <= last:
        raise QueryError(f"day {d} is out of range in '{value}'", column=col, query=query)
    iso = f"{y:04d}-{mo:02d}-{d:02d}"
    return iso, iso


def parse_date_value(fieldname: str, value: str, col: int, query: str) -> DateRange:
    v = value.strip()
    if fieldname == "year" and not re.match(r"^[<>=.\d]+$", v):
        raise QueryError(f"'{value}' is not a year", column=col, query=query)
    if ".." in v:
        lo, _, hi = v.partition("..")
        if not lo and not hi:
            raise QueryError("a date range needs a start, an end or both (1973..1976, 1975.., ..1976)",
                             column=col, query=query)
        start = _bounds(lo, col, query)[0] if lo else ""
        end = _bounds(hi, col + len(lo) + 2, query)[1] if hi else ""
        if start and end and start > end:
            raise QueryError(f"the range {value} ends before it starts", column=col, query=query)
        return DateRange(fieldname, start, end, value)
    for op in (">=", "<=", ">", "<"):
        if v.startswith(op):
            first, last = _bounds(v[len(op):], col + len(op), query)
            if op == ">=":
                return DateRange(fieldname, first, "", value)
            if op == "<=":
                return DateRange(fieldname, "", last, value)
            try:
                if op == ">":
                    return DateRange(fieldname, _next_day(last), "", value)
                return DateRange(fieldname, "", _prev_day(first), value)
            except OverflowError:
                raise QueryError(f"no date can be {op} {v[len(op):]}", column=col, query=query) from None
    first, last = _bounds(v, col, query)
    return DateRange(fieldname, first, last, value)


def _next_day(iso: str) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(iso) + timedelta(days=1)).isoformat()


def _prev_day(iso: str) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(iso) - timedelta(days=1)).isoformat()


# -- parser -------------------------------------------------------------------
class _Parser:
    def __init__(self, text: str, tokens: list[Token]) -> None:
        self.text = text
        self.tokens = tokens
        self.pos = 0
        self.clauses = 0
        self.depth = 0

    def enter(self, tok: Token) -> None:
        """Open one nesting level (a ``(`` or a ``NOT``); too many is an error at that token."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(f"the query nests too deeply (at most {MAX_DEPTH} levels of parentheses and NOT)",
                             tok.col)

    def peek(self) -> Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> Token:
        tok = self.tokens[self.pos]
        self.pos += 1
        return tok

    def error(self, message: str, col: int) -> QueryError:
        return QueryError(message, column=col, query=self.text)

    def parse(self) -> Node:
        if not self.tokens:
            return MatchAll()
        node = self.parse_or()
        tok = self.peek()
        if tok is not None:
            raise self.error(f"unexpected '{tok.value}'", tok.col)
        return node

    def parse_or(self) -> Node:
        items = [self.parse_and()]
        while (tok := self.peek()) is not None and tok.kind == "OR":
            self.take()
            if self.peek() is None or self.peek().kind in ("RPAREN", "OR", "AND"):  # type: ignore[union-attr]
                raise self.error("OR needs something after it", tok.col)
            items.append(self.parse_and())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def parse_and(self) -> Node:
        items = [self.parse_unary()]
        while (tok := self.peek()) is not None and tok.kind not in ("OR", "RPAREN"):
            if tok.kind == "AND":
                self.take()
                nxt = self.peek()
                if nxt is None or nxt.kind in ("RPAREN", "OR", "AND"):
                    raise self.error("AND needs something after it", tok.col)
            items.append(self.parse_unary())
        return items[0] if len(items) == 1 else And(tuple(items))

    def parse_unary(self) -> Node:
        tok = self.peek()
        if tok is None:
            raise self.error("the query ends too early", len(self.text))
        if tok.kind in ("NOT", "MINUS"):
            self.take()
            if self.peek() is None:
                raise self.error(f"{tok.value} needs something after it", tok.col)
            self.enter(tok)
            item = self.parse_unary()
            self.depth -= 1
            return Not(item)
        return self.parse_primary()

    def _count(self, col: int) -> None:
        self.clauses += 1
        if self.clauses > MAX_CLAUSES:
            raise self.error(f"too many clauses (at most {MAX_CLAUSES})", col)

    def parse_primary(self) -> Node:
        tok = self.take()
        if tok.kind == "LPAREN":
            if (nxt := self.peek()) is not None and nxt.kind == "RPAREN":
                raise self.error("empty parentheses", nxt.col)
            self.enter(tok)
            node = self.parse_or()
            close = self.peek()
            if close is None or close.kind != "RPAREN":
                raise self.error("unclosed '('", tok.col)
            self.take()
            self.depth -= 1
            return node
        if tok.kind == "RPAREN":
            raise self.error("unexpected ')'", tok.col)
        if tok.kind in ("AND", "OR"):
            raise self.error(f"{tok.value} needs something before it", tok.col)
        self._count(tok.col)
        if tok.kind == "PHRASE":
            return self._phrase(tok.value, "", tok.col)
        if tok.kind == "WORD":
            return self._word(tok.value, "", tok.col)
        if tok.kind == "FIELD":
            name = FIELD_ALIASES.get(tok.value, tok.value)
            if name not in FIELDS:
                known = ", ".join(sorted(FIELDS))
                raise self.error(f"unknown field '{tok.value}:' (known: {known})", tok.col)
            val = self.peek()
            if val is None or val.kind not in ("WORD", "PHRASE"):
                raise self.error(f"'{tok.value}:' needs a value", tok.col)
            self.take()
            if name in DATE_FIELDS:
                if val.kind == "PHRASE":
                    raise self.error(f"'{tok.value}:' takes a date, not a phrase", val.col)
                return parse_date_value(name, val.value, val.col, self.text)
            if val.kind == "PHRASE":
                return self._phrase(val.value, name, val.col)
            return self._word(val.value, name, val.col)
        raise self.error(f"unexpected '{tok.value}'", tok.col)

    def _phrase(self, text: str, fieldname: str, col: int) -> Node:
        words = text.split()
        if not words:
            raise self.error("empty phrase", col)
        if len(words) == 1:
            return Term(words[0], fieldname)
        return Phrase(" ".join(words), fieldname)

    def _word(self, text: str, fieldname: str, col: int) -> Node:
        fuzzy = fieldname == "fuzzy" or (text.startswith("~") and len(text) > 1)
        if fuzzy:
            fieldname = "" if fieldname == "fuzzy" else fieldname
            text = text[1:] if text.startswith("~") else text
            if "*" in text or "~" in text or len(text) < 3:
                raise self.error("a near-spelling word (~word) needs 3 or more letters and no wildcard", col)
            return Term(text, fieldname, fuzzy=True)
        prefix = text.endswith("*")
        core = text.rstrip("*")
        if "*" in core or "?" in core:
            raise self.error("a wildcard may only end a word (prefix*)", col + max(core.find("*"), core.find("?")))
        if not core:
            raise self.error("a lone '*' matches nothing; write a prefix such as brezh*", col)
        if prefix and len(core) < 2 and fieldname != "id":
            raise self.error("a prefix needs at least 2 letters", col)
        return Term(core, fieldname, prefix)


def parse(text: str) -> Node:
    """Parse a query; an empty query matches everything.  Raises only :class:`QueryError`."""
    if not isinstance(text, str):
        raise QueryError(f"the query must be text, not {type(text).__name__}")
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(f"the query is {len(text)} characters long; the limit is {MAX_QUERY_LENGTH}",
                         column=MAX_QUERY_LENGTH, query=text)
    try:
        return _Parser(text, tokenize(text)).parse()
    except RecursionError:  # not reachable within MAX_DEPTH; kept so no input can escape as a crash
        raise QueryError(f"the query nests too deeply (at most {MAX_DEPTH} levels)", column=0,
                         query=text) from None
