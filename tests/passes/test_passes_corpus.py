"""Every registered pass on real records of each format: idempotent, text and body untouched, all recorded."""

from __future__ import annotations

from pathlib import Path

import pytest

from legation import formats
from legation.clean.ocr import unrepaired
from legation.clean.registry import passes, run_passes
from legation.formats.base import InputDoc
from legation.ingest.pipeline import parse_input
from legation.model import Record

SHARED = (Path(__file__).resolve().parents[2] / ".." / "shared").resolve()
CORPUS = SHARED / "corpus"

pytestmark = pytest.mark.corpus


def _sample() -> list[Path]:
    """A few files of each corpus folder, and the seeds (a fixed choice: sorted, every n-th)."""
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    picked: list[Path] = sorted((SHARED / "samples" / "seeds").glob("*.txt"))
    for folder in ("cablegate-html", "cablegate-csv", "frus", "historylab-gt", "wilson", "misc"):
        files = sorted(p for p in (CORPUS / folder).rglob("*") if p.is_file() and not p.name.startswith(("README", ".")))
        picked += files[:: max(1, len(files) // 6)][:6]
    return picked


@pytest.fixture(scope="module")
def parsed() -> list[tuple[str, Record, Record]]:
    """(format, parser's record, pipeline's record) for each record of the sample."""
    out = []
    for path in _sample():
        doc = InputDoc.from_bytes(str(path), path.read_bytes())
        result = parse_input(doc)
        if not result.ok:
            continue
        plain = list(formats.get(result.format).parse(InputDoc.from_bytes(str(path), path.read_bytes())))
        out += [(result.format, a, b) for a, b in zip(plain, result.records, strict=True)]
    assert len({fmt for fmt, _, _ in out}) >= 5
    return out


def test_passes_keep_text_body_and_raw(parsed: list[tuple[str, Record, Record]]) -> None:
    for _fmt, plain, rec in parsed:
        rec = unrepaired(rec)  # OCR repair changes text, each change a Correction: undo them to compare
        assert (rec.text, rec.body, rec.raw) == (plain.text, plain.body, plain.raw), rec.id
        assert rec.clean_input is None


def test_every_pass_is_idempotent(parsed: list[tuple[str, Record, Record]]) -> None:
    for fmt, _plain, rec in parsed:
        again = run_passes(rec.model_copy(deep=True), fmt)
        assert again.to_json() == rec.to_json(), rec.id


def test_every_entity_has_a_key_and_a_source(parsed: list[tuple[str, Record, Record]]) -> None:
    sources = set()
    for _fmt, _plain, rec in parsed:
        for e in rec.entities:
            assert e.key and e.source, (rec.id, e)
            sources.add(e.source)
    assert {"tags", "signer", "speakers", "participants", "frus-persons", "gold"} <= sources


def test_every_correction_is_on_raw(parsed: list[tuple[str, Record, Record]]) -> None:
    cuts = 0
    for _fmt, _plain, rec in parsed:
        for c in rec.corrections:
            assert c.rule and 0.0 <= c.confidence <= 1.0
            if c.rule == "furniture":
                cuts += 1
                assert c.replacement == "" and (c.start < 0 or rec.raw[c.start:c.end] == c.original), rec.id
    assert cuts > 0


def test_registry_names_are_unique_and_described() -> None:
    names = [p.name for p in passes()]
    assert len(names) == len(set(names))
