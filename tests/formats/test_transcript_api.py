"""Digital Archive API JSON objects read by the ``transcript`` format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from legation.errors import ParseError
from legation.formats import detect, get
from legation.formats.base import InputDoc
from legation.model import Record

HERE = Path(__file__).resolve()
API = HERE.parents[2] / ".." / "shared" / "corpus" / "wilson" / "digitalarchive-api"
GOLDEN = HERE.parents[1] / "golden" / "transcript" / "api.json"


@pytest.fixture(scope="module")
def golden() -> dict:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


def _parse(name: str) -> list[Record]:
    path = API / name
    if not path.exists():
        pytest.skip("shared corpus is absent")
    doc = InputDoc.from_bytes(str(path), path.read_bytes())
    assert detect(doc)[0] == "transcript"
    return list(get("transcript").parse(doc))


@pytest.mark.corpus
def test_api_transcript(golden: dict) -> None:
    [r] = _parse("transcript.json")
    g = golden["transcript"]
    for key in ("id", "collection", "language", "original_language", "source_url", "signer"):
        assert getattr(r, key) == g[key], key
    assert r.attributes["filename"] == g["filename"]
    assert "raw" not in r.attributes and "html" not in r.attributes
    assert len(r.body) == g["paragraphs"]
    assert r.text.startswith(g["text_starts"])
    for s in g["text_has"]:
        assert s in r.text
    for s in g["text_lacks"]:
        assert s not in r.text
    assert r.raw == (API / "transcript.json").read_text(encoding="utf-8")
    assert [b.kind for b in r.body[-2:]] == ["signature", "signature"]
    assert r.date == ""  # the asset prints "1 января" without a year: no date is invented


@pytest.mark.corpus
def test_api_collection(golden: dict) -> None:
    [r] = _parse("collection.json")
    g = golden["collection"]
    for key in ("id", "kind", "title", "summary"):
        assert getattr(r, key) == g[key], key
    for s in g["text_has"]:
        assert s in r.text
    assert "<p>" not in r.text and "<a " not in r.text
    assert r.attributes["slug"] == "local-nationalism-in-xinjiang-1957-1958"


def test_translation_asset_and_document_object() -> None:
    asset = {"id": "9", "filename": "TranslationFile_1.html", "content_type": "text/html", "extension": "html",
             "asset_id": "2", "url": "/translations/9.html", "language": {"id": "eng", "name": "English"},
             "html": "<html><body><p>Secret</p><p>KISSINGER: Good morning.</p><p>ZHOU ENLAI: Welcome.</p>"
                     "<p>KISSINGER: Thank you.</p></body></html>"}
    doc = InputDoc.from_text("a.json", json.dumps(asset))
    assert get("transcript").sniff(doc) >= 0.9
    [r] = list(get("transcript").parse(doc))
    assert r.id == "wilson-translation-9" and r.language == "English" and r.original_language == ""
    assert [b.speaker for b in r.body if b.kind == "turn"] == ["KISSINGER", "ZHOU ENLAI", "KISSINGER"]

    document = {"id": "123", "title": "Record of Conversation between Zhou Enlai and Kissinger",
                "uri": "record/123", "doc_date": "1971-07-09", "description": "<p>They talk.</p>",
                "languages": [{"id": "chi", "name": "Chinese"}], "translations": [asset]}
    [d] = list(get("transcript").parse(InputDoc.from_text("d.json", json.dumps(document))))
    assert (d.id, d.kind, d.date, d.summary, d.original_language) == (
        "wilson-123", "memcon", "1971-07-09", "They talk.", "Chinese")
    assert sum(b.kind == "turn" for b in d.body) == 3


def test_other_json_is_not_wilson() -> None:
    doc = InputDoc.from_text("o.json", json.dumps({"id": 1, "name": "x"}))
    assert get("transcript").sniff(doc) == 0.0
    with pytest.raises(ParseError):
        list(get("transcript").parse(doc))
    with pytest.raises(ParseError):
        list(get("transcript").parse(InputDoc.from_text("b.json", '{"id": "1", "filename": ')))
