"""OCR repair of whole records: text and body, stored offsets, idempotence, rejections, the pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from legation.clean.ocr import RepairContext, apply, rebase, repair, repair_record, undo, unrepaired
from legation.clean.ocr_pass import ocr_repair
from legation.clean.rejections import Rejections, RejectionsFileError
from legation.model import Block, Record, Source
from tests.clean.conftest import ingested, parse_only
from tests.conftest import SEED_CABLE, SEED_TRANSCRIPT

SEVEN = {"PLOYANSKY": "POLYANSKY", "POOPOSAL": "PROPOSAL", "KAIND": "KIND", "EH": "THE", "SOVITS": "SOVIETS",
         "CONSULATION": "CONSULTATION", "BRIEFEDFONMIN": "BRIEFED FONMIN"}


def parsed(path: Path) -> Record:
    return parse_only(path)


@pytest.fixture(scope="module")
def ctx() -> RepairContext:
    return RepairContext()


def test_seed_cable_record_repaired_with_an_audit_trail(ctx: RepairContext) -> None:
    rec = parsed(SEED_CABLE)
    before = rec.text
    rec = repair_record(rec, context=ctx)
    ocr = [c for c in rec.corrections if c.rule.startswith("ocr-")]
    applied = {c.original: c.replacement for c in ocr if c.applied}
    assert applied == SEVEN
    for word in ("PLOYANSKY", "POOPOSAL", "KAIND", " EH ", "SOVITS", "CONSULATION", "BRIEFEDFONMIN"):
        assert word not in rec.text
    assert "HOW FORTHCOMING THE SOVIETS MIGHT BE" in rec.text and "DOKO BRIEFED FONMIN MIYAZAWA" in rec.text
    # stored offsets index the repaired text; undoing every applied correction gives the text back
    for c in ocr:
        assert rec.text[c.start:c.end] == (c.replacement if c.applied else c.original)
    restored = rec.text
    for c in sorted((c for c in ocr if c.applied), key=lambda c: -c.start):
        restored = restored[:c.start] + c.original + restored[c.end:]
    assert restored == before
    # the body blocks read as the text does
    assert all(b.text in rec.text for b in rec.body if b.text)
    assert any("PLOYANSKY" not in b.text and "POLYANSKY AGREED" in b.text for b in rec.body)
    assert "PLOYANSKY" in rec.raw  # raw is untouched


def test_cable_ese_and_raw_stay_as_printed(ctx: RepairContext) -> None:
    rec = repair_record(parsed(SEED_CABLE), context=ctx)
    for word in ("FONMIN", "DEPFONMIN", "GOJ", "EMBOFF", "REFTEL", "NOTAL", "SECGEN", "CPSU", "FONOFF",
                 "DIVDIR", "KEIDANREN", "LONGRANGE", "YALTA", "TOGO"):
        assert word in rec.text
        assert word not in {c.original for c in rec.corrections if c.rule.startswith("ocr-")}
    assert "PLOYANSKY" in rec.raw and rec.raw == SEED_CABLE.read_text(encoding="utf-8")


def test_seed_transcript_ishkov_applied_mda_flagged(ctx: RepairContext) -> None:
    rec = repair_record(parsed(SEED_TRANSCRIPT), context=ctx)
    by = {c.original: c for c in rec.corrections}
    assert by["lshkov"].applied and by["lshkov"].replacement == "Ishkov"
    assert "c[omrade] Ishkov" in rec.text
    assert not by["MDA"].applied and by["MDA"].replacement == "MFA"
    assert "Department of the MDA" in rec.text


def test_repair_record_is_idempotent(ctx: RepairContext) -> None:
    rec = repair_record(parsed(SEED_CABLE), context=ctx)
    once = rec.to_json()
    assert repair_record(rec, context=ctx).to_json() == once


def test_rebase_and_apply_agree() -> None:
    text = "MIYAZAWA SAID POOPOSAL NOT A MATTER FOR URGENT STUDY; GOJ NOT EMPOWERED TO MAKE KAIND OF AGREEMENT."
    fixes = repair(text, context=RepairContext())
    out = apply(text, fixes)
    for c in rebase(fixes):
        assert out[c.start:c.end] == (c.replacement if c.applied else c.original)


def test_rejections_file_keeps_a_correction_unapplied_on_reingest(tmp_path: Path) -> None:
    path = tmp_path / "rejections.csv"
    path.write_text("# vetoes\nrecord,original,replacement\n1976TOKYO12732, KAIND, KIND\n*, POOPOSAL, ocr-lexicon\n",
                    encoding="utf-8")
    ctx = RepairContext(rejections=Rejections.load(path))
    for _ in range(2):  # ingest, then ingest again: the vetoes hold both times
        rec = repair_record(parsed(SEED_CABLE), context=ctx)
        by = {c.original: c for c in rec.corrections}
        assert (by["KAIND"].applied, by["KAIND"].note) == (False, "rejected")
        assert (by["POOPOSAL"].applied, by["POOPOSAL"].note) == (False, "rejected")
        assert by["PLOYANSKY"].applied
        assert "KAIND OF LUMP SUM" in rec.text and "SAID POOPOSAL" in rec.text


def test_rejection_for_another_record_does_not_apply(tmp_path: Path) -> None:
    rej = Rejections()
    rej.add("wilson-198181", "KAIND", "*")
    rej.save(tmp_path / "r.csv")
    rec = repair_record(parsed(SEED_CABLE), context=RepairContext(rejections=Rejections.load(tmp_path / "r.csv")))
    assert {c.original: c.applied for c in rec.corrections}["KAIND"] is True


def test_bad_rejections_file_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("1976TOKYO12732\n", encoding="utf-8")
    with pytest.raises(RejectionsFileError) as err:
        Rejections.load(path)
    assert "L110" in str(err.value) and "bad.csv" in str(err.value)


def _rec(fmt: str, text: str, collection: str = "") -> Record:
    return Record(id="x", collection=collection, text=text, body=[Block(text=text)], source=Source(format=fmt))


def test_pass_repairs_ocr_formats_leaves_born_digital(ctx: RepairContext) -> None:
    text = "MIYAZAWA SAID POOPOSAL NOT A MATTER FOR URGENT STUDY."
    tel = ocr_repair(_rec("telegram", text, "aad"), ctx)
    assert "SAID PROPOSAL" in tel.text and tel.body[0].text == tel.text
    for fmt, collection in (("cablegate", "cablegate"), ("telegram", "cablegate"), ("frus", "frus")):
        rec = ocr_repair(_rec(fmt, text, collection), ctx)
        assert rec.text == text and not rec.corrections
    flagged = ocr_repair(_rec("cablegate", text, "cablegate"), ctx, flag_only=True)
    assert flagged.text == text and [(c.original, c.applied) for c in flagged.corrections] == [("POOPOSAL", False)]


def test_ingest_runs_the_pass_on_the_seed_cable() -> None:
    rec = ingested(SEED_CABLE)
    applied = {c.original: c.replacement for c in rec.corrections if c.rule.startswith("ocr-") and c.applied}
    assert applied == SEVEN
    assert "ARITA, POLYANSKY AGREED" in rec.text and "PLOYANSKY" in rec.raw


def test_unrepaired_gives_back_what_the_parser_read() -> None:
    plain = parse_only(SEED_CABLE)
    rec = ingested(SEED_CABLE)
    assert rec.text != plain.text
    back = unrepaired(rec)
    assert (back.text, back.body) == (plain.text, plain.body)
    assert undo(rec.text, rec.corrections) == plain.text


def test_search_finds_the_seed_cable_by_both_spellings(tmp_path: Path) -> None:
    from legation.catalogue import ingest
    from legation.catalogue import open as open_catalogue

    need = parse_only(SEED_CABLE)  # skips without ../shared
    db = str(tmp_path / "t.db")
    ingest([str(SEED_CABLE)], db=db)
    cat = open_catalogue(db)
    try:
        for query in ("PLOYANSKY", "POLYANSKY", "POOPOSAL", "BRIEFEDFONMIN", "kaind"):
            assert need.id in [h.id for h in cat.search(query).hits], query
    finally:
        cat.close()
