"""The query AST: node classes, the field vocabulary, plain-words descriptions and the round-trip serialiser.

A leaf module: it imports nothing from the rest of legation, so the parser, the index compiler and the search layer can all import it
without an import cycle.

``to_text(node)`` prints a node back in query syntax such that
``parse(to_text(node)) == node`` for every node the parser can produce, and
for the clause nodes the search layer builds itself (:func:`clause`): a
value that would not read back as one word is quoted.  The search page edits
queries on this AST (adding or removing a facet clause) and prints the
result with ``to_text``; it never edits query text as a string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Field name -> what it searches (for the description and the error message).
FIELDS: dict[str, str] = {
    "from": "originator",
    "to": "addressee",
    "tag": "TAGS code",
    "person": "person",
    "place": "place",
    "org": "organisation",
    "country": "country",
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
    "fuzzy": "near spellings",
}
FIELD_ALIASES = {"classification": "class", "tags": "tag", "subj": "subject", "people": "person"}
DATE_FIELDS = {"date", "year"}
KEYWORDS = frozenset({"AND", "OR", "NOT", "&&", "||"})


@dataclass(frozen=True)
class Term:
    text: str
    field: str = ""
    prefix: bool = False
    #: ``~word``: near spellings too (an edit or two, by length), for names and OCR (``~ployansky``)
    fuzzy: bool = False


@dataclass(frozen=True)
class Phrase:
    text: str
    field: str = ""


@dataclass(frozen=True)
class DateRange:
    """Inclusive ISO date bounds; an empty bound is open.  ``label`` is the value as written."""

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


# -- building clauses ----------------------------------------------------------------
def clause(fieldname: str, value: str) -> Node:
    """The node that narrows ``fieldname`` to ``value`` exactly as the parser reads ``fieldname:"value"``.

    Quotes in the value are dropped (a phrase cannot hold them); several words become a
    :class:`Phrase`, one word a :class:`Term`.
    """
    words = value.replace('"', " ").split()
    if not words:
        raise ValueError(f"an empty value for {fieldname!r}")
    if len(words) == 1:
        return Term(words[0], fieldname)
    return Phrase(" ".join(words), fieldname)


def conjuncts(node: Node) -> tuple[Node, ...]:
    """The items that must all match: an ``And``'s items, nothing for ``MatchAll``, else the node itself."""
    if isinstance(node, MatchAll):
        return ()
    if isinstance(node, And):
        return node.items
    return (node,)


def conjoin(items: tuple[Node, ...] | list[Node]) -> Node:
    """``And`` of ``items`` (flattening nested ``And``s); one item is itself, none is ``MatchAll``."""
    flat: list[Node] = []
    for item in items:
        flat.extend(conjuncts(item))
    if not flat:
        return MatchAll()
    if len(flat) == 1:
        return flat[0]
    return And(tuple(flat))


def depth(node: Node) -> int:
    """Nesting depth of groups (``And``/``Or``) and ``Not`` in ``node``; a leaf is 0."""
    stack: list[tuple[Node, int]] = [(node, 0)]
    deepest = 0
    while stack:
        current, d = stack.pop()
        deepest = max(deepest, d)
        if isinstance(current, Not):
            stack.append((current.item, d + 1))
        elif isinstance(current, And | Or):
            stack.extend((i, d + 1) for i in current.items)
    return deepest


# -- plain words ------------------------------------------------------------------------
def describe(node: Node) -> str:
    """The query in plain words, for the page and the CLI."""
    if isinstance(node, MatchAll):
        return "everything"
    if isinstance(node, Term):
        return _describe_term(node)
    if isinstance(node, Phrase):
        if node.field:
            return f"{FIELDS[node.field]} has the phrase “{node.text}”"
        return f"the phrase “{node.text}”"
    if isinstance(node, DateRange):
        return _describe_dates(node)
    if isinstance(node, Not):
        return f"not {describe(node.item)}"
    if isinstance(node, And):
        return " and ".join(_wrap(i) for i in node.items)
    if isinstance(node, Or):
        return " or ".join(_wrap(i) for i in node.items)
    raise TypeError(node)


def _describe_term(node: Term) -> str:
    if node.fuzzy:
        where = f"{FIELDS[node.field]} " if node.field else ""
        return f"{where}words spelt like “{node.text}”"
    what = f"{node.text}…" if node.prefix else node.text
    if node.field:
        verb = "starts with" if node.prefix else "is"
        return f"{FIELDS[node.field]} {verb} {node.text if node.prefix else what}"
    return f"words starting with “{node.text}”" if node.prefix else f"the word “{what}”"


def _describe_dates(node: DateRange) -> str:
    name = FIELDS[node.field]
    if node.start and node.end:
        if node.start == node.end:
            return f"{name} {node.start}"
        return f"{name} from {node.start} to {node.end}"
    if node.start:
        return f"{name} on or after {node.start}"
    return f"{name} on or before {node.end}"


def _wrap(node: Node) -> str:
    text = describe(node)
    return f"({text})" if isinstance(node, And | Or) else text


# -- the round-trip serialiser -----------------------------------------------------------
_UNSAFE = re.compile(r'[\s()"*?]|^-|^[A-Za-z_]+:')


def _word(text: str) -> str:
    """``text`` as one word of query syntax, quoted when it would not read back as that word."""
    if text in KEYWORDS or _UNSAFE.search(text) or text.startswith("~"):  # a leading ~ would read as ~word
        return '"' + text.replace('"', " ") + '"'
    return text


def _dates(node: DateRange) -> str:
    if node.label:
        return node.label
    if node.field == "year":
        lo, hi = node.start[:4], node.end[:4]
        return lo if lo and lo == hi else f"{lo}..{hi}"
    if node.start and node.start == node.end:
        return node.start
    return f"{node.start}..{node.end}"


def to_text(node: Node) -> str:
    """Serialise an AST back to query syntax (``parse(to_text(ast)) == ast``).

    ``And`` is printed as juxtaposition (``soviet tag:PFOR``), the way people write it.
    """
    if isinstance(node, MatchAll):
        return ""
    if isinstance(node, Term):
        pre = f"{node.field}:" if node.field else ""
        if node.prefix:
            return f"{pre}{node.text}*"
        if node.fuzzy:
            return f"{pre}~{_word(node.text)}"
        return pre + _word(node.text)
    if isinstance(node, Phrase):
        pre = f"{node.field}:" if node.field else ""
        return f'{pre}"{node.text.replace(chr(34), " ")}"'
    if isinstance(node, DateRange):
        return f"{node.field}:{_dates(node)}"
    if isinstance(node, Not):
        return f"NOT {_paren(node.item)}"
    if isinstance(node, And):
        return " ".join(_paren(i) for i in node.items)
    if isinstance(node, Or):
        return " OR ".join(_paren(i) for i in node.items)
    raise TypeError(node)


def _paren(node: Node) -> str:
    text = to_text(node)
    return f"({text})" if isinstance(node, And | Or) else text
