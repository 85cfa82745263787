"""Issue 10, items 1 and 9: inputs that took minutes (quadratic regexes and string building) parse.

Every input is built here at the size the issue names.  No test times anything: before the fix
each of these took from 6 s to well over 150 s (bench/linear_repro.py prints the figures), so a
test that finishes with its record is the check.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from legation.catalogue import Catalogue
from legation.formats import get
from legation.formats.base import InputDoc
from legation.formats.historylab.parser import remove_marks
from legation.formats.telegram.furniture import is_sequence_line, page_header, strip_furniture
from legation.formats.telegram.split import split_cables
from legation.ingest.pipeline import parse_input
from tests.conftest import CORPUS, SEED_CABLE, need_shared

CABLEGATE_TEXTS = CORPUS / "misc" / "cablegate-cia-analysis" / "cablegate-converted"


def _one(path: str, text: str) -> list:  # type: ignore[type-arg]
    parsed = parse_input(InputDoc.from_text(path, text))
    assert parsed.ok, parsed.error
    return parsed.records


# -- item 1: linear-time patterns -------------------------------------------------------------

def test_document_with_40000_blank_lines() -> None:
    recs = _one("doc.txt", "The first sentence of the file is here.\n" + "\n" * 40000 + "Another sentence ends it.\n")
    assert len(recs) == 1 and recs[0].collection == "document"
    assert "Another sentence ends it." in recs[0].text


def test_document_of_200000_divs() -> None:
    recs = _one("divs.html", "<div>" * 200000 + "Some readable text in the end of it.")
    assert len(recs) == 1
    assert "Some readable text" in recs[0].text


def test_html_with_100000_unclosed_scripts_and_a_run_of_lt() -> None:
    recs = _one("scripts.html", "<script>" * 100000 + " some readable text of the page here")
    assert "some readable text" in recs[0].text
    parsed = parse_input(InputDoc.from_text("lt.html", "<p>" + "<" * 1_000_000 + " some readable text here"), "document")
    assert parsed.ok and "some readable text here" in parsed.records[0].text


def test_crest_markers_counted_across_blank_runs() -> None:
    from legation.formats.document.parser import crest_markers

    text = "STAT\n" + "\n" * 40000 + "  25X1  \n" + " \n" * 20000 + "STAT"
    assert crest_markers(text) == (0, 3)


def test_historylab_mark_then_16000_spaces() -> None:
    body = "[[A||1]] x" + " " * 16000 + "y [[B||2]]"
    cleaned = remove_marks(body)
    assert cleaned.text == "A x" + " " * 16000 + "y B"
    assert [(m.start, m.end, m.index) for m in cleaned.mentions] == [(0, 1, 1), (16005, 16006, 2)]
    head = "1. ALPHA   PER.INDIVIDUAL\n2. BRAVO   PER.INDIVIDUAL\n@@@\n"
    recs = _one("1976ROME20912.txt", head + body + "\n")
    assert recs[0].collection == "historylab"
    assert {e.name: len(e.mentions) for e in recs[0].entities} == {"ALPHA": 1, "BRAVO": 1}


def test_historylab_runs_of_pipes_and_blanks() -> None:
    # a closing "| ... |" run that never closes was exponential (nested + over the pipes)
    cleaned = remove_marks("[[A" + "|" * 3000 + "x " + "| " * 8000 + "]]")
    assert cleaned.text == "A" + " " * 3000 + "x"  # stray pipes become spaces; "| | ... ]]" closes the mark
    assert [(m.start, m.end, m.index) for m in cleaned.mentions] == [(0, 3002, None)]
    assert remove_marks("|" * 200000).text == " " * 200000
    assert remove_marks("| " * 100000 + "x").text == "  " * 100000 + "x"
    table = "1. " + "NAME " * 3000 + " " * 16000 + "x PER.IND"
    from legation.formats.historylab.parser import parse_entity_table

    rows, _comments, _warnings = parse_entity_table(table)
    assert rows[0].type == "PER.IND" and rows[0].name.endswith("x")


def test_sequence_line_of_220kb_of_dashes() -> None:
    assert not is_sequence_line("-" * 220000)
    assert is_sequence_line("-" * 220000 + "076325 251606Z /40")
    assert page_header("PAGE 01 A" + " " * 100000 + "x") is None


def test_furniture_on_huge_lines() -> None:
    lines = ["SECRET" + " " * 100000 + "x", "x" + " " * 100000 + "y SECRET", *(["TEXT ENDS CONFIDENTIAL"] * 20000), ""]
    cleaned = strip_furniture(lines)
    assert len(cleaned.lines) == len(lines)


def test_cable_with_a_220kb_line_of_dashes() -> None:
    need_shared()
    seed = SEED_CABLE.read_text(encoding="utf-8")
    cut = seed.index("1. ON AUGUST 20")
    recs = _one("dashes.txt", seed[:cut] + "-" * 220000 + "\n\n" + seed[cut:])
    assert [r.id for r in recs] == ["1976TOKYO12732"]


def test_cable_whose_paragraph_runs_over_5_mb() -> None:
    # every printed line of an AAD page joins the paragraph: the text is built once, not regrown per line
    need_shared()
    seed = SEED_CABLE.read_text(encoding="utf-8")
    cut = seed.index("## Message Attributes")
    line = "THE TALKS CONTINUED WITHOUT ANY RESULT AND WILL RESUME NEXT WEEK AT THE SAME PLACE\n\n"
    count = 5_000_000 // len(line)
    rec = next(iter(get("telegram").parse(InputDoc.from_text("long.txt", seed[:cut] + line * count + seed[cut:]))))
    assert rec.id == "1976TOKYO12732"
    assert rec.body[-1].text.count("RESUME NEXT WEEK") >= count


def test_adversarial_files_fail_or_parse_and_the_batch_is_stored(tmp_path: Path) -> None:
    need_shared()
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "blank.txt").write_text("The first sentence of the file is here.\n" + "\n" * 40000 + "The end.\n",
                                      encoding="utf-8")
    (inputs / "marks.txt").write_text("1. ALPHA   PER.INDIVIDUAL\n@@@\n[[A||1]] x" + " " * 16000 + "y\n",
                                      encoding="utf-8")
    (inputs / "seed.txt").write_text(SEED_CABLE.read_text(encoding="utf-8"), encoding="utf-8")
    with Catalogue(str(tmp_path / "t.db")) as cat:
        report = cat.ingest([str(inputs)])
        assert {Path(f.path).name: f.status for f in report.files} == {
            "blank.txt": "new", "marks.txt": "new", "seed.txt": "new"}
        assert cat.get("1976TOKYO12732").id == "1976TOKYO12732"


# -- item 9: one record per cable ---------------------------------------------------------------

def _real_cables() -> list[str]:
    need_shared()
    texts = [SEED_CABLE.read_text(encoding="utf-8")]
    texts += [p.read_bytes().decode("latin-1") for p in sorted(CABLEGATE_TEXTS.glob("*.txt"))]
    assert len(texts) == 25
    return texts


def _ids(text: str, name: str = "bulk.txt") -> list[str]:
    return [r.id for r in get("telegram").parse(InputDoc.from_text(name, text))]


def test_each_real_cable_alone_stays_one_text() -> None:
    for text in _real_cables():
        assert split_cables(text) == [text]


def test_concatenated_real_cables_give_one_record_each() -> None:
    cables = _real_cables()
    alone = [_ids(t, "x.txt")[0] for t in cables]
    for sep in ("\n", "\n\nNNNN\n\n", ""):
        bulk = sep.join(cables)
        parts = split_cables(bulk)
        assert "".join(parts) == bulk
        assert len(parts) == len(cables), sep
        assert _ids(bulk) == alone, sep


def test_records_of_a_bulk_file_say_their_part() -> None:
    cables = _real_cables()[:3]
    parsed = parse_input(InputDoc.from_text("bulk.txt", "\n".join(cables)))
    assert parsed.ok, parsed.error
    assert [r.source.part for r in parsed.records] == ["1", "2", "3"]
    assert parsed.records[0].raw.startswith(cables[0]) and parsed.records[1].raw.lstrip().startswith("VZCZC")


def test_1200_concatenated_cables_give_1200_records() -> None:
    cables = _real_cables()
    order = [cables[k % len(cables)] for k in range(1200)]
    alone = {t: _ids(t, "x.txt")[0] for t in cables}
    assert _ids("\n".join(order)) == [alone[t] for t in order]


PLAIN = """UNCLASSIFIED

