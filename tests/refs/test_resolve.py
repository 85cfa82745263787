"""resolve_references: years from the final date, the January rule, no self-references, prose citations."""

from __future__ import annotations

from legation.enrich.references import resolve_references
from legation.model import Address, Block, Record, Reference


def _rec(**kw: object) -> Record:
    kw.setdefault("id", "2009MADRID604")
    kw.setdefault("date", "2009-06-24")
    kw.setdefault("kind", "telegram")
    return Record(**kw)  # type: ignore[arg-type]


def test_year_comes_from_the_final_date_when_none_is_printed() -> None:
    # a cable without a DTG: the parser had no year, the page's metadata gave the date later
    rec = _rec(references=[Reference(label="STATE 41959", kind="ref", source="ref-line")])
    got = resolve_references(rec).references[0]
    assert got.id == "2009STATE41959" and got.source == "ref-line+year:record-date"


def test_printed_year_wins() -> None:
    rec = _rec(references=[Reference(label="PRETORIA 002715", year="08", kind="ref", source="ref-line")])
    assert resolve_references(rec).references[0].id == "2008PRETORIA2715"


def test_january_cable_citing_a_higher_serial_of_its_own_post_is_last_year() -> None:
    rec = _rec(id="1976TOKYO00123", date="1976-01-05", from_=Address(name="AMEMBASSY TOKYO", post="TOKYO"),
               references=[Reference(label="TOKYO 19876", kind="ref", source="ref-line"),
                           Reference(label="TOKYO 00045", kind="ref", source="ref-line")])
    assert [r.id for r in resolve_references(rec).references] == ["1975TOKYO19876", "1976TOKYO00045"]


def test_january_cable_citing_a_december_state_number_is_last_year() -> None:
    rec = _rec(id="1977MOSCOW00210", date="1977-01-07",
               references=[Reference(label="STATE 301234", kind="ref", source="ref-line"),
                           Reference(label="STATE 001234", kind="ref", source="ref-line")])
    assert [r.id for r in resolve_references(rec).references] == ["1976STATE301234", "1977STATE001234"]


def test_the_record_itself_a_date_and_a_page_marker_are_dropped() -> None:
    rec = _rec(aliases=["09MADRID604"], references=[
        Reference(label="MADRID 604", id="2009MADRID604", kind="ref", source="ref-line"),
        Reference(label="MADRID 00002282 001.2 OF 002", kind="ref"),
        Reference(label="30 APRIL 2009", id="2030APRIL2009", kind="ref"),
        Reference(label="MADRID 587", kind="ref", source="ref-line")])
    assert [r.id for r in resolve_references(rec).references] == ["2009MADRID587"]


def test_idempotent_and_pure() -> None:
    rec = _rec(references=[Reference(label="STATE 41959", kind="ref", source="ref-line")],
               body=[Block(n=1, text="AS REFTEL REPORTED, SEE ALSO STATE 12345.")])
    once = resolve_references(rec)
    assert resolve_references(once) == once
    assert rec.references[0].id == ""  # the input is not changed


def test_prose_citations_and_reftel_mentions() -> None:
    rec = _rec(from_=Address(name="AMEMBASSY MADRID", post="MADRID"),
               references=[Reference(label="STATE 41959", kind="ref", source="ref-line")],
               body=[Block(n=2, text="As reftel asked, we delivered the points (see also Madrid 587 and "
                                     "STATE 41959). PARA 1234 of the law. MADRID 00000604 002 OF 003"),
                     Block(n=3, text="Septel will report the reply.")])
    got = resolve_references(rec).references
    assert [(r.label, r.id, r.kind) for r in got] == [
        ("STATE 41959", "2009STATE41959", "ref"), ("Madrid 587", "2009MADRID587", "text"), ("SEPTEL", "", "septel")]
    assert got[0].mentions == ["paragraph 2: reftel", "paragraph 2: STATE 41959"]
    assert got[1].source == "text:paragraph 2+year:record-date"


def test_report_numbers_read_as_cables_become_reports() -> None:
    # the cablegate fallback reads "REF: MADRID IIR 6 809 0087 10" as the cable MADRID 6
    rec = _rec(references=[Reference(label="MADRID IIR 6", id="2009MADRIDIIR6", kind="ref")])
    assert [(r.kind, r.id) for r in resolve_references(rec).references] == [("report", "")]


def test_prose_is_read_in_cables_only() -> None:
    rec = _rec(kind="document", collection="document", body=[Block(n=1, text="See STATE 123456. SEPTEL follows.")])
    assert resolve_references(rec).references == []
