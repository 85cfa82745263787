"""The arrows point one way: query/ is a leaf, the index imports the AST, the catalogue knows no tantivy."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "legation"


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_query_package_is_a_leaf() -> None:
    for path in (SRC / "query").glob("*.py"):
        mods = {m for m in imported(path) if m.startswith("legation")}
        assert mods <= {"legation.errors", "legation.query.ast", "legation.query.parser"}, (path.name, mods)
    assert not {m for m in imported(SRC / "query" / "ast.py") if m.startswith("legation")}


def test_index_compiles_the_ast_and_the_catalogue_knows_no_tantivy() -> None:
    assert "legation.query.ast" in imported(SRC / "index" / "compile.py")
    assert "tantivy" not in imported(SRC / "catalogue.py")
    for path in (SRC / "search").glob("*.py"):
        mods = imported(path)
        assert "tantivy" not in mods
        assert not {m for m in mods if m.startswith(("legation.index", "legation.catalogue", "legation.web",
                                                     "legation.store"))}, path.name


def test_no_string_editing_of_queries_in_the_web_layer() -> None:
    text = (SRC / "web" / "service.py").read_text("utf-8") + (SRC / "web" / "pages.py").read_text("utf-8")
    for gone in ("add_clause", "remove_clause", "has_clause", "facet_clause", "_lock"):
        assert gone not in text, gone
