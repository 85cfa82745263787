"""Golden tests: cablegate plain-text cables (ISO-8859-1, CRLF, 0xB6 pilcrows) through the telegram format.

Expectations in tests/golden/telegram/cablegate_converted.json were read by
hand from the files in ../shared/corpus/misc/cablegate-cia-analysis/.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from legation.formats import detect, get
from legation.formats.base import InputDoc
from legation.model import Record

REPO = Path(__file__).resolve().parents[2]
SHARED = (REPO / ".." / "shared").resolve()
FOLDER = SHARED / "corpus" / "misc" / "cablegate-cia-analysis" / "cablegate-converted"
GOLDEN: dict[str, Any] = json.loads(
    (REPO / "tests" / "golden" / "telegram" / "cablegate_converted.json").read_text("utf-8"))
CASES = sorted(k for k in GOLDEN if not k.startswith("_"))

pytestmark = pytest.mark.corpus


def _parse(name: str) -> Record:
    path = FOLDER / name
    if not path.is_file():
        pytest.skip(f"{path} is not present")
    doc = InputDoc.from_bytes(str(path), path.read_bytes())
    assert detect(doc)[0] == "telegram"
    return next(get("telegram").parse(doc))


@pytest.mark.parametrize("name", CASES)
def test_cablegate_text_golden(name: str) -> None:
    g = GOLDEN[name]
    r = _parse(name)
    assert r.id == g["id"]
    assert r.aliases == g["aliases"]
    if "collection" in g:
        assert r.collection == g["collection"]
    assert r.datetime == g["datetime"] and r.date == g["datetime"][:10] and r.date_precision == "day"
    assert r.precedence == g["precedence"]
    assert r.from_ is not None and r.from_.name == g["from"]
    if "from_post" in g:
        assert r.from_.post == g["from_post"]
    assert [[a.name, a.routing_indicator, a.precedence, a.sequence] for a in r.to] == g["to"]
    if "info" in g:
        assert [a.name for a in r.info] == g["info"]
    if "info_count" in g:
        assert len(r.info) == g["info_count"]
        a = r.info[0]
        assert [a.name, a.routing_indicator, a.precedence, a.sequence] == g["info_first"]
    if "routing_info_count" in g:
        assert len(r.routing.info) == g["routing_info_count"]
        assert r.routing.total_copies == g["total_copies"]
    assert r.classification.original == g["classification"]
    assert r.executive_order == g["executive_order"] and r.declassify == g["declassify"]
    assert r.tags == g["tags"]
    assert r.subject == g["subject"]
    assert [[x.label, x.id, x.letter] for x in r.references] == g["references"]
    assert r.signer == g["signer"]
    numbers = [b.n for b in r.body if b.n is not None]
    if g["paragraphs"] == "1..37":
        assert numbers == list(range(1, 38))
    else:
        assert numbers == g["paragraphs"]
    if "summary_starts" in g:
        assert r.summary.startswith(g["summary_starts"])
    if "classified_by" in g:
        assert r.archive.extra.get("classified_by") == g["classified_by"]
    if "headings_contain" in g:
        assert any(g["headings_contain"] in b.text for b in r.body if b.kind == "heading")
    if "body_starts" in g:
        assert r.body[0].text.startswith(g["body_starts"])
    if "routing_lines_contain" in g:
        assert g["routing_lines_contain"] in r.routing.lines
    # furniture and the signer line stay out of the body; the pilcrow is not in text
    assert "\u00b6" not in r.text and "SIPDIS" not in r.text and "VZCZC" not in r.text
    assert r.raw.startswith(("\r\n", "VZCZC", "\r\nVZCZC", "\nVZCZC", "\r\nINFO", "INFO"))


def test_all_24_parse() -> None:
    if not FOLDER.is_dir():
        pytest.skip("corpus absent")
    files = sorted(FOLDER.glob("*.txt"))
    assert len(files) == 24
    for f in files:
        r = next(get("telegram").parse(InputDoc.from_bytes(str(f), f.read_bytes())))
        assert r.id and r.date and r.subject and r.tags, f.name
        assert r.aliases[0] == f.stem  # the file is named by the cablegate reference id
