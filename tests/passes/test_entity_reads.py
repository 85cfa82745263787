"""Entity reads of the catalogue (record_entities) on SQLite and PostgreSQL, and Catalogue.entity.

The same tests run on both backends; PostgreSQL needs LEGATION_TEST_PG (skipped without it, failing
under CI=true, as in tests/store_pg).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from legation.catalogue import Catalogue
from legation.errors import NotFoundError
from legation.model import Block, Entity, Participant, Record
from legation.store.entities import EntityReads, entity_view
from legation.store.sqlite import SQLiteStore

PG_ENV = "LEGATION_TEST_PG"
SEEDS = (Path(__file__).resolve().parents[2] / ".." / "shared" / "samples" / "seeds").resolve()


def _pg_url() -> Iterator[str]:
    import psycopg
    from psycopg import sql

    base = os.environ.get(PG_ENV, "")
    if not base:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{PG_ENV} is not set under CI=true")
        pytest.skip(f"{PG_ENV} is not set")
    schema = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    yield f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[EntityReads]:
    if request.param == "sqlite":
        s: EntityReads = SQLiteStore(tmp_path / "t.db")
        s.upsert(_records())  # type: ignore[attr-defined]
        yield s
        s.close()  # type: ignore[attr-defined]
        return
    from legation.store.postgres import PostgresStore

    urls = _pg_url()
    url = next(urls)
    pg = PostgresStore(url)
    pg.upsert(_records())
    yield pg
    pg.close()
    next(urls, None)


def _ent(name: str, type_: str = "PERSON", source: str = "tags", role: str = "") -> Entity:
    from legation.text import entity_key

    return Entity(name=name, type=type_, key=entity_key(name), source=source, role=role)


def _records() -> list[Record]:
    return [
        Record(id="1976TOKYO12732", date="1976-08-24", subject="SOVIET FISHERY TALKS", collection="aad",
               kind="telegram", entities=[_ent("BREZHNEV, LEONID I"), _ent("MIYAZAWA, KIICHI"),
                                          _ent("SHOESMITH", source="signer", role="signer")]),
        Record(id="wilson-1", date="1973-10-08", title="Record of talks", collection="wilson", kind="transcript",
               participants=[Participant(name="L.I. Brezhnev")],
               entities=[_ent("L.I. Brezhnev", source="participants", role="General Secretary"),
                         _ent("BREZHNEV", source="speakers", role="speaker"),
                         _ent("GROMYKO", source="speakers", role="speaker"), _ent("Sakhalin", "PLACE", "gazetteer")],
               body=[Block(kind="turn", speaker="BREZHNEV", text="...")]),
        Record(id="undated-1", title="An undated note", entities=[_ent("BREZHNEV", source="speakers"),
                                                                   _ent("Sakhalin", "PLACE", "gazetteer")]),
        Record(id="other-1", date="1975-01-01", title="Nothing about him", entities=[_ent("GROMYKO")]),
    ]


def test_keys_and_records(store: EntityReads) -> None:
    assert store.entity_keys_present(["brezhnev", "nobody"]) == ["brezhnev"]
    assert store.entity_keys_matching(["brezhnev"]) == ["brezhnev", "brezhnev leonid i", "l i brezhnev"]
    assert store.entity_keys_matching(["leonid", "brezhnev"]) == ["brezhnev leonid i"]
    assert store.entity_keys_matching(["brezh"]) == []  # whole words only
    hits = store.entity_records(["brezhnev", "brezhnev leonid i", "l i brezhnev"])
    assert [h.id for h in hits] == ["wilson-1", "1976TOKYO12732", "undated-1"]  # oldest first, undated last
    assert hits[0].display_title == "Record of talks" and hits[1].display_title == "SOVIET FISHERY TALKS"
    assert [h.id for h in store.entity_records(["brezhnev"], limit=1, offset=1)] == ["undated-1"]
    assert store.entity_records([]) == []


def test_summary_and_mentions(store: EntityReads) -> None:
    s = store.entity_summary(["brezhnev", "brezhnev leonid i", "l i brezhnev"])
    assert s.records == 3 and (s.date_min, s.date_max) == ("1973-10-08", "1976-08-24")
    assert s.names == {"BREZHNEV": 2, "BREZHNEV, LEONID I": 1, "L.I. Brezhnev": 1}
    assert s.types == {"PERSON": 3}
    assert s.sources == {"speakers": 2, "participants": 1, "tags": 1}
    assert s.roles == {"General Secretary": 1, "speaker": 1}
    assert s.years == {"1973": 1, "1976": 1}
    rows = store.entity_mentions(["wilson-1"])
    assert [(m.key, m.source) for m in rows][:2] == [("brezhnev", "speakers"), ("gromyko", "speakers")]
    assert {m.record_id for m in rows} == {"wilson-1"}


def test_entity_view(store: EntityReads) -> None:
    view = entity_view(store, "Brezhnev")
    assert view.keys == ["brezhnev", "brezhnev leonid i", "l i brezhnev"]
    assert view.total == 3 and [r["id"] for r in view.records] == ["wilson-1", "1976TOKYO12732", "undated-1"]
    assert view.name == "BREZHNEV" and view.type == "PERSON"
    assert view.records[0]["as"] == ["BREZHNEV", "L.I. Brezhnev"]
    assert view.records[0]["roles"] == ["General Secretary", "speaker"]
    co = {e["name"]: e["count"] for e in view.co_mentioned}
    assert co == {"Sakhalin": 2, "GROMYKO": 1, "MIYAZAWA, KIICHI": 1, "SHOESMITH": 1}
    assert view.co_mentioned[0]["name"] == "Sakhalin"  # most records first
    assert view.to_dict()["years"] == {"1973": 1, "1976": 1}
    assert entity_view(store, "gromyko").total == 2  # not merged with anyone else
    with pytest.raises(NotFoundError):
        entity_view(store, "nobody at all")
    with pytest.raises(NotFoundError):
        entity_view(store, "!!!")


def test_catalogue_entity_on_the_seeds(tmp_path: Path) -> None:
    """Ingested through the pipeline: the Enrich passes fill the table the entity page reads."""
    if not SEEDS.is_dir():
        pytest.skip("../shared seeds are not present")
    with Catalogue(str(tmp_path / "seeds.db")) as cat:
        assert cat.ingest([str(SEEDS)]).ok
        view = cat.entity("brezhnev")
        assert [r["id"] for r in view.records] == ["wilson-198181", "1976TOKYO12732"]  # 1973 talks, 1976 cable
        # BREZHNEV, LEONID I (TAGS), L.I. Brezhnev (participant) and BREZHNEV (speaker) share one key
        assert view.keys == ["brezhnev l"]
        assert "tags" in view.sources and "speakers" in view.sources
        assert cat.entity("shoesmith").records[0]["id"] == "1976TOKYO12732"
