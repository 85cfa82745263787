"""Multi-valued facets are counted through single-valued slot fields: exactly, and only the slots in use."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from legation.catalogue import Catalogue
from legation.index import facet_counts as fc
from legation.model import Address, Record


def test_multi_valued_facets_count_exactly_through_their_slots(tmp_path: Path) -> None:
    """A record with more values than there are slots: the overflow field carries the rest; no pad value shows."""
    many = [f"T{k:02d}" for k in range(fc.SLOTS + 3)]
    records = [Record(id=f"1976TESTPOST{n:05d}", subject="SOVIET", text="soviet", tags=many[: 1 + n % len(many)],
                      to=[Address(name=f"AMEMBASSY P{k}", post=f"P{k}") for k in range(n % 3)])
               for n in range(60)]
    with Catalogue(str(tmp_path / "c.db")) as cat:
        cat.store.upsert(records)
        cat.sync_index()
        got = cat.index.facet_counts_many("soviet", ["tags", "to"], limit=100)
        assert fc.slots_used(cat.index._searcher(), "tags") == fc.SLOTS + 1  # the overflow field is read too
        want_tags = Counter(t for r in records for t in r.tags)
        want_to = Counter(a.post for r in records for a in r.to)
        assert dict(got["tags"]) == dict(want_tags)
        assert dict(got["to"]) == dict(want_to)
        assert fc.PAD not in dict(got["tags"]) and fc.PAD not in dict(got["to"])
        top = cat.index.facet_counts("soviet", "tags", limit=3)
        assert top == sorted(want_tags.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        assert cat.search(f"tag:{many[-1]}").total == want_tags[many[-1]]  # filtering still uses the tags field


def test_only_the_slots_records_fill_are_read_and_a_wider_record_widens_them(tmp_path: Path) -> None:
    def rec(n: int, tags: list[str]) -> Record:
        return Record(id=f"1976TESTPOST{n:05d}", subject="SOVIET", text="soviet", tags=tags)

    with Catalogue(str(tmp_path / "c.db")) as cat:
        cat.store.upsert([rec(n, [f"T{n % 3}"]) for n in range(30)])
        cat.sync_index()
        searcher = cat.index._searcher()
        assert fc.slots_used(searcher, "tags") == 1  # one tag a record: counted on the tags field itself
        assert cat.index.facet_counts("soviet", "tags") == [("T0", 10), ("T1", 10), ("T2", 10)]
        cat.store.upsert([rec(99, ["T0", "T7", "T8"])])
        cat.sync_index()
        assert fc.slots_used(cat.index._searcher(), "tags") == 3
        assert cat.index.facet_counts("soviet", "tags") == [("T0", 11), ("T1", 10), ("T2", 10), ("T7", 1), ("T8", 1)]


def test_slot_counts_agree_with_the_multi_valued_field(tmp_path: Path) -> None:
    """The same counts as tantivy's own aggregation over the multi-valued ``tags`` column."""
    records = [Record(id=f"1976TESTPOST{n:05d}", subject="SOVIET", text="soviet grain" if n % 2 else "soviet",
                      tags=[f"T{(n * k) % 7}" for k in range(1, 2 + n % 5)]) for n in range(80)]
    with Catalogue(str(tmp_path / "c.db")) as cat:
        cat.store.upsert(records)
        cat.sync_index()
        for q in ("soviet", "grain", "soviet -grain"):
            engine = cat.index.compile(q)
            raw = cat.index._searcher().aggregate(engine, {"a": {"terms": {"field": "tags", "size": 100}}})
            want = {b["key"]: b["doc_count"] for b in raw["a"]["buckets"]}
            assert dict(cat.index.facet_counts(q, "tags", limit=100)) == want
