"""The full-text index: tantivy, derived from the catalogue.

The index lives in a folder beside the catalogue (``legation.db`` ->
``legation.db.index/``).  It holds one document per record and a small file,
``legation-index.json``, with the last catalogue change seq it holds, written
*after* each commit.  A crash between the commit and that write only makes the
next :meth:`TextIndex.sync` re-apply some changes, which is harmless: every
change is applied as "delete the id, then add the current record".

Fields (``stored`` ones come back with hits):

===============  ==============================  =========================================
field            tokenizer / type                 holds
===============  ==============================  =========================================
id               raw, stored                     the record id (delete-by-term key)
id_lc, alias_lc  raw                             id / each alias, lowercased (``id:`` queries)
title, subject   legation text, stored           boosted x3 in queries
summary          legation text, stored           boosted x1.5
text             legation text, stored           the clean reading text (snippets)
meta             legation text                   id, aliases, tags, persons, posts, refs
from_text        legation text                   originator as printed and its post
to_text          legation text                   TO and INFO addressees as printed and posts
person           legation text                   PERSON entities, TAGS persons, participants
place            legation text                   PLACE/COUNTRY entities
org              legation text                   ORG entities
signer           legation text                   signer
class_text       legation text                   classifications (all three) and handling
tags, from, to,  raw, stored, fast               exact values for facets and filters
collection,
kind,
classification
date             date, indexed, stored, fast     first instant of the record's date (UTC)
date_text        raw, stored                     the ISO date as in the record
year             i64, indexed, stored, fast
tags_slot0..7,   raw, fast                       the values of a multi-valued facet one per field, padded,
tags_more, ...                                   and the rest (counted fast: see facet_counts)
===============  ==============================  =========================================

The ``legation`` tokenizer is tantivy's simple tokenizer, dropping tokens of
40+ bytes, lowercased and ASCII-folded (``Tōkyō`` matches ``tokyo``); no
stemming, so names match as written.

Queries arrive as query-language ASTs (:mod:`legation.query`; text is parsed
by that one parser first) and are compiled to ``tantivy.Query`` objects by
:class:`legation.index.compile.Compiler`; no text is ever handed to
tantivy's own query parser.  The facet fields are the index fields of the
facet table (:mod:`legation.search.facets`), filled by its value rules.
Reading is thread-safe: each search acquires a searcher of its own.

The parts: :mod:`~legation.index.documents` (schema, a record's document),
:mod:`~legation.index.hits` (hits and snippets), :mod:`~legation.index.facet_counts`
(facet aggregation over single-valued slots) and :mod:`~legation.index.cache`
(per-query results for one index generation).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

import tantivy

from legation.errors import IndexError_, QueryError
from legation.index import facet_counts as fc
from legation.index import hits
from legation.index.cache import Generation, QueryCache
from legation.index.compile import Compiler
from legation.index.documents import (
    ANALYZER,
    TOKENIZER,
    Fields,
    analyzer,
    build_schema,
    document_from_fields,
    record_document,
    valid_text,
)
from legation.index.hits import SNIPPET_CHARS, Hit, SearchResult
from legation.query import Node, parse, to_text
from legation.search.facets import FACETS
from legation.store.base import OP_DELETE, Store, UpsertResult

SCHEMA_VERSION = 7  # 7: the month facet (timeline zoom); 6: person/place/org/country facets and the country field; 5: slot fields of
#                    multi-valued facets; 4: the classification facet follows the facet table
META_FILE = "legation-index.json"
#: Index fields that facets count (from the facet table).
FACET_FIELDS: tuple[str, ...] = tuple(f.index_field for f in FACETS)
SORTS = ("relevance", "date", "-date")
#: Pages of at most this many hits are cached whole (a served page; exports and id lists page past it).
PAGE_CACHE_HITS = 100
#: An ingest feeding the index commits (and writes the marker) at least this often, in records.
FEED_COMMIT_EVERY = 20_000
# Words too common in diplomatic prose to say what a document is about (for "similar records").
_MLT_STOP = set("""the and that this with from have been were will would could should their there which
they them than then also into about after before other such some more most only over under upon
said says para paras summary comment reftel embassy department state secstate washdc confidential
secret unclassified limited official page text telegram memorandum conversation record""".split())


class IndexBusyError(IndexError_):
    """Another writer (in this or another process) holds the index's write lock."""

    hint = "another legation process is writing the index; try again when it is done"


