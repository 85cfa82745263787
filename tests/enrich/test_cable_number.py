"""The cable-number pass: History Lab cables get from, title, date and a citation from their CFPF number, marked derived."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from legation.cableids import CFPF_POSTS, post_of_number
from legation.cite import format_citation
from legation.clean.registry import get_pass
from legation.enrich.cablenumbers import cable_number, post_title, self_date
from legation.formats.base import InputDoc
from legation.ingest.pipeline import parse_input
from legation.model import Address, Record

REPO = Path(__file__).resolve().parents[2]
GT = (REPO / ".." / "shared" / "corpus" / "historylab-gt").resolve()
GOLDEN = json.loads((REPO / "tests" / "golden" / "historylab" / "derived.json").read_text(encoding="utf-8"))
CASES = sorted(k for k in GOLDEN if not k.startswith("_"))


def ingested(rel: str) -> Record:
    if not GT.is_dir():
        pytest.skip("../shared/corpus/historylab-gt is not present")
    path = GT / rel
    return parse_input(InputDoc.from_bytes(str(path), path.read_bytes())).records[0]


@pytest.mark.parametrize(("number", "post", "kind"), [
    ("1977TOKYO13557", "TOKYO", "embassy"), ("1973STOCKH04045", "STOCKHOLM", "embassy"),
    ("1976CARACA12453", "CARACAS", "embassy"), ("1975OECDP07285", "OECD PARIS", "mission"),
    ("1976NEWDE13223", "NEW DELHI", "embassy"), ("1974USUNN00675", "USUN NEW YORK", "mission"),
    ("1978CAPET00550", "CAPE TOWN", "consulate"), ("1979PORTL00665", "PORT LOUIS", "embassy"),
    ("1977STATE075309", "WASHINGTON", "department"), ("1975THEHA01744", "THE HAGUE", "embassy"),
])
def test_post_of_number(number: str, post: str, kind: str) -> None:
    found = post_of_number(number)
    assert found is not None and (found.post, found.kind) == (post, kind)


def test_unknown_or_non_cfpf_numbers_give_no_post() -> None:
    assert post_of_number("1977ZZZZZZ13557") is None
    assert post_of_number("2009BRASILIA93") is None  # not a 1973-1979 CFPF number
    assert post_of_number("historylab-abc") is None


def test_every_corpus_number_has_a_post() -> None:
    if not GT.is_dir():
        pytest.skip("../shared/corpus/historylab-gt is not present")
    missing = [p.stem for p in GT.rglob("*.txt") if post_of_number(p.stem) is None]
    assert missing == []
    assert all(code == p.code for code, p in CFPF_POSTS.items())


def test_post_title_keeps_acronyms() -> None:
    assert post_title("OECD PARIS") == "OECD Paris" and post_title("NEW DELHI") == "New Delhi"


def test_self_date_reads_only_self_dating_phrases() -> None:
    assert self_date("CALLED THIS MORNING (JAN 27) ON GAJA", 1975) == ("1975-01-27", "THIS MORNING (JAN 27)")
    assert self_date("MET YESTERDAY (DEC 31)", 1975) is None  # the cable would be in the next year
    assert self_date("MET YESTERDAY (MARCH 3)", 1975) == ("1975-03-04", "YESTERDAY (MARCH 3)")
    assert self_date("LATE AFTERNOON SEPTEMBER 3. ... DRAFT PROVIDED TODAY.", 1977) is None
    assert self_date("TODAY (FEB 30)", 1977) is None


@pytest.mark.corpus
@pytest.mark.parametrize("rel", CASES)
def test_derived_golden(rel: str) -> None:
    want: dict[str, Any] = GOLDEN[rel]
    rec = ingested(rel)
    assert rec.from_ is not None
    assert (rec.from_.name, rec.from_.post, rec.from_.kind) == (want["from"], want["post"], want["kind"])
    assert rec.title == want["title"]
    assert rec.subject == want.get("subject", "")
    assert (rec.date, rec.date_precision) == (want["date"], want["date_precision"])
    derived = rec.attributes["derived"]
    assert "from" in derived and rec.id in derived["from"]
    assert ("title" in derived) == bool(want["title"])
    if "date_words" in want:
        assert want["date_words"] in derived["date"]
    assert any("derived from the document number" in w for w in rec.warnings)
    if "chicago" in want:
        assert format_citation(rec, "chicago") == want["chicago"]
    # a made-up title is never cited as the document's
    assert "Telegram 19" not in format_citation(rec, "bibtex").split("howpublished")[0]
    assert rec.id in format_citation(rec, "ris")


def test_pass_fills_only_empty_fields_and_is_idempotent() -> None:
    printed = Address(name="AMCONSUL OSAKA KOBE", post="OSAKA KOBE", kind="consulate")
    rec = Record(id="1978OSAKA00436", collection="historylab", kind="telegram", date="1978", date_precision="year",
                 from_=printed, subject="TRADE FAIR", text="1. NOTHING DATED HERE.")
    once = cable_number(rec.model_copy(deep=True))
    assert once.from_ == printed and once.title == "" and "from" not in once.attributes["derived"]
    twice = cable_number(once.model_copy(deep=True))
    assert twice == once
    assert get_pass("cable-number").collections == ("historylab",)


def test_other_collections_untouched() -> None:
    rec = Record(id="1977TOKYO13557", collection="aad", kind="telegram", date="1977", date_precision="year")
    assert not get_pass("cable-number").applies_to(rec, "telegram")


def test_a_derived_title_yields_no_entities() -> None:
    rec = ingested("train/1976ROME20912.txt")
    assert rec.title == "Telegram 1976ROME20912 from Rome"
    assert not [e for e in rec.entities if e.name == "Rome" and not e.mentions]
