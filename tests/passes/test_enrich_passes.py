"""Enrich passes on real records from ../shared: structure entities, linking keys, cable aliases; idempotence."""

from __future__ import annotations

from pathlib import Path

import pytest

from legation.enrich.aliases import cable_aliases
from legation.enrich.entities import entity_keys, keyed, officer_name, structure_entities
from legation.enrich.names import entity_link_key
from legation.formats import get
from legation.formats.base import InputDoc
from legation.ingest.pipeline import parse_input
from legation.model import Block, Entity, Participant, Record

REPO = Path(__file__).resolve().parents[2]
SHARED = (REPO / ".." / "shared").resolve()
SEED_CABLE = SHARED / "samples" / "seeds" / "000_a3b791d980bf280d.txt"
SEED_TALK = SHARED / "samples" / "seeds" / "003_a471758ded6c4cfe.txt"
FRUS = SHARED / "corpus" / "frus"


def _parsed(path: Path) -> list[Record]:
    if not path.is_file():
        pytest.skip(f"{path.name} is not in ../shared")
    parsed = parse_input(InputDoc.from_bytes(str(path), path.read_bytes()))
    assert parsed.ok, parsed.error
    return parsed.records


def _plain(path: Path, fmt: str) -> Record:
    return next(get(fmt).parse(InputDoc.from_bytes(str(path), path.read_bytes())))


def test_seed_cable_tags_persons_and_signer() -> None:
    rec = _parsed(SEED_CABLE)[0]
    got = {(e.name, e.type, e.key, e.source) for e in rec.entities}
    assert ("BREZHNEV, LEONID I", "PERSON", "brezhnev l", "tags") in got
    assert ("MIYAZAWA, KIICHI", "PERSON", "miazawa k", "tags") in got
    assert ("SHOESMITH", "PERSON", "shoesmith", "signer") in got
    assert rec.tag_persons == _plain(SEED_CABLE, "telegram").tag_persons  # the printed fields stay


def test_seed_transcript_participants_and_speakers() -> None:
    rec = _parsed(SEED_TALK)[0]
    by_source = {(e.source, e.name) for e in rec.entities}
    assert ("participants", "L.I. Brezhnev") in by_source and ("participants", "K. Tanaka") in by_source
    assert {("speakers", n) for n in ("TANAKA", "BREZHNEV", "GROMYKO", "KOSYGIN")} <= by_source
    roles = {e.name: e.role for e in rec.entities if e.source == "participants"}
    assert roles["K. Tanaka"] == "Prime Minister"
    # each key is the name's linking key, or (a bare surname) the key of the one participant with that surname
    assert all(e.key == entity_link_key(e.name, e.type) or e.key.split(" ")[0] == entity_link_key(e.name, e.type)
               for e in rec.entities)
    assert {e.key for e in rec.entities if e.name in {"BREZHNEV", "L.I. Brezhnev"}} == {"brezhnev l"}


def test_frus_list_ids_move_to_ref_and_keys_link_by_name() -> None:
    files = sorted(FRUS.glob("*.xml")) if FRUS.is_dir() else []
    if not files:
        pytest.skip("no FRUS volume in ../shared/corpus/frus")
    volume = next(r for r in _parsed(files[0]) if any(e.source == "frus-persons" for e in r.entities))
    person = next(e for e in volume.entities if e.source == "frus-persons" and e.name.startswith("Abshire"))
    assert person.key == "abshire d" and person.ref == "p_ADM_1"  # surname + first initial (enrich/names.py)
    term = next(e for e in volume.entities if e.source == "frus-terms" and e.name == "ABM")
    assert term.key == "abm" and term.ref == "t_ABM_1"


def test_what_the_parser_keyed_stays() -> None:
    gold = Entity(name="MINISTRY OF FOREIGN AFFAIRS", type="ORG", key="ministry of foreign affairs", source="gold")
    assert keyed(gold) is gold  # History Lab gold is already keyed: nothing to do
    wilson = Entity(name="India", type="PLACE", key="INDIA", source="wilson-metadata")
    assert (keyed(wilson).key, keyed(wilson).ref) == ("india", "")  # a form of the name, not an id


def test_officer_names() -> None:
    assert officer_name("NEA/ARP:JWTWINAM:JR") == "JWTWINAM"
    assert officer_name("EUR:GVEST") == "GVEST"
    assert officer_name("Richard L. Sneider (EA/J)") == "Richard L. Sneider"
    assert officer_name("EUR/SOV") == ""  # an office, no person
    rec = Record(id="x", drafter="EUR/SOV:JSMITH:LB", approver="EUR/SOV")
    assert [(e.name, e.source) for e in structure_entities(rec).entities] == [("JSMITH", "drafter")]


def test_joint_turn_and_no_empty_names() -> None:
    rec = Record(id="t", participants=[Participant(name="  ")],
                 body=[Block(kind="turn", speaker="A", speakers=["BREZHNEV", "KOSYGIN"], text="..."),
                       Block(kind="paragraph", speaker="", text="not a turn")])
    names = [e.name for e in structure_entities(rec).entities]
    assert names == ["BREZHNEV", "KOSYGIN"]


@pytest.mark.parametrize("path", [SEED_CABLE, SEED_TALK])
def test_enrich_passes_are_idempotent(path: Path) -> None:
    rec = _parsed(path)[0]
    before = rec.to_json()
    for step in (structure_entities, entity_keys, cable_aliases):
        rec = step(rec)
    assert rec.to_json() == before


def test_cable_aliases_on_a_cablegate_page() -> None:
    pages = sorted((SHARED / "corpus" / "cablegate-html").rglob("09*.html"))
    if not pages:
        pytest.skip("no 2009 cablegate page in ../shared")
    rec = _parsed(pages[0])[0]
    assert rec.id.startswith("2009") and pages[0].stem in rec.aliases
    bare = rec.model_copy(update={"aliases": []})
    assert cable_aliases(bare).aliases == [pages[0].stem]
    assert cable_aliases(bare).aliases == [pages[0].stem]  # once
    aad = Record(id="1976TOKYO12732", collection="aad")
    assert cable_aliases(aad).aliases == []  # an AAD cable keeps its one id
