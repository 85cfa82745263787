"""Golden tests for the cablegate HTML and CSV parsers.

The expectations in tests/golden/cablegate/*.json were written by hand from
reading the pages and the CSV in ../shared/corpus (not dumped from the parser).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from legation.errors import LegationError, ParseError
from legation.formats import detect, get
from legation.formats.base import InputDoc
from legation.formats.cablegate import parser as cablegate
from legation.model import Record

REPO = Path(__file__).resolve().parents[2]
SHARED = (REPO / ".." / "shared").resolve()
GOLDEN = REPO / "tests" / "golden" / "cablegate"
GOLDEN_FILES = sorted(GOLDEN.glob("*.json"))

pytestmark = pytest.mark.corpus


def _shared(rel: str) -> Path:
    path = SHARED / rel if rel.startswith("corpus/") else SHARED / "corpus" / rel
    if not path.is_file():
        pytest.skip(f"{path} is not present")
    return path


def _parse(path: Path, fmt: str) -> list[Record]:
    doc = InputDoc.from_bytes(str(path), path.read_bytes())
    return list(get(fmt).parse(doc))


def _squeeze(s: str) -> str:
    return " ".join(s.split())


def test_golden_files_exist() -> None:
    names = {p.stem for p in GOLDEN_FILES}
    assert {"66BUENOSAIRES2481", "75TEHRAN2069", "79TEHRAN8980", "89PANAMA8545", "06LISBON2365",
            "09DAKAR1376", "10TRIPOLI115", "cablemap-08BRASILIA93",
            "csv-66BUENOSAIRES2481", "csv-72TEHRAN1164"} <= names


@pytest.fixture(params=["telegram", "fallback"])
def text_reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run each golden case through the telegram text parser and through the built-in fallback reader."""
    if request.param == "fallback":
        monkeypatch.setattr(cablegate, "_text_parser", lambda: None)
    elif cablegate._text_parser() is None:
        pytest.skip("legation.formats.telegram.parse_cable_text is not available")
    return str(request.param)


@pytest.mark.parametrize("golden", GOLDEN_FILES, ids=[p.stem for p in GOLDEN_FILES])
def test_golden(golden: Path, text_reader: str) -> None:  # noqa: C901  (golden field-by-field comparison)
    exp: dict[str, Any] = json.loads(golden.read_text(encoding="utf-8"))
    path = _shared(exp["path"])
    doc = InputDoc.from_bytes(str(path), path.read_bytes())
    assert detect(doc)[0] == exp["format"]
    records = _parse(path, exp["format"])
    if "part" in exp:
        matching = [r for r in records if r.source.part == exp["part"]]
        assert len(matching) == 1
        rec = matching[0]
    else:
        assert len(records) == 1
        rec = records[0]

    assert rec.id == exp["id"]
    assert rec.collection == "cablegate"
    assert rec.kind == "telegram"
    assert rec.aliases[: len(exp["aliases"])] == exp["aliases"]
    assert rec.date == exp["date"]
    assert rec.datetime == exp["datetime"]
    assert rec.date_precision == "day"
    assert rec.attributes["Created"] == exp["created"]
    assert rec.attributes["Classification"] == exp["table_classification"]
    assert rec.attributes["Reference ID"] == exp["aliases"][0]
    if "release_date" in exp:
        assert rec.review.release_date == exp["release_date"]
        assert any(e.action == "RELEASED" and e.by == "WikiLeaks" and e.date == exp["release_date"]
                   and e.stage == "leak" for e in rec.review.events)
        assert rec.attributes["Released"].startswith(exp["release_date"])
    for key, value in exp["classification"].items():
        assert getattr(rec.classification, key) == value, key
    if "handling" in exp:
        assert [h for h in rec.handling if h in {"NOFORN", "FOR OFFICIAL USE ONLY"}] == exp["handling"]
    for h in exp.get("handling_include", []):
        assert h in rec.handling
    if "handling_first" in exp:
        assert rec.handling[0] == exp["handling_first"]
    assert rec.from_ is not None
    assert rec.from_.name == exp["from"]
    assert rec.from_.post == exp["from_post"]
    assert rec.to and rec.to[0].name == exp["to_first"]
    if "info_first" in exp:
        assert rec.info and rec.info[0].name == exp["info_first"]
    if "precedence" in exp:
        assert rec.precedence == exp["precedence"]
    if "tags" in exp:
        assert rec.tags == exp["tags"]
    for tag in exp.get("tags_include", []):
        assert tag in rec.tags
    assert _squeeze(rec.subject) == exp["subject"]
    if "title" in exp:
        assert rec.title == exp["title"]
    numbered = [b for b in rec.body if b.n is not None]
    accepted = exp["numbered_paragraphs"]
    assert len(numbered) in (accepted if isinstance(accepted, list) else [accepted])
    assert numbered[0].n == 1
    assert rec.signer.upper() == exp["signer"].upper()
    if exp["first_reference"] is None:
        assert rec.references == []
    else:
        first = rec.references[0]
        assert first.id == exp["first_reference"]["id"]
        assert exp["first_reference"]["label_contains"] in first.label
    ref_ids = {r.id for r in rec.references}
    for rid in exp.get("reference_ids_include", []):
        assert rid in ref_ids
    if "source_url" in exp:
        assert rec.source_url == exp["source_url"]
    for key, value in exp.get("archive_extra", {}).items():
        assert rec.archive.extra[key] == value
    for s in exp["text_includes"]:
        assert _squeeze(s) in _squeeze(rec.text), s
    for s in exp["text_excludes"]:
        assert s not in rec.text, s
    # raw is the input exactly: the page, or the CSV row's own slice
    if exp["format"] == "cablegate":
        assert rec.raw == doc.text
        assert rec.source.part == ""
    else:
        assert rec.raw.startswith(exp["raw_starts"])
        assert rec.raw.endswith(exp["raw_ends"])
        assert rec.raw in doc.text
        assert rec.attributes["Row ID"] == exp["part"]
    assert rec.source.format == exp["format"]
    assert rec.source.sha256 == doc.sha256
    assert rec.source.path == str(path)


