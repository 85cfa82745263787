"""Issue 10, item 5: XML nested too deep is one file's clear failure, never a RecursionError."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from legation.catalogue import Catalogue
from legation.formats.base import InputDoc
from legation.formats.frus.parser import MAX_XML_DEPTH
from legation.formats.frus.xmltext import inline
from legation.ingest.pipeline import parse_input
from tests.conftest import SEED_CABLE, need_shared

HEAD = ('<?xml version="1.0"?><TEI xmlns="http://www.tei-c.org/ns/1.0" '
        'xmlns:frus="http://history.state.gov/frus/ns/1.0" xml:id="frus1969-76v99"><teiHeader><fileDesc>'
        '<titleStmt><title>Test volume</title></titleStmt></fileDesc></teiHeader><text><body>'
        '<div type="document" xml:id="d1" n="1"><head>Memorandum</head><p>')
TAIL = "</p></div></body></text></TEI>"


def _tei(middle: str) -> str:
    return HEAD + middle + TAIL


def _nested(n: int) -> str:
    return _tei("<hi>" * n + "deep" + "</hi>" * n)


def test_300k_nested_elements_fail_the_file_with_its_path() -> None:
    parsed = parse_input(InputDoc.from_text("deep.xml", _nested(300000)))
    assert not parsed.ok
    assert parsed.format == "frus"
    assert parsed.error.startswith("[L330] deep.xml: XML elements nested deeper than")
    assert "RecursionError" not in parsed.error


def test_nesting_under_libxml2s_limit_but_over_ours_fails_too() -> None:
    parsed = parse_input(InputDoc.from_text("deep.xml", _nested(1000)))
    assert not parsed.ok and "[L330]" in parsed.error


def test_nesting_within_the_limit_is_read() -> None:
    parsed = parse_input(InputDoc.from_text("ok.xml", _nested(MAX_XML_DEPTH - 20)))
    assert parsed.ok, parsed.error
    assert any("deep" in r.text for r in parsed.records)


def test_a_paragraph_of_100000_elements_is_read() -> None:
    parsed = parse_input(InputDoc.from_text("flat.xml", _tei("<hi>ab</hi> cd " * 100000)))
    assert parsed.ok, parsed.error
    assert max(r.text.count("ab cd") for r in parsed.records) >= 99999


def test_inline_walks_any_depth_without_recursion() -> None:
    # deeper than Python's recursion limit (the parser refuses such files; the walk would not overflow)
    root = etree.Element("p")
    el = root
    for k in range(5000):
        el = etree.SubElement(el, "persName" if k in (1, 4998) else "hi")
        el.text = "w "
    out = inline(root)
    assert out.text == " ".join(["w"] * 5000)
    assert [(s.start, s.end) for s in out.spans] == [(2 * 4998, len(out.text)), (2, len(out.text))]


def test_a_deep_file_fails_and_the_rest_of_the_batch_is_stored(tmp_path: Path) -> None:
    need_shared()
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "deep.xml").write_text(_nested(300000), encoding="utf-8")
    (inputs / "seed.txt").write_text(SEED_CABLE.read_text(encoding="utf-8"), encoding="utf-8")
    with Catalogue(str(tmp_path / "t.db")) as cat:
        report = cat.ingest([str(inputs)])
        by_name = {Path(f.path).name: f for f in report.files}
        assert by_name["deep.xml"].status == "failed" and "[L330]" in by_name["deep.xml"].reason
        assert by_name["seed.txt"].status == "new"
        assert cat.get("1976TOKYO12732").id == "1976TOKYO12732"
