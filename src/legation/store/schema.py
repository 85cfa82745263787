"""The catalogue's tables, written once for every backend.

Each table is a :class:`Table` of :class:`Column` s with a dialect-neutral
type; :func:`create_statements` prints its ``CREATE TABLE`` / ``CREATE INDEX``
for one :class:`~legation.store.dialect.Dialect`.  A backend adds only what is
truly its own (PostgreSQL's ``json_extra``/``json_text``/``digest`` columns,
SQLite's ``WITHOUT ROWID``), through :attr:`Column.only` and the dialect.

**Child tables** (:func:`child_tables`) hold rows derived from one record:
their first column is :func:`record_id_column` (``ON DELETE CASCADE``), and
:attr:`Table.rows` computes a record's rows.  Both backends rewrite them with
every changed record, in the same transaction, and drop them with it.

**Adding a table** (the extension point): append a step to :data:`ADDED`, a
tuple of tables.  Each step is one schema version on both backends: a
catalogue written by an older legation is migrated on open (the tables are
created, and a child table is filled from the records already stored), and an
older legation refuses a catalogue that has the step.  A child table in
:data:`ADDED` is written on upsert like the first four; a table without
``rows`` is only created (its owner writes it).  List the tables here (not
from the module that queries them), so the schema version never depends on
what was imported.  A released table's definition never changes in place:
change it with a new step (tests/store/golden holds the released DDL).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from legation.model import Record

if TYPE_CHECKING:
    from legation.store.dialect import Dialect

#: Cleans one text value for the backend (PostgreSQL drops NULs; SQLite keeps the text as it is).
TextFn = Callable[[str], str]
#: A child table's rows for one record, its values cleaned with the backend's TextFn.
RowsFn = Callable[[Record, TextFn], Iterable[tuple[Any, ...]]]


@dataclass(frozen=True, slots=True)
class Column:
    """One column: ``type`` is a key of :attr:`Dialect.types`; ``default`` is SQL (``None``: no default).

    ``only`` names the one dialect that keeps the column (``""``: every dialect).
    """

    name: str
    type: str = "text"
    default: str | None = "''"
    null: bool = False
    only: str = ""
    references: str = ""


@dataclass(frozen=True, slots=True)
class Table:
    """A table: its columns, primary key, one index per listed column, and (child tables) its rows."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    indexes: tuple[str, ...] = ()
    rows: RowsFn | None = None
    without_rowid: bool = False

    def column_names(self, dialect: Dialect) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.only in ("", dialect.name))

    def index_name(self, column: str) -> str:
        """``<table>_<column>``; ``record_id`` gives ``<table>_record``."""
        return f"{self.name}_{'record' if column == 'record_id' else column}"

    def record_rows(self, records: Iterable[Record], clean: TextFn) -> list[tuple[Any, ...]]:
        """The rows of ``records`` for this child table; on a keyed table the first row of a key wins."""
        assert self.rows is not None, f"{self.name} is not a child table"
        rows = [row for record in records for row in self.rows(record, clean)]
        if not self.key:
            return rows
        names = [c.name for c in self.columns]
        at = [names.index(k) for k in self.key]
        first: dict[tuple[Any, ...], tuple[Any, ...]] = {}
        for row in rows:
            first.setdefault(tuple(row[i] for i in at), row)
        return list(first.values())


def record_id_column() -> Column:
    """The first column of a child table: its record, whose deletion drops the row."""
    return Column("record_id", default=None, references="records(id) ON DELETE CASCADE")


def _required(name: str) -> Column:
    return Column(name, default=None)


# -- the tables -------------------------------------------------------------------------------------

#: The facet columns kept beside each record's JSON: the keys of ``facet_values`` after ``id``.
FACET_COLUMNS = ("sha256", "collection", "kind", "date", "year", "from_post", "classification", "title", "subject")
#: The facet columns ``stats()`` counts by, with the key each count has in its result.
STATS_GROUPS = (("collections", "collection"), ("kinds", "kind"), ("classifications", "classification"),
                ("years", "year"))

RECORDS = Table(
    "records",
    (
        # nullable as first released: a TEXT PRIMARY KEY that SQLite does not refuse NULL for (PostgreSQL does).
        Column("id", default=None, null=True),
        *(Column(n, "int", default=None, null=True) if n == "year" else Column(n) for n in FACET_COLUMNS),
        Column("json", "json", default=None),
        Column("json_extra", "plain", default=None, null=True, only="postgres"),
        Column("json_text", "plain", default=None, null=True, only="postgres"),
        Column("digest", default=None, only="postgres"),
        Column("seq", "seq", default=None),
        Column("updated_at", "time", default=None),
    ),
    key=("id",),
    indexes=("collection", "kind", "date", "year", "from_post", "classification", "sha256"),
)


def _tag_rows(r: Record, t: TextFn) -> Iterator[tuple[str, str]]:
    return ((r.id, t(tag)) for tag in r.tags if t(tag))


def _alias_rows(r: Record, t: TextFn) -> Iterator[tuple[str, str]]:
    return ((r.id, t(a)) for a in r.aliases if t(a) and t(a) != r.id)


