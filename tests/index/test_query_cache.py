"""Per-query caching (totals, facet counts, compiled queries, snippet generators) and snippets only for hits shown.

No timing here: the tests count what the engine was asked to do.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from legation.catalogue import Catalogue
from legation.index import TextIndex, open_index
from legation.index import facet_counts as fc
from legation.index import hits as hits_module
from legation.index.cache import QueryCache
from legation.model import Address, Record
from legation.query import parse
from legation.store import SQLiteStore


def cable(n: int, *, word: str = "soviet", tags: tuple[str, ...] = ("PFOR",), year: int = 1976) -> Record:
    return Record(id=f"{year}TESTPOST{n:05d}", collection="aad", kind="telegram", subject=f"{word.upper()} NOTE {n}",
                  date=f"{year}-03-{1 + n % 28:02d}", tags=list(tags), from_=Address(name="AMEMBASSY TOKYO", post="TOKYO"),
                  text=f"1. The {word} delegation met the minister (note {n}).\n\n2. Fishing talks go on.")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SQLiteStore]:
    s = SQLiteStore(tmp_path / "legation.db")
    s.upsert([cable(i) for i in range(12)] + [cable(100 + i, word="grain", tags=("EAGR",)) for i in range(3)])
    yield s
    s.close()


@pytest.fixture
def index(tmp_path: Path, store: SQLiteStore) -> TextIndex:
    return open_index(tmp_path / "legation.db", store)


@pytest.fixture
def snippet_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Ids of the hits a snippet was made for."""
    calls: list[str] = []
    real = hits_module.snippet_for

    def counting(hit: hits_module.Hit, *args: Any, **kwargs: Any) -> None:
        calls.append(hit.id)
        real(hit, *args, **kwargs)

    monkeypatch.setattr(hits_module, "snippet_for", counting)
    return calls


