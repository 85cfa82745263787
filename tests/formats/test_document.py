"""The plain-document fallback and CIA CREST OCR documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from legation.formats import detect, get
from legation.formats.base import InputDoc
from legation.formats.document.parser import FALLBACK_WARNING

REPO = Path(__file__).resolve().parents[2]
SHARED = (REPO / ".." / "shared").resolve()
CIA = SHARED / "corpus" / "misc" / "cablegate-cia-analysis" / "cia-converted"
GOLDEN = json.loads((REPO / "tests" / "golden" / "document" / "crest.json").read_text(encoding="utf-8"))
CASES = sorted(k for k in GOLDEN if not k.startswith("_"))

LETTER = """\ufeffNotes on the Tokyo talks


Drafted 9 October 1973 in Moscow.
Second line of the first paragraph.

The Kuril Islands were discussed at length;
no agreement was reached.
"""


def test_plain_text_becomes_a_document() -> None:
    doc = InputDoc.from_text("notes.txt", LETTER)
    assert get("document").sniff(doc) == pytest.approx(0.25)
    (record,) = list(get("document").parse(doc))
    assert record.id == f"doc-{doc.sha256[:12]}"
    assert record.collection == "document" and record.kind == "document"
    assert record.title == "Notes on the Tokyo talks"
    assert (record.date, record.date_precision) == ("1973-10-09", "day")
    assert len(record.body) == 3
    assert record.text.split("\n\n")[1] == "Drafted 9 October 1973 in Moscow.\nSecond line of the first paragraph."
    assert FALLBACK_WARNING in record.warnings
    assert record.raw == LETTER and record.source.format == "document"


def test_month_and_year_precision() -> None:
    (record,) = list(get("document").parse(InputDoc.from_text("a.txt", "Report on trade\n\nWritten in November 1967.\n")))
    assert (record.date, record.date_precision) == ("1967-11", "month")
    (record,) = list(get("document").parse(InputDoc.from_text("b.txt", "Report on trade\n\nNo dates here at all.\n")))
    assert (record.date, record.date_precision) == ("", "")


def test_sniff_low_and_zero_for_no_letters() -> None:
    fmt = get("document")
    assert fmt.sniff(InputDoc.from_text("n.txt", "1 2 3 4 5 6 7 8 9 10\n" * 10)) == 0.0
    assert 0.2 < fmt.sniff(InputDoc.from_text("t.txt", "Just a few words of ordinary English prose.")) < 0.5


def test_detect_falls_back_to_document() -> None:
    assert detect(InputDoc.from_text("t.txt", LETTER)) == ("document", pytest.approx(0.25))


@pytest.mark.corpus
@pytest.mark.parametrize("name", CASES)
def test_crest_golden(name: str) -> None:
    if not CIA.is_dir():
        pytest.skip("../shared/corpus/misc is not present")
    want: dict[str, Any] = GOLDEN[name]
    path = CIA / name
    doc = InputDoc.from_bytes(str(path), path.read_bytes())
    fmt_name, score = detect(doc)
    assert fmt_name == "document" and score > 0.25
    (record,) = list(get("document").parse(doc))
    assert record.collection == "document" and record.kind == want["kind"]
    assert (record.date, record.date_precision) == (want["date"], want["date_precision"])
    assert record.archive.document_number == want["document_number"]
    assert record.review.release_date == want["release_date"]
    if "subject_starts" in want:
        assert record.subject.startswith(want["subject_starts"])
        assert record.title == record.subject
    for snippet in want["contains"]:
        assert snippet in record.text
    for snippet in want["absent"]:
        assert snippet not in record.text
        assert snippet in record.raw
    assert [a.name for a in record.to] == want["to"]
    if "numbered" in want:
        assert [b.n for b in record.body if b.n is not None] == want["numbered"]
    assert record.raw == path.read_text(encoding="utf-8")