def _entity_rows(r: Record, t: TextFn) -> Iterator[tuple[str, ...]]:
    return ((r.id, t(e.key or e.name), t(e.name), t(e.type), t(e.source), t(e.role)) for e in r.entities)


def _ref_rows(r: Record, t: TextFn) -> Iterator[tuple[str, ...]]:
    return ((r.id, t(ref.label), t(ref.id), t(ref.kind), t(ref.note)) for ref in r.references)


TAGS = Table("record_tags", (record_id_column(), _required("tag")), key=("record_id", "tag"), indexes=("tag",),
             rows=_tag_rows, without_rowid=True)
ALIASES = Table("record_aliases", (record_id_column(), _required("alias")), key=("record_id", "alias"),
                indexes=("alias",), rows=_alias_rows, without_rowid=True)
ENTITIES = Table("record_entities",
                 (record_id_column(), _required("key"), _required("name"), Column("type"), Column("source"),
                  Column("role")),
                 indexes=("record_id", "key"), rows=_entity_rows)
REFS = Table("record_refs",
             (record_id_column(), _required("label"), Column("ref_id"), Column("kind"), Column("note")),
             indexes=("record_id", "ref_id"), rows=_ref_rows)

#: Files already ingested; ``record_id`` is ``''`` for a file that gave no record.
SOURCES = Table("sources",
                (_required("sha256"), Column("record_id"), Column("path"), Column("format"),
                 Column("added_at", "time", default=None)),
                key=("sha256", "record_id"), indexes=("record_id",), without_rowid=True)
#: The change sequence.
CHANGES = Table("changes", (Column("seq", "serial", default=None), _required("record_id"), _required("op"),
                            Column("at", "time", default=None)))

#: The tables of the first releases, in the order they are created.
CORE_TABLES = (RECORDS, TAGS, ALIASES, ENTITIES, REFS, SOURCES, CHANGES)

def _edge_rows(r: Record, t: TextFn) -> Iterator[tuple[str, ...]]:
    return ((r.id, t(ref.id), t(ref.kind), t(ref.label), t(ref.letter), t(ref.note)) for ref in r.references)


#: The reference graph (read by :mod:`legation.store.graph`): one edge per (citing, cited, kind, label);
#: ``cited`` is ``''`` for a reference without a cable id (a memcon, a SEPTEL).  Presence of the cited
#: record is a join at read time, never a stored flag.
EDGES = Table("ref_edges",
              (Column("citing", default=None, references="records(id) ON DELETE CASCADE"), Column("cited"),
               Column("kind"), Column("label"), Column("letter"), Column("note")),
              key=("citing", "cited", "kind", "label"), indexes=("cited",), rows=_edge_rows)

#: Tables added since the first releases: one schema version per step on both backends (see above).
ADDED: tuple[tuple[Table, ...], ...] = ((EDGES,),)


def child_tables() -> tuple[Table, ...]:
    """Every table rewritten with its record: the first four, then those of :data:`ADDED` (read at call time)."""
    return (TAGS, ALIASES, ENTITIES, REFS, *(t for step in ADDED for t in step if t.rows is not None))


#: One schema version: its DDL, then the child tables to fill from the records already stored.
Migration = tuple[list[str], tuple[Table, ...]]


def migrations(base: Sequence[Sequence[str]], dialect: Dialect) -> list[Migration]:
    """A backend's migrations: its own first versions (``base``), then one per step of :data:`ADDED`."""
    steps: list[Migration] = [(list(statements), ()) for statements in base]
    steps += [(create_all(step, dialect), tuple(t for t in step if t.rows is not None)) for step in ADDED]
    return steps


# -- DDL ----------------------------------------------------------------------------------------------

def _column_sql(column: Column, dialect: Dialect) -> str:
    parts = [column.name, dialect.types[column.type]]
    if not column.null and column.type != "serial":
        parts.append("NOT NULL")
    default = dialect.time_default if column.type == "time" else column.default
    if default is not None:
        parts.append(f"DEFAULT {default}")
    if column.references:
        parts.append(f"REFERENCES {column.references}")
    return " ".join(parts)


def create_statements(table: Table, dialect: Dialect) -> list[str]:
    """``CREATE TABLE`` and ``CREATE INDEX`` statements for ``table`` in ``dialect`` (constant DDL)."""
    lines = [_column_sql(c, dialect) for c in table.columns if c.only in ("", dialect.name)]
    if table.key:
        lines.append(f"PRIMARY KEY ({', '.join(table.key)})")
    body = ",\n    ".join(lines)
    suffix = " WITHOUT ROWID" if table.without_rowid and dialect.without_rowid else ""
    statements = [f"CREATE TABLE {table.name} (\n    {body}\n){suffix}"]
    statements += [f"CREATE INDEX {table.index_name(c)} ON {table.name}({c})" for c in table.indexes]
    return statements


def create_all(tables: Iterable[Table], dialect: Dialect) -> list[str]:
    return [s for table in tables for s in create_statements(table, dialect)]
