"""Persons printed by cable convention (legation.enrich.personcues), each on the real variant of the
History Lab cables of ../shared it was written for, and groups of people as their own entity type."""

from __future__ import annotations

from legation.enrich.extract import extract
from legation.enrich.names import entity_link_key
from legation.enrich.personcues import (
    census_surnames,
    find_census_surnames,
    find_fnu_persons,
    find_initialled_persons,
)
from legation.formats.historylab.labels import gold_type
from tests.enrich.test_cues import _around
from tests.enrich.test_cues_groups import _texts

# -- initials and a surname ---------------------------------------------------------------------------

def test_initials_and_a_surname_are_a_person() -> None:
    assert _texts(find_initialled_persons(_around("1976OTTAWA00108", "W. M. JARVIS"))) == ["W. M. JARVIS"]
    assert _texts(find_initialled_persons(_around("1978STATE048231", "DR. J.L. FOWLER"))) == ["J.L. FOWLER"]
    found = find_initialled_persons(_around("1975THEHA01744", "MRS. M. BIANCHI"))  # (call MRS. M. BIANCHI)
    assert _texts(found) == ["M. BIANCHI"] and entity_link_key(found[0].name, "PERSON") == "bianchi m"


def test_a_middle_initial_is_left_to_the_whole_name() -> None:
    # DOROTHY N. MARSHALL: "N. MARSHALL" would key as marshall n, which the gold's marshall d is not
    assert find_initialled_persons(_around("1979USUNN00556", "DOROTHY N. MARSHALL")) == []


def test_a_sub_paragraph_letter_is_no_initial() -> None:
    assert find_initialled_persons(_around("1978STATE116253", "B. NAME OF PILOT", pad=40)) == []
    assert find_initialled_persons("THE U.S. NAVY AND THE U.N. SECRETARIAT") == []


def test_fnu_marks_a_surname_alone() -> None:
    found = find_fnu_persons(_around("1979GUATEM04371", "(FNU) DELAMICO"))
    assert _texts(found) == ["DELAMICO"] and found[0].type == "PERSON"


# -- census surnames -----------------------------------------------------------------------------------

def test_a_rare_census_surname_is_a_person() -> None:
    assert {"korn", "myers", "denard"} <= census_surnames() and "saxbe" not in census_surnames()
    assert "KORN" in _texts(find_census_surnames(_around("1976NEWDE13223", "KORN", pad=30)))
    assert all(f.source == "gazetteer" and f.type == "PERSON" for f in find_census_surnames("DENARD AND KORN MET"))


def test_common_words_places_and_amounts_are_no_census_surname() -> None:
    # YOUNG, PARKER and WASHINGTON are census surnames too; DOLS (dollars) is one before an amount
    assert find_census_surnames("YOUNG PARKER WENT TO WASHINGTON") == []
    assert find_census_surnames(_around("1974PEKING00626", "DOLS 5.5")) == []
    assert _texts(find_census_surnames("Korn said; korn, lower case, is no name")) == ["Korn"]


def test_two_rare_surnames_are_one_name() -> None:
    found = find_census_surnames(_around("1979ANKARA00334", "GALINDO POHL"))
    assert _texts(found) == ["GALINDO POHL"]


def test_the_conventions_run_in_extract() -> None:
    found = extract(_around("1979GUATEM04371", "(FNU) DELAMICO", pad=60))
    assert any(f.type == "PERSON" and f.text == "DELAMICO" for f in found)


# -- groups of people ----------------------------------------------------------------------------------

def test_a_group_of_people_is_its_own_type() -> None:
    assert gold_type("PER.GROUP") == "GROUP" and gold_type("PER.IND") == "PERSON"
    assert entity_link_key("THE FINANCE MINISTRY OFFICIALS", "GROUP") == "finance ministry officials"
    assert entity_link_key("MERCENARY UNITS", "GROUP") == "mercenary units"
