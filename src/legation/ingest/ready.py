"""A record ready to store and index: its catalogue rows and its index document, as plain values.

Made where the record is made (a parser worker, or in-process with one worker), so the main process
writes the catalogue and feeds the index without rebuilding the model.  The model is rebuilt from the
JSON only when a record must be merged: the same id twice in a batch, or an id already in the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass

from legation.index.documents import Fields, record_fields
from legation.model import Record
from legation.store.rows import RecordRows, record_rows


@dataclass(frozen=True, slots=True)
class Ready:
    """One record's catalogue rows, index fields and warnings."""

    rows: RecordRows
    fields: Fields
    warnings: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return self.rows.id

    def model(self) -> Record:
        """The record itself (from its JSON), for a merge."""
        return Record.from_json(self.rows.json)


def ready(record: Record) -> Ready:
    """``record`` turned into what the catalogue and the index write."""
    return Ready(record_rows(record), record_fields(record), tuple(record.warnings))
