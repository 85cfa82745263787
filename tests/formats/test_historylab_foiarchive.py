"""FOIArchive exports (JSON list, JSON lines, CSV) read by the historylab format."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from legation.formats import detect, get
from legation.formats.base import InputDoc
from legation.model import Record

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "golden" / "historylab" / "fixtures"
GOLDEN = json.loads((REPO / "tests" / "golden" / "historylab" / "foiarchive.json").read_text(encoding="utf-8"))


def parse(name: str) -> list[Record]:
    path = FIXTURES / name
    doc = InputDoc.from_bytes(str(path), path.read_bytes())
    assert detect(doc)[0] == "historylab"
    return list(get("historylab").parse(doc))


def check(record: Record, want: dict[str, Any]) -> None:
    assert record.id == want["id"]
    assert record.collection == "historylab" and record.kind == want["kind"]
    assert record.source.part == want["part"] and record.source.format == "historylab"
    for key in ("title", "date", "datetime", "date_precision", "signer", "source_url"):
        if key in want:
            assert getattr(record, key) == want[key], key
    assert record.classification.original == want["classification_original"]
    if "aliases" in want:
        assert record.aliases == want["aliases"]
    if "from" in want:
        assert record.from_ is not None
        assert (record.from_.name, record.from_.post) == (want["from"]["name"], want["from"]["post"])
    if "to" in want:
        assert [(a.name, a.post) for a in record.to] == [(t["name"], t["post"]) for t in want["to"]]
    assert len(record.body) == want["blocks"]
    if "numbered" in want:
        assert [b.n for b in record.body if b.n is not None] == want["numbered"]
    for snippet in want.get("contains", []):
        assert snippet in record.text
    if "entities" in want:
        assert [(e.name, e.type) for e in record.entities] == [tuple(x) for x in want["entities"]]
    if "tags" in want:
        assert record.tags == want["tags"]
    for key, value in want.get("attributes", {}).items():
        assert record.attributes[key] == value


@pytest.mark.parametrize("name", ["foiarchive_sample.json", "foiarchive_sample.csv"])
def test_fixture(name: str) -> None:
    records = parse(name)
    wants = GOLDEN[name]
    assert len(records) == len(wants)
    for record, want in zip(records, wants, strict=True):
        check(record, want)
        assert record.raw.strip()
        assert want["id"].lstrip("0123456789")[:4] in record.raw or want.get("aliases", [""])[0] in record.raw


def test_json_raw_is_the_item_slice() -> None:
    records = parse("foiarchive_sample.json")
    assert json.loads(records[0].raw)["doc_id"] == "1976TOKYO12732"
    assert json.loads(records[2].raw)["corpus"] == "frus"


def test_csv_keeps_every_column() -> None:
    records = parse("foiarchive_sample.csv")
    assert set(records[0].attributes) == {"doc_id", "corpus", "classification", "authored", "title", "body",
                                          "from_field", "to_field", "tags"}
    assert records[0].raw.startswith("1977BONN03012,cfpf,")
    assert records[1].raw.startswith("1979BRUSSE18834,")


def test_json_lines() -> None:
    lines = "\n".join(json.dumps(o) for o in [
        {"doc_id": "77BONN3012", "body": "1. ONE.", "authored": "1977-02-18", "title": "A"},
        {"doc_id": "1978STATE098163", "body": "TEXT", "authored": "1978-04-19", "title": "B"},
    ])
    doc = InputDoc.from_text("export.jsonl", lines + "\n")
    assert detect(doc)[0] == "historylab"
    records = list(get("historylab").parse(doc))
    assert [r.id for r in records] == ["1977BONN03012", "1978STATE098163"]
    assert [r.source.part for r in records] == ["line 1", "line 2"]


def test_other_json_is_not_claimed() -> None:
    doc = InputDoc.from_text("x.json", json.dumps([{"id": "33548", "raw": "<html/>", "filename": "a.html"}]))
    assert get("historylab").sniff(doc) == 0.0
