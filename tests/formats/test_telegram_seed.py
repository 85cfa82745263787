"""Golden test: the AAD seed telegram 1976TOKYO12732, every fact in samples/EXPECTED.md.

The expectations in tests/golden/telegram/seed_1976TOKYO12732.json were
written by hand from reading the page (not dumped from the parser).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from legation.formats import detect, get
from legation.formats.base import InputDoc
from legation.formats.telegram.parser import parse_cable_text
from legation.model import Record

REPO = Path(__file__).resolve().parents[2]
SHARED = (REPO / ".." / "shared").resolve()
SEED = SHARED / "samples" / "seeds" / "000_a3b791d980bf280d.txt"
GOLDEN = json.loads((REPO / "tests" / "golden" / "telegram" / "seed_1976TOKYO12732.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def rec() -> Record:
    if not SEED.is_file():
        pytest.skip("../shared seed is not present")
    doc = InputDoc.from_bytes(str(SEED), SEED.read_bytes())
    return next(get("telegram").parse(doc))


@pytest.fixture(scope="module")
def d(rec: Record) -> dict[str, Any]:
    return rec.to_dict()


def test_detected_as_telegram() -> None:
    if not SEED.is_file():
        pytest.skip("seed absent")
    doc = InputDoc.from_bytes(str(SEED), SEED.read_bytes())
    name, score = detect(doc)
    assert name == "telegram" and score >= 0.8


def test_identity_and_dates(d: dict[str, Any]) -> None:
    for key in ("id", "collection", "kind", "datetime", "date", "date_precision", "precedence", "subject",
                "executive_order", "declassify", "tags", "tag_subjects", "tag_countries", "tag_persons", "concepts",
                "signer", "classification"):
        assert d[key] == GOLDEN[key], key


def test_addresses(d: dict[str, Any]) -> None:
    for k, v in GOLDEN["from"].items():
        assert d["from"][k] == v
    assert len(d["to"]) == 1
    for k, v in GOLDEN["to"][0].items():
        assert d["to"][0][k] == v
    assert [a["name"] for a in d["info"]] == GOLDEN["info_names"]
    assert [a["post"] for a in d["info"]][:4] == ["MOSCOW", "SEOUL", "TAIPEI", "HONG KONG"]


def test_routing(d: dict[str, Any]) -> None:
    r = d["routing"]
    assert [[o["office"], o["copies"]] for o in r["action"]] == GOLDEN["routing_action"]
    assert [[o["office"], o["copies"]] for o in r["info"]] == GOLDEN["routing_info"]
    assert len(r["info"]) == 22
    assert r["total_copies"] == GOLDEN["total_copies"]
    assert sum(o["copies"] for o in r["action"] + r["info"]) == 84


def test_references_and_summary(d: dict[str, Any]) -> None:
    refs = [{k: r[k] for k in ("label", "id", "note", "kind")} for r in d["references"]]
    assert refs == GOLDEN["references"]
    assert d["summary"].startswith(GOLDEN["summary_starts"])
    assert d["summary"].endswith(GOLDEN["summary_ends"])
    assert "END SUMMARY" not in d["summary"]


def test_body_paragraphs(d: dict[str, Any]) -> None:
    paras = [b for b in d["body"] if b["kind"] == "paragraph" and b["n"] is not None]
    assert [b["n"] for b in paras] == GOLDEN["paragraph_numbers"]
    assert len(d["body"]) == 5  # the SUMMARY before paragraph 1 is record.summary, not a block
    p = {b["n"]: b for b in paras}
    assert GOLDEN["paragraph_1_contains"] in p[1]["text"]
    assert p[1]["text"].endswith(GOLDEN["paragraph_1_ends"])
    assert p[2]["text"].startswith(GOLDEN["paragraph_2_starts"])
    assert GOLDEN["paragraph_3_contains"] in p[3]["text"]
    assert p[5]["label"] == GOLDEN["paragraph_5_label"]
    assert p[5]["text"].endswith(GOLDEN["paragraph_5_ends"])
    for b in paras:
        assert "CONFIDENTIAL" not in b["text"]


def test_archive_and_review(d: dict[str, Any]) -> None:
    for k, v in GOLDEN["archive"].items():
        assert d["archive"][k] == v, k
    ev = [[e["action"], e["date"], e["by"], e["stage"]] for e in d["review"]["events"]]
    assert ev == GOLDEN["review_events"]
    disp = next(e for e in d["review"]["events"] if e["stage"] == "disposition")
    assert disp["comment"] == GOLDEN["disposition_comment"]
    assert d["review"]["authority"] == GOLDEN["review_authority"]
    assert any(GOLDEN["review_marking_contains"] in m for m in d["review"]["markings"])


def test_attributes_split_exactly(d: dict[str, Any]) -> None:
    attrs = d["attributes"]
    for k, v in GOLDEN["attributes"].items():
        assert attrs.get(k) == v, k
    # the date printed with an accent in Review Markings is kept as printed
    assert attrs["Review Markings"].endswith("04 M\u00c1Y 2006")
    assert attrs["TAGS"].startswith("PFOR, US, JA, (MIYAZAWA, KIICHI)")
    assert not any("**" in k or "**" in str(v) for k, v in attrs.items())


def test_text_is_clean(rec: Record) -> None:
    for s in GOLDEN["text_must_contain"]:
        assert s in rec.text, s
    for s in GOLDEN["text_must_not_contain"]:
        assert s not in rec.text, s
    assert "\n\n1. ON AUGUST 20" in rec.text


def test_raw_is_input(rec: Record) -> None:
    assert rec.raw == SEED.read_text(encoding="utf-8")
    assert rec.source.format == "telegram" and len(rec.source.sha256) == 64


def test_parse_cable_text_direct() -> None:
    if not SEED.is_file():
        pytest.skip("seed absent")
    r = parse_cable_text(SEED.read_text("utf-8"))
    assert r.id == "1976TOKYO12732" and r.signer == "SHOESMITH"