PAGE 01 STATE {serial} 0{day}1200Z

ORIGIN EUR-12

INFO OCT-01 ISO-00 /013 R

------------------07632{day} 0{day}1606Z /40

R 0{day}1200Z AUG 76

FM SECSTATE WASHDC

TO AMEMBASSY MOSCOW

UNCLAS STATE {serial}

E.O. 11652: N/A

TAGS: PFOR, UR

SUBJ: TEST MESSAGE {day}

1. FIRST PARAGRAPH OF MESSAGE {day}.

2. SECOND PARAGRAPH.

KISSINGER

NNNN
"""

BARE = """R 0{day}1200Z AUG 76
FM SECSTATE WASHDC
TO AMEMBASSY MOSCOW
UNCLAS STATE {serial}
E.O. 11652: N/A
TAGS: PFOR, UR
SUBJ: TEST MESSAGE {day}
1. FIRST PARAGRAPH OF MESSAGE {day}.
KISSINGER
NNNN
"""


@pytest.mark.parametrize("template", [PLAIN, BARE])
def test_printed_cables_split_at_their_first_page_or_dtg(template: str) -> None:
    bulk = "".join(template.format(serial=161480 + d, day=d) for d in range(1, 5))
    parts = split_cables(bulk)
    assert len(parts) == 4
    assert all(p.startswith(("UNCLASSIFIED", "R 0")) for p in parts)
    assert _ids(bulk) == [f"1976STATE16148{d}" for d in range(1, 5)]


def test_later_sections_of_one_cable_stay_together() -> None:
    section = """R 171512Z JAN 90
FM AMCONSUL CAPE TOWN
TO SECSTATE WASHDC 536{k}
C O N F I D E N T I A L SECTION 0{k} OF 03 CAPE TOWN 00097
{k}. TEXT OF SECTION {k}.
"""
    text = "".join(section.format(k=k) for k in (1, 2, 3))
    assert split_cables(text) == [text]


def test_a_repeat_quoted_in_a_cable_is_not_a_new_cable() -> None:
    text = BARE.format(serial=161481, day=1).replace("KISSINGER\nNNNN\n", "") + (
        "2. FOLLOWING REPEAT STATE 161400 SENT ACTION CAIRO 23 JUN 79 QTE\n"
        "UNCLAS STATE 161400\nSUBJ: OLD\n1. OLD TEXT. UNQTE\nKISSINGER\n")
    assert split_cables(text) == [text]
