"""Issue 14: a REF line holding a 200,000-space run is read in linear work, with the same references.

No timing: the guarantee is structural.  A pattern that a search or sub runs over the REF block and
that starts with an unbounded whitespace repeat retries that repeat at every space of a run
(quadratic); every such pattern in the REF-block code must carry the ``(?<!\\s)`` guard, which lets an
attempt begin only at a run's first space.  The patterns that are only ever ``match``-ed at one
position (anchored, linear) are named.  The pathological cable is then parsed under the per-file
budget machinery and must come back with its references.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from types import ModuleType

import legation.formats.telegram.refblock as refblock
import legation.formats.telegram.references as references
from legation.formats.base import InputDoc
from legation.formats.telegram.references import parse_references
from legation.ingest.budget import Budgets, parse_with_budget

# used with .match() at one position only (never searched), so a leading \s* is tried once
ANCHORED = {r"\s*(?:\u00b6\s*)?\d{1,2}\s*\.\s",  # refblock._PARAGRAPH
            r"\s*(?=(?:REF(?:S|TELS?|ERENCES?)?|Refs?|Reftels?)\s*:)",  # refblock._NEXT_SECTION
            r"\s*,\s*(\d{3,7})\b(?![/:.]\d|\s*(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC|PARA)|\s+\d"
            r"|\s+(?!AND\b)[A-Z][A-Z ]*\s\d)"}  # references._SERIAL_CHAIN
GUARD = "(?<!\\s)"
SEARCHING = {"compile", "search", "sub", "subn", "findall", "finditer", "split"}


def _patterns(module: ModuleType) -> list[str]:
    """Every pattern literal the module hands to ``re`` (compiled at import or inline in a call)."""
    tree = ast.parse(Path(str(module.__file__)).read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SEARCHING
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and node.args
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            out.append(node.args[0].value)
    return out


def _retries_a_run(pattern: str) -> bool:
    """Starts with an unbounded whitespace repeat followed by more (a bare ``\\s+`` always succeeds at once)."""
    return bool(re.match(r"\\s[*+]", pattern)) and pattern not in (r"\s+", r"\s*") and pattern not in ANCHORED


def test_searched_ref_patterns_never_start_with_an_unguarded_whitespace_run() -> None:
    found = _patterns(refblock) + _patterns(references)
    assert len(found) > 30  # the scan sees the modules' patterns
    assert [p for p in found if _retries_a_run(p)] == []
    assert set(found) >= ANCHORED  # the exemptions name patterns that exist


def test_the_and_previous_pattern_is_guarded_and_finds_the_same_matches() -> None:
    pattern = refblock._AND_PREVIOUS
    assert pattern.pattern.startswith(GUARD)
    unguarded = re.compile(pattern.pattern.removeprefix(GUARD))
    for text in ("STATE 297614 AND PREVIOUS 03 RANGOON 1427", "A)  STATE 1 \n AND OTHERS", "X AND PREVIOUSLY",
                 " AND PREVIOUS", "A AND OTHERS  AND PREVIOUS", "\tAND\tOTHERS B", "A" + " " * 50 + "AND OTHERS"):
        assert pattern.sub(" ;", text) == unguarded.sub(" ;", text)


def _cable(run: int) -> str:
    return ("UNCLASSIFIED\n\nR 091126Z JUL 74\nFM AMEMBASSY TEHRAN\nTO SECSTATE WASHDC 7567\n"
            "UNCLASSIFIED TEHRAN 00008\nE.O. 11652: GDS\nTAGS: ELAB, IR\nSUBJ: A LONG REF LINE\n\n"
            "REF: A) STATE 12345" + " " * run + "B) TOKYO 123 AND PREVIOUS\n\n1. THE TEXT OF THE CABLE.\n")


def test_the_references_of_a_200000_space_ref_line() -> None:
    assert [it.label for it in parse_references(_cable(200_000), 1974)] == \
           [it.label for it in parse_references(_cable(3), 1974)]


def test_a_200000_space_ref_line_parses_within_the_per_file_budget() -> None:
    parsed = parse_with_budget(InputDoc.from_text("ref-spaces.txt", _cable(200_000)), budgets=Budgets())
    assert parsed.ok, parsed.error
    (rec,) = parsed.records
    assert {r.id for r in rec.references} >= {"1974STATE012345", "1974TOKYO00123"}
