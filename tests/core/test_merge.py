"""Same document from several sources: one record, every source, no value lost."""

from __future__ import annotations

from legation.ingest.merge import merge_records
from legation.model import Address, Classification, Record, Source


def _aad() -> Record:
    return Record(
        id="1976TOKYO12732", collection="aad", kind="telegram", subject="JAPAN-USSR RELATIONS",
        date="1976-08-24", datetime="1976-08-24T07:27:00Z", tags=["PFOR", "JA"],
        classification=Classification(original="CONFIDENTIAL", current="UNCLASSIFIED"),
        text="Full AAD text", raw="AAD RAW",
        source=Source(path="aad/x.txt", sha256="a" * 64, format="telegram"),
        sources=[Source(path="aad/x.txt", sha256="a" * 64, format="telegram")],
    )


def _cablegate() -> Record:
    return Record(
        id="1976TOKYO12732", collection="cablegate", kind="telegram", subject="JAPAN-USSR RELATIONS",
        date="1976-08-24", tags=["PFOR", "UR"], aliases=["76TOKYO12732"],
        classification=Classification(original="SECRET"), from_=Address(name="AMEMBASSY TOKYO", post="TOKYO"),
        text="Cablegate text", raw="<html>CG RAW</html>",
        source=Source(path="cg/76TOKYO12732.html", sha256="b" * 64, format="cablegate"),
        sources=[Source(path="cg/76TOKYO12732.html", sha256="b" * 64, format="cablegate")],
    )


def test_merge_keeps_both_sources_prefers_richer_and_records_conflicts() -> None:
    merged = merge_records(_aad(), _cablegate())
    assert [s.format for s in merged.sources] == ["telegram", "cablegate"]
    assert merged.source.format == "telegram"  # the AAD page is preferred
    assert merged.collection == "aad"
    assert merged.text == "Full AAD text" and merged.raw == "AAD RAW"
    assert merged.from_ is not None and merged.from_.post == "TOKYO"  # filled from the other source
    assert merged.tags == ["PFOR", "JA", "UR"]  # union
    assert merged.aliases == ["76TOKYO12732"]
    conflicts = {(v.field, str(v.value)) for v in merged.variants}
    assert ("classification.original", "SECRET") in conflicts
    assert ("collection", "cablegate") in conflicts
    assert ("raw", "<html>CG RAW</html>") in conflicts  # the other input is not lost
    # Order of arrival does not change the outcome's content.
    other = merge_records(_cablegate(), _aad())
    assert other.source.format == "telegram" and other.text == merged.text
    assert {s.sha256 for s in other.sources} == {s.sha256 for s in merged.sources}


def test_merge_is_idempotent() -> None:
    once = merge_records(_aad(), _cablegate())
    twice = merge_records(once, _cablegate())
    assert twice.to_dict() == once.to_dict()


def test_new_version_of_same_file_replaces() -> None:
    old = _aad()
    new = _aad()
    new.subject = "CORRECTED"
    new.source.sha256 = "c" * 64
    assert merge_records(old, new).subject == "CORRECTED"
