"""The furniture pass: every piece of page furniture the telegram parser removed, as a Correction on raw."""

from __future__ import annotations

from pathlib import Path

import pytest

from legation.clean.furniture import furniture, furniture_corrections, locate
from legation.clean.ocr import unrepaired
from legation.formats.base import InputDoc
from legation.ingest.pipeline import parse_input
from legation.model import CleanInput, Record

REPO = Path(__file__).resolve().parents[2]
SEED = (REPO / ".." / "shared" / "samples" / "seeds" / "000_a3b791d980bf280d.txt").resolve()


def _seed() -> Record:
    if not SEED.is_file():
        pytest.skip("../shared seed is not present")
    parsed = parse_input(InputDoc.from_bytes(str(SEED), SEED.read_bytes()))
    assert parsed.ok
    return parsed.records[0]


def test_seed_furniture_is_recorded_on_raw() -> None:
    rec = _seed()
    cuts = [c for c in rec.corrections if c.rule == "furniture"]
    originals = [c.original for c in cuts]
    assert originals.count("PAGE 02 TOKYO 12732 240754Z") == 1
    assert originals.count("PAGE 03 TOKYO 12732 240754Z") == 1
    assert "NNN" in originals
    assert any(o.startswith("Margaret F. Grafeiu") for o in originals)  # the OCRed declassification stamp
    for c in cuts:
        assert c.replacement == "" and c.confidence == 1.0
        assert c.start >= 0 and rec.raw[c.start:c.end] == c.original
        assert c.original not in rec.text or c.original == "12"  # removed from the reading text ("12" is a word too)
    assert [c.start for c in cuts] == sorted(c.start for c in cuts)


def test_text_and_body_are_what_the_parser_gave() -> None:
    if not SEED.is_file():
        pytest.skip("../shared seed is not present")
    from legation.formats import get

    doc = InputDoc.from_bytes(str(SEED), SEED.read_bytes())
    plain = next(get("telegram").parse(doc))
    rec = unrepaired(_seed())  # OCR repair's changes are Corrections: undone, the parser's text is back
    assert rec.text == plain.text and rec.body == plain.body


def test_idempotent() -> None:
    from legation.formats import get

    rec = _seed()
    rec.corrections = [c for c in rec.corrections if c.rule == "furniture"]
    before = list(rec.corrections)
    handed = next(get("telegram").parse(InputDoc.from_bytes(str(SEED), SEED.read_bytes()))).clean_input
    assert handed is not None and len(handed.furniture) == len(before)
    rec.hand_over(CleanInput(text=handed.text, furniture=handed.furniture))
    assert furniture(rec).corrections == before  # a second run records nothing new
    rec.hand_over(None)
    assert furniture(rec).corrections == before


def test_glued_banner_and_what_must_not_change() -> None:
    raw = ("UNCLASSIFIED\nSUBJECT: TEST\n1. THE TALKS ARE SECRET AND WILL STAY\nSO FOR NOW. CONFIDENTIAL\n"
           "PAGE 02 TOKYO 12732 240754Z\n2. MORE TEXT.\n")
    pieces = ["UNCLASSIFIED", "CONFIDENTIAL", "PAGE 02 TOKYO 12732 240754Z"]
    spans = locate(raw, pieces)
    assert [raw[a:b] for a, b in spans] == pieces
    # the banner glued to "SO FOR NOW." is the one cut, not the SECRET inside the sentence
    assert raw[spans[1][0] - 12:spans[1][0]] == "SO FOR NOW. "
    cuts = furniture_corrections(raw, raw, pieces)
    assert all(c.start >= 0 for c in cuts)


def test_a_piece_not_found_in_raw_keeps_its_text() -> None:
    cuts = furniture_corrections("nothing like it here\n", "PAGE 02 X 1\n", ["PAGE 02 X 1"])
    assert (cuts[0].start, cuts[0].end, cuts[0].original) == (-1, -1, "PAGE 02 X 1")


def test_cablegate_page_pieces_are_found_in_the_html() -> None:
    page = (REPO / ".." / "shared" / "corpus" / "cablegate-html" / "cable" / "2004" / "03" / "04MADRID974.html").resolve()
    if not page.is_file():
        pytest.skip("../shared corpus page is not present")
    parsed = parse_input(InputDoc.from_bytes(str(page), page.read_bytes()))
    rec = parsed.records[0]
    cuts = [c for c in rec.corrections if c.rule == "furniture"]
    assert "SIPDIS" in [c.original for c in cuts]
    pre = rec.raw.index("C O N F I D E N T I A L SECTION 01 OF 03")
    for c in cuts:
        assert c.start >= pre and rec.raw[c.start:c.end] == c.original  # in the cable's <pre>, not the metadata


def test_cable_text_cut_out_of_a_page_maps_by_occurrence() -> None:
    raw = "<td>CONFIDENTIAL</td><pre>CONFIDENTIAL&#x000A;1. IT IS CONFIDENTIAL.&#x000A;CONFIDENTIAL</pre>"
    text = "CONFIDENTIAL\n1. IT IS CONFIDENTIAL.\nCONFIDENTIAL\n"
    cuts = furniture_corrections(raw, text, ["CONFIDENTIAL", "CONFIDENTIAL"])
    first_pre = raw.index("<pre>") + 5
    assert [c.start for c in cuts] == [first_pre, raw.rindex("CONFIDENTIAL")]


def test_search_and_line_walk_agree_on_the_corpus() -> None:
    """The piece-by-piece search (plain text) finds exactly what the line walk finds."""
    from legation.clean.furniture import _locate_lines, _locate_plain
    from legation.formats import get

    pages = sorted((REPO / ".." / "shared" / "corpus" / "cablegate-html").resolve().rglob("*.html"))[::40]
    if not pages:
        pytest.skip("../shared corpus is not present")
    compared = 0
    for page in pages:
        for rec in get("cablegate").parse(InputDoc.from_bytes(str(page), page.read_bytes())):
            handed = rec.clean_input
            if handed is None or not handed.furniture:
                continue
            assert _locate_plain(handed.text, handed.furniture) == _locate_lines(handed.text, handed.furniture)
            compared += 1
    assert compared > 10
    text = "A LINE\nCONFIDENTIAL\n1. SAID SO. CONFIDENTIAL\nPAGE 02 X 1\n"
    pieces = ["CONFIDENTIAL", "CONFIDENTIAL", "PAGE 02 X 1", "NNN"]
    assert _locate_plain(text, pieces) == _locate_lines(text, pieces)
    assert _locate_plain(text, pieces)[-1] == (-1, -1)
