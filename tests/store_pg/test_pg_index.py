"""The tantivy index works unchanged over the PostgreSQL catalogue, and finds what it finds over SQLite."""

from __future__ import annotations

from pathlib import Path

from legation.index import TextIndex
from legation.model import Address
from legation.store.postgres import PostgresStore
from legation.store.sqlite import SQLiteStore
from tests.store.backends import rec

CORPUS = [
    rec("1976TOKYO12732", subject="SOVIET FISHING NEAR SAKHALIN", collection="aad", kind="telegram",
        date="1976-08-24", tags=["PFOR", "EFIS"], from_=Address(name="AMEMBASSY TOKYO", post="TOKYO"),
        text="Soviet patrol boats seized two Japanese fishing vessels near Sakhalin."),
    rec("wilson-198181", title="Brezhnev and Tanaka", collection="wilson", kind="transcript", date="1973-10-08",
        text="Brezhnev: We discussed the northern territories and the fishing quotas.", raw="with a \x00 NUL"),
    rec("1975MOSCOW00001", subject="GRAIN PURCHASES", collection="aad", kind="telegram", date="1975-01-02",
        text="Soviet grain buyers approached US exporters about wheat."),
]
QUERIES = ["fishing", "sakhalin", "grain wheat", "brezhnev", "okinawa", "soviet", "efis", '"fishing vessels"']


def hits(index: TextIndex, query: str) -> list[str]:
    return sorted(h.id for h in index.search(query).hits)


def test_index_syncs_from_postgres(pg: PostgresStore, tmp_path: Path) -> None:
    pg.upsert(CORPUS[:2])
    index = TextIndex.open(tmp_path / "pg.index")
    try:
        assert index.sync(pg) == 2  # a fresh index is built from iter_records
        assert index.last_seq() == pg.last_seq() == 2
        assert hits(index, "sakhalin") == ["1976TOKYO12732"]
        pg.upsert([CORPUS[2], rec("wilson-198181", title="Revised", text="Okinawa reversion")])
        pg.delete("1976TOKYO12732")
        assert index.sync(pg) == 3  # then it follows changes_since
        assert index.last_seq() == pg.last_seq() == 5
        assert hits(index, "sakhalin") == []
        assert hits(index, "okinawa") == ["wilson-198181"]
        assert hits(index, "brezhnev") == []
        assert hits(index, "grain wheat") == ["1975MOSCOW00001"]
        assert index.count() == 2
        assert index.sync(pg) == 0
    finally:
        index.close()


def test_same_hits_as_over_sqlite(pg: PostgresStore, tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "ref.db") as lite:
        for store in (pg, lite):
            store.upsert(CORPUS)
            store.upsert([rec("1975MOSCOW00001", subject="GRAIN", text="Okinawa and wheat")])
        a, b = TextIndex.open(tmp_path / "pg.index"), TextIndex.open(tmp_path / "lite.index")
        try:
            a.sync(pg)
            b.sync(lite)
            for query in QUERIES:
                assert hits(a, query) == hits(b, query), query
            assert a.search("fishing").to_dict() == b.search("fishing").to_dict()
        finally:
            a.close()
            b.close()
