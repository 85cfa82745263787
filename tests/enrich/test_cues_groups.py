"""The rules added for issue 12's persons and organisations (groups of persons, the cable-ese bodies,
names after a title and AND, given names, hyphen compounds), each on the real variant of the History
Lab cables (mostly ``train``) it was written for."""

from __future__ import annotations

from legation.enrich.cues import (
    DEPARTMENT_OF_STATE,
    US_DELEGATION,
    coordinated_persons,
    find_cable_bodies,
    find_compound_parts,
    post_city,
)
from legation.enrich.extract import extract, find_titled_persons
from legation.enrich.givennames import find_given_name_persons, given_names
from legation.enrich.groups import GROUP_ROLE, find_groups
from legation.enrich.names import entity_link_key, group_key, person_key
from tests.enrich.test_cues import _around, _cable


def _texts(found: list) -> list[str]:  # type: ignore[type-arg]
    return [f.text for f in found]


# -- groups of persons ------------------------------------------------------------------------------

def test_a_plural_people_noun_with_a_modifier_is_a_group() -> None:
    found = find_groups(_around("1976BEIRUT04055", "FOR THE LEBANESE CHRISTIANS TO SEEK"))
    assert _texts(found) == ["LEBANESE CHRISTIANS"]
    assert found[0].type == "GROUP" and found[0].role == GROUP_ROLE
    assert _texts(find_groups(_around("1978ATHENS04229", "SEVERAL PASOK DEPUTIES."))) == ["PASOK DEPUTIES"]


def test_a_group_starts_after_a_sentence_end_or_a_verb() -> None:
    # "... THE AEGEAN. PASOK DEPUTIES ..." (1978ATHENS04229) and "HAVE CAUTIONED EMBASSY PERSONNEL"
    text = _cable("1978ATHENS04229")
    assert all(not f.text.startswith("AEGEAN") for f in find_groups(text))
    assert _texts(find_groups(_around("1976DAMASC06820", "HAVE CAUTIONED EMBASSY PERSONNEL TO"))) == [
        "EMBASSY PERSONNEL"]


def test_heads_the_gold_reads_as_a_country_make_no_group() -> None:
    # OFFICIALS named a train gold group in 4 of 22 documents (MFA OFFICIALS, 1978STOCKH00531, did not)
    assert find_groups(_around("1978STOCKH00531", "MFA OFFICIALS ARE STILL")) == []


def test_a_group_keeps_the_country_inside_it() -> None:
    assert all(f.role != GROUP_ROLE for f in extract(_around("1976BEIRUT04055", "THE LEBANESE CHRISTIANS")))
    found = extract(_around("1976BEIRUT04055", "FOR THE LEBANESE CHRISTIANS TO SEEK"), groups=True)
    assert {(f.type, f.name) for f in found} >= {("GROUP", "LEBANESE CHRISTIANS"), ("COUNTRY", "Lebanon")}


def test_a_group_is_keyed_by_its_whole_name() -> None:
    assert group_key("THE LEBANESE CHRISTIANS") == "lebanese christians"
    assert person_key("SOVIET LEADERS") != person_key("SYRIAN LEADERS")  # not surname LEADERS + initial S
    assert entity_link_key("FINANCE MINISTRY OFFICIALS", "PERSON") == "finance ministry officials"
    assert group_key("BREZHNEV, LEONID I") == "" and person_key("L.I. BREZHNEV") == "brezhnev l"


# -- the Department, the embassy, the delegation ------------------------------------------------------

def test_the_department_is_the_department_of_state() -> None:
    found = find_cable_bodies(_around("1979USUNN01253", "DETAIL WITH THE DEPARTMENT AND"), "1979USUNN01253")
    assert [(f.text, f.name) for f in found] == [("THE DEPARTMENT", DEPARTMENT_OF_STATE)]
    # a department of something else is left to the organisation phrases
    assert find_cable_bodies(_around("1979GUATEM04371", "COMMANDER OF THE DEPARTMENT OF ZELAYA")) == []


