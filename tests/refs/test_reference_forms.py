"""Every REF form and each defect of issue 11, on real cable text from ../shared.

The texts come from cablemap's test cases (real cables, ../shared/corpus/cablemap-tests/cases.jsonl)
and from the cablegate pages in ../shared/corpus/cablegate-html, read through the whole pipeline.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from typing import Any

import pytest

from legation.formats.base import InputDoc
from legation.formats.telegram.references import is_date_reference, parse_references
from legation.ingest.pipeline import parse_input
from legation.model import Record
from tests.conftest import CORPUS, need_shared

pytestmark = pytest.mark.corpus


@lru_cache(maxsize=1)
def _cases() -> dict[str, dict[str, Any]]:
    path = CORPUS / "cablemap-tests" / "cases.jsonl"
    if not path.is_file():
        pytest.skip("cablemap cases are not present")
    out = {}
    for line in path.read_text("utf-8").splitlines():
        c = json.loads(line)
        out[c["id"].split("/")[0].removeprefix("reader_") + "/" + c["id"].rsplit("/", 1)[1]] = c
    return out


def _ids(key: str) -> list[tuple[str, str, str]]:
    c = _cases()[key]
    return [(it.cablemap_id() or it.label, it.letter, it.kind)
            for it in parse_references(c["input"], c["params"].get("year"))]


def _page(name: str) -> Record:
    need_shared()
    path = next((CORPUS / "cablegate-html").rglob(f"{name}.html"))
    out = parse_input(InputDoc.from_bytes(str(path), path.read_bytes()))
    assert out.ok, out.error
    return out.records[0]


def test_lettered_list_with_page_header_inside() -> None:
    # "A. STATE 40721 \\nPAGE 02 ROME 01196 01 OF 02 082030Z  B. ROME 1098 ..." : the page header is not a ref
    got = [i for i, _, k in _ids("references/20") if k == "cable"]
    assert got == ["02STATE40721", "02ROME1098", "02ROME894", "02ROME348"]


def test_semicolon_items_keep_non_cable_entries_as_printed() -> None:
    assert _ids("references_ng/13") == [("08STATE1234", "", "cable"), ("E-Mail Tralala", "", "email"),
                                        ("05STATE1234", "", "cable"), ("06STATE1234", "", "cable")]


def test_posts_with_spaces_dots_and_hyphens() -> None:
    assert [i for i, _, _ in _ids("references/14")] == ["08RIODEJANEIRO138", "08RIODEJANEIRO44"]  # RIO DE JAN
    assert [i for i, _, _ in _ids("references_ng/37")] == ["07STPETERSBURG75", "07MOSCOW510"]  # ST. PETERSBURG
    assert "07PORTOFSPAIN220" in [i for i, _, _ in _ids("references/59")]  # PORT-OF-SPAIN
    got = parse_references("REF: A. 05 OSAKA KOBE 367 B. ATLANTA GA 0067", 2005)  # cablemap issue #22
    assert [(i.origin, i.serial, i.year) for i in got] == [("OSAKAKOBE", "367", 2005), ("ATLANTAGA", "0067", 2005)]


def test_slash_and_and_serial_lists() -> None:
    got = _ids("references_ng/41")  # A) Kabul 936/935; B) Kabul 692/317/274/162; C) 06 Kabul 5353/5194/4319
    assert [i for i, _, _ in got] == ["07KABUL936", "07KABUL935", "07KABUL692", "07KABUL317", "07KABUL274",
                                      "07KABUL162", "06KABUL5353", "06KABUL5194", "06KABUL4319"]
    got = _ids("references_ng/51")  # COLOMBO CABLES 0266 AND 02259 (2002)
    assert [i for i, _, _ in got] == ["03COLOMBO266", "02COLOMBO2259"]


def test_and_previous_keeps_the_second_year() -> None:
    # issue 11: "STATE 297614 AND PREVIOUS 03 RANGOON 1427" -> two refs with the right years
    got = parse_references("REF: STATE 297614 AND PREVIOUS 03 RANGOON 1427", 2004)
    assert [(i.cablemap_id(), i.printed_year) for i in got] == [("04STATE297614", ""), ("03RANGOON1427", "03")]


def test_year_before_serial_and_notal() -> None:
    got = parse_references("REF: 76 TOKYO 12490 (NOTAL)", 1977)
    assert [(i.canonical_id(), i.note, i.printed_year) for i in got] == [("1976TOKYO12490", "NOTAL", "76")]
    assert [i for i, _, _ in _ids("references_ng/26")] == ["01STATE201265", "01STATE213042", "02STATE2034"]


def test_several_ref_sections() -> None:
    # cablemap #25: a second REF section was ignored; each section has its own lettered list
    got = parse_references("REF: A. STATE 123 B. MOSCOW 4321\n\nREF: A. TOKYO 55 B. TOKYO 56\n\n1. TEXT", 1976)
    assert [(i.canonical_id(), i.letter) for i in got] == [
        ("1976STATE000123", "A"), ("1976MOSCOW04321", "B"), ("1976TOKYO00055", "A"), ("1976TOKYO00056", "B")]


def test_initials_are_not_bullets() -> None:
    assert _ids("references_ng/11") == [("E-mails J. Speaks-K. Allen", "", "email")]


def test_dates_are_never_references() -> None:
    assert is_date_reference("30 APRIL 2009") and is_date_reference("", "2030APRIL2009")
    assert not is_date_reference("TOKYO 12490", "1976TOKYO12490")
    rec = _page("09LONDON1082")  # B. LONDON DAILY - 30 APRIL 2009  C. LONDON DAILY - 13 FEBRUARY 2009
    assert [(r.letter, r.id, r.kind) for r in rec.references] == [
        ("A", "2009COLOMBO479", "ref"), ("B", "", "report"), ("C", "", "report"),
        ("D", "2009STATE41959", "ref"), ("E", "2009LONDON1041", "ref")]


def test_page_marker_after_the_ref_line_is_not_the_record_itself() -> None:
    rec = _page("09PRETORIA2263")  # REF: 08 PRETORIA 002715 / PRETORIA 00002263 001.2 OF 003
    assert [r.id for r in rec.references] == ["2008PRETORIA2715"]
    assert all(r.id != rec.id for r in rec.references)


def test_non_cable_items_are_kept_with_a_kind() -> None:
    rec = _page("09ABUDHABI301")  # C) 2/5/09 MONOSSON-COOPER EMAIL
    assert ("C", "2/5/09 MONOSSON-COOPER EMAIL", "email") in [(r.letter, r.label, r.kind) for r in rec.references]


def test_reftel_and_ref_letters_in_the_text_point_at_the_ref_entries() -> None:
    rec = _page("09STATE41025")
    by_letter = {r.letter: r for r in rec.references}
    assert by_letter["A"].mentions == ["paragraph 1: REFS A AND B"]
    assert by_letter["E"].mentions == ["paragraph 3: REF E"]
    rec = _page("09PRETORIA2263")  # one REF entry: a bare "reftel" means it
    assert rec.references[0].mentions == ["paragraph 5: reftel"]


@pytest.mark.parametrize("name", ["09BERLIN406", "09MADRID604", "09BERLIN1273"])
def test_pages_without_body_have_none_in_the_source(name: str) -> None:
    """Issue 11 says these three lose a lone paragraph to the REF block; they print no REF line and no
    body at all: WikiLeaks cut the text after the subject ("SUBJECT: ... ..."), so body stays empty."""
    rec = _page(name)
    assert not rec.body and not rec.references
    assert rec.text.rstrip().endswith("...") and rec.text.count("\n") <= 2


def test_ref_block_ends_before_paragraph_one() -> None:
    # "C. MADRID 800 AND OTHERS" / blank line / "1. (SBU) ...": the paragraph is body, not REF
    rec = _page("07MADRID1000")
    assert [(r.letter, r.id) for r in rec.references if r.kind == "ref"] == [
        ("A", "2007MADRID910"), ("B", "2007MADRID899"), ("C", "2007MADRID800")]
    assert rec.body[0].n == 1 and rec.body[0].text.startswith("(SBU) On May 24")
    # the block reader alone (as used on plain text) stops there too
    page = next((CORPUS / "cablegate-html").rglob("07MADRID1000.html")).read_text("utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", "", page.replace("&#x000A;", "\n")))
    assert [i.label for i in parse_references(text, 2007)] == ["MADRID 910", "MADRID 899", "MADRID 800"]


def test_cfpf_body_opening_with_its_ref_line() -> None:
    # History Lab bodies have no parsed head: "REFTEL: (A) STATE 203497 (B) STATE 043330 (C) BUCHAREST"
    need_shared()
    path = next((CORPUS / "historylab-gt").rglob("1979STATE235014.txt"))
    rec = parse_input(InputDoc.from_bytes(str(path), path.read_bytes())).records[0]
    got = [(r.letter, r.id, r.source) for r in rec.references if r.source == "text:ref-line"]
    assert got == [("A", "1979STATE203497", "text:ref-line"), ("B", "1979STATE043330", "text:ref-line")]
