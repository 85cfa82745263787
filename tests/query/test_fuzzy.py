"""``~word`` / ``fuzzy:word``: near spellings for names and OCR (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest

from legation.catalogue import Catalogue
from legation.errors import QueryError
from legation.query import parse
from legation.query.ast import Term, to_text
from tests.conftest import SHARED, need_shared


def test_parse_and_print() -> None:
    assert parse("~kurile") == Term("kurile", "", fuzzy=True)
    assert parse("fuzzy:kurile") == Term("kurile", "", fuzzy=True)
    assert parse("person:~ployansky") == Term("ployansky", "person", fuzzy=True)
    assert to_text(parse("person:~ployansky")) == "person:~ployansky"
    assert parse(to_text(parse("~kurile soviet"))) == parse("~kurile soviet")
    for bad in ("~ab", "~brezh*"):
        with pytest.raises(QueryError):
            parse(bad)


def test_near_spellings_find_the_seeds(tmp_path: Path) -> None:
    need_shared()
    with Catalogue(str(tmp_path / "s.db")) as cat:
        cat.ingest([str(SHARED / "samples" / "seeds")])
        assert cat.search("kurile").total == 0  # the exact word is not there ...
        assert [h.id for h in cat.search("~kurile").hits] == ["wilson-198181"]  # ... Kuril is
        assert [h.id for h in cat.search("person:~polianskiy").hits] == ["1976TOKYO12732"]
        assert cat.search("~sakhalinn").total == 1