def _is_engine_failure(exc: BaseException) -> bool:
    """tantivy raises ValueError/OSError, and pyo3's PanicException (a BaseException) on a Rust panic."""
    return isinstance(exc, ValueError | OSError | RuntimeError) or type(exc).__name__ == "PanicException"


@contextlib.contextmanager
def _engine(what: str, path: Path) -> Iterator[None]:
    try:
        yield
    except (IndexError_, QueryError):
        raise
    except BaseException as exc:
        if _is_engine_failure(exc):
            raise IndexError_(f"{what} failed: {exc}", path=str(path)) from exc
        raise


_ANY_GENERATION: Generation = (0, None)  # compiled queries depend on the schema only


class _NoHits:
    hits: list[tuple[Any, tantivy.DocAddress]] = []
    count = None


_NO_HITS: Any = _NoHits()


class IndexFeed:
    """Feeds the index from the records an ingest has just written, with no read-back from the catalogue.

    The index is caught up with the catalogue first (:meth:`TextIndex.sync`); then each committed batch
    is added as it is, provided its change seqs follow on from the last one the index holds.  Should
    they not (another writer got in between), or the index be busy or fail, feeding stops and the
    changes are left to the next :meth:`TextIndex.sync`, which reads them from the change sequence as
    ever.  The marker file's ``last_seq`` is written only after a commit, so a crash at any point leaves
    the index behind the catalogue, never ahead: the next sync re-applies what is missing.  A record the
    catalogue reports ``new`` is not in the index (the index held every change up to the batch), so
    only ``updated`` ones are deleted first.
    """

    def __init__(self, index: TextIndex, store: Store) -> None:
        self.index = index
        self.writer: tantivy.IndexWriter | None = None
        self.held = 0
        self.last_id = ""
        self.pending = 0
        self.added = 0
        try:
            index.sync(store, skip_if_busy=False)
            self.held = index.last_seq()
            if self.held == store.last_seq():
                self.writer = index._writer()
        except IndexError_:  # busy or failing: the next sync catches up
            self.writer = None

    def written(self, batch: list[tuple[Fields, UpsertResult]]) -> None:
        """Add the records of one committed batch (see :class:`~legation.ingest.runner.IndexSink`)."""
        changed = sorted((r.seq, r, fields) for fields, r in batch if r.seq is not None)
        if self.writer is None or not changed:
            return
        if [c[0] for c in changed] != list(range(self.held + 1, self.held + 1 + len(changed))):
            self.close()  # another writer's changes came between: the next sync applies them
            return
        writer = self.writer
        try:
            with _engine("updating the index", self.index.path):
                for _seq, result, fields in changed:
                    if result.status != "new":
                        writer.delete_documents_by_term("id", result.id)
                    writer.add_document(document_from_fields(fields))
                self.held, self.last_id = changed[-1][0], changed[-1][1].id
                self.pending += len(changed)
                self.added += len(changed)
                if self.pending >= FEED_COMMIT_EVERY:
                    writer.commit()
                    self.index._write_meta(self.held, self.last_id)
                    self.pending = 0
        except IndexError_:
            self._abandon()

    def _abandon(self) -> None:
        if self.writer is not None:
            with contextlib.suppress(Exception):
                self.writer.rollback()
            self.writer = None

    def close(self) -> None:
        """Commit what was added (and write the marker); the feed adds nothing more."""
        writer, self.writer = self.writer, None
        if writer is None:
            return
        try:
            with _engine("updating the index", self.index.path):
                self.index._finish(writer, self.held, self.last_id)
        except BaseException:
            with contextlib.suppress(Exception):
                writer.rollback()
            raise


