"""The clean-title pass: an OCR'd CREST document takes its title from the file name, and says so."""

from __future__ import annotations

from legation.formats.base import InputDoc
from legation.ingest.pipeline import parse_input
from tests.conftest import CORPUS, need_shared


def test_crest_title_from_file_name() -> None:
    need_shared()
    path = next(p for p in (CORPUS / "misc").rglob("*.txt") if p.name.startswith("(1) CUBAN PROMISE"))
    rec = parse_input(InputDoc.from_bytes(str(path), path.read_bytes())).records[0]
    assert rec.title.startswith("(1) CUBAN PROMISE TO BOLIVIAN EXILES TO STEP UP PACE OF")
    assert rec.attributes["title_source"] == "filename"
    assert "STE F_ W PACE O F" in rec.attributes["title_as_printed"]
    assert any("file name" in w for w in rec.warnings)


def test_a_clean_ocr_title_stays() -> None:
    need_shared()
    path = next(p for p in (CORPUS / "misc").rglob("*.txt") if p.name.startswith("(1) HANDLING OF LETTER"))
    rec = parse_input(InputDoc.from_bytes(str(path), path.read_bytes())).records[0]
    assert rec.attributes["title_source"] == "ocr" and "title_as_printed" not in rec.attributes
