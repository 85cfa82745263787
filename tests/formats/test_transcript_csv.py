"""The Wilson scraper CSV read by the ``transcript`` format, against hand-written golden facts."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from legation.errors import ParseError
from legation.formats import detect, get
from legation.formats.base import InputDoc
from legation.model import Record

HERE = Path(__file__).resolve()
SHARED = HERE.parents[2] / ".." / "shared"
CSV_PATH = SHARED / "corpus" / "wilson" / "wilson_archive.csv"
GOLDEN = HERE.parents[1] / "golden" / "transcript" / "wilson_csv.json"

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def golden() -> dict:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def recs() -> dict[str, Record]:
    if not CSV_PATH.exists():
        pytest.skip("shared corpus is absent")
    doc = InputDoc.from_bytes(str(CSV_PATH), CSV_PATH.read_bytes())
    assert detect(doc)[0] == "transcript"
    out = list(get("transcript").parse(doc))
    return {r.id: r for r in out}


def test_ids_and_columns(recs: dict[str, Record], golden: dict) -> None:
    assert list(recs) == golden["ids"]
    assert len(recs) == golden["count"]
    for r in recs.values():
        assert list(r.attributes) == golden["columns"]
        assert r.collection == "wilson" and r.source.format == "transcript"
        assert r.source.part.startswith("row ")
        assert r.text and r.body


def test_raw_is_the_row_slice(recs: dict[str, Record]) -> None:
    data = CSV_PATH.read_text(encoding="utf-8")
    for r in recs.values():
        assert r.raw in data
        assert r.raw.startswith("https://digitalarchive.wilsoncenter.org/document/")
        assert r.raw.endswith(r.attributes["scraped_at"])
        # the row slice parses back to exactly the attributes
        fields = next(csv.reader(io.StringIO(r.raw, newline="")))
        assert fields == list(r.attributes.values())


@pytest.mark.parametrize("rid", ["wilson-300653", "wilson-300641", "wilson-300638", "wilson-300242",
                                 "wilson-300237", "wilson-300239"])
def test_golden_rows(recs: dict[str, Record], golden: dict, rid: str) -> None:
    want = golden["records"][rid]
    r = recs[rid]
    simple = ("kind", "title", "subject", "date", "date_precision", "original_language", "language",
              "translator", "source_url", "signer")
    for key in simple:
        if key in want:
            assert getattr(r, key) == want[key], key
    if "classification_original" in want:
        assert r.classification.original == want["classification_original"]
    if "summary_starts" in want:
        assert r.summary.startswith(want["summary_starts"])
    if "repository" in want:
        assert r.archive.repository == want["repository"]
    if "credits" in want:
        assert r.archive.extra["credits"] == want["credits"]
    if "from" in want:
        assert r.from_ is not None and r.from_.name == want["from"]
        assert [a.name for a in r.to] == want["to"]
    if "numbered_paragraphs" in want:
        lo, hi = want["numbered_paragraphs"]
        assert [b.n for b in r.body if b.n is not None] == list(range(lo, hi + 1))
    if "notes" in want:
        assert [{"n": n.n, "text": n.text} for n in r.notes] == want["notes"]
        assert all(n.anchor.endswith(f"[{n.n}]") for n in r.notes)
    if "concepts" in want:
        assert r.concepts == want["concepts"]
    if "participants" in want:
        assert [p.model_dump() for p in r.participants] == want["participants"]
    for s in want.get("text_has", []):
        assert s in r.text, s


def test_no_turns_in_reported_speech(recs: dict[str, Record]) -> None:
    # the Kohl memoranda report speech ("BK affirmed ...", "The Chancellor said ..."): no turns
    assert not any(b.kind == "turn" for r in recs.values() for b in r.body)


def test_metadata_entities(recs: dict[str, Record]) -> None:
    r = recs["wilson-300641"]
    names = {(e.name, e.type) for e in r.entities}
    assert ("Chiang, Ching-kuo (Jiang Jingguo)", "PERSON") in names
    assert ("Taiwan", "PLACE") in names
    assert ("Japan. Foreign Ministry", "ORG") in names


def _tiny(rows: list[list[str]]) -> str:
    header = ["document_url", "title", "original_publication_date", "text_body", "summary", "language",
              "record_id", "original_classification"]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def test_tiny_csv_with_turns_and_bad_list() -> None:
    body = ("Record of Conversation\nMAO ZEDONG: You have come a long way.\nN.S. KHRUSHCHEV. It was worth it.\n"
            "MAO ZEDONG: Let us talk about\nthe future.")
    text = _tiny([["https://digitalarchive.wilsoncenter.org/document/1", "Record of Conversation, Mao and Khrushchev",
                   "c. 1958", body, "A talk.", "not json", "1", ""]])
    doc = InputDoc.from_text("tiny.csv", text)
    assert get("transcript").sniff(doc) > 0.9
    [r] = list(get("transcript").parse(doc))
    assert r.id == "wilson-1" and r.kind == "memcon"
    assert (r.date, r.date_precision) == ("1958", "year")
    assert [b.speaker for b in r.body if b.kind == "turn"] == ["MAO ZEDONG", "KHRUSHCHEV", "MAO ZEDONG"]
    assert r.body[-1].text == "Let us talk about the future."
    assert r.original_language == "not json"
    assert any("not a JSON list" in w for w in r.warnings)


def test_csv_missing_columns_is_a_parse_error() -> None:
    doc = InputDoc.from_text("x.csv", "document_url,text_body\r\nhttp://x,hello\r\n")
    with pytest.raises(ParseError):
        list(get("transcript").parse(doc))


def test_short_row_is_kept_with_a_warning() -> None:
    text = _tiny([["https://digitalarchive.wilsoncenter.org/document/7", "Letter, A to B", "May 1960", "Dear B,"]])
    [r] = list(get("transcript").parse(InputDoc.from_text("short.csv", text)))
    assert r.id == "wilson-7"
    assert any("record_id" in w for w in r.warnings)
    assert any("fields" in w for w in r.warnings)
    assert r.title == "Letter, A to B" and r.date == "1960-05"
