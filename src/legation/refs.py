"""Cable conversations: what a record cites and what cites it, threads, missing cables, graph statistics.

Library functions over a :class:`~legation.store.base.Store` (the CLI, the
API and the reading room call these):

- :func:`refs_of` -> :class:`RefsView`: a record's references (with presence)
  and the records citing it;
- :func:`thread` -> :class:`Thread`: the connected conversation around a
  record, breadth-first both ways up to ``depth`` hops, in date order, with
  :meth:`Thread.to_text`, :meth:`Thread.to_dict` and :meth:`Thread.to_graphml`;
- :func:`missing` -> cited cables not in the catalogue, most cited first;
- :func:`graph_stats` -> edges, resolved share, components, the largest.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from legation.errors import NotFoundError
from legation.store.base import Store
from legation.store.graph import Edge, GraphReader


def _record_id(store: Store, record_id: str) -> str:
    """The stored id for ``record_id`` (id, canonical id or alias), or NotFoundError."""
    from legation.cableids import canonicalize

    candidates = list(dict.fromkeys([record_id.strip(), canonicalize(record_id)]))
    found = store.graph().resolve(candidates)
    for candidate in candidates:
        if candidate in found:
            return found[candidate][0]
    raise NotFoundError(f"no record with id {record_id!r} in the catalogue",
                        hint="`legation refs --missing` lists cited cables that are not in it")


@dataclass
class RefsView:
    id: str
    cites: list[Edge] = field(default_factory=list)
    cited_by: list[Edge] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "cites": [e.to_dict() for e in self.cites],
                "cited_by": [e.to_dict() for e in self.cited_by]}

    def to_text(self) -> str:
        lines = [f"{self.id} cites {len(self.cites)}:"]
        for e in self.cites:
            where = "present" if e.present else ("not in the catalogue" if e.cited else "no id")
            lines.append(f"  {e.letter + '. ' if e.letter else ''}{e.label}  {e.cited or '-'}  [{e.kind}; {where}]")
        lines.append(f"cited by {len(self.cited_by)}:")
        lines += [f"  {e.citing}  {e.date}  ({e.label})" for e in self.cited_by]
        return "\n".join(lines)


def refs_of(store: Store, record_id: str, limit: int = 1000) -> RefsView:
    """What the record cites (each with presence) and which records cite it (by its id or an alias)."""
    rid = _record_id(store, record_id)
    graph = store.graph()
    return RefsView(id=rid, cites=graph.cites(rid), cited_by=graph.cited_by(rid, limit=limit))


@dataclass
class ThreadNode:
    id: str
    present: bool
    date: str = ""
    title: str = ""
    depth: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "present": self.present, "date": self.date, "title": self.title, "depth": self.depth}


@dataclass
class Thread:
    root: str
    depth: int
    nodes: list[ThreadNode] = field(default_factory=list)
    edges: list[tuple[str, str]] = field(default_factory=list)  # (citing, cited) as record ids
    truncated: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"root": self.root, "depth": self.depth, "truncated": self.truncated,
                "nodes": [n.to_dict() for n in self.nodes],
                "edges": [{"citing": a, "cited": b} for a, b in self.edges]}

    def to_text(self) -> str:
        cites: dict[str, list[str]] = {}
        for a, b in self.edges:
            cites.setdefault(a, []).append(b)
        lines = [f"thread of {self.root}: {len(self.nodes)} records, {len(self.edges)} references"
                 + (" (cut at the node limit)" if self.truncated else "")]
        for n in self.nodes:
            mark = "*" if n.id == self.root else " "
            state = "" if n.present else "  [not in the catalogue]"
            refs = f"  -> {', '.join(cites[n.id])}" if n.id in cites else ""
            lines.append(f"{mark} {n.date or '????-??-??':10s}  {n.id}  {n.title[:60]}{state}{refs}")
        return "\n".join(lines)

    def to_graphml(self) -> str:
        """GraphML for Gephi / yEd: node attributes date, title, present; directed citing -> cited edges."""
        out = ['<?xml version="1.0" encoding="UTF-8"?>',
               '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
               '  <key id="date" for="node" attr.name="date" attr.type="string"/>',
               '  <key id="title" for="node" attr.name="title" attr.type="string"/>',
               '  <key id="present" for="node" attr.name="present" attr.type="boolean"/>',
               f'  <graph id={quoteattr(self.root)} edgedefault="directed">']
        for n in self.nodes:
            out.append(f'    <node id={quoteattr(n.id)}><data key="date">{escape(n.date)}</data>'
                       f'<data key="title">{escape(n.title)}</data>'
                       f'<data key="present">{str(n.present).lower()}</data></node>')
        for i, (a, b) in enumerate(self.edges):
            out.append(f'    <edge id="e{i}" source={quoteattr(a)} target={quoteattr(b)}/>')
        out += ["  </graph>", "</graphml>"]
        return "\n".join(out) + "\n"


def thread(store: Store, record_id: str, depth: int = 3, max_nodes: int = 500) -> Thread:
    """The conversation around a record: every record linked to it by references either way, at most
    ``depth`` hops away (and at most ``max_nodes``), in date order; cited cables not in the catalogue
    are nodes with ``present=False`` (they end a path: nothing is known of what they cite)."""
    graph = store.graph()
    root = _record_id(store, record_id)
    seen: dict[str, int] = {root: 0}
    present = {root}
    edges: set[tuple[str, str]] = set()
    frontier = deque([root])
    truncated = False
    for level in range(1, max(depth, 0) + 1):
        if not frontier:
            break
        batch = list(frontier)
        frontier.clear()
        _added, truncated = _expand(graph, batch, level, seen, present, edges, frontier, max_nodes)
        if truncated:
            break
    return _finish_thread(graph, root, depth, seen, present, edges, truncated)


def _expand(graph: GraphReader, batch: list[str], level: int, seen: dict[str, int], present: set[str],
            edges: set[tuple[str, str]], frontier: deque[str], max_nodes: int) -> tuple[int, bool]:
    """One breadth-first level: the edges touching ``batch`` (by id and alias), new nodes queued."""
    pairs = graph.neighbours(batch)
    resolved = graph.resolve([b for _, b in pairs])
    added = 0
    for citing, cited in pairs:
        target, is_present = (resolved[cited][0], True) if cited in resolved else (cited, False)
        if target == citing:
            continue
        edges.add((citing, target))
        for node, known in ((citing, True), (target, is_present)):
            if node in seen:
                continue
            if len(seen) >= max_nodes:
                return added, True
            seen[node] = level
            added += 1
            if known:
                present.add(node)
                frontier.append(node)
    return added, False


def _finish_thread(graph: GraphReader, root: str, depth: int, seen: dict[str, int], present: set[str],
                   edges: set[tuple[str, str]], truncated: bool) -> Thread:
    info = graph.records([n for n in seen if n in present])
    nodes = []
    for node, level in seen.items():
        date, title, subject = info.get(node, ("", "", ""))
        nodes.append(ThreadNode(id=node, present=node in info, date=date, title=title or subject, depth=level))
    # a cable not in the catalogue has no date: it goes just before the first record citing it
    first_citer: dict[str, str] = {}
    for citing, cited in edges:
        d = info.get(citing, ("", "", ""))[0]
        if cited not in info and d and (cited not in first_citer or d < first_citer[cited]):
            first_citer[cited] = d
    nodes.sort(key=lambda n: (n.date or first_citer.get(n.id) or _year_hint(n.id), 0 if not n.date else 1, n.id))
    kept = {n.id for n in nodes}
    return Thread(root=root, depth=depth, nodes=nodes,
                  edges=sorted(e for e in edges if e[0] in kept and e[1] in kept), truncated=truncated)


def _year_hint(cable_id: str) -> str:
    """A missing cable's place in date order: its id's year (``1976TOKYO12490`` -> ``1976``)."""
    return cable_id[:4] if cable_id[:4].isdigit() else "9999"


def missing(store: Store, limit: int = 50, offset: int = 0) -> list[tuple[str, int]]:
    """Cited cables not in the catalogue (withheld or not yet ingested): (id, citing records), most cited first."""
    return store.graph().missing(limit=limit, offset=offset)


def graph_stats(store: Store) -> dict[str, Any]:
    """Edges, share with an id, resolved share, connected components over present records, the largest."""
    graph = store.graph()
    counts = graph.counts()
    pairs = list(graph.all_pairs())
    resolved = graph.resolve(list({b for _, b in pairs}))
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        if b in resolved and resolved[b][0] != a:
            parent[find(a)] = find(resolved[b][0])
    sizes: dict[str, int] = {}
    for node in list(parent):
        root = find(node)
        sizes[root] = sizes.get(root, 0) + 1
    largest = max(sizes.items(), key=lambda kv: (kv[1], kv[0]), default=("", 0))
    with_id = counts["with_id"]
    return {**counts, "with_id_share": round(with_id / counts["edges"], 4) if counts["edges"] else 0.0,
            "resolved_share": round(counts["resolved"] / with_id, 4) if with_id else 0.0,
            "components": len(sizes), "largest_component": largest[1],
            "largest_component_example": min((n for n in parent if find(n) == largest[0]), default="")}


def missing_lines(rows: list[tuple[str, int]]) -> str:
    """``refs --missing`` as text."""
    if not rows:
        return "every cited cable is in the catalogue"
    lines = [f"{len(rows)} cited cables not in the catalogue (most cited first):"]
    lines += [f"  {n:>4}  {cable_id}" for cable_id, n in rows]
    return "\n".join(lines)