def test_cablemap_subjects() -> None:
    """The 5 cablemap 2011-layout pages: subjects as cablemap's own fixtures expect (out/*.txt)."""
    base = _shared("cablemap-tests/cables/data-subject/in/08BRASILIA93.html").parent.parent
    pages = sorted((base / "in").glob("*.html"))
    assert len(pages) == 5
    for page in pages:
        expected = (base / "out" / f"{page.stem}.txt").read_text(encoding="utf-8").strip()
        (rec,) = _parse(page, "cablegate")
        assert rec.aliases[0] == page.stem
        assert _squeeze(rec.subject) == expected, page.stem


def test_same_cable_in_csv_and_html_gets_one_id() -> None:
    """66BUENOSAIRES2481 is in both the CSV dump and an HTML page: both map to one canonical id."""
    html = _parse(_shared("cablegate-html/cable/1966/12/66BUENOSAIRES2481.html"), "cablegate")
    csv_records = _parse(_shared("cablegate-csv/cables_sample.csv"), "cablegate-csv")
    from_csv = [r for r in csv_records if r.attributes["Reference ID"] == "66BUENOSAIRES2481"]
    assert len(html) == 1 and len(from_csv) == 1
    assert html[0].id == from_csv[0].id == "1966BUENOSAIRES2481"
    assert "66BUENOSAIRES2481" in html[0].aliases and "66BUENOSAIRES2481" in from_csv[0].aliases
    # The two sources disagree on small things, and each keeps what it printed.
    assert html[0].attributes["Created"] == "1966-12-28 18:06"
    assert from_csv[0].attributes["Created"] == "12/28/1966 18:48"
    assert html[0].subject == from_csv[0].subject


def test_csv_gives_two_records_in_order() -> None:
    records = _parse(_shared("cablegate-csv/cables_sample.csv"), "cablegate-csv")
    assert [r.id for r in records] == ["1966BUENOSAIRES2481", "1972TEHRAN1164"]
    assert [r.source.part for r in records] == ["1", "2"]
    text = _shared("cablegate-csv/cables_sample.csv").read_text(encoding="utf-8")
    assert "".join(r.raw for r in records) == text


