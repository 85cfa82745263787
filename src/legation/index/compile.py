"""Compile a query AST (:mod:`legation.query.ast`) into tantivy query objects.

No user text is pasted into tantivy's own query syntax: every clause is
built with ``tantivy.Query`` constructors from tokens that went through the
index's analyzer, so no input can make the engine's parser fail.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import tantivy

from legation.cableids import canonicalize
from legation.query.ast import And, DateRange, MatchAll, Node, Not, Or, Phrase, Term

DATE_MIN = dt.datetime(1678, 1, 1, tzinfo=dt.UTC)
DATE_MAX = dt.datetime(2262, 1, 1, tzinfo=dt.UTC)

def _edits(token: str) -> int:
    """How far a near spelling may be: 0 edits up to 3 letters, 1 up to 7, else 2."""
    n = len(token)
    return 0 if n <= 3 else 1 if n <= 7 else 2


# Unfielded words search these fields, with these boosts (subject/title above body).
TEXT_FIELDS: dict[str, float] = {"title": 3.0, "subject": 3.0, "summary": 1.5, "meta": 1.2, "text": 1.0}

# Query-language field -> index fields (all tokenized with the legation analyzer).
TOKEN_FIELDS: dict[str, list[str]] = {
    "from": ["from_text"],
    "to": ["to_text"],
    "person": ["person"],
    "place": ["place"],
    "org": ["org"],
    "country": ["country"],
    "signer": ["signer"],
    "subject": ["title", "subject"],
    "title": ["title", "subject"],
    "text": ["text"],
    "class": ["class_text"],
}
# Query-language field -> (raw index field, how to normalise the value).
RAW_FIELDS: dict[str, tuple[str, Callable[[str], str]]] = {
    "tag": ("tags", str.upper),
    "collection": ("collection", str.lower),
    "kind": ("kind", str.lower),
}


class Compiler:
    """Turns AST nodes into ``tantivy.Query`` for one schema and analyzer."""

    def __init__(self, schema: tantivy.Schema, analyze: Callable[[str], list[str]]) -> None:
        self.schema = schema
        self.analyze = analyze

    # -- entry ---------------------------------------------------------------
    def compile(self, node: Node) -> tantivy.Query:
        if isinstance(node, MatchAll):
            return tantivy.Query.all_query()
        if isinstance(node, Term):
            return self.term(node)
        if isinstance(node, Phrase):
            return self.phrase(node)
        if isinstance(node, DateRange):
            return self.date_range(node)
        if isinstance(node, Not):
            return tantivy.Query.boolean_query([
                (tantivy.Occur.Must, tantivy.Query.all_query()),
                (tantivy.Occur.MustNot, self.compile(node.item)),
            ])
        if isinstance(node, And):
            clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
            for item in node.items:
                if isinstance(item, Not):
                    clauses.append((tantivy.Occur.MustNot, self.compile(item.item)))
                else:
                    clauses.append((tantivy.Occur.Must, self.compile(item)))
            if all(occ == tantivy.Occur.MustNot for occ, _ in clauses):
                clauses.append((tantivy.Occur.Must, tantivy.Query.all_query()))
            return tantivy.Query.boolean_query(clauses)
        if isinstance(node, Or):
            return tantivy.Query.boolean_query([(tantivy.Occur.Should, self.compile(i)) for i in node.items])
        raise TypeError(f"unknown query node {node!r}")

    # -- leaves --------------------------------------------------------------
    def _should(self, queries: list[tantivy.Query]) -> tantivy.Query:
        if not queries:
            return tantivy.Query.empty_query()
        if len(queries) == 1:
            return queries[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in queries])

    def _tokens_query(self, fieldname: str, tokens: list[str], prefix: bool) -> tantivy.Query:
        if not tokens:
            return tantivy.Query.empty_query()
        if prefix:
            if len(tokens) == 1:
                return tantivy.Query.regex_query(self.schema, fieldname, re.escape(tokens[0]) + ".*")
            return tantivy.Query.phrase_prefix_query(self.schema, fieldname, list[str | tuple[int, str]](tokens))
        if len(tokens) == 1:
            return tantivy.Query.term_query(self.schema, fieldname, tokens[0], index_option="position")
        return tantivy.Query.phrase_query(self.schema, fieldname, list[str | tuple[int, str]](tokens))

    def _text(self, fields: dict[str, float], text: str, prefix: bool) -> tantivy.Query:
        tokens = self.analyze(text)
        if not tokens:
            return tantivy.Query.empty_query()
        out = []
        for name, boost in fields.items():
            q = self._tokens_query(name, tokens, prefix)
            out.append(tantivy.Query.boost_query(q, boost) if boost != 1.0 else q)
        return self._should(out)

    def fuzzy(self, node: Term) -> tantivy.Query:
        """``~word``: each analysed token within an edit or two (by length: 0 up to 3 letters, 1 up to 7)."""
        fields = TEXT_FIELDS if not node.field else dict.fromkeys(TOKEN_FIELDS.get(node.field, ["text"]), 1.0)
        out = []
        for name, boost in fields.items():
            parts = [tantivy.Query.fuzzy_term_query(self.schema, name, tok, distance=_edits(tok),
                                                    transposition_cost_one=True)
                     for tok in self.analyze(node.text)]
            if not parts:
                continue
            q = parts[0] if len(parts) == 1 else tantivy.Query.boolean_query([(tantivy.Occur.Must, p) for p in parts])
            out.append(tantivy.Query.boost_query(q, boost) if boost != 1.0 else q)
        return self._should(out)

    def term(self, node: Term) -> tantivy.Query:
        if node.fuzzy and node.field not in RAW_FIELDS and node.field != "id":
            return self.fuzzy(node)
        if not node.field:
            return self._text(TEXT_FIELDS, node.text, node.prefix)
        if node.field == "id":
            return self.id_query(node.text, node.prefix)
        if node.field in RAW_FIELDS:
            name, norm = RAW_FIELDS[node.field]
            value = norm(node.text)
            if node.prefix:
                return tantivy.Query.regex_query(self.schema, name, re.escape(value) + ".*")
            return tantivy.Query.term_query(self.schema, name, value)
        return self._text(dict.fromkeys(TOKEN_FIELDS[node.field], 1.0), node.text, node.prefix)

    def phrase(self, node: Phrase) -> tantivy.Query:
        fields = TEXT_FIELDS if not node.field else dict.fromkeys(TOKEN_FIELDS.get(node.field, ["text"]), 1.0)
        if node.field in RAW_FIELDS:
            name, norm = RAW_FIELDS[node.field]
            return tantivy.Query.term_query(self.schema, name, norm(node.text))
        if node.field == "id":
            return self.id_query(node.text, False)
        return self._text(fields, node.text, False)

    def id_query(self, text: str, prefix: bool) -> tantivy.Query:
        value = text.strip().lower()
        if prefix:  # the id or any alias (76TOKYO* finds 1976TOKYO12732 through its cablegate alias)
            pattern = re.escape(value) + ".*"
            return self._should([tantivy.Query.regex_query(self.schema, "id_lc", pattern),
                                 tantivy.Query.regex_query(self.schema, "alias_lc", pattern)])
        values = dict.fromkeys([value, canonicalize(text).lower()])
        return self._should([tantivy.Query.term_query(self.schema, "id_lc", v) for v in values]
                            + [tantivy.Query.term_query(self.schema, "alias_lc", v) for v in values])

    def date_range(self, node: DateRange) -> tantivy.Query:
        if node.field == "year":
            lo_y = int(node.start[:4]) if node.start else None
            hi_y = int(node.end[:4]) if node.end else None
            return tantivy.Query.range_query(self.schema, "year", tantivy.FieldType.Integer, lo_y, hi_y)
        lo = dt.datetime.fromisoformat(node.start).replace(tzinfo=dt.UTC) if node.start else None
        hi = (dt.datetime.fromisoformat(node.end).replace(tzinfo=dt.UTC) + dt.timedelta(days=1)
              if node.end else None)
        # tantivy stores dates as nanoseconds since 1970 (1677..2262): clamp, and a range wholly
        # outside that span matches nothing (no diplomatic record is dated there).
        if (hi is not None and hi <= DATE_MIN) or (lo is not None and lo >= DATE_MAX):
            return tantivy.Query.empty_query()
        lo = max(lo, DATE_MIN) if lo is not None else DATE_MIN
        hi = min(hi, DATE_MAX) if hi is not None else DATE_MAX
        return tantivy.Query.range_query(self.schema, "date", tantivy.FieldType.Date, lo, hi,
                                         include_lower=True, include_upper=False)
