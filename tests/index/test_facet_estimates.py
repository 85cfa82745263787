"""Facet counts above the exact limit are estimated from the index's sample, and every face says so."""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from legation.api import create_app
from legation.catalogue import Catalogue
from legation.cli import app as cli_app
from legation.index import facet_counts as fc
from legation.model import Address, Record
from legation.web.service import ReadingRoom

warnings.filterwarnings("ignore", category=DeprecationWarning)


def cable(n: int) -> Record:
    tag = ("PFOR", "ECON", "MASS", "SHUM")[n % 4]
    return Record(id=f"1976TESTPOST{n:05d}", collection="aad", kind="telegram", subject=f"SOVIET NOTE {n}",
                  date=f"{1973 + n % 5}-03-01", tags=[tag], from_=Address(name="AMEMBASSY TOKYO", post="TOKYO"),
                  text=f"1. The soviet delegation met the minister (note {n}).")


@pytest.fixture
def cat(tmp_path: Path) -> Iterator[Catalogue]:
    c = Catalogue(str(tmp_path / "c.db"))
    c.store.upsert([cable(n) for n in range(400)])
    c.sync_index()
    yield c
    c.close()


def test_sample_buckets_are_stable_and_spread() -> None:
    assert fc.sample_bucket("1976TOKYO12732") == fc.sample_bucket("1976TOKYO12732")
    spread = Counter(fc.sample_bucket(f"1976TESTPOST{n:05d}") for n in range(6400))
    assert set(spread) == set(range(fc.SAMPLE_BUCKETS))
    assert all(50 <= k <= 150 for k in spread.values())  # ~100 each


def test_counts_are_exact_up_to_the_limit(cat: Catalogue) -> None:
    report = cat.index.facet_report("soviet", ["tags", "collection"])
    assert not report.estimated
    assert report.counts["tags"] == [("ECON", 100), ("MASS", 100), ("PFOR", 100), ("SHUM", 100)]
    assert cat.search("soviet", facets=["tags"]).facets_estimated is False


def test_counts_above_the_limit_are_estimated_from_the_sample(cat: Catalogue) -> None:
    cat.index.exact_facets_up_to = 100
    assert not cat.index.facet_report("note AND 7", ["tags"]).estimated  # few matches: still exact
    report = cat.index.facet_report("soviet", ["tags", "collection"])
    assert report.estimated
    assert report.counts["collection"] == [("aad", 400)]  # scaled to the exact total
    tags = dict(report.counts["tags"])
    assert set(tags) == {"PFOR", "ECON", "MASS", "SHUM"}
    assert sum(tags.values()) == pytest.approx(400, abs=4)  # rounding only
    search = cat.search("soviet", facets=["tags"])
    assert search.facets_estimated and search.total == 400  # the total stays exact
    assert search.to_dict()["facets_estimated"] is True


def test_every_face_says_the_counts_are_estimated(cat: Catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    cat.index.exact_facets_up_to = 100
    room = ReadingRoom(catalogue=cat)
    with TestClient(create_app(room=room)) as client:
        body = client.get("/api/search", params={"q": "soviet", "facets": "tags"}).json()
        assert body["facets_estimated"] is True and body["total"] == 400
        assert client.get("/api/facets", params={"q": "soviet", "field": "tags"}).json()["estimated"] is True
        assert client.get("/api/search", params={"q": "note AND 7"}).json()["facets_estimated"] is False
        page = client.get("/", params={"q": "soviet"}).text
        assert "Counts estimated from a sample" in page
        assert "Counts estimated" not in client.get("/", params={"q": "note AND 7"}).text
    monkeypatch.setattr(fc, "EXACT_FACETS_UP_TO", 100)  # the CLI opens its own catalogue and index
    out = CliRunner().invoke(cli_app, ["search", "soviet", "--facets", "--db", cat.url])
    assert out.exit_code == 0, out.output
    assert "facet counts estimated from a sample" in out.output


def test_multi_valued_facets_count_exactly_through_their_slots(tmp_path: Path) -> None:
    """A record with more values than there are slots: the overflow field carries the rest; no pad value shows."""
    many = [f"T{k:02d}" for k in range(fc.SLOTS + 3)]
    records = [Record(id=f"1976TESTPOST{n:05d}", subject="SOVIET", text="soviet", tags=many[: 1 + n % len(many)],
                      to=[Address(name=f"AMEMBASSY P{k}", post=f"P{k}") for k in range(n % 3)])
               for n in range(60)]
    with Catalogue(str(tmp_path / "c.db")) as cat:
        cat.store.upsert(records)
        cat.sync_index()
        got = cat.index.facet_report("soviet", ["tags", "to"], limit=100)
        assert not got.estimated
        want_tags = Counter(t for r in records for t in r.tags)
        want_to = Counter(a.post for r in records for a in r.to)
        assert dict(got.counts["tags"]) == dict(want_tags)
        assert dict(got.counts["to"]) == dict(want_to)
        assert fc.PAD not in dict(got.counts["tags"]) and fc.PAD not in dict(got.counts["to"])
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
