"""Wilson Center page text (format ``transcript``): seed 003 against hand-written golden facts."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from legation.formats import get
from legation.formats.base import InputDoc
from legation.model import Record

HERE = Path(__file__).resolve()
SHARED = HERE.parents[2] / ".." / "shared"
SEED = SHARED / "samples" / "seeds" / "003_a471758ded6c4cfe.txt"
GOLDEN = HERE.parents[1] / "golden" / "transcript" / "seed003.json"


@pytest.fixture(scope="module")
def golden() -> dict:
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rec() -> Record:
    if not SEED.exists():
        pytest.skip("shared samples are absent")
    doc = InputDoc.from_bytes(str(SEED), SEED.read_bytes())
    recs = list(get("transcript").parse(doc))
    assert len(recs) == 1
    return recs[0]


def test_sniff_and_detect() -> None:
    if not SEED.exists():
        pytest.skip("shared samples are absent")
    from legation.formats import detect

    doc = InputDoc.from_bytes(str(SEED), SEED.read_bytes())
    assert get("transcript").sniff(doc) >= 0.9
    assert detect(doc)[0] == "transcript"


def test_record_fields(rec: Record, golden: dict) -> None:
    d = rec.model_dump()
    for key, want in golden["record"].items():
        if isinstance(want, dict):
            for k, v in want.items():
                assert d[key][k] == v, f"{key}.{k}"
        else:
            assert d[key] == want, key


def test_participants(rec: Record, golden: dict) -> None:
    assert [p.model_dump() for p in rec.participants] == golden["participants"]


def test_turn_counts(rec: Record, golden: dict) -> None:
    turns = [b for b in rec.body if b.kind == "turn"]
    g = golden["turns"]
    assert len(turns) == g["total"]
    assert dict(Counter(b.speaker for b in turns)) == g["by_speaker"]
    assert [b.n for b in turns] == list(range(1, g["total"] + 1))
    assert dict(Counter(b.kind for b in rec.body)) == golden["blocks_by_kind"]
    # every single-speaker turn lists itself in speakers
    assert all(b.speakers == [b.speaker] for b in turns if "+" not in b.speaker)


def test_special_turns(rec: Record, golden: dict) -> None:
    turns = [b for b in rec.body if b.kind == "turn"]
    g = golden["turns"]
    joint = [b for b in turns if len(b.speakers) > 1]
    assert len(joint) == 1
    assert joint[0].speaker_label == g["joint"]["speaker_label"]
    assert joint[0].speakers == g["joint"]["speakers"]
    assert joint[0].text == g["joint"]["text"]
    nospace = [b for b in turns if b.speaker_label == g["no_space_label"]]
    assert len(nospace) == 1 and nospace[0].speaker == "TANAKA"
    assert turns[0].speaker == g["first"]["speaker"]
    assert turns[0].speaker_label == g["first"]["speaker_label"]
    assert turns[0].text.startswith(g["first"]["text_starts"])
    assert turns[-1].speaker == g["last"]["speaker"] and turns[-1].text == g["last"]["text"]
    broken = [b for b in turns if b.text == g["broken_line"]["text"]]
    assert len(broken) == 1 and broken[0].speaker == g["broken_line"]["speaker"]
    cont = [b for b in turns if b.text.startswith(g["continued"]["text_starts"])]
    assert len(cont) == 1 and cont[0].speaker == g["continued"]["speaker"]
    assert cont[0].text.endswith("\n\n" + g["continued"]["second_paragraph"])


def test_closing_line_and_notes(rec: Record, golden: dict) -> None:
    paras = [b for b in rec.body if b.kind == "paragraph"]
    assert [b.text for b in paras] == [golden["closing_paragraph"]]
    assert rec.body[-1].text == golden["closing_paragraph"]
    assert [n.model_dump() for n in rec.notes] == golden["notes"]


def test_text_and_raw(rec: Record, golden: dict) -> None:
    for s in golden["text_has"]:
        assert s in rec.text, s
    for s in golden["text_lacks"]:
        assert s not in rec.text, s
    assert rec.raw == SEED.read_text(encoding="utf-8")
    assert "<mark>[2]</mark>" in rec.raw
    # paragraphs of the reading text are separated by blank lines; one per block plus the notes
    assert len(rec.text.split("\n\n")) >= len(rec.body) + len(rec.notes)
    assert rec.source.format == "transcript" and rec.source.sha256 and rec.source.path == str(SEED)
    assert rec.warnings == []


def test_round_trip_json(rec: Record) -> None:
    assert Record.from_json(rec.to_json()) == rec
