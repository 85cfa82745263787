"""The query language: one parser for every backend.

    words  "exact phrase"  AND  OR  NOT  -word  ( ... )  prefix*
    from:TOKYO  to:MOSCOW  tag:PFOR  person:brezhnev  place:sakhalin  org:keidanren
    class:confidential  collection:wilson  kind:memcon  id:1976TOKYO*  subject:"northern territories"
    signer:shoesmith  date:1973-10-09  date:1973..1976  date:>=1975-01  year:1976  year:1973..1975

``parse(text)`` returns an AST (the dataclasses below) or raises
:class:`~legation.errors.QueryError` pointing at the column of the problem.
``describe(ast)`` says in plain words what was searched.  Backends compile
the AST themselves (the tantivy index builds query objects from it; no user
text is ever pasted into another query syntax).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field

from legation.errors import QueryError

MAX_QUERY_LENGTH = 1000
MAX_CLAUSES = 64

# Field name -> what it searches (for the description and the error message).
FIELDS: dict[str, str] = {
    "from": "originator",
    "to": "addressee",
    "tag": "TAGS code",
    "person": "person",
    "place": "place",
    "org": "organisation",
    "class": "classification",
    "collection": "collection",
    "kind": "kind",
    "id": "id",
    "subject": "subject or title",
    "title": "subject or title",
    "signer": "signer",
    "date": "date",
    "year": "year",
    "text": "text",
}
FIELD_ALIASES = {"classification": "class", "tags": "tag", "subj": "subject", "people": "person"}
DATE_FIELDS = {"date", "year"}


# -- AST ----------------------------------------------------------------------
@dataclass(frozen=True)
class Term:
    text: str
    field: str = ""
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    text: str
    field: str = ""


@dataclass(frozen=True)
class DateRange:
    """Inclusive ISO date bounds; an empty bound is open."""

    field: str
    start: str = ""
    end: str = ""
    label: str = ""


@dataclass(frozen=True)
class Not:
    item: Node


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class MatchAll:
    pass


Node = Term | Phrase | DateRange | Not | And | Or | MatchAll


# -- tokens -------------------------------------------------------------------
@dataclass
class Token:
    kind: str  # WORD, PHRASE, LPAREN, RPAREN, AND, OR, NOT, MINUS, FIELD
    value: str
    col: int


_WORD_STOP = set(' \t\r\n()"')


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
        if ch == "-" and i + 1 < n and text[i + 1] not in _WORD_STOP and (not tokens or text[i - 1] in " \t(" or i == 0):
            tokens.append(Token("MINUS", ch, i))
            i += 1
            continue
        start = i
        while i < n and text[i] not in _WORD_STOP:
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
            return Not(self.parse_unary())
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
            node = self.parse_or()
            close = self.peek()
            if close is None or close.kind != "RPAREN":
                raise self.error("unclosed '('", tok.col)
            self.take()
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
    """Parse a query; an empty query matches everything."""
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(f"the query is {len(text)} characters long; the limit is {MAX_QUERY_LENGTH}",
                         column=MAX_QUERY_LENGTH, query=text)
    return _Parser(text, tokenize(text)).parse()


def describe(node: Node) -> str:
    """The query in plain words, for the page and the CLI."""
    if isinstance(node, MatchAll):
        return "everything"
    if isinstance(node, Term):
        what = f"{node.text}…" if node.prefix else node.text
        if node.field:
            verb = "starts with" if node.prefix else "is"
            return f"{FIELDS[node.field]} {verb} {node.text if node.prefix else what}"
        return f"words starting with “{node.text}”" if node.prefix else f"the word “{what}”"
    if isinstance(node, Phrase):
        if node.field:
            return f"{FIELDS[node.field]} has the phrase “{node.text}”"
        return f"the phrase “{node.text}”"
    if isinstance(node, DateRange):
        if node.start and node.end:
            if node.start == node.end:
                return f"{FIELDS[node.field]} {node.start}"
            return f"{FIELDS[node.field]} from {node.start} to {node.end}"
        if node.start:
            return f"{FIELDS[node.field]} on or after {node.start}"
        return f"{FIELDS[node.field]} on or before {node.end}"
    if isinstance(node, Not):
        return f"not {describe(node.item)}"
    if isinstance(node, And):
        return " and ".join(_wrap(i) for i in node.items)
    if isinstance(node, Or):
        return " or ".join(_wrap(i) for i in node.items)
    raise TypeError(node)


def _wrap(node: Node) -> str:
    text = describe(node)
    return f"({text})" if isinstance(node, And | Or) else text


def to_text(node: Node) -> str:
    """Serialise an AST back to query syntax (parse(to_text(ast)) == ast)."""
    if isinstance(node, MatchAll):
        return ""
    if isinstance(node, Term):
        pre = f"{node.field}:" if node.field else ""
        return f"{pre}{node.text}{'*' if node.prefix else ''}"
    if isinstance(node, Phrase):
        pre = f"{node.field}:" if node.field else ""
        return f'{pre}"{node.text}"'
    if isinstance(node, DateRange):
        return f"{node.field}:{node.start}..{node.end}"
    if isinstance(node, Not):
        return f"NOT {_paren(node.item)}"
    if isinstance(node, And):
        return " AND ".join(_paren(i) for i in node.items)
    if isinstance(node, Or):
        return " OR ".join(_paren(i) for i in node.items)
    raise TypeError(node)


def _paren(node: Node) -> str:
    text = to_text(node)
    return f"({text})" if isinstance(node, And | Or) else text
