"""Telegram variants from DESIGN.md, on small hand-written fixtures (tests/golden/telegram/fixtures/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from legation.errors import ParseError
from legation.formats import get
from legation.formats.base import InputDoc
from legation.formats.telegram.parser import parse_cable_text, sniff_text
from legation.model import Record

FIX = Path(__file__).resolve().parents[1] / "golden" / "telegram" / "fixtures"


def _rec(name: str) -> Record:
    return parse_cable_text((FIX / name).read_text("utf-8"))


def test_outgoing_department_cable_with_repeat() -> None:
    r = _rec("state_outgoing_repeat.txt")
    assert r.id == "1979STATE163001"
    assert [(o.office, o.copies) for o in r.routing.action] == [("NEA", 11)]  # ORIGIN, not ACTION
    assert r.routing.total_copies == 37
    assert r.drafter == "NEA/ARP:JWTWINAM:JR" and r.approver == "NEA:HHSAUNDERS"
    assert r.archive.extra["clearances"] == "NEA/ARP:JRCOUNTRYMAN; S/S-O:SSTAPLETON"
    assert r.datetime == "1979-06-25T15:50:00Z" and r.precedence == "IMMEDIATE"
    assert r.from_ is not None and r.from_.post == "WASHINGTON" and r.from_.kind == "department"
    assert [(a.name, a.precedence) for a in r.to] == [("AMEMBASSY JIDDA", "IMMEDIATE")]
    assert [(a.name, a.precedence) for a in r.info] == [
        ("AMEMBASSY CAIRO", "NIACT IMMEDIATE"), ("AMEMBASSY AMMAN", "FLASH"), ("USCINCEUR VAIHINGEN GE", "")]
    assert r.classification.original == "CONFIDENTIAL" and r.handling == ["NODIS"]
    assert r.executive_order == "12065" and r.declassify == "GDS 6/25/85 (SAUNDERS, HAROLD H.) OR-P"
    assert r.subject == "SAUDI VIEWS ON EGYPTIAN AID"
    refs = [(x.label, x.id, x.letter, x.kind) for x in r.references]
    assert ("STATE 161482", "1979STATE161482", "", "repeat") in refs
    assert ("JIDDA 4512", "1979JIDDA04512", "A", "ref") in refs
    assert ("STATE 150021", "1979STATE150021", "B", "ref") in refs
    quotes = [b for b in r.body if b.kind == "quote"]
    assert [b.n for b in quotes] == [1, 2]
    # the split page header (PAGE 02 / STATE 163001) is gone and paragraph 1 is joined across it
    assert quotes[0].text.endswith("CONCERN ABOUT CONTINUED AID TO EGYPT.")
    assert "STATE 163001" not in r.text and "PAGE 02" not in r.text and "076325" not in r.text
    assert r.signer == "VANCE"


def test_plain_aad_text_limdis_and_page_break() -> None:
    r = _rec("moscow_limdis_plain.txt")
    assert r.id == "1977MOSCOW04512"
    assert r.classification.original == "LIMITED OFFICIAL USE" and r.handling == ["LIMDIS"]
    assert r.routing.total_copies == 40 and len(r.routing.info) == 6
    assert r.precedence == "PRIORITY"
    assert [(a.name, a.precedence, a.sequence) for a in r.to] == [("SECSTATE WASHDC", "PRIORITY", "2233")]
    assert [a.post for a in r.info] == ["BONN", "LONDON", "USNATO"]
    assert r.tags == ["PINT", "SHUM", "UR"] and r.tag_countries == ["UR"]
    assert [(x.id, x.letter, x.note) for x in r.references] == [
        ("1977MOSCOW03980", "A", ""), ("1977STATE051234", "B", "NOTAL")]
    assert r.summary == "THE TRIAL OF THE DISSIDENT HAS AGAIN BEEN POSTPONED."
    assert [b.n for b in r.body] == [1, 2, 3]
    assert r.body[1].text.endswith("THE INVESTIGATION WILL CONTINUE FOR AT LEAST ANOTHER MONTH.")
    assert r.body[2].label == "COMMENT"
    assert r.signer == "TOON"
    for junk in ("PAGE 0", "054321", "/040 W", "NNN", "LIMITED OFFICIAL USE\n"):
        assert junk not in r.text


def test_flash_secret_exdis_xgds() -> None:
    r = _rec("secret_flash_xgds.txt")
    assert r.id == "1976BEIRUT01234"
    assert r.precedence == "FLASH" and r.to[0].precedence == "FLASH" and r.to[0].sequence == "5512"
    assert r.classification.original == "SECRET" and r.handling == ["EXDIS"]
    assert r.declassify == "XGDS-1" and r.executive_order == "11652"
    assert r.subject == "SITUATION REPORT"
    assert r.references == []
    assert r.signer == "LAMBRAKIS" and [b.n for b in r.body] == [1, 2]


def test_cfpf_body_without_header_has_no_id() -> None:
    r = _rec("cfpf_body_only.txt")
    assert r.id == ""  # the caller (History Lab) sets it
    assert [b.n for b in r.body] == [1, 2]
    assert r.from_ is None and r.subject == "" and r.date == ""


def test_format_parse_without_id_raises_parse_error() -> None:
    doc = InputDoc.from_text("notes.txt", (FIX / "cfpf_body_only.txt").read_text("utf-8"))
    with pytest.raises(ParseError):
        list(get("telegram").parse(doc))


def test_format_parse_uses_file_name_id_as_last_resort() -> None:
    doc = InputDoc.from_text("1975STATE046226.txt", (FIX / "cfpf_body_only.txt").read_text("utf-8"))
    r = next(get("telegram").parse(doc))
    assert r.id == "1975STATE046226" and any("no cable id" in w for w in r.warnings)


@pytest.mark.parametrize("text", [
    "<html><body><pre>FM AMEMBASSY TOKYO\nTO SECSTATE WASHDC\nSUBJ: X</pre></body></html>",
    '{"id": "1", "text": "FM AMEMBASSY TOKYO TO SECSTATE WASHDC"}',
    "<?xml version='1.0'?><TEI><text>FM</text></TEI>",
    '"1","12/28/1966 18:48","66BUENOSAIRES2481","Embassy","UNCLASSIFIED","","P R 281848Z DEC 66",' * 30,
    "Record of Conversation between L.I. Brezhnev and K. Tanaka\nWilson Center Digital Archive\nBREZHNEV: Hello.",
    "1. HUGO BANZER PER.INDIVIDUAL\n@@@\n[[HUGO BANZER || 1]] SAID",
])
def test_sniff_low_for_other_formats(text: str) -> None:
    assert sniff_text(text) < 0.2


def test_sniff_strong_for_plain_cable_text() -> None:
    for name in ("state_outgoing_repeat.txt", "moscow_limdis_plain.txt", "secret_flash_xgds.txt"):
        assert sniff_text((FIX / name).read_text("utf-8")) >= 0.8, name
