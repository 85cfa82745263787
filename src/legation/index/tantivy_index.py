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
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import tantivy

from legation.clean.spelling import original_spellings
from legation.errors import IndexError_, QueryError
from legation.index.compile import Compiler
from legation.model import Record
from legation.query import Node, parse
from legation.search.facets import FACETS, TEXT_INDEX_FIELDS
from legation.search.snippets import render
from legation.store.base import OP_DELETE, Store

SCHEMA_VERSION = 5  # 4: the classification facet follows the facet table (current, else original);
#                    5: person/place/org/country facets and the country field
META_FILE = "legation-index.json"
TOKENIZER = "legation"
#: Index fields that facets count (from the facet table).
FACET_FIELDS: tuple[str, ...] = tuple(f.index_field for f in FACETS)
SORTS = ("relevance", "date", "-date")
SNIPPET_CHARS = 200
# Words too common in diplomatic prose to say what a document is about (for "similar records").
_MLT_STOP = set("""the and that this with from have been were will would could should their there which
they them than then also into about after before other such some more most only over under upon
said says para paras summary comment reftel embassy department state secstate washdc confidential
secret unclassified limited official page text telegram memorandum conversation record""".split())


def _analyzer() -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )


_ANALYZER = _analyzer()


_TOKEN_ONLY_FIELDS = ("from_text", "to_text", "person", "place", "org", "country", "signer", "class_text")
_PERSON_TYPES = {"PERSON", "PER"}
_PLACE_TYPES = {"PLACE", "COUNTRY", "LOC", "GPE", "CITY"}
_ORG_TYPES = {"ORG", "ORGANIZATION"}


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    for name in ("title", "subject", "summary", "text"):
        sb.add_text_field(name, stored=True, tokenizer_name=TOKENIZER)
    for name in ("meta", *_TOKEN_ONLY_FIELDS):
        sb.add_text_field(name, stored=False, tokenizer_name=TOKENIZER)
    sb.add_text_field("id_lc", stored=False, tokenizer_name="raw")
    sb.add_text_field("alias_lc", stored=False, tokenizer_name="raw")
    for name in TEXT_INDEX_FIELDS:
        sb.add_text_field(name, stored=True, fast=True, tokenizer_name="raw")
    sb.add_date_field("date", stored=True, indexed=True, fast=True)
    sb.add_text_field("date_text", stored=True, tokenizer_name="raw")
    sb.add_integer_field("year", stored=True, indexed=True, fast=True)
    return sb.build()


def _date_value(date: str) -> dt.datetime | None:
    """``1976-08-24`` / ``1976-08`` / ``1976`` -> the first instant of that day/month/year, UTC."""
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", date)
    if not m:
        return None
    try:
        return dt.datetime(int(m[1]), int(m[2] or 1), int(m[3] or 1), tzinfo=dt.UTC)
    except ValueError:
        return None