class TextIndex:
    """A tantivy index of the catalogue's records.  Open with :meth:`open`."""

    def __init__(self, path: Path, index: tantivy.Index, *, fresh: bool,
                 heap_size: int = 128_000_000, num_threads: int = 2) -> None:
        self.path = path
        self._index = index
        self._schema = index.schema
        self.fresh = fresh  # True when created (or re-created) empty by open()
        self.heap_size = heap_size
        self.num_threads = num_threads
        self._seen: tuple[int, int] | None = None  # marker file stamp at the last reload
        self._generation: Generation = (0, None)  # (last seq held, marker stamp) of the current searcher
        self._reloading = threading.Lock()
        self._pinned = threading.local()  # a searcher held by one thread for one request (see snapshot())
        #: Totals, facet counts, compiled queries and snippet generators of the current generation.
        self.cache = QueryCache()
        self._compiled = QueryCache(256)

    # -- opening -----------------------------------------------------------------
    @classmethod
    def open(cls, path: str | os.PathLike[str], *, create: bool = True,
             heap_size: int = 128_000_000, num_threads: int = 2) -> TextIndex:
        """Open the index folder at ``path``.

        With ``create`` a missing, corrupt or outdated index is (re)created empty
        and :attr:`fresh` is True: the next :meth:`sync` rebuilds it.  Without
        ``create`` those cases raise :class:`IndexError_`.  A folder holding
        files that are not an index is never wiped.
        """
        folder = Path(path)

        def make(index: tantivy.Index, fresh: bool) -> TextIndex:
            index.register_tokenizer(TOKENIZER, analyzer())
            return cls(folder, index, fresh=fresh, heap_size=heap_size, num_threads=num_threads)

        if folder.exists() and not folder.is_dir():
            raise IndexError_("the index path is a file, not a folder", path=str(folder))
        problem = cls._problem(folder)
        if problem is None:
            try:
                index = tantivy.Index.open(str(folder))
                opened = make(index, fresh=False)
                opened._searcher()  # load the segments now, so corruption shows here
                return opened
            except BaseException as exc:
                if not _is_engine_failure(exc):
                    raise
                problem = f"tantivy cannot open it ({exc})"
        if not create:
            raise IndexError_(f"no usable index: {problem}", path=str(folder))
        if folder.exists() and any(folder.iterdir()) and not cls._looks_like_index(folder):
            raise IndexError_("the folder is not a legation index; refusing to overwrite it", path=str(folder),
                              hint="move it away or choose another catalogue path")
        with _engine("creating the index", folder):
            if folder.exists():
                shutil.rmtree(folder)
            folder.mkdir(parents=True, exist_ok=True)
            index = tantivy.Index(build_schema(), path=str(folder), reuse=False)
            created = make(index, fresh=True)
            created._write_meta(0)
        return created

    @staticmethod
    def _problem(folder: Path) -> str | None:
        """Why the folder is not a usable index, or None."""
        if not folder.exists():
            return "it does not exist"
        if not (folder / "meta.json").exists():
            return "it holds no tantivy index"
        try:
            meta = json.loads((folder / META_FILE).read_text("utf-8"))
        except (OSError, ValueError):
            return f"{META_FILE} is missing or unreadable"
        if not isinstance(meta, dict) or meta.get("schema_version") != SCHEMA_VERSION:
            return "it was built with another index schema"
        if not isinstance(meta.get("last_seq"), int):
            return f"{META_FILE} has no last_seq"
        return None

    @staticmethod
    def _looks_like_index(folder: Path) -> bool:
        names = {p.name for p in folder.iterdir()}
        if names & {META_FILE, META_FILE + ".tmp", "meta.json", ".managed.json"}:
            return True
        return all(p.suffix in {".idx", ".pos", ".term", ".store", ".fast", ".fieldnorm", ".del", ".lock"}
                   or p.name.startswith(".tantivy") for p in folder.iterdir())

    # -- the last change held --------------------------------------------------------
    def last_seq(self) -> int:
        try:
            meta = json.loads((self.path / META_FILE).read_text("utf-8"))
            return int(meta["last_seq"])
        except (OSError, ValueError, KeyError, TypeError):
            return 0

    def _meta(self) -> dict[str, Any]:
        try:
            data = json.loads((self.path / META_FILE).read_text("utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def _write_meta(self, seq: int, last_id: str = "") -> None:
        tmp = self.path / (META_FILE + ".tmp")
        tmp.write_text(json.dumps({"schema_version": SCHEMA_VERSION, "last_seq": int(seq), "last_id": last_id}),
                       "utf-8")
        os.replace(tmp, self.path / META_FILE)

    def _belongs_to(self, store: Store, seq: int) -> bool:
        """Does this index's last change match the catalogue's change at that seq (same catalogue)?"""
        last_id = self._meta().get("last_id")
        if not last_id:
            return True  # written before the check existed: trust it
        found = store.changes_since(seq - 1, 1)
        return bool(found) and found[0].seq == seq and found[0].id == last_id

    # -- writing -----------------------------------------------------------------
    def _writer(self) -> tantivy.IndexWriter:
        try:
            return self._index.writer(heap_size=self.heap_size, num_threads=self.num_threads)
        except BaseException as exc:
            if not _is_engine_failure(exc):
                raise
            if "LockBusy" in str(exc):
                raise IndexBusyError("the index is being written by someone else", path=str(self.path)) from exc
            raise IndexError_(f"cannot write the index: {exc}", path=str(self.path)) from exc

    def _finish(self, writer: tantivy.IndexWriter, seq: int, last_id: str = "") -> None:
        writer.commit()
        writer.wait_merging_threads()
        self._write_meta(seq, last_id)
        self._index.reload()
        self.fresh = False

    def sync(self, store: Store, *, batch_size: int = 10_000, skip_if_busy: bool = True) -> int:
        """Apply the catalogue's changes since :meth:`last_seq`; returns how many changes were applied.

        A fresh index, or one ahead of the catalogue (another catalogue, or one
        restored from a backup), is rebuilt instead (and the number of records
        indexed is returned).  When another process holds the write lock, it
        is the one catching up: with ``skip_if_busy`` this returns 0, otherwise
        it raises :class:`IndexBusyError`.
        """
        try:
            return self._sync(store, batch_size)
        except IndexBusyError:
            if skip_if_busy:
                with contextlib.suppress(Exception):
                    self._index.reload()
                return 0
            raise

    def _sync(self, store: Store, batch_size: int) -> int:
        seq = self.last_seq()
        # Rebuild when fresh, ahead of the catalogue, or built from another catalogue (a recreated file).
        if self.fresh or seq == 0 or seq > store.last_seq() or not self._belongs_to(store, seq):
            if store.last_seq() == 0 and self.count() == 0:
                return 0
            return self.rebuild(store)
        applied = 0
        last_id = ""
        writer: tantivy.IndexWriter | None = None
        with _engine("updating the index", self.path):
            try:
                while True:
                    changes = store.changes_since(seq, batch_size)
                    if not changes:
                        break
                    if writer is None:
                        writer = self._writer()
                    ops: dict[str, str] = {}
                    for change in changes:
                        ops[change.id] = change.op
                    current = store.get_many([i for i, op in ops.items() if op != OP_DELETE])
                    for id_ in ops:
                        writer.delete_documents_by_term("id", id_)
                        record = current.get(id_)
                        if record is not None:
                            writer.add_document(record_document(record))
                    seq, last_id = changes[-1].seq, changes[-1].id
                    applied += len(changes)
                    writer.commit()
                    self._write_meta(seq, last_id)
                if writer is not None:
                    self._finish(writer, seq, last_id)
                    writer = None
            finally:
                if writer is not None:
                    with contextlib.suppress(Exception):
                        writer.rollback()
        return applied

    def rebuild(self, store: Store) -> int:
        """Wipe the index and add every record of the catalogue; returns the number of records indexed."""
        seq = store.last_seq()  # changes after this point are re-applied by the next sync
        at = store.changes_since(seq - 1, 1) if seq else []
        last_id = at[0].id if at and at[0].seq == seq else ""
        n = 0
        with _engine("rebuilding the index", self.path):
            writer = self._writer()
            try:
                writer.delete_all_documents()
                for record in store.iter_records():
                    writer.add_document(record_document(record))
                    n += 1
                self._finish(writer, seq, last_id)
            except BaseException:
                with contextlib.suppress(Exception):
                    writer.rollback()
                raise
        return n

    @contextlib.contextmanager
    def feed(self, store: Store) -> Iterator[IndexFeed]:
        """An :class:`IndexFeed` for one ingest into ``store``: the index caught up first, committed at the end."""
        feeder = IndexFeed(self, store)
        try:
            yield feeder
        finally:
            feeder.close()

    # -- reading -----------------------------------------------------------------
    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """Within the block, every read on this thread uses one searcher: a search and its facet counts see
        the same commit even while an ingest commits.  Searchers are per request and thread-safe."""
        if getattr(self._pinned, "searcher", None) is not None:
            yield
            return
        with _engine("reading the index", self.path):
            self._pinned.searcher = self._acquire()
        try:
            yield
        finally:
            self._pinned.searcher = None

    def _acquire(self) -> tuple[tantivy.Searcher, Generation]:
        """A searcher and its generation (the seq it holds and the marker stamp), taken together."""
        pinned = getattr(self._pinned, "searcher", None)
        if pinned is not None:
            return pinned
        # Another process's commit shows up as a new marker file (os.replace gives it a new inode);
        # reload then, rather than wait for tantivy's own delayed reload.
        try:
            st = os.stat(self.path / META_FILE)
            stamp: tuple[int, int] | None = (st.st_ino, st.st_mtime_ns)
        except OSError:
            stamp = None
        with self._reloading:
            if stamp != self._seen:
                self._index.reload()
                self._seen = stamp
                self._generation = (self.last_seq(), stamp)
            return self._index.searcher(), self._generation

    def _searcher(self) -> tantivy.Searcher:
        return self._acquire()[0]

    def count(self) -> int:
        """Number of records in the index."""
        with _engine("reading the index", self.path):
            return int(self._searcher().num_docs)

    @property
    def schema(self) -> tantivy.Schema:
        """The tantivy schema, for code that builds ``tantivy.Query`` objects itself."""
        return self._schema

    @staticmethod
    def analyze(text: str) -> list[str]:
        """The tokens the index's ``legation`` analyzer makes of ``text`` (lowercased, ASCII-folded)."""
        return [t for t in ANALYZER.analyze(valid_text(text)) if t]

    def compile(self, query: Node | str | tantivy.Query) -> tantivy.Query:
        """The engine query for a query-language AST (text is parsed first by :func:`legation.query.parse`;
        a ``tantivy.Query`` built against :attr:`schema` is used as it is)."""
        return self.prepare(query)[1]

    def prepare(self, query: Node | str | tantivy.Query) -> tuple[str | None, tantivy.Query]:
        """(the canonical query text, the engine query); the text (the cache key) is None for an engine query.

        Compiled queries are kept by their canonical text (:func:`legation.query.to_text`), so a query
        asked again is not compiled again."""
        if isinstance(query, tantivy.Query):
            return None, query
        node = parse(query) if isinstance(query, str) else query
        key = to_text(node)
        compiled = self._compiled.get_or_make(_ANY_GENERATION, key,
                                              lambda: Compiler(self._schema, self.analyze).compile(node))
        return key, compiled

    def search(self, query: Node | str | tantivy.Query = "", limit: int = 20, offset: int = 0,
               sort: str = "relevance", *, snippets: bool = True) -> SearchResult:
        """Records matching ``query``, with snippets; ``total`` is exact.

        ``query`` is a query-language AST (or text, parsed by the one query
        parser; empty text matches every record), or an engine query built
        against :attr:`schema` (then ``SearchResult.query`` is ``""``).  ``sort`` is one of
        :data:`SORTS`: ``relevance`` (BM25, best first), ``date`` (oldest first)
        or ``-date`` (newest first); undated records come last, and hits sorted
        by date have score 0.  Paging bounds are checked where the request
        enters (:class:`legation.search.SearchRequest`), not here.

        Stored fields and snippets are read only for the hits returned (none with
        ``snippets=False``).  The exact total and each page of hits are cached per
        query and index generation (:attr:`cache`): asked again before the index
        changes, a page is copied from the cache, and another page of the same
        query collects only its top hits without visiting every match again.
        """
        if sort not in SORTS:
            raise QueryError(f"cannot sort by {sort!r}; use one of {', '.join(SORTS)}")
        result = SearchResult(query=query if isinstance(query, str) else "", total=0, offset=offset, limit=limit)
        key, engine_query = self.prepare(query)
        with _engine("searching the index", self.path):
            searcher, generation = self._acquire()
            page_key = ("page", key, limit, offset, sort, snippets)
            total = self.cache.get(generation, ("total", key)) if key is not None else None
            keep_page = total is not None and limit <= PAGE_CACHE_HITS
            page = self.cache.get(generation, page_key) if keep_page else None
            if page is None:
                total, page = self._page(searcher, generation, key, engine_query, limit, offset, sort,
                                         snippets=snippets, total=total)  # type: ignore[arg-type]
                if key is not None:
                    self.cache.put(generation, ("total", key), total)
                    if limit <= PAGE_CACHE_HITS:
                        self.cache.put(generation, page_key, page)
            result.total = int(total)  # type: ignore[call-overload]
            result.hits = [h.copy() for h in page]  # type: ignore[attr-defined]
        return result

    def _page(self, searcher: tantivy.Searcher, generation: Generation, key: str | None, engine_query: tantivy.Query,
              limit: int, offset: int, sort: str, *, snippets: bool, total: int | None) -> tuple[int, tuple[Hit, ...]]:
        """(the exact total, the hits of one page): the count is collected only when ``total`` is not known."""
        paged = limit > 0 and offset < searcher.num_docs
        found = self._top(searcher, engine_query, limit, offset, sort, count=total is None)
        if total is None:
            total = int(found.count)  # type: ignore[attr-defined]
        generators = self._generators(searcher, generation, key, engine_query) if snippets else None
        hits = []
        for score, address in found.hits if paged else ():
            relevance = float(score) if sort == "relevance" and score is not None else 0.0
            hits.append(self._hit(searcher.doc(address), relevance, generators))
        return total, tuple(hits)

    @staticmethod
    def _top(searcher: tantivy.Searcher, query: tantivy.Query, limit: int, offset: int, sort: str,
             *, count: bool) -> tantivy.SearchResult:
        if limit == 0 or offset >= searcher.num_docs:
            return searcher.search(query, 1, count=count) if count else _NO_HITS
        if sort == "relevance":
            return searcher.search(query, limit, count=count, offset=offset)
        order = tantivy.Order.Asc if sort == "date" else tantivy.Order.Desc
        return searcher.search(query, limit, count=count, offset=offset, order_by_field="date", order=order)

    def _generators(self, searcher: tantivy.Searcher, generation: Generation, key: str | None,
                    query: tantivy.Query) -> Callable[[str], tantivy.SnippetGenerator]:
        """Field name -> the query's snippet generator for it, made once per query and index generation."""
        local: dict[str, tantivy.SnippetGenerator] = {}

        def make(name: str) -> tantivy.SnippetGenerator:
            generator = tantivy.SnippetGenerator.create(searcher, query, self._schema, name)
            generator.set_max_num_chars(SNIPPET_CHARS)
            return generator

        def get(name: str) -> tantivy.SnippetGenerator:
            found = local.get(name)  # one page asks for the same few fields again and again
            if found is None:
                if key is not None:
                    found = self.cache.get_or_make(generation, ("snippets", key, name), lambda: make(name))
                else:
                    found = make(name)
                local[name] = found
            return found

        return get

    @staticmethod
    def _hit(doc: tantivy.Document, score: float,
             generators: Callable[[str], tantivy.SnippetGenerator] | None) -> Hit:
        """A hit from its stored document; with ``generators``, its KWIC snippet too."""
        def first(name: str) -> str:
            value = doc.get_first(name)
            return str(value) if value is not None else ""

        record_id, title, subject = first("id"), first("title"), first("subject")
        hit = Hit(id=record_id, score=score, title=title or subject or record_id,
                  date=first("date_text"), collection=first("collection"), kind=first("kind"))
        if generators is not None:
            hits.snippet_for(hit, doc, generators, {"title": title, "subject": subject})
        return hit

    def similar(self, record_id: str, limit: int = 10) -> list[Hit]:
        """Records most like ``record_id`` (tantivy's MoreLikeThis over its stored text), best first."""
        with _engine("finding similar records", self.path):
            searcher = self._searcher()
            me = tantivy.Query.term_query(self._schema, "id", record_id)
            found = searcher.search(me, 1, count=False).hits
            if not found:
                return []
            like = tantivy.Query.more_like_this_query(
                found[0][1], min_doc_frequency=1, max_doc_frequency=max(2, searcher.num_docs // 2),
                min_term_frequency=1, max_query_terms=100, min_word_length=4, max_word_length=30,
                stop_words=sorted(_MLT_STOP))
            query = tantivy.Query.boolean_query([(tantivy.Occur.Must, like), (tantivy.Occur.MustNot, me)])
            hits = searcher.search(query, limit, count=False).hits
            return [self._hit(searcher.doc(address), float(score), None) for score, address in hits]

    def facet_counts(self, query: Node | str | tantivy.Query, field: str, limit: int = 20) -> list[tuple[str, int]]:
        """The ``limit`` commonest values of ``field`` (one of :data:`FACET_FIELDS`) among records matching
        ``query``, commonest first."""
        return self.facet_counts_many(query, [field], limit).get(field, [])

    def facet_counts_many(self, query: Node | str | tantivy.Query, fields: list[str],
                          limit: int = 20) -> dict[str, list[tuple[str, int]]]:
        """Counts for several facet fields in ONE pass over the matching records (one aggregation request;
        multi-valued fields through their slots, see :mod:`legation.index.facet_counts`).  Each field's
        counts are cached per query, limit and index generation (:attr:`cache`); only the fields not
        cached are counted, together."""
        for field_name in fields:
            if field_name not in FACET_FIELDS:
                raise QueryError(f"cannot count {field_name!r}; facets are {', '.join(FACET_FIELDS)}")
        wanted = list(dict.fromkeys(fields))
        if not wanted:
            return {}
        key, engine_query = self.prepare(query)
        with _engine("counting facets", self.path):
            searcher, generation = self._acquire()
            out: dict[str, fc.Values] = {}
            if key is not None:
                for name in wanted:
                    cached = self.cache.get(generation, ("facet", key, name, limit))
                    if cached is not None:
                        out[name] = cached  # type: ignore[assignment]
            missing = [name for name in wanted if name not in out]
            if missing:
                used = {name: self._slots_used(searcher, generation, name)
                        for name in missing if name in fc.MULTI_FIELDS}
                for name, values in fc.aggregate(searcher, engine_query, missing, limit, used=used).items():
                    out[name] = values
                    if key is not None:
                        self.cache.put(generation, ("facet", key, name, limit), values)
        return {name: list(out[name]) for name in wanted}

    def _slots_used(self, searcher: tantivy.Searcher, generation: Generation, name: str) -> int:
        def look() -> int:
            return fc.slots_used(searcher, name)

        return self.cache.get_or_make(generation, ("slots", name), look)

    # -- lifetime ----------------------------------------------------------------
    def close(self) -> None:
        """Drop the engine handles (the index holds no lock between calls)."""
        self._index = None  # type: ignore[assignment]

    def __enter__(self) -> TextIndex:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"TextIndex({str(self.path)!r})"
