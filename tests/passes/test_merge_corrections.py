"""Corrections index the kept record's raw: when two sources merge, the other's go to variants with its raw."""

from __future__ import annotations

from legation.ingest.merge import merge_records
from legation.model import Correction, Record, Source


def _rec(fmt: str, raw: str, cut: str) -> Record:
    start = raw.index(cut)
    return Record(id="1966BUENOSAIRES2481", raw=raw, text="THE TEXT", source=Source(path=f"x.{fmt}", sha256=fmt * 4, format=fmt),
                  corrections=[Correction(start=start, end=start + len(cut), original=cut, replacement="",
                                          rule="furniture")])


def test_corrections_follow_the_kept_raw() -> None:
    page = _rec("cablegate", "<pre>UNCLASSIFIED&#x000A;THE TEXT</pre>", "UNCLASSIFIED")
    row = _rec("cablegate-csv", '"1","12/28/1966","UNCLASSIFIED","THE TEXT"', "UNCLASSIFIED")
    merged = merge_records(row, page)  # the page is the richer format: its raw is kept
    assert merged.raw == page.raw
    assert merged.corrections == page.corrections
    for c in merged.corrections:
        assert merged.raw[c.start:c.end] == c.original
    kept = {v.field: v.value for v in merged.variants}
    assert kept["raw"] == row.raw and kept["corrections"] == [c.model_dump() for c in row.corrections]
    assert merge_records(merged, row).to_json() == merged.to_json()  # idempotent
