"""The reference graph in the catalogue: one edge per (citing, cited, kind, label), on both backends.

Table ``ref_edges(citing, cited, kind, label, letter, note)``: ``citing`` is
the record that prints the reference (deleted with it), ``cited`` the id the
reference resolves to (``''`` when it has none: a memcon, an e-mail, a
SEPTEL).  Primary key ``(citing, cited, kind, label)``; index ``(cited,
citing)`` for "cited by".  Presence of the cited record is a join on
``records.id`` / ``record_aliases.alias`` at read time, never a stored flag,
so a cited cable that is ingested later is found at once.

The table is declared once in :mod:`legation.store.schema` (``EDGES``, a
step of ``ADDED``): both backends create it, fill it from the stored records
when an older catalogue is opened, and rewrite a record's outgoing edges in
the transaction that writes the record.  Reads go through :class:`GraphReader`, which
a store gives from ``graph()``; it takes a ``run(sql, params) -> rows``
callable so the SQL here is the only SQL of the graph.  Statements use ``?``
placeholders; :func:`sql_for` turns them into ``%s`` for PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

Dialect = Literal["sqlite", "postgres"]
Run = Callable[[str, Sequence[Any]], list[tuple[Any, ...]]]

def sql_for(statement: str, dialect: Dialect) -> str:
    """``?`` placeholders -> ``%s`` for PostgreSQL (the statements hold no literal question marks)."""
    return statement.replace("?", "%s") if dialect == "postgres" else statement


@dataclass(frozen=True, slots=True)
class Edge:
    """One reference: ``citing`` cites ``cited``; ``present`` says whether ``cited`` is in the catalogue."""

    citing: str
    cited: str
    kind: str
    label: str
    letter: str = ""
    note: str = ""
    present: bool = False
    date: str = ""  # the date of the record at the other end, when it is present

    def to_dict(self) -> dict[str, Any]:
        return {"citing": self.citing, "cited": self.cited, "kind": self.kind, "label": self.label,
                "letter": self.letter, "note": self.note, "present": self.present, "date": self.date}


# The cited end's record, found by id or alias (presence is this join, never a stored flag).
_CITED_RECORD = """COALESCE((SELECT r.id FROM records r WHERE r.id = e.cited),
                            (SELECT a.record_id FROM record_aliases a WHERE a.alias = e.cited LIMIT 1))"""


# Per cited id: citing records and edges (aggregated first, so the presence look-ups run once per id).
_PER_CITED = ("SELECT cited, COUNT(DISTINCT citing) AS n, COUNT(*) AS e FROM ref_edges WHERE cited <> '' "
              "GROUP BY cited")
_ABSENT = ("NOT EXISTS (SELECT 1 FROM records r WHERE r.id = g.cited) "
           "AND NOT EXISTS (SELECT 1 FROM record_aliases a WHERE a.alias = g.cited)")


class GraphReader:
    """Queries over ``ref_edges``; ``run(sql, params)`` executes one statement and returns its rows."""

    def __init__(self, run: Run, dialect: Dialect) -> None:
        self._run = run
        self.dialect = dialect

    def _q(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self._run(sql_for(statement, self.dialect), params)

    def cites(self, record_id: str) -> list[Edge]:
        """What ``record_id`` cites, with presence (its REF line order is not kept: by kind, label)."""
        rows = self._q(f"""SELECT e.citing, e.cited, e.kind, e.label, e.letter, e.note, t.id, t.date
            FROM ref_edges e LEFT JOIN records t ON t.id = ({_CITED_RECORD})
            WHERE e.citing = ? ORDER BY e.letter, e.label, e.kind""", (record_id,))
        return [Edge(c, d, k, lab, let, n, t is not None and d != "", dt or "")
                for c, d, k, lab, let, n, t, dt in rows]

    def cited_by(self, record_id: str, limit: int = 1000) -> list[Edge]:
        """Records citing ``record_id`` by its id or one of its aliases, with the citing record's date."""
        # two index look-ups (by id, by alias) in a UNION: an OR here makes PostgreSQL scan every edge
        rows = self._q("""SELECT e.citing, e.cited, e.kind, e.label, e.letter, e.note, r.date
            FROM ref_edges e JOIN records r ON r.id = e.citing WHERE e.cited = ? AND e.citing <> ?
            UNION SELECT e.citing, e.cited, e.kind, e.label, e.letter, e.note, r.date
            FROM record_aliases a JOIN ref_edges e ON e.cited = a.alias JOIN records r ON r.id = e.citing
            WHERE a.record_id = ? AND e.citing <> ?
            ORDER BY 7, 1 LIMIT ?""", (record_id, record_id, record_id, record_id, int(limit)))
        return [Edge(c, d, k, lab, let, n, True, dt or "") for c, d, k, lab, let, n, dt in rows]

    def neighbours(self, ids: Sequence[str]) -> list[tuple[str, str]]:
        """(citing, cited) pairs touching the records ``ids`` either way (by their ids and aliases; cited as
        printed: resolve with :meth:`resolve`)."""
        wanted = [i for i in dict.fromkeys(ids) if i]
        out: list[tuple[str, str]] = []
        for start in range(0, len(wanted), 300):
            chunk = wanted[start:start + 300]
            marks = ",".join("?" * len(chunk))
            out += [(str(a), str(b)) for a, b in self._q(
                f"""SELECT citing, cited FROM ref_edges WHERE citing IN ({marks}) AND cited <> ''
                    UNION SELECT citing, cited FROM ref_edges WHERE cited IN ({marks})
                    UNION SELECT e.citing, e.cited FROM record_aliases a JOIN ref_edges e ON e.cited = a.alias
                          WHERE a.record_id IN ({marks})""", [*chunk, *chunk, *chunk])]
        return out

    def resolve(self, ids: Sequence[str]) -> dict[str, tuple[str, str]]:
        """Cited ids -> (record id, date) for those present (by id, else by alias)."""
        wanted = [i for i in dict.fromkeys(ids) if i]
        found: dict[str, tuple[str, str]] = {}
        for start in range(0, len(wanted), 300):
            chunk = wanted[start:start + 300]
            marks = ",".join("?" * len(chunk))
            rows = self._q(f"""SELECT id, id, date, 0 FROM records WHERE id IN ({marks})
                UNION ALL SELECT a.alias, r.id, r.date, 1 FROM record_aliases a JOIN records r ON r.id = a.record_id
                WHERE a.alias IN ({marks}) ORDER BY 4, 2""", [*chunk, *chunk])
            for key, rid, date, _by_alias in rows:
                found.setdefault(str(key), (str(rid), str(date or "")))
        return found

    def missing(self, limit: int = 50, offset: int = 0) -> list[tuple[str, int]]:
        """Cited ids not in the catalogue, with how many records cite each, most cited first."""
        rows = self._q(f"""SELECT g.cited, g.n FROM ({_PER_CITED}) g WHERE {_ABSENT}
            ORDER BY g.n DESC, g.cited LIMIT ? OFFSET ?""", (int(limit), int(offset)))
        return [(str(c), int(n)) for c, n in rows]

    def counts(self) -> dict[str, int]:
        """Edges, edges with an id, resolved edges, distinct cited ids, distinct missing ids, citing records."""
        edges, with_id, citing = self._q("""SELECT COUNT(*), COUNT(NULLIF(cited, '')), COUNT(DISTINCT citing)
            FROM ref_edges""")[0]
        cited_ids, missing_ids, missing_edges = self._q(f"""SELECT COUNT(*),
                SUM(CASE WHEN {_ABSENT} THEN 1 ELSE 0 END), SUM(CASE WHEN {_ABSENT} THEN g.e ELSE 0 END)
            FROM ({_PER_CITED}) g""")[0]
        with_id = int(with_id or 0)
        return {"edges": int(edges or 0), "with_id": with_id, "resolved": with_id - int(missing_edges or 0),
                "cited_ids": int(cited_ids or 0), "missing_ids": int(missing_ids or 0),
                "citing_records": int(citing or 0)}

    def aliases(self, ids: Sequence[str]) -> dict[str, list[str]]:
        """Record id -> its aliases (the other spellings references may use)."""
        wanted = [i for i in dict.fromkeys(ids) if i]
        out: dict[str, list[str]] = {}
        for start in range(0, len(wanted), 400):
            chunk = wanted[start:start + 400]
            marks = ",".join("?" * len(chunk))
            for rid, alias in self._q(f"SELECT record_id, alias FROM record_aliases WHERE record_id IN ({marks})",
                                      chunk):
                out.setdefault(str(rid), []).append(str(alias))
        return out

    def records(self, ids: Sequence[str]) -> dict[str, tuple[str, str, str]]:
        """Record id -> (date, title, subject) for the records present among ``ids``."""
        wanted = [i for i in dict.fromkeys(ids) if i]
        out: dict[str, tuple[str, str, str]] = {}
        for start in range(0, len(wanted), 400):
            chunk = wanted[start:start + 400]
            marks = ",".join("?" * len(chunk))
            for rid, d, t, s in self._q(f"SELECT id, date, title, subject FROM records WHERE id IN ({marks})", chunk):
                out[str(rid)] = (str(d or ""), str(t or ""), str(s or ""))
        return out

    def all_pairs(self) -> Iterable[tuple[str, str]]:
        """Every (citing, cited) pair with a cited id (for components)."""
        return [(str(a), str(b)) for a, b in self._q("SELECT DISTINCT citing, cited FROM ref_edges WHERE cited <> ''")]
