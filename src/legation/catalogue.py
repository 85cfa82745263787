"""The library's front door: a catalogue (SQLite or PostgreSQL) with its full-text index.

    import legation
    cat = legation.open("legation.db")
    report = cat.ingest(["../shared/samples/seeds"])
    for hit in cat.search("northern territories").hits: ...
    record = cat.get("1976TOKYO12732")

The CLI and the web app are thin layers over this class.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from legation.cableids import canonicalize
from legation.errors import NotFoundError
from legation.formats.base import InputDoc
from legation.index import TextIndex
from legation.index.tantivy_index import SearchResult
from legation.ingest import IngestReport, ProgressFn, ingest_items, ingest_paths
from legation.ingest.budget import Budgets
from legation.model import Record
from legation.query import Node, describe
from legation.search import FACET_NAMES, LIBRARY, Limits, SearchRequest, check_facets, check_int, sort_values
from legation.search.facets import facet
from legation.search.request import check_query
from legation.store import open_store
from legation.store.base import Store
from legation.store.entities import EntityView, entity_view

DEFAULT_DB = "legation.db"


@dataclass
class Search:
    """A page of results plus what the page needs around it: description and facet counts."""

    result: SearchResult
    description: str = ""
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    sort: str = "relevance"

    @property
    def hits(self) -> list[Any]:
        return self.result.hits

    @property
    def total(self) -> int:
        return self.result.total

    def to_dict(self) -> dict[str, Any]:
        data = self.result.to_dict()
        data["description"] = self.description
        data["sort"] = self.sort
        data["facets"] = {k: [[v, n] for v, n in vals] for k, vals in self.facets.items()}
        return data


def resolve_db(db: str | None) -> str:
    """``--db`` beats ``LEGATION_DB`` beats ``./legation.db``."""
    return db or os.environ.get("LEGATION_DB") or DEFAULT_DB


def index_dir_for(url: str) -> Path:
    """The index lives beside the catalogue: ``legation.db`` -> ``legation.db.index/``.

    For a PostgreSQL catalogue each serving machine keeps its own index
    directory, named by ``LEGATION_INDEX`` (default ``./legation-pg.index``).
    """
    if url.startswith(("postgresql://", "postgres://")):
        return Path(os.environ.get("LEGATION_INDEX", "legation-pg.index"))
    path = url.removeprefix("sqlite:///").removeprefix("sqlite://")
    return Path(path + ".index")


class Catalogue:
    """A catalogue plus its derived full-text index, kept in step."""

    def __init__(self, db: str | None = None) -> None:
        self.url = resolve_db(db)
        self.store: Store = open_store(self.url)
        self._index: TextIndex | None = None
        self._opening = threading.Lock()

    # -- lifecycle ---------------------------------------------------------
    def close(self) -> None:
        self.store.close()
        if self._index is not None:
            self._index.close()
            self._index = None

    def __enter__(self) -> Catalogue:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # -- index -------------------------------------------------------------
    @property
    def index(self) -> TextIndex:
        """The full-text index, opened (or created) and caught up with the catalogue."""
        if self._index is None:
            with self._opening:
                if self._index is None:
                    index = TextIndex.open(index_dir_for(self.url), create=True)
                    index.sync(self.store)
                    self._index = index
        return self._index

    def sync_index(self) -> int:
        """Apply catalogue changes the index has not seen; returns how many were applied."""
        return self.index.sync(self.store)

    def reindex(self) -> int:
        """Rebuild the index from the catalogue; returns the number of records indexed."""
        return self.index.rebuild(self.store)

    # -- writing -----------------------------------------------------------
    def ingest(self, paths: Sequence[str], *, fmt: str | None = None,
               progress: ProgressFn | None = None, workers: int = 1, ignore: Sequence[str] = (),
               relabel_root: tuple[str, str] | None = None, budgets: Budgets | None = None,
               follow_symlinks: bool = False) -> IngestReport:
        """Ingest files/folders/globs/archives; ``workers`` > 1 parses in that many processes;
        ``ignore`` adds gitignore-style patterns for folders walked; ``relabel_root=(root, label)``
        records paths under ``root`` as ``label/...`` (for uploads held in a temp folder);
        ``budgets`` bounds each file; ``follow_symlinks`` follows links that leave the folders given."""
        with self.index.feed(self.store) as feed:
            report = ingest_paths(paths, self.store, fmt=fmt, progress=progress, workers=workers, ignore=ignore,
                                  relabel_root=relabel_root, budgets=budgets, follow_symlinks=follow_symlinks,
                                  sink=feed)
        self.sync_index()  # whatever the feed could not add (another writer's changes, a busy index)
        return report

    def ingest_docs(self, docs: Iterable[InputDoc], *, fmt: str | None = None,
                    progress: ProgressFn | None = None, workers: int = 1) -> IngestReport:
        """Ingest documents already in memory (uploads, generated corpora)."""
        with self.index.feed(self.store) as feed:
            report = ingest_items(docs, self.store, fmt=fmt, progress=progress, workers=workers, sink=feed)
        self.sync_index()
        return report

    # -- reading -----------------------------------------------------------
    def get(self, record_id: str) -> Record:
        """A record by id, canonical id or alias (``76TOKYO12732`` finds ``1976TOKYO12732``)."""
        key = record_id.strip()
        # WILSON-198181 and a bare Wilson document number (198181) name wilson-198181.
        loose = [key.lower(), f"wilson-{key}" if key.isdigit() else ""]
        for candidate in dict.fromkeys([record_id, key, canonicalize(record_id), *filter(None, loose)]):
            rec = self.store.get(candidate)
            if rec is not None:
                return rec
        found = self.store.find_alias(record_id.strip())
        if found is not None:
            return found
        raise NotFoundError(f"no record with id {record_id!r}", what="record", key=record_id, path=self.url)

    FACETS: tuple[str, ...] = FACET_NAMES

    def search(self, query: str = "", *, limit: int = 20, offset: int = 0, sort: str = "relevance",
               facets: Sequence[str] | None = None, facet_limit: int = 20) -> Search:
        """Ranked results for the query language, with snippets, an exact total and facet counts.

        The parameters are checked against :data:`legation.search.LIBRARY` (a QueryError names the
        one that is wrong); :meth:`run` takes a :class:`~legation.search.SearchRequest` built elsewhere.
        """
        return self.run(SearchRequest.build(query, limit=limit, offset=offset, sort=sort, facets=facets,
                                            facet_limit=facet_limit))

    def run(self, request: SearchRequest) -> Search:
        """Run a validated request: the query was parsed when the request was built, and is not parsed again."""
        with self.index.snapshot():  # the hits, the total and the facet counts from one commit
            result = self.index.search(request.ast, limit=request.limit, offset=request.offset, sort=request.sort)
            counts = self.count_facets(request.ast, request.facets, request.facet_limit)
        result.query = request.query
        return Search(result=result, description=describe(request.ast), facets=counts, sort=request.sort)

    def count_facets(self, ast: Node, names: Sequence[str], limit: int) -> dict[str, list[tuple[str, int]]]:
        """Facet counts for a parsed query, each facet in its own order (see the facet table); exact, and
        cached per query and index generation."""
        if not names:
            return {}
        fields = {name: facet(name).index_field for name in names}
        raw = self.index.facet_counts_many(ast, list(fields.values()), limit=limit)
        return {name: sort_values(facet(name), raw.get(field_name, [])) for name, field_name in fields.items()}

    def facets(self, query: str, names: Sequence[str] | None = None, limit: int = 20,
               limits: Limits = LIBRARY) -> dict[str, list[tuple[str, int]]]:
        """Facet counts for ``query`` (every facet when ``names`` is None)."""
        ast = check_query(query, limits)
        wanted = check_facets(names) if names is not None else FACET_NAMES
        return self.count_facets(ast, wanted, check_int("limit", limit, 1, limits.max_facet_values))

    def iter_matching(self, query: str, *, batch: int = 500) -> Iterator[Record]:
        """Every record matching ``query`` (all records for an empty query), streamed."""
        ast = check_query(query)
        if not query.strip():
            yield from self.store.iter_records()
            return
        offset = 0
        while True:
            page = self.index.search(ast, limit=batch, offset=offset, sort="date", snippets=False)
            if not page.hits:
                return
            found = self.store.get_many([h.id for h in page.hits])
            yield from found.values()
            offset += len(page.hits)
            if offset >= page.total:
                return

    def matching_ids(self, query: str, limit: int = 20) -> list[str]:
        """Ids of the best ``limit`` records for ``query`` (no snippets are made)."""
        ast = check_query(query)
        return [h.id for h in self.index.search(ast, limit=limit, snippets=False).hits]

    def similar(self, record_id: str, limit: int = 10) -> list[Any]:
        """Records most like this one (shared distinctive words), best first; the record itself excluded."""
        rec = self.get(record_id)
        return self.index.similar(rec.id, limit=limit)

    def cited_by(self, record_id: str) -> list[str]:
        """Ids of the records that cite this one (their REF lines or cross-references name its id)."""
        return self.store.cited_by(self.get(record_id).id)

    def entity(self, key: str, *, limit: int = 200, offset: int = 0) -> EntityView:
        """The entity ``key`` from the catalogue's entity table (no record scan); NotFoundError if none."""
        return entity_view(self.store, key, limit=limit, offset=offset)

    def stats(self) -> dict[str, Any]:
        data = dict(self.store.stats())
        data["catalogue"] = self.url
        data["index"] = {"path": str(index_dir_for(self.url)), "last_seq": self.index.last_seq(),
                         "catalogue_seq": self.store.last_seq()}
        return data


def open(db: str | None = None) -> Catalogue:
    """Open (creating if needed) the catalogue at ``db`` (a path or a ``postgresql://`` URL)."""
    return Catalogue(db)


def ingest(paths: Sequence[str], *, db: str | None = None, fmt: str | None = None) -> IngestReport:
    """Ingest ``paths`` into the catalogue at ``db`` and bring its index up to date."""
    with Catalogue(db) as cat:
        return cat.ingest(paths, fmt=fmt)
