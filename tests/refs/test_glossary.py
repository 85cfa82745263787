"""The glossary data file, its loader, the enrich pass and the query expansion."""

from __future__ import annotations

from legation.enrich.glossary import glossary_terms
from legation.glossary import CATEGORIES, expand, expand_terms, load, tag_meaning
from legation.model import Record


def test_data_file_has_every_kind_of_term_with_a_source() -> None:
    rows = [r for rs in load().values() for r in rs]
    assert len(rows) >= 300
    assert all(r.source and r.expansion and r.category in CATEGORIES for r in rows)
    for term in ("FONMIN", "DEPFONMIN", "GOJ", "USG", "EMBOFF", "REFTEL", "SEPTEL", "NOTAL", "MEMCON", "SECGEN",
                 "FONOFF", "DIVDIR", "DEPTOFF", "ADDEE"):
        assert expand(term, "term"), term
    for tag in ("PFOR", "PREL", "ETRD", "EFIN", "MARR"):
        assert expand(tag, "tags-subject"), tag
    for country, meaning in (("JA", "Japan"), ("UR", "Soviet Union (USSR)"), ("US", "United States"),
                             ("CH", "China")):
        assert tag_meaning(country) == meaning
    for office in ("EA", "EUR", "INR", "S/S"):
        assert expand(office, "office"), office
    assert expand("GOJ") == "Government of Japan" and expand("fonmin") == "foreign minister"


def test_record_carries_the_terms_it_uses() -> None:
    rec = Record(id="x", tags=["PFOR", "JA"], subject="FONMIN VISIT",
                 text="EMBOFF CALLED ON DEPFONMIN. GOJ VIEWS; THE INFO AND PARA WORDS ARE NOT TERMS. goj is lower.")
    got = glossary_terms(rec)
    terms = got.attributes["glossary"]
    assert set(terms) == {"PFOR", "JA", "FONMIN", "EMBOFF", "DEPFONMIN", "GOJ"}
    assert terms["GOJ"]["expansion"] == "Government of Japan" and terms["JA"]["category"] == "tags-country"
    assert glossary_terms(got) == got and "glossary" not in rec.attributes


def test_query_expansion_is_words_to_abbreviations() -> None:
    assert expand_terms(["foreign", "minister"]) == ["foreign", "minister", "FONMIN"]
    assert "DEPFONMIN" in expand_terms(["deputy", "foreign", "minister"])
    assert expand_terms(["brezhnev"]) == ["brezhnev"]
