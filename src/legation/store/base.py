"""The catalogue protocol: what every storage backend offers.

The catalogue is the source of truth.  It keeps each record's JSON (from
:meth:`legation.model.Record.to_json`), a few facet columns for listing and
statistics, the files each record came from (so re-ingesting a file with the
same sha256 is a no-op), and a *change sequence*: every write that changes a
record appends ``(seq, record_id, op)`` with a strictly increasing ``seq``.
Derived structures (the full-text index) remember the last ``seq`` they hold
and catch up with :meth:`Store.changes_since`.

The protocol uses only plain Python types; both backends implement all of
it, with one SQL (:mod:`legation.store.sql`) over one set of tables
(:mod:`legation.store.schema`), and one contract suite
(``tests/store/test_contract.py``) runs against both.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, Protocol, runtime_checkable

from legation.model import Record
from legation.store.graph import GraphReader

if TYPE_CHECKING:
    from legation.store.rows import RecordRows

UpsertStatus = Literal["new", "updated", "unchanged"]

#: Operations recorded in the change sequence.
OP_NEW = "new"
OP_UPDATE = "update"
OP_DELETE = "delete"


@dataclass(frozen=True, slots=True)
class UpsertResult:
    """What :meth:`Store.upsert` did with one record.

    ``seq`` is the change sequence number given to the record, or ``None``
    when the record was ``unchanged`` (its stored JSON was identical).
    """

    id: str
    status: UpsertStatus
    seq: int | None = None


class Change(NamedTuple):
    """One entry of the change sequence: ``(seq, id, op)``; ``op`` is :data:`OP_NEW`, :data:`OP_UPDATE` or :data:`OP_DELETE`."""

    seq: int
    id: str
    op: str


@dataclass(frozen=True, slots=True)
class SourceRow:
    """A file that was ingested: its sha256, where it was read from, its format, and a record it gave."""

    sha256: str
    path: str = ""
    format: str = ""
    record_id: str = ""


@runtime_checkable
class Store(Protocol):
    """A catalogue of records.  Backends: :class:`legation.store.sqlite.SQLiteStore`,
    :class:`legation.store.postgres.PostgresStore`.

    Every write method is atomic: a batch is written whole or not at all.
    """

    # -- writing ----------------------------------------------------------
    def upsert(self, records: Sequence[Record]) -> list[UpsertResult]:
        """Insert or replace ``records`` in one transaction; one result per input record, in order.

        A record whose stored JSON is identical is ``unchanged`` and gets no
        change seq.  Each record's ``source`` (and ``sources``) with a sha256
        is recorded as an ingested file in the same transaction.
        """
        ...

    def upsert_rows(self, batch: Sequence[RecordRows]) -> list[UpsertResult]:
        """:meth:`upsert` of records already turned into rows (:func:`legation.store.rows.record_rows`,
        made where the record was: an ingest worker), so the writer needs no model."""
        ...

    def cited_by(self, record_id: str, limit: int = 200) -> list[str]:
        """Ids of records whose references point at ``record_id``."""
        ...

    def known_sources(self, shas: Sequence[str]) -> set[str]:
        """Which of ``shas`` were already ingested (the sha256 of a record's ``source`` or ``sources``)."""
        ...

    def graph(self) -> GraphReader:
        """Reads over the reference graph (:mod:`legation.store.graph`)."""
        ...

    def delete(self, id: str) -> bool:
        """Delete a record (and its source rows); records a ``delete`` change.  False when absent."""
        ...

    # -- reading ----------------------------------------------------------
    def get(self, id: str) -> Record | None: ...

    def find_alias(self, alias: str) -> Record | None:
        """The record that lists ``alias`` among its ``aliases`` (the lowest id if several do)."""
        ...

    def get_many(self, ids: Sequence[str]) -> dict[str, Record]:
        """The records that exist among ``ids``, keyed by id, in the order of ``ids``."""
        ...

    def iter_records(self, batch_size: int = 500) -> Iterator[Record]:
        """Every record, in id order, streamed ``batch_size`` at a time (low memory)."""
        ...

    def count(self) -> int: ...

    def stats(self) -> dict[str, Any]:
        """Counts for ``legation stats``.

        Keys: ``records``, ``collections`` / ``kinds`` / ``classifications``
        (value -> count), ``years`` (``"1976"`` -> count, string keys so the
        dict is JSON-stable), ``date_min``, ``date_max`` (ISO strings or
        ``""``), ``sources`` (distinct ingested files), ``last_seq``.
        """
        ...

    # -- change sequence ----------------------------------------------------
    def changes_since(self, seq: int, limit: int = 10_000) -> list[Change]:
        """Changes with a seq greater than ``seq``, oldest first, at most ``limit``."""
        ...

    def last_seq(self) -> int:
        """The highest change seq ever given (0 for an empty catalogue)."""
        ...

    # -- lifetime -----------------------------------------------------------
    def close(self) -> None: ...

    def __enter__(self) -> Store: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


def facet_values(record: Record) -> dict[str, Any]:
    """The columns a backend keeps beside the JSON, computed the same way by every backend.

    The facet columns (collection, kind, year, from_post, classification) come from the facet
    table, :mod:`legation.search.facets`, so the catalogue counts what the index counts.
    """
    from legation.search.facets import store_columns

    return {
        "id": record.id,
        "sha256": record.source.sha256,
        **store_columns(record),
        "date": record.date,
        "title": record.title,
        "subject": record.subject,
    }


def record_sources(record: Record) -> list[SourceRow]:
    """The ingested-file rows a record brings: its ``source`` and any ``sources`` that have a sha256."""
    rows: list[SourceRow] = []
    seen: set[str] = set()
    for src in [record.source, *record.sources]:
        if src.sha256 and src.sha256 not in seen:
            seen.add(src.sha256)
            rows.append(SourceRow(src.sha256, src.path, src.format, record.id))
    return rows
