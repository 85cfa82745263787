"""The text-entities pass on the seeds: entities with sources and mentions, merged with the structure's."""

from __future__ import annotations

from legation.enrich.mentions import TEXT_SOURCES, text_entities
from legation.formats import detect, get
from legation.formats.base import InputDoc
from legation.ingest.pipeline import parse_input
from legation.model import Record
from tests.conftest import SHARED, need_shared


def _seed(name: str) -> Record:
    need_shared()
    path = next((SHARED / "samples" / "seeds").glob(f"{name}_*.txt"))
    parsed = parse_input(InputDoc.from_bytes(str(path), path.read_bytes()))
    assert parsed.ok, parsed.error
    return parsed.records[0]


def _by_key(rec: Record) -> dict[tuple[str, str], list[str]]:
    out: dict[tuple[str, str], list[str]] = {}
    for e in rec.entities:
        out.setdefault((e.type, e.key), []).append(e.source)
    return out


def test_seed_cable_entities_carry_sources_and_mentions() -> None:
    rec = _seed("000")
    keys = _by_key(rec)
    assert ("PERSON", "polianski") in keys and ("PERSON", "brezhnev l") in keys
    assert "tags" in keys[("PERSON", "brezhnev l")]  # the TAGS person, found again in the prose
    assert ("PLACE", "siberia") in keys and ("COUNTRY", "japan") in keys
    brezhnev = next(e for e in rec.entities if e.key == "brezhnev l")
    assert brezhnev.mentions and all(rec.text[m.start:m.end].upper().startswith("BREZHNEV") for m in brezhnev.mentions)
    for e in rec.entities:
        for m in e.mentions:
            assert rec.text[m.start:m.end] == m.text


def test_seed_transcript_places() -> None:
    keys = _by_key(_seed("003"))
    for place in ("sakhalin", "kuril islands", "habomai", "shikotan"):
        assert ("PLACE", place) in keys, place


def test_pass_is_idempotent() -> None:
    rec = _seed("000")
    once = [e.model_dump() for e in rec.entities]
    again = text_entities(rec.model_copy(deep=True))
    assert [e.model_dump() for e in again.entities] == once
    assert all(e.source for e in rec.entities)
    assert {e.source for e in rec.entities} & TEXT_SOURCES


def test_detect_still_reads_the_seed_as_telegram() -> None:
    need_shared()
    path = next((SHARED / "samples" / "seeds").glob("000_*.txt"))
    doc = InputDoc.from_bytes(str(path), path.read_bytes())
    assert detect(doc)[0] == "telegram" and get("telegram")


def test_heads_printed_in_the_text_are_read_there_only() -> None:
    # cablegate prints SUBJECT and SUMMARY in the text; joined to one another they made a name run across
    # the join ("MULLEN\nSCENESETTER", role admiral) — read in the text they are what they are
    text = ("SUBJECT: VISIT OF ADMIRAL MULLEN\n\nCLASSIFIED BY: AMBASSADOR PATTERSON\n\n"
            "1. SCENESETTER FOR THE VISIT. PRESIDENT ZARDARI WILL HOST ADMIRAL MULLEN IN ISLAMABAD.\n")
    rec = Record(id="2008ISLAMABAD525", collection="cablegate", text=text, subject="VISIT OF ADMIRAL MULLEN",
                 summary="SCENESETTER FOR THE VISIT. PRESIDENT ZARDARI WILL HOST ADMIRAL MULLEN IN ISLAMABAD.")
    out = text_entities(rec)
    persons = {e.name: e for e in out.entities if e.type == "PERSON"}
    assert not [n for n in persons if "\n" in n or "SCENESETTER" in n]
    assert {"MULLEN", "ZARDARI"} <= set(persons)
    assert all(e.mentions for e in persons.values())  # every person was read in the text, with offsets
    # a head that is not in the text is still read (without offsets)
    other = text_entities(Record(id="x", collection="cablegate", text="1. NOTHING HERE.",
                                 subject="MEETING WITH FOREIGN MINISTER GROMYKO"))
    assert any(e.name.upper() == "GROMYKO" and not e.mentions for e in other.entities)