def test_classification_title_attribute_is_ignored() -> None:
    """The Classification link's title= is wrong on every page; the link text counts."""
    rec = _parse(_shared("cablegate-html/cable/2009/11/09DAKAR1376.html"), "cablegate")[0]
    assert rec.classification.original == "UNCLASSIFIED"
    assert "NOFORN" not in rec.handling
    assert "CONFIDENTIAL" not in rec.classification.model_dump().values()


# -- small hand-written fixtures --------------------------------------------------

PAGE = """<?xml version='1.0' encoding='utf-8' ?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "x">
<html><head><title>Cable Viewer</title></head><body>
<h3>Viewing cable 08FOO12, TEST SUBJECT</h3>
<table class='cable'>
<tr><th>Reference ID</th><th>Created</th><th>Released</th><th>Classification</th><th>Origin</th></tr>
<tr><td><a href='/cable/2008/01/08FOO12.html'>08FOO12</a></td>
<td><a href='/date/2008-01_0.html'>2008-01-02 03:04</a></td>
<td><a href='/reldate/2010-12-01_0.html'>2010-12-01 10:00</a></td>
<td><a href='/classification/1_0.html' title='secret'>CONFIDENTIAL//NOFORN</a></td>
<td><a href='/origin/1_0.html'>Consulate Foo</a></td></tr>
<tr><td colspan='5'>Appears in these articles:<br /><a href='http://example.org/a'>example.org</a><br /></td></tr>
</table>
<code><pre>This record is a partial extract of the original cable. The full text of the original cable is not available.</pre></code>
<code><pre>C O N F I D E N T I A L FOO 000012&#x000A;&#x000A;TAGS: <a href='/tag/PREL_0.html'>PREL</a> <a href='/tag/XX_0.html'>XX</a>&#x000A;SUBJECT: TEST SUBJECT &#x000A;&#x000A;<a id='par1' href='#par1'>\u00b6</a>1. (C) First &amp; only paragraph. &#x000A;&#x000A;SMITH</pre></code>
</body></html>
"""


def _page_record(text: str) -> Record:
    doc = InputDoc.from_text("fixture/08FOO12.html", text)
    (rec,) = list(get("cablegate").parse(doc))
    return rec


def test_fixture_page_without_header_uses_table_metadata() -> None:
    rec = _page_record(PAGE)
    assert rec.id == "2008FOO12"
    assert rec.aliases[0] == "08FOO12"
    assert rec.datetime == "2008-01-02T03:04:00Z"  # no DTG in the text: Created counts
    assert rec.date == "2008-01-02"
    assert rec.classification.original == "CONFIDENTIAL"
    assert rec.handling[0] == "NOFORN"
    assert rec.from_ is not None and rec.from_.name == "Consulate Foo" and rec.from_.kind == "consulate"
    assert rec.from_.post == "FOO"
    assert rec.tags == ["PREL", "XX"]
    assert rec.subject == "TEST SUBJECT"
    assert rec.title == "TEST SUBJECT"
    assert [b.n for b in rec.body if b.n is not None] == [1]
    assert "First & only paragraph." in rec.text
    assert "\u00b6" not in rec.text and "partial extract" not in rec.text
    assert rec.attributes["Note"].startswith("This record is a partial extract")
    assert rec.attributes["Appears in these articles"] == ["http://example.org/a"]
    assert rec.source_url == "https://wikileaks.org/cable/2008/01/08FOO12.html"
    assert rec.raw == PAGE


def test_dtg_that_disagrees_with_created_is_kept_and_warned() -> None:
    page = PAGE.replace("<code><pre>This record is a partial extract of the original cable. "
                        "The full text of the original cable is not available.</pre></code>",
                        "<code><pre>R 151200Z MAR 08&#x000A;FM AMCONSUL FOO&#x000A;TO SECSTATE WASHDC 1</pre></code>")
    rec = _page_record(page)
    assert rec.datetime == "2008-03-15T12:00:00Z"
    assert rec.attributes["Created"] == "2008-01-02 03:04"
    assert any("Created" in w for w in rec.warnings)
    assert rec.from_ is not None and rec.from_.name == "AMCONSUL FOO"


def test_page_without_metadata_table_is_a_parse_error() -> None:
    page = PAGE.replace("class='cable'", "class='other'")
    with pytest.raises(ParseError):
        _page_record(page)


