"""The tables are written once (schema.py) and printed per dialect; released tables never change in place.

The golden DDL in tests/store/golden/ was checked, when the tables moved into schema.py, to give the
same columns, types, defaults, keys, indexes and foreign keys (PRAGMA table_info / information_schema)
as the hand-written DDL before it: a catalogue made by an older legation and a new one are alike.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from legation.store.dialect import POSTGRES, SQLITE, Dialect
from legation.store.schema import CORE_TABLES, RECORDS, TAGS, create_all

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("dialect", [SQLITE, POSTGRES], ids=lambda d: d.name)
def test_released_tables_are_unchanged(dialect: Dialect) -> None:
    printed = ";\n\n".join(create_all(CORE_TABLES, dialect)) + ";\n"
    assert printed == (GOLDEN / f"schema.{dialect.name}.sql").read_text(), \
        "a released table changed in place: add a step to schema.ADDED instead"


def test_backend_columns() -> None:
    assert RECORDS.column_names(SQLITE)[-4:] == ("subject", "json", "seq", "updated_at")
    assert RECORDS.column_names(POSTGRES)[-7:] == ("subject", "json", "json_extra", "json_text", "digest", "seq",
                                                   "updated_at")
    assert "WITHOUT ROWID" in create_all([TAGS], SQLITE)[0] and "ROWID" not in create_all([TAGS], POSTGRES)[0]


def test_placeholders_and_in_lists() -> None:
    assert SQLITE.q("a = ? AND b = ?") == "a = ? AND b = ?"
    assert POSTGRES.q("a = ? AND b = ?") == "a = %s AND b = %s"
    ids = [f"R{i}" for i in range(1001)]
    chunks = list(SQLITE.in_list("SELECT id FROM records WHERE id {in_}", ids))
    assert [len(params) for _, params in chunks] == [500, 500, 1]
    assert chunks[2] == ("SELECT id FROM records WHERE id IN (?)", ["R1000"])
    assert list(POSTGRES.in_list("SELECT id FROM records WHERE id {in_}", ids)) == \
        [("SELECT id FROM records WHERE id = ANY(%s)", [ids])]
    assert list(SQLITE.in_list("SELECT 1 WHERE id {in_}", [])) == []