def test_the_embassy_is_the_one_of_the_sending_post() -> None:
    found = find_cable_bodies(_around("1979CAIRO19372", "(NOTE: EMBASSY CALCULATES"), "1979CAIRO19372")
    assert [f.name for f in found] == ["Embassy of the United States, Cairo"]
    # another country's embassy is not the post's own
    assert find_cable_bodies(_around("1974CANBER00684", "THAT BRITISH EMBASSY RANGOON"), "1974CANBER00684") == []
    # a Department cable names no post of its own
    assert post_city("1976STATE012708") == "" and post_city("1979CAIRO19372") == "Cairo"
    assert [f.name for f in find_cable_bodies(_cable("1976STATE012708"), "1976STATE012708")
            if f.name.startswith("Embassy")] == []


def test_usdel_is_a_us_delegation() -> None:
    found = find_cable_bodies(_around("1977GENEVA01270", "US DOES. USDEL REQUESTS"), "1977GENEVA01270")
    assert [(f.text, f.name) for f in found] == [("USDEL", US_DELEGATION)]


# -- persons -------------------------------------------------------------------------------------------

def test_more_title_heads() -> None:
    found = find_titled_persons(_around("1976BEIRUT07521", "PRESIDENTIAL CANDIDATE RAYMOND EDDE CRITICIZED"))
    assert [(f.text, f.role) for f in found] == [("RAYMOND EDDE", "candidate")]
    assert _texts(find_titled_persons(_around("1978KADUNA01298", "ECON OFFICER BRADLEY DID"))) == ["BRADLEY"]


def test_the_second_name_after_a_title_and_and() -> None:
    text = _around("1977STATE183840", "MESSRS BUSHONG AND MCGREGOR PLAN")
    titled = find_titled_persons(text)
    assert _texts(titled) == ["BUSHONG"]
    assert [(f.text, f.role) for f in coordinated_persons(text, titled)] == [("MCGREGOR", "messrs")]
    # an organisation after AND is no second person ("AMBASSADOR HARTMAN, USTS, AND OECD MISSION")
    text = _around("1977STATE183840", "AMBASSADOR HARTMAN, USTS, AND OECD")
    assert coordinated_persons(text, find_titled_persons(text)) == []


def test_a_given_name_and_a_surname_are_a_person() -> None:
    assert "marvin" in given_names()
    assert _texts(find_given_name_persons(_around("1979STATE235014", "WITH MARVIN KRATTER, ROMAMER'S"))) == [
        "MARVIN KRATTER"]
    # a verb after the surname is not part of the name, and an initial makes the name whole
    assert _texts(find_given_name_persons(_around("1976BEIRUT07521", "RAYMOND EDDE CRITICIZED"))) == [
        "RAYMOND EDDE"]
    assert _texts(find_given_name_persons(_around("1979BEIRUT07170", "MOHAMMAD O. SUKKAR APPR"))) == [
        "MOHAMMAD O. SUKKAR"]


def test_the_given_names_hold_no_common_word_place_or_organisation() -> None:
    names = given_names()
    assert not names & {"asean", "beninese", "will", "may", "mark"}


# -- hyphen compounds ----------------------------------------------------------------------------------

def test_the_parts_of_a_hyphen_compound() -> None:
    found = find_compound_parts(_around("1977STATE270675", "US-SOVIET"))
    assert {(f.text, f.name) for f in found} == {("US", "United States"), ("SOVIET", "Soviet Union")}
    found = find_compound_parts(_around("1974BONN08226", "EURATOM-IAEA"))
    assert [(f.text, f.type) for f in found] == [("IAEA", "ORG")]


# -- organisation keys ----------------------------------------------------------------------------------

def test_organisation_keys_drop_the_and_print_the_united_states_one_way() -> None:
    from legation.enrich.names import org_key

    # the gold of train names the Department "UNITED STATES DEPARTMENT OF STATE" and "US DEPARTMENT OF
    # STATE" (1977LONDON03717); a cable says "THE FINANCE MINISTRY" and "FINANCE MINISTRY" (1977BONN13075)
    assert org_key("UNITED STATES DEPARTMENT OF STATE") == org_key("US DEPARTMENT OF STATE") == org_key(
        DEPARTMENT_OF_STATE)
    assert org_key("THE FINANCE MINISTRY") == org_key("FINANCE MINISTRY") == "finance ministry"
    assert org_key("VISITING AMERICAN DELEGATION".split(" ", 1)[1]) == org_key("U.S. DELEGATION") == "us delegation"
    # only in front of a government body: a company keeps its name; a country alias stays a country key
    assert org_key("AMERICAN EXPRESS") == "american express"
    assert entity_link_key("USG", "ORG") == "united states"