def counted(index: TextIndex, monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Record, for every engine search, whether it asked for an exact count (a visit of every match)."""
    asked: list[bool] = []
    real = TextIndex._top

    def top(searcher: Any, query: Any, limit: int, offset: int, sort: str, *, count: bool) -> Any:
        asked.append(count)
        return real(searcher, query, limit, offset, sort, count=count)

    monkeypatch.setattr(index, "_top", top)
    return asked


# -- the cache itself --------------------------------------------------------------------------
def test_query_cache_is_emptied_by_a_new_generation() -> None:
    cache = QueryCache(size=2)
    cache.put((1, "a"), "k", 10)
    assert cache.get((1, "a"), "k") == 10
    assert cache.get((2, "a"), "k") is None  # same key, new seq: recomputed
    cache.put((2, "a"), "k", 11)
    assert cache.get((2, "b"), "k") is None  # same seq, new marker stamp (a rebuild): recomputed
    for n in range(3):
        cache.put((3, "b"), n, n)
    assert cache.get((3, "b"), 0) is None and cache.get((3, "b"), 2) == 2 and len(cache) == 2  # LRU bound


# -- totals ------------------------------------------------------------------------------------
def test_total_is_counted_once_per_query_and_generation(index: TextIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    asked = counted(index, monkeypatch)
    first = index.search("soviet", limit=5)
    again = index.search(parse("soviet"), limit=5)  # the same AST, so the same canonical key
    page2 = index.search("soviet", limit=5, offset=5)
    by_date = index.search("soviet", limit=5, sort="-date")
    assert first.total == again.total == page2.total == by_date.total == 12
    assert asked == [True, False, False]  # only the first search visited every match; ``again`` was cached whole
    assert [h.id for h in first.hits] == [h.id for h in again.hits]
    assert index.search("soviet", limit=0).total == 12


def test_a_new_ingest_invalidates_cached_totals_and_facets(tmp_path: Path) -> None:
    with Catalogue(str(tmp_path / "c.db")) as cat:
        cat.store.upsert([cable(i) for i in range(4)])
        cat.sync_index()
        before = cat.search("soviet", facets=["tags", "year"])
        assert before.total == 4 and before.facets["tags"] == [("PFOR", 4)]
        assert cat.search("soviet", facets=["tags", "year"]).facets == before.facets  # served from the cache
        seq = cat.index.last_seq()
        cat.store.upsert([cable(50, tags=("PFOR", "UR"), year=1977)])
        assert cat.search("soviet").total == 4  # the index has not caught up yet: still seq ``seq``
        cat.sync_index()
        assert cat.index.last_seq() > seq
        after = cat.search("soviet", facets=["tags", "year"])
        assert after.total == 5
        assert after.facets["tags"] == [("PFOR", 5), ("UR", 1)]
        assert after.facets["year"] == [("1976", 4), ("1977", 1)]
        assert cat.facets("soviet", ["tags"])["tags"] == [("PFOR", 5), ("UR", 1)]


def test_another_process_writing_the_index_invalidates_the_cache(tmp_path: Path, store: SQLiteStore) -> None:
    reader = open_index(tmp_path / "legation.db", store)
    assert reader.search("grain").total == 3
    store.upsert([cable(200, word="grain")])
    writer = TextIndex.open(tmp_path / "legation.db.index")  # a second handle, as another process has
    writer.sync(store)
    assert reader.search("grain").total == 4  # the reader sees the new marker file: a new generation


def test_deleting_records_invalidates_the_cache(index: TextIndex, store: SQLiteStore) -> None:
    assert index.search("grain").total == 3
    assert index.facet_counts("grain", "tags") == [("EAGR", 3)]
    store.delete(cable(100, word="grain").id)
    index.sync(store)
    assert index.search("grain").total == 2
    assert index.facet_counts("grain", "tags") == [("EAGR", 2)]


def test_facet_counts_only_count_what_is_not_cached(index: TextIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[list[str]] = []
    real = fc.aggregate

    def spy(searcher: Any, query: Any, fields: list[str], limit: int, scale: float = 1.0, **kw: Any) -> Any:
        asked.append(list(fields))
        return real(searcher, query, fields, limit, scale, **kw)

    monkeypatch.setattr(fc, "aggregate", spy)
    one = index.facet_counts_many("soviet OR grain", ["tags"])
    both = index.facet_counts_many("soviet OR grain", ["tags", "year"])
    again = index.facet_counts_many("soviet OR grain", ["year", "tags"])
    assert asked == [["tags"], ["year"]]
    assert one["tags"] == both["tags"] == again["tags"] == [("PFOR", 12), ("EAGR", 3)]
    both["tags"].append(("MUTATED", 1))  # callers get copies: the cached value stays as counted
    assert index.facet_counts("soviet OR grain", "tags") == [("PFOR", 12), ("EAGR", 3)]
    assert index.facet_counts("soviet OR grain", "tags", limit=1) == [("PFOR", 12)]  # the limit is in the key


def test_engine_queries_are_not_cached(index: TextIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    asked = counted(index, monkeypatch)
    query = index.compile("soviet")
    assert index.search(query).total == index.search(query).total == 12
    assert asked == [True, True]


# -- snippets only for the hits shown -------------------------------------------------------------
def test_snippets_only_for_the_hits_returned(index: TextIndex, snippet_calls: list[str]) -> None:
    page = index.search("soviet", limit=3, offset=2)
    assert page.total == 12 and len(page.hits) == 3
    assert snippet_calls == [h.id for h in page.hits]
    assert all(h.highlights for h in page.hits)


def test_no_snippets_for_ids_similar_records_and_exports(tmp_path: Path, snippet_calls: list[str]) -> None:
    with Catalogue(str(tmp_path / "c.db")) as cat:
        cat.store.upsert([cable(i) for i in range(6)] + [cable(60 + i, word="okinawa") for i in range(2)])
        cat.sync_index()
        assert len(cat.matching_ids("soviet", limit=4)) == 4
        assert cat.index.search("soviet", limit=4, snippets=False).hits[0].snippet == ""
        similar = cat.similar(cable(60, word="okinawa").id, limit=3)
        assert cable(61).id in [h.id for h in similar] and all(h.snippet == "" for h in similar)
        assert len(list(cat.iter_matching("soviet", batch=2))) == 6
        assert snippet_calls == []
        assert len(cat.search("soviet", limit=2).hits) == 2
        assert len(snippet_calls) == 2


def test_a_page_asked_again_is_copied_from_the_cache(index: TextIndex, snippet_calls: list[str]) -> None:
    first = index.search("soviet", limit=3)
    assert len(snippet_calls) == 3
    first.hits[0].snippet = "changed by a caller"
    first.hits[0].highlights.append((0, 1))
    again = index.search("soviet", limit=3)
    assert len(snippet_calls) == 3  # no new snippets
    assert again.hits[0].snippet != "changed by a caller" and (0, 1) not in again.hits[0].highlights
    assert [h.id for h in again.hits] == [h.id for h in first.hits]
    assert len(index.search("soviet", limit=3, sort="date").hits) == 3 and len(snippet_calls) == 6


def test_snippet_generators_are_made_once_per_query(index: TextIndex) -> None:
    index.search("soviet", limit=5)
    made = {k for k in index.cache._data if isinstance(k, tuple) and k[0] == "snippets"}
    assert made == {("snippets", "soviet", "text")}
    index.search("soviet", limit=5, offset=5)
    assert {k for k in index.cache._data if isinstance(k, tuple) and k[0] == "snippets"} == made


def test_cached_and_fresh_snippets_agree(tmp_path: Path, store: SQLiteStore) -> None:
    warm = open_index(tmp_path / "legation.db", store)
    first = warm.search("delegation minister", limit=4)
    second = warm.search("delegation minister", limit=4)
    cold = TextIndex.open(tmp_path / "legation.db.index").search("delegation minister", limit=4)
    assert [h.to_dict() for h in first.hits] == [h.to_dict() for h in second.hits] == [h.to_dict() for h in cold.hits]


def test_hit_copy_keeps_every_field_and_shares_no_list() -> None:
    import dataclasses

    from legation.index.hits import Hit

    hit = Hit(id="A", score=1.5, title="T", date="1976-01-02", collection="c", kind="k", snippet="s",
              highlights=[(0, 1)])
    twin = hit.copy()
    assert dataclasses.astuple(twin) == dataclasses.astuple(hit)
    assert {f.name for f in dataclasses.fields(Hit)} == {"id", "score", "title", "date", "collection", "kind",
                                                         "snippet", "highlights"}  # a new field: copy() must carry it
    twin.highlights.append((2, 3))
    assert hit.highlights == [(0, 1)]
