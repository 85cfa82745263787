"""FRUS (issue 11): from/to from the markup, page ranges are not references, a bare document without the
TEI namespace and with an undeclared frus: prefix is detected and read as FRUS."""

from __future__ import annotations

from pathlib import Path

from legation.formats import detect, get
from legation.formats.base import InputDoc

FIXTURE = Path(__file__).parent / "fixtures" / "frus_bare_document.xml"


def test_bare_document_with_undeclared_prefix_is_frus() -> None:
    doc = InputDoc.from_bytes(str(FIXTURE), FIXTURE.read_bytes())
    name, score = detect(doc)
    assert name == "frus" and score >= 0.8
    rec = next(r for r in get("frus").parse(doc) if r.kind != "volume")
    assert rec.date == "1971-06-02"
    assert rec.from_ is not None and rec.from_.name == "U. Alexis Johnson"
    assert [a.name for a in rec.to] == ["Secretary of State Rogers"]
    # "532"-"542" are pages of the volume, not documents; Document 7 is a cross-reference
    assert [(r.label, r.kind) for r in rec.references] == [("Document 7", "crossref")]
