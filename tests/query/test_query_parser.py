"""The query language parser: each construct, errors with columns, property tests."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from legation.errors import QueryError
from legation.query import (
    And,
    DateRange,
    MatchAll,
    Node,
    Not,
    Or,
    Phrase,
    Term,
    describe,
    parse,
    to_text,
)


@pytest.mark.parametrize(("q", "ast"), [
    ("", MatchAll()),
    ("brezhnev", Term("brezhnev")),
    ("brezhnev tanaka", And((Term("brezhnev"), Term("tanaka")))),
    ("brezhnev AND tanaka", And((Term("brezhnev"), Term("tanaka")))),
    ("brezhnev OR tanaka", Or((Term("brezhnev"), Term("tanaka")))),
    ("a b OR c", Or((And((Term("a"), Term("b"))), Term("c")))),
    ("a (b OR c)", And((Term("a"), Or((Term("b"), Term("c")))))),
    ('"northern territories"', Phrase("northern territories")),
    ('"  northern   territories "', Phrase("northern territories")),
    ('"kurils"', Term("kurils")),
    ("NOT gromyko", Not(Term("gromyko"))),
    ("brezhnev -gromyko", And((Term("brezhnev"), Not(Term("gromyko"))))),
    ("brezh*", Term("brezh", prefix=True)),
    ("from:TOKYO to:MOSCOW", And((Term("TOKYO", "from"), Term("MOSCOW", "to")))),
    ("tag:PFOR", Term("PFOR", "tag")),
    ("tags:PFOR", Term("PFOR", "tag")),
    ("person:brezhnev place:sakhalin", And((Term("brezhnev", "person"), Term("sakhalin", "place")))),
    ("class:confidential collection:wilson kind:memcon",
     And((Term("confidential", "class"), Term("wilson", "collection"), Term("memcon", "kind")))),
    ("id:1976TOKYO*", Term("1976TOKYO", "id", prefix=True)),
    ('subject:"northern territories"', Phrase("northern territories", "subject")),
    ("date:1973-10-09", DateRange("date", "1973-10-09", "1973-10-09", "1973-10-09")),
    ("date:1973..1976", DateRange("date", "1973-01-01", "1976-12-31", "1973..1976")),
    ("date:>=1975-01", DateRange("date", "1975-01-01", "", ">=1975-01")),
    ("date:<1975", DateRange("date", "", "1974-12-31", "<1975")),
    ("date:>1976-02", DateRange("date", "1976-03-01", "", ">1976-02")),
    ("date:<=1976-02", DateRange("date", "", "1976-02-29", "<=1976-02")),
    ("year:1976", DateRange("year", "1976-01-01", "1976-12-31", "1976")),
    ("date:1975..", DateRange("date", "1975-01-01", "", "1975..")),
])
def test_constructs(q: str, ast: Node) -> None:
    assert parse(q) == ast


@pytest.mark.parametrize(("q", "message", "column"), [
    ("brezhnev)", "unexpected ')'", 8),
    ("(brezhnev", "unclosed '('", 0),
    ('"northern territories', "unclosed quote", 0),
    ("foo:bar", "unknown field 'foo:'", 0),
    ("tag:", "'tag:' needs a value", 0),
    ("a OR", "OR needs something after it", 2),
    ("AND a", "AND needs something before it", 0),
    ("date:1976-13", "month 13 is out of range", 5),
    ("date:soon", "'soon' is not a date", 5),
    ("date:1977..1975", "ends before it starts", 5),
    ("b*r", "a wildcard may only end a word", 1),
    ("()", "empty parentheses", 1),
    ("x" * 1001, "the limit is 1000", 1000),
    ("date:9999", "year 9999 is out of range", 5),
    ("date:>9999", "year 9999 is out of range", 6),
    ("year:>9999", "year 9999 is out of range", 6),
    ("date:0000-01", "year 0000 is out of range", 5),
    ("date:<0001", "no date can be < 0001", 5),
    ("date:..", "a date range needs a start, an end or both", 5),
    ("year:..", "a date range needs a start, an end or both", 5),
])
def test_errors_point_at_the_column(q: str, message: str, column: int) -> None:
    with pytest.raises(QueryError) as exc:
        parse(q)
    assert message in str(exc.value)
    assert exc.value.column == column
    assert f"at {column}" in str(exc.value)


def test_describe_in_plain_words() -> None:
    assert describe(parse('tag:PFOR date:1973..1976 "northern territories" -gromyko')) == (
        "TAGS code is PFOR and date from 1973-01-01 to 1976-12-31 and the phrase “northern territories” "
        "and not the word “gromyko”")


_word = st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,8}", fullmatch=True).filter(
    lambda w: w not in {"AND", "OR", "NOT"})
_field = st.sampled_from(["", "from", "to", "tag", "person", "place", "org", "class", "kind", "id", "subject"])
_leaf = st.one_of(
    st.builds(lambda w, f, p: Term(w, f, p and len(w) >= 2), _word, _field, st.booleans()),
    st.builds(lambda a, b, f: Phrase(f"{a} {b}", f), _word, _word, _field),
    st.builds(lambda y1, y2: DateRange("date", f"{min(y1, y2)}-01-01", f"{max(y1, y2)}-12-31"),
              st.integers(1945, 2010), st.integers(1945, 2010)),
)


def _flat(cls: type, items: list[Node]) -> Node:
    out: list[Node] = []
    for i in items:
        out.extend(i.items if isinstance(i, cls) else [i])  # type: ignore[attr-defined]
    return cls(tuple(out))


_tree = st.recursive(
    _leaf,
    lambda kids: st.one_of(
        st.builds(Not, kids.filter(lambda k: not isinstance(k, Not))),
        st.builds(lambda xs: _flat(And, xs), st.lists(kids, min_size=2, max_size=3)),
        st.builds(lambda xs: _flat(Or, xs), st.lists(kids, min_size=2, max_size=3)),
    ),
    max_leaves=8,
)


def _normal(node: Node) -> Node:
    if isinstance(node, DateRange):
        return DateRange(node.field, node.start, node.end)
    if isinstance(node, Not):
        return Not(_normal(node.item))
    if isinstance(node, And | Or):
        return type(node)(tuple(_normal(i) for i in node.items))
    return node


@given(_tree)
@settings(max_examples=300)
def test_round_trip(ast: Node) -> None:
    assert _normal(parse(to_text(ast))) == _normal(ast)


@given(st.text(max_size=80))
@settings(max_examples=500)
def test_random_text_never_crashes(text: str) -> None:
    try:
        node = parse(text)
    except QueryError as exc:
        assert exc.column is not None
        return
    describe(node)


@given(st.lists(st.sampled_from(['a', 'b', '"', '(', ')', '-', '*', 'AND', 'OR', 'NOT', 'tag:', 'date:',
                                 '1975', '..', ':', ' ', 'x*', '>=']), max_size=12))
@settings(max_examples=500)
def test_random_syntax_soup_never_crashes(parts: list[str]) -> None:
    with contextlib.suppress(QueryError):
        parse(" ".join(parts))
