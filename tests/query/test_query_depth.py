"""Nesting is bounded: deep or unbalanced input gives a QueryError with a column, never another exception."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from legation.errors import QueryError
from legation.query import MAX_DEPTH, And, Not, Or, Phrase, Term, clause, depth, parse, to_text


@pytest.mark.parametrize("q", [
    "(" * 250 + "a" + ")" * 250,
    "(" * 400 + "a",
    "NOT " * 240 + "a",
    "(NOT " * 150 + "a" + ")" * 150,
    "(a OR (" * 80 + "b" + "))" * 80,
])
def test_deep_nesting_is_a_query_error_with_a_column(q: str) -> None:
    with pytest.raises(QueryError) as exc:
        parse(q)
    assert "nests too deeply" in exc.value.message
    assert exc.value.column is not None and 0 <= exc.value.column < len(q)


def test_the_limit_itself_parses() -> None:
    ok = "(" * MAX_DEPTH + "a" + ")" * MAX_DEPTH
    assert parse(ok) == Term("a")
    with pytest.raises(QueryError) as exc:
        parse("(" + ok + ")")
    assert exc.value.column == MAX_DEPTH  # the opening bracket one level too deep


def test_depth_of_an_ast() -> None:
    assert depth(Term("a")) == 0
    assert depth(Not(And((Term("a"), Or((Term("b"), Term("c"))))))) == 3


def test_non_text_is_a_query_error() -> None:
    with pytest.raises(QueryError):
        parse(None)  # type: ignore[arg-type]


@given(st.lists(st.sampled_from(["(", ")", "NOT ", "-", "a", " ", '"', "OR ", "tag:", "x*"]), max_size=400))
@settings(max_examples=300, deadline=None)
def test_unbalanced_and_deep_soup_raises_only_query_errors(parts: list[str]) -> None:
    try:
        parse("".join(parts))
    except QueryError as exc:
        assert exc.column is not None


@given(st.integers(1, 400), st.integers(0, 400), st.sampled_from(["(", "(NOT ", "NOT (", "(-"]))
@settings(max_examples=200, deadline=None)
def test_any_depth_of_opening_brackets(opened: int, closed: int, opener: str) -> None:
    q = (opener * opened + "a" + ")" * closed)[:1000]
    try:
        parse(q)
    except QueryError as exc:
        assert exc.column is not None


@pytest.mark.parametrize(("field", "value", "node"), [
    ("tag", "PFOR", Term("PFOR", "tag")),
    ("to", "HONG KONG", Phrase("HONG KONG", "to")),
    ("from", 'USUN "NEW" YORK', Phrase("USUN NEW YORK", "from")),
    ("class", "OR", Term("OR", "class")),
    ("to", "(ROME)", Term("(ROME)", "to")),
    ("kind", "-memo", Term("-memo", "kind")),
    ("tag", "a:b", Term("a:b", "tag")),
    ("from", "x*y?", Term("x*y?", "from")),
])
def test_clauses_for_any_facet_value_round_trip(field: str, value: str, node: object) -> None:
    built = clause(field, value)
    assert built == node
    assert parse(to_text(built)) == built
    assert parse(to_text(And((Term("soviet"), built)))) == And((Term("soviet"), built))


@given(st.text(max_size=60))
@settings(max_examples=600, deadline=None)
def test_whatever_parses_prints_back_to_the_same_ast(text: str) -> None:
    try:
        ast = parse(text)
    except QueryError:
        return
    assert parse(to_text(ast)) == ast


_soup = st.lists(st.sampled_from(["a", "bb", "tag:", "to:", "year:", "date:", "1975", "1975..1977", ">=1975-02",
                                  '"', "(", ")", "NOT", "-", "OR", "AND", " ", "x*", "\u00a0", "\x0b", "é", ":"]),
                 max_size=14).map(" ".join)


@given(_soup)
@settings(max_examples=600, deadline=None)
def test_query_soup_that_parses_prints_back_to_the_same_ast(text: str) -> None:
    try:
        ast = parse(text)
    except QueryError:
        return
    assert parse(to_text(ast)) == ast


@given(st.sampled_from(["tag", "to", "from", "class", "kind", "collection", "person"]),
       st.text(min_size=1, max_size=30).filter(lambda v: v.replace('"', " ").split()))
@settings(max_examples=800, deadline=None)
def test_any_facet_value_makes_a_clause_that_round_trips(field: str, value: str) -> None:
    node = clause(field, value)
    assert parse(to_text(node)) == node
    assert parse(to_text(And((Term("soviet"), Not(Term("x")), node)))) == And((Term("soviet"), Not(Term("x")), node))



def test_lone_surrogate_in_a_cli_query_is_searched_not_a_crash(tmp_path: object) -> None:
    """Found by bench/fuzz: a query holding a lone surrogate made the CLI fail with [L999]."""
    from typer.testing import CliRunner

    from legation.cli import _clean_argv

    assert _clean_argv(["search", "\ud800da!te:..96", "--db", "x\udcff.db"]) == ["search", "?da!te:..96", "--db", "x\udcff.db"]
    r = CliRunner().invoke(__import__("legation.cli", fromlist=["app"]).app,
                           ["search", _clean_argv(["\ud800da!te:..96"])[0], "--db", str(tmp_path) + "/none.db"])
    assert "L999" not in r.output
