"""A record as the catalogue writes it: its JSON, facet columns, child-table rows and source rows.

:func:`record_rows` is computed from the model wherever the record is made (a parser worker process,
so the main process never rebuilds the model to store it); :meth:`~legation.store.sql.SQLStore.upsert_rows`
writes a batch of them, and :meth:`~legation.store.sql.SQLStore.upsert` is ``upsert_rows`` of
``record_rows`` of each record.  Values are as the record holds them; a backend whose text cannot hold
some character cleans them (:func:`cleaned`) when the JSON says there is one to clean.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from legation.model import Record
from legation.store.base import facet_values, record_sources
from legation.store.jsonb import free_form_exact
from legation.store.schema import FACET_COLUMNS, TextFn, child_tables

#: ``(sha256, record_id, path, format)`` of a file a record came from.
SourceTuple = tuple[str, str, str, str]


def _same(value: str) -> str:
    return value


@dataclass(frozen=True, slots=True)
class RecordRows:
    """Everything the catalogue writes for one record, with no database and no model needed."""

    id: str
    #: the record's exact :meth:`~legation.model.Record.to_json` text
    json: str
    #: the values of :data:`~legation.store.schema.FACET_COLUMNS`, in order
    facets: tuple[Any, ...]
    #: child table name -> its rows for this record (a keyed table's rows are unique by key)
    children: dict[str, list[tuple[Any, ...]]]
    sources: tuple[SourceTuple, ...]
    #: whether the free-form values come back from JSONB as written (see :mod:`legation.store.jsonb`)
    jsonb_exact: bool = True

    @property
    def source_shas(self) -> set[str]:
        return {s[0] for s in self.sources}


def _facets(record: Record) -> tuple[Any, ...]:
    values = facet_values(record)
    return tuple(values[c] for c in FACET_COLUMNS)


def record_rows(record: Record, clean: TextFn = _same, text: str | None = None) -> RecordRows:
    """The rows of ``record`` (whose JSON is ``text`` when already made), text values cleaned by ``clean``."""
    rows = {t.name: t.record_rows([record], clean) for t in child_tables()}
    return RecordRows(
        id=record.id,
        json=record.to_json() if text is None else text,
        facets=tuple(clean(v) if isinstance(v, str) else v for v in _facets(record)),
        children={name: found for name, found in rows.items() if found},
        sources=tuple((clean(s.sha256), clean(s.record_id), clean(s.path), clean(s.format))
                      for s in record_sources(record)),
        jsonb_exact=free_form_exact(record),
    )


def may_need_cleaning(rows: RecordRows) -> bool:
    """Whether some text value of the record holds a NUL (its JSON escapes every NUL as ``\\u0000``)."""
    return "\\u0000" in rows.json


def cleaned(rows: RecordRows, clean: TextFn) -> RecordRows:
    """``rows`` made again from the record with ``clean`` (rare: only when :func:`may_need_cleaning`)."""
    if not may_need_cleaning(rows):
        return rows
    return record_rows(Record.from_json(rows.json), clean, rows.json)