def test_page_without_pre_blocks_is_a_parse_error() -> None:
    page = PAGE.replace("<code><pre>", "<div>").replace("</pre></code>", "</div>")
    with pytest.raises(ParseError):
        _page_record(page)


CSV_ROW = ('"7","3/4/2009 5:06","09FOO77","Embassy Foo","SECRET//NOFORN","09STATE1|08FOO2",'
           '"R 040506Z MAR 09\nFM AMEMBASSY FOO\nTO SECSTATE WASHDC 9\n",'
           '"S E C R E T FOO 000077 \n\nTAGS: PREL, XX \nSUBJECT: A \\"QUOTED\\" SUBJECT \n\n'
           '1. (S) Text. \n\nJONES \n"\n')


def test_csv_fixture_row() -> None:
    doc = InputDoc.from_text("fixture.csv", CSV_ROW)
    assert detect(doc)[0] == "cablegate-csv"
    (rec,) = list(get("cablegate-csv").parse(doc))
    assert rec.id == "2009FOO77"
    assert rec.datetime == "2009-03-04T05:06:00Z"
    assert rec.subject == 'A "QUOTED" SUBJECT'
    assert rec.classification.original == "SECRET"
    assert rec.handling[0] == "NOFORN"
    assert {"2009STATE1", "2008FOO2"} <= {r.id for r in rec.references}
    assert rec.signer == "JONES"
    assert rec.raw == CSV_ROW
    assert rec.source.part == "1"


def test_csv_row_with_wrong_field_count_is_a_parse_error() -> None:
    doc = InputDoc.from_text("bad.csv", '"1","3/4/2009 5:06","09FOO77","Embassy Foo"\n')
    with pytest.raises(ParseError):
        list(get("cablegate-csv").parse(doc))


def test_one_bad_csv_row_does_not_cost_the_other_rows() -> None:
    bad_row = '"2","3/4/2009 5:06","09FOO77","Embassy Foo"\n'
    doc = InputDoc.from_text("mixed.csv", bad_row + CSV_ROW)
    recs = list(get("cablegate-csv").parse(doc))
    assert len(recs) == 2
    raw_only = recs[0]
    assert raw_only.kind == "document" and raw_only.raw == bad_row and "has 4 fields" in raw_only.warnings[0]
    assert recs[1].id.startswith("20") and recs[1].subject


# -- sniffing ----------------------------------------------------------------------

def test_sniff_is_strict() -> None:
    html, csvf = get("cablegate"), get("cablegate-csv")
    assert html.sniff(InputDoc.from_text("p.html", PAGE)) > 0.9
    assert csvf.sniff(InputDoc.from_text("p.html", PAGE)) == 0.0
    assert csvf.sniff(InputDoc.from_text("c.csv", CSV_ROW)) > 0.9
    assert html.sniff(InputDoc.from_text("c.csv", CSV_ROW)) == 0.0
    others = [
        "R 240727Z AUG 76\nFM AMEMBASSY TOKYO\nTO SECSTATE WASHDC 1798\n",
        "<html><body><table><tr><td>x</td></tr></table><pre>y</pre></body></html>",
        '"id","date","title"\n"1","12/28/1966 18:48","x"\n',
        "# README\n\nMetadata sits in `<table class='cable'>` and `<code><pre>` blocks, Reference ID ...\n",
        '1,12/28/1966 18:48,no cable id here,x\n',
    ]
    for text in others:
        doc = InputDoc.from_text("x", text)
        assert html.sniff(doc) == 0.0, text
        assert csvf.sniff(doc) == 0.0, text


def test_sniff_other_corpus_files_is_zero() -> None:
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip("../shared/corpus is not present")
    html, csvf = get("cablegate"), get("cablegate-csv")
    checked = 0
    for path in sorted(corpus.rglob("*")):
        if not path.is_file() or path.suffix == ".html":  # the .html files are cablegate pages
            continue
        if "cablegate-csv" in path.parts or "cablegate-html" in path.parts:
            continue
        try:
            doc = InputDoc.from_bytes(str(path), path.read_bytes())
        except LegationError:
            continue
        assert html.sniff(doc) == 0.0, path
        assert csvf.sniff(doc) == 0.0, path
        checked += 1
    assert checked > 100
