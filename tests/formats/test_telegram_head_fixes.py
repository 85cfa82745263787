"""Two header-parser defects from review, on hand-written 1979 Department cables.

1. An outgoing cable with ``DESIRED DISTRIBUTION`` / ``EUR ONLY`` before the DTG: the line without a
   colon used to end the head, so the DTG, FM/TO, classification line, E.O., TAGS and SUBJ became body
   text and the file failed with "no cable id found".  The distribution note is kept in
   ``archive.extra["desired_distribution"]`` (and its lines in ``routing.lines``).
2. A repeat (``FOLLOWING REPEAT STATE 161482 ...`` / ``QTE:`` ... ``UNQTE``) whose outer cable prints no
   E.O./TAGS/SUBJ of its own: the head used to read the quoted cable's fields as the outer cable's, so
   the repeat reference and the quote blocks were lost.  The outer record's tags/subject/E.O. stay empty;
   the quoted cable's are in ``attributes["repeated_subject"]``, ``["repeated_tags"]``,
   ``["repeated_executive_order"]``, ``["repeated_declassify"]`` and ``["repeated_signer"]``.

Expectations (tests/golden/telegram/fixtures/head_fixes.json) were written by reading the fixtures.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from legation.formats import get
from legation.formats.base import InputDoc
from legation.formats.telegram.head import parse_head
from legation.formats.telegram.parser import parse_cable_text
from legation.formats.telegram.references import parse_repeat
from legation.model import Record

FIX = Path(__file__).resolve().parents[1] / "golden" / "telegram" / "fixtures"
GOLDEN: dict[str, Any] = json.loads((FIX / "head_fixes.json").read_text("utf-8"))
CASES = sorted(k for k in GOLDEN if not k.startswith("_"))


def _parse_file(name: str, text: str | None = None) -> Record:
    """Through the ``telegram`` format, as ``legation ingest`` would (so a missing id is a ParseError)."""
    fmt = get("telegram")
    doc = InputDoc.from_text(str(FIX / name), text if text is not None else (FIX / name).read_text("utf-8"))
    assert fmt.sniff(doc) >= 0.6
    recs = list(fmt.parse(doc))
    assert len(recs) == 1
    return recs[0]


@pytest.mark.parametrize("name", CASES)
def test_golden(name: str) -> None:
    g = GOLDEN[name]
    r = _parse_file(name)
    assert r.id == g["id"]
    assert r.datetime == g["datetime"]
    assert r.date == g["datetime"][:10]
    assert r.precedence == g["precedence"]
    assert r.from_ is not None and r.from_.name == g["from"]
    assert [[a.name, a.precedence] for a in r.to] == g["to"]
    assert [a.name for a in r.info] == g["info"]
    assert r.classification.original == g["classification"]
    if "handling" in g:
        assert r.handling == g["handling"]
    assert r.drafter == g["drafter"]
    assert r.approver == g["approver"]
    assert r.archive.extra.get("clearances", "") == g["clearances"]
    assert r.archive.extra.get("desired_distribution", "") == g.get("desired_distribution", "")
    assert (r.executive_order, r.declassify) == (g["executive_order"], g["declassify"])
    assert r.tags == g["tags"]
    assert r.subject == g["subject"]
    assert r.signer == g["signer"]
    if "paragraphs" in g:
        assert [[b.n, b.text] for b in r.body] == g["paragraphs"]
        assert all(b.kind == "paragraph" for b in r.body)
    if "blocks" in g:
        assert [[b.n, b.kind, b.text] for b in r.body] == g["blocks"]
    if "references" in g:
        assert [[x.label, x.id, x.kind] for x in r.references] == g["references"]
    for key, val in g.get("attributes", {}).items():
        assert r.attributes[key] == val
    assert not any("no cable id" in w for w in r.warnings)


def test_desired_distribution_header_fields_not_in_body() -> None:
    r = _parse_file("state_desired_distribution.txt")
    assert r.routing.lines == ["DESIRED DISTRIBUTION", "EUR ONLY"]
    assert [(o.office, o.copies) for o in r.routing.action] == [("EUR", 12)]
    assert r.routing.total_copies == 43
    for printed in ("251520Z", "SECSTATE WASHDC", "C O N F I D E N T I A L", "E.O. 12065", "TAGS:", "EUR ONLY"):
        assert printed not in r.text
    assert r.text.startswith("SUBJECT: SOVIET DEMARCHE ON SALT II RATIFICATION\n\n1. SOVIET MINISTER-COUNSELOR")


@pytest.mark.parametrize("note", ["7E ONLY", "S/S ONLY", "EUR ONLY\nNO FURTHER DISTRIBUTION"])
def test_desired_distribution_variants(note: str) -> None:
    text = (FIX / "state_desired_distribution.txt").read_text("utf-8").replace("EUR ONLY", note)
    r = _parse_file("state_desired_distribution.txt", text)
    assert r.id == "1979STATE161482" and r.datetime == "1979-06-25T15:20:00Z"
    assert r.archive.extra["desired_distribution"] == note.replace("\n", "; ")
    assert r.subject == "SOVIET DEMARCHE ON SALT II RATIFICATION" and [b.n for b in r.body] == [1, 2]


def test_unknown_line_before_dtg_does_not_end_the_head() -> None:
    """Without the DESIRED DISTRIBUTION line, ``EUR ONLY`` is an unknown line, but the DTG follows it."""
    text = (FIX / "state_desired_distribution.txt").read_text("utf-8").replace("DESIRED DISTRIBUTION\n", "")
    r = _parse_file("state_desired_distribution.txt", text)
    assert r.id == "1979STATE161482" and r.precedence == "IMMEDIATE"
    assert r.from_ is not None and r.from_.name == "SECSTATE WASHDC"
    assert r.tags == ["PFOR", "UR", "US"] and [b.n for b in r.body] == [1, 2]
    assert "EUR ONLY" in r.routing.lines and "desired_distribution" not in r.archive.extra


def test_head_stops_at_following_repeat() -> None:
    lines = (FIX / "state_repeat_no_head.txt").read_text("utf-8").split("\n")
    lines = lines[lines.index("R 262105Z JUN 79"):]
    h = parse_head(lines, False)
    assert lines[h.body_start].startswith("FOLLOWING REPEAT STATE 161482")
    assert h.eo is None and h.tags_text == "" and h.subject_lines == []
    assert h.class_line is not None and h.class_line.serial.lstrip("0") == "164210"


def test_repeat_outer_text_and_quote() -> None:
    r = _parse_file("state_repeat_no_head.txt")
    assert "UNQTE" not in r.text and not any("UNQTE" in b.text for b in r.body)
    assert "VANCE" not in [b.text.split()[-1] for b in r.body]
    assert r.text.rstrip().endswith("RATIFICATION.\n\nCHRISTOPHER")
    assert r.tag_subjects == [] and r.tag_countries == []


def test_repeat_with_own_head_keeps_outer_fields() -> None:
    """The older fixture prints the outer cable's own E.O./TAGS/SUBJ/REF before the repeat line."""
    r = parse_cable_text((FIX / "state_outgoing_repeat.txt").read_text("utf-8"))
    assert r.subject == "SAUDI VIEWS ON EGYPTIAN AID"
    assert r.declassify == "GDS 6/25/85 (SAUNDERS, HAROLD H.) OR-P"  # the outer's 6/25, not the quoted 6/23
    assert [x.label for x in r.references if x.kind == "ref"] == ["JIDDA 4512", "STATE 150021"]
    assert r.attributes["repeated_declassify"] == "GDS 6/23/85 (SAUNDERS, HAROLD H.) OR-P"


@pytest.mark.parametrize(("line", "year", "month", "want"), [
    ("FOLLOWING REPEAT STATE 161482 SENT ACTION MOSCOW INFO LONDON JUN 25, 79", None, None, "1979STATE161482"),
    ("FOLLOWING REPEAT STATE 161482 SENT ACTION CAIRO INFO TEL AVIV 23 JUN 79.", None, None, "1979STATE161482"),
    ("FOL RPT STATE 161482 ACTION MOSCOW JUNE 25, 1979 QTE", None, None, "1979STATE161482"),
    ("FOL RPT STATE 161482 ACTION MOSCOW JUN 25 QTE", 1979, 6, "1979STATE161482"),
    ("FOL RPT MOSCOW 31077 SENT ACTION SECSTATE DEC 29 QTE", 1980, 1, "1979MOSCOW31077"),
    ("FOL RPT MOSCOW 31077 SENT ACTION SECSTATE DEC 29 QTE", None, None, ""),
])
def test_parse_repeat_dates(line: str, year: int | None, month: int | None, want: str) -> None:
    rep = parse_repeat(line, year=year, month=month)
    assert rep is not None and rep.canonical_id() == want