def _valid(text: str) -> str:
    """``text`` with any lone surrogate replaced, so tantivy (UTF-8 only) accepts it."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")


class _Doc:
    """A tantivy document that never receives invalid Unicode."""

    def __init__(self) -> None:
        self.doc = tantivy.Document()

    def add_text(self, name: str, value: str) -> None:
        self.doc.add_text(name, _valid(value))


def _meta_words(record: Record) -> str:
    """Ids, aliases, codes, posts, names and reference labels: searched by unfielded words (boost 1.2)."""
    posts = [a.post or a.name for a in (*record.to, *record.info)]
    if record.from_ is not None:
        posts.insert(0, record.from_.post or record.from_.name)
    meta = [record.id, *record.aliases, *record.tags, *record.tag_persons, *record.concepts, *posts,
            *(p.name for p in record.participants), *(r.label for r in record.references),
            record.signer, record.drafter, *original_spellings(record)]  # OCR: the printed spellings too
    return " ".join(m for m in meta if m)


def _entity_names(record: Record) -> dict[str, list[str]]:
    """person / place / org / country -> names and linking keys, from TAGS persons, participants and typed
    entities (a country is a place too).  The key (``brezhnev l``) is indexed beside the printed name, so a
    facet value (a key) finds every spelling the key links."""
    out: dict[str, list[str]] = {"person": [*record.tag_persons, *(p.name for p in record.participants)],
                                 "place": [], "org": [], "country": []}
    for entity in record.entities:
        kind = entity.type.upper()
        target = ("person" if kind in _PERSON_TYPES else "place" if kind in _PLACE_TYPES
                  else "org" if kind in _ORG_TYPES else "")
        if target:
            out[target] += [entity.name, entity.key]
        if kind == "COUNTRY":
            out["country"] += [entity.name, entity.key]
    return out


def _token_fields(record: Record) -> dict[str, list[str]]:
    """The tokenized fields that fielded queries (from:, to:, person:, class: ...) search."""
    c = record.classification
    return {
        "from_text": [record.from_.name, record.from_.post] if record.from_ is not None else [],
        "to_text": [v for a in (*record.to, *record.info) for v in (a.name, a.post)],
        "signer": [record.signer],
        "class_text": [c.current, c.original, c.previous, *record.handling],
        **_entity_names(record),
    }


def _add_dates(doc: _Doc, record: Record) -> None:
    if record.date:
        doc.add_text("date_text", record.date)
    when = _date_value(record.date)
    if when is not None:
        doc.doc.add_date("date", when)
    if record.year is not None:
        doc.doc.add_integer("year", record.year)


def record_document(record: Record) -> tantivy.Document:
    """The index document for a record."""
    doc = _Doc()
    doc.add_text("id", record.id)
    text = record.text or "\n\n".join(b.text for b in record.body if b.text)
    for name, value in (("title", record.title), ("subject", record.subject),
                        ("summary", record.summary), ("text", text)):
        if value:
            doc.add_text(name, value)
    doc.add_text("meta", _meta_words(record))
    doc.add_text("id_lc", record.id.lower())
    for alias in dict.fromkeys(a.lower() for a in record.aliases):
        if alias:
            doc.add_text("alias_lc", alias)
    for name, values in _token_fields(record).items():
        for value in dict.fromkeys(values):
            if value:
                doc.add_text(name, value)
    for f in FACETS:  # the facet fields, by the facet table's rules (one rule for store and index)
        if not f.integer:
            for value in f.values(record):
                doc.add_text(f.index_field, value)
    _add_dates(doc, record)
    return doc.doc


@dataclass(slots=True)
class Hit:
    """One search hit.

    ``snippet`` is plain text (a KWIC fragment of the record's text, or of its
    summary/title when the match is only there); ``highlights`` are
    ``(start, end)`` Python string offsets into ``snippet`` of the matched
    words (the one marking); :attr:`snippet_html` renders it with ``<b>``
    through :func:`legation.search.snippets.render`.
    """

    id: str
    score: float
    title: str = ""
    date: str = ""
    collection: str = ""
    kind: str = ""
    snippet: str = ""
    highlights: list[tuple[int, int]] = field(default_factory=list)

    @property
    def snippet_html(self) -> str:
        return render(self.snippet, self.highlights, "b")

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["highlights"] = [list(h) for h in self.highlights]
        data["snippet_html"] = self.snippet_html
        return data


@dataclass(slots=True)
class SearchResult:
    """Hits ``offset .. offset+limit`` of a query; ``total`` is the exact number of matching records."""

    query: str
    total: int
    offset: int
    limit: int
    hits: list[Hit] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "total": self.total, "offset": self.offset, "limit": self.limit,
                "hits": [h.to_dict() for h in self.hits]}


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


def _char_offset(text: str, byte_offset: int) -> int:
    return len(text.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore"))


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
        self._pinned = threading.local()  # a searcher held by one thread for one request (see snapshot())

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
            index.register_tokenizer(TOKENIZER, _analyzer())
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

    # -- reading -----------------------------------------------------------------
    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """Within the block, every read on this thread uses one searcher: a search and its facet counts see
        the same commit even while an ingest commits.  Searchers are per request and thread-safe."""
        if getattr(self._pinned, "searcher", None) is not None:
            yield
            return
        with _engine("reading the index", self.path):
            self._pinned.searcher = self._searcher()
        try:
            yield
        finally:
            self._pinned.searcher = None

    def _searcher(self) -> tantivy.Searcher:
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
        if stamp != self._seen:
            self._index.reload()
            self._seen = stamp
        return self._index.searcher()

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
        return [t for t in _ANALYZER.analyze(_valid(text)) if t]

    def compile(self, query: Node | str | tantivy.Query) -> tantivy.Query:
        """The engine query for a query-language AST (text is parsed first by :func:`legation.query.parse`;
        a ``tantivy.Query`` built against :attr:`schema` is used as it is)."""
        if isinstance(query, tantivy.Query):
            return query
        node = parse(query) if isinstance(query, str) else query
        return Compiler(self._schema, self.analyze).compile(node)

    def search(self, query: Node | str | tantivy.Query = "", limit: int = 20, offset: int = 0,
               sort: str = "relevance") -> SearchResult:
        """Records matching ``query``, with snippets; ``total`` is exact.

        ``query`` is a query-language AST (or text, parsed by the one query
        parser; empty text matches every record), or an engine query built
        against :attr:`schema` (then ``SearchResult.query`` is ``""``).  ``sort`` is one of
        :data:`SORTS`: ``relevance`` (BM25, best first), ``date`` (oldest first)
        or ``-date`` (newest first); undated records come last, and hits sorted
        by date have score 0.  Paging bounds are checked where the request
        enters (:class:`legation.search.SearchRequest`), not here.
        """
        if sort not in SORTS:
            raise QueryError(f"cannot sort by {sort!r}; use one of {', '.join(SORTS)}")
        result = SearchResult(query=query if isinstance(query, str) else "", total=0, offset=offset, limit=limit)
        engine_query = self.compile(query)
        with _engine("searching the index", self.path):
            searcher = self._searcher()
            if limit == 0 or offset >= searcher.num_docs:
                result.total = int(searcher.search(engine_query, 1, count=True).count)  # type: ignore[attr-defined]
                return result
            if sort == "relevance":
                found = searcher.search(engine_query, limit, count=True, offset=offset)
            else:
                order = tantivy.Order.Asc if sort == "date" else tantivy.Order.Desc
                found = searcher.search(engine_query, limit, count=True, offset=offset, order_by_field="date",
                                        order=order)
            result.total = int(found.count)  # type: ignore[attr-defined]
            generators: dict[str, tantivy.SnippetGenerator] = {}
            for score, address in found.hits:
                doc = searcher.doc(address)
                relevance = float(score) if sort == "relevance" and score is not None else 0.0
                result.hits.append(self._hit(searcher, engine_query, generators, doc, relevance))
        return result

    def _hit(self, searcher: tantivy.Searcher, query: tantivy.Query,
             generators: dict[str, tantivy.SnippetGenerator], doc: tantivy.Document, score: float) -> Hit:
        def first(name: str) -> str:
            value = doc.get_first(name)
            return str(value) if value is not None else ""

        hit = Hit(id=first("id"), score=score, title=first("title") or first("subject") or first("id"),
                  date=first("date_text"), collection=first("collection"), kind=first("kind"))
        for name in ("text", "summary", "subject", "title"):
            if not first(name):
                continue
            if name not in generators:
                generator = tantivy.SnippetGenerator.create(searcher, query, self._schema, name)
                generator.set_max_num_chars(SNIPPET_CHARS)
                generators[name] = generator
            snippet = generators[name].snippet_from_doc(doc)
            ranges = snippet.highlighted()
            if ranges:
                fragment = snippet.fragment()
                hit.snippet = fragment
                hit.highlights = [(_char_offset(fragment, r.start), _char_offset(fragment, r.end)) for r in ranges]
                return hit
        lead = first("text") or first("summary")
        hit.snippet = lead[:SNIPPET_CHARS].rsplit(" ", 1)[0] if len(lead) > SNIPPET_CHARS else lead
        return hit

    def similar(self, record_id: str, limit: int = 10) -> list[Hit]:
        """Records most like ``record_id`` (tantivy's MoreLikeThis over its stored text), best first."""
        with _engine("finding similar records", self.path):
            searcher = self._searcher()
            me = tantivy.Query.term_query(self._schema, "id", record_id)
            found = searcher.search(me, 1).hits
            if not found:
                return []
            like = tantivy.Query.more_like_this_query(
                found[0][1], min_doc_frequency=1, max_doc_frequency=max(2, searcher.num_docs // 2),
                min_term_frequency=1, max_query_terms=100, min_word_length=4, max_word_length=30,
                stop_words=sorted(_MLT_STOP))
            query = tantivy.Query.boolean_query([(tantivy.Occur.Must, like), (tantivy.Occur.MustNot, me)])
            hits = searcher.search(query, limit).hits
            generators: dict[str, tantivy.SnippetGenerator] = {}
            out = []
            for score, address in hits:
                hit = self._hit(searcher, query, generators, searcher.doc(address), float(score))
                hit.snippet, hit.highlights = "", []
                out.append(hit)
            return out

    def facet_counts(self, query: Node | str | tantivy.Query, field: str, limit: int = 20) -> list[tuple[str, int]]:
        """The ``limit`` commonest values of ``field`` (one of :data:`FACET_FIELDS`) among records matching
        ``query``, commonest first."""
        return self.facet_counts_many(query, [field], limit).get(field, [])

    def facet_counts_many(self, query: Node | str | tantivy.Query, fields: list[str],
                          limit: int = 20) -> dict[str, list[tuple[str, int]]]:
        """Counts for several facet fields in ONE pass over the matching records (one aggregation request)."""
        for field_name in fields:
            if field_name not in FACET_FIELDS:
                raise QueryError(f"cannot count {field_name!r}; facets are {', '.join(FACET_FIELDS)}")
        wanted = list(dict.fromkeys(fields))
        if not wanted:
            return {}
        engine_query = self.compile(query)
        request = {f"f{i}": {"terms": {"field": f, "size": limit}} for i, f in enumerate(wanted)}
        with _engine("counting facets", self.path):
            agg = self._searcher().aggregate(engine_query, request)
        out: dict[str, list[tuple[str, int]]] = {}
        for i, field_name in enumerate(wanted):
            values: list[tuple[str, int]] = []
            for bucket in agg.get(f"f{i}", {}).get("buckets", []):
                key = bucket["key"]
                if isinstance(key, float) and key.is_integer():
                    key = int(key)
                values.append((str(key), int(bucket["doc_count"])))
            out[field_name] = values
        return out

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
