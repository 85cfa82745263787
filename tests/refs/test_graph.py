"""The reference graph on both backends: edges per record, replaced on re-store, presence by join,
resolved when the cited record arrives later; refs_of, thread (text, JSON, GraphML), missing, stats."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from legation import refs
from legation.errors import NotFoundError
from legation.model import Record, Reference
from legation.store.postgres import PostgresStore
from legation.store.sqlite import SQLiteStore

AnyStore = SQLiteStore | PostgresStore


def _cable(id_: str, date: str, *cites: str, aliases: tuple[str, ...] = ()) -> Record:
    return Record(id=id_, date=date, subject=f"Subject of {id_}", aliases=list(aliases),
                  references=[Reference(label=c, id=c, kind="ref", source="ref-line") for c in cites])


def test_edges_presence_and_late_arrival(store: AnyStore) -> None:
    store.upsert([_cable("2009STATE2", "2009-02-01", "2009STATE1", "2009LONDON9"),
                  _cable("2009PARIS3", "2009-02-03", "2009STATE1")])
    view = refs.refs_of(store, "2009STATE2")
    assert [(e.cited, e.present) for e in view.cites] == [("2009LONDON9", False), ("2009STATE1", False)]
    assert refs.missing(store) == [("2009STATE1", 2), ("2009LONDON9", 1)]
    # the cited cable arrives later: nothing stored goes stale, the join finds it
    store.upsert([_cable("2009STATE1", "2009-01-20")])
    assert {e.cited: e.present for e in refs.refs_of(store, "2009STATE2").cites} == {
        "2009LONDON9": False, "2009STATE1": True}
    assert [e.citing for e in refs.refs_of(store, "2009STATE1").cited_by] == ["2009STATE2", "2009PARIS3"]
    assert refs.missing(store) == [("2009LONDON9", 1)]


def test_restored_record_replaces_its_outgoing_edges(store: AnyStore) -> None:
    store.upsert([_cable("2009STATE2", "2009-02-01", "2009STATE1", "2009LONDON9")])
    store.upsert([_cable("2009STATE2", "2009-02-01", "2009ROME4")])
    assert [e.cited for e in refs.refs_of(store, "2009STATE2").cites] == ["2009ROME4"]
    store.delete("2009STATE2")
    assert refs.missing(store) == []


def test_one_edge_per_citing_cited_kind_label(store: AnyStore) -> None:
    rec = _cable("2009STATE2", "2009-02-01", "2009STATE1")
    rec.references.append(Reference(label="2009STATE1", id="2009STATE1", kind="ref", letter="B"))
    rec.references.append(Reference(label="STATE 1", id="2009STATE1", kind="text"))
    store.upsert([rec])
    assert sorted((e.kind, e.label) for e in refs.refs_of(store, "2009STATE2").cites) == [
        ("ref", "2009STATE1"), ("text", "STATE 1")]


def test_alias_resolves_presence_and_cited_by(store: AnyStore) -> None:
    store.upsert([_cable("2009BERLIN5", "2009-03-01", aliases=("09BERLIN5",)),
                  _cable("2009STATE7", "2009-03-02", "09BERLIN5")])
    assert refs.refs_of(store, "2009STATE7").cites[0].present
    assert [e.citing for e in refs.refs_of(store, "09BERLIN5").cited_by] == ["2009STATE7"]


def test_thread_is_connected_depth_bounded_and_dated(store: AnyStore) -> None:
    # A <- B <- C <- D, and C also cites a missing cable M
    store.upsert([_cable("2009X1", "2009-01-01"), _cable("2009X2", "2009-01-02", "2009X1"),
                  _cable("2009X3", "2009-01-03", "2009X2", "2009M9"), _cable("2009X4", "2009-01-04", "2009X3"),
                  _cable("2009Y1", "2009-01-05")])
    t = refs.thread(store, "2009X2", depth=1)
    assert [n.id for n in t.nodes] == ["2009X1", "2009X2", "2009X3"]
    t = refs.thread(store, "2009X2", depth=5)
    # the missing cable has no date: it stands just before the first record citing it
    assert [n.id for n in t.nodes] == ["2009X1", "2009X2", "2009M9", "2009X3", "2009X4"]
    assert [n.present for n in t.nodes] == [True, True, False, True, True]
    assert ("2009X3", "2009M9") in t.edges and "2009Y1" not in {n.id for n in t.nodes}
    assert "[not in the catalogue]" in t.to_text() and t.to_dict()["root"] == "2009X2"
    root = ET.fromstring(t.to_graphml())
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    assert len(root.findall(".//g:node", ns)) == 5 and len(root.findall(".//g:edge", ns)) == 4
    assert refs.thread(store, "2009X2", depth=5, max_nodes=2).truncated


def test_stats_components(store: AnyStore) -> None:
    store.upsert([_cable("2009X1", "2009-01-01"), _cable("2009X2", "2009-01-02", "2009X1"),
                  _cable("2009X3", "2009-01-03", "2009X2", "2009M9"), _cable("2009Y1", "2009-01-05"),
                  _cable("2009Y2", "2009-01-06", "2009Y1")])
    s = refs.graph_stats(store)
    assert (s["edges"], s["with_id"], s["resolved"], s["missing_ids"]) == (4, 4, 3, 1)
    assert (s["components"], s["largest_component"], s["largest_component_example"]) == (2, 3, "2009X1")
    assert s["resolved_share"] == 0.75


def test_unknown_record_is_a_clear_error(store: AnyStore) -> None:
    with pytest.raises(NotFoundError, match="refs --missing"):
        refs.refs_of(store, "1999NOWHERE1")


def test_existing_catalogue_is_backfilled(tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """A catalogue written before the graph table existed gets its edges from the stored records on open."""
    from legation.store import schema

    path = f"{tmp_path}/old.db"
    with monkeypatch.context() as m:
        m.setattr(schema, "ADDED", ())  # the schema of the release before the graph
        with SQLiteStore(path) as s:
            s.upsert([_cable("2009STATE2", "2009-02-01", "2009STATE1")])
    with SQLiteStore(path) as s:
        assert refs.missing(s) == [("2009STATE1", 1)]
