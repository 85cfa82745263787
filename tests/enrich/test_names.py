"""Linking keys on real name variants from ../shared (seeds, TAGS, Wilson speakers, FRUS, History Lab)."""

from __future__ import annotations

import pytest

from legation.enrich.names import country_key, entity_link_key, keys_agree, parse_person, person_key, same_person


@pytest.mark.parametrize("printed", [
    "BREZHNEV, LEONID I",  # seed cable TAGS
    "L.I. BREZHNEV",  # seed transcript speaker
    "Leonid Brezhnev",
    "BREZHNEV, L.I.",
])
def test_brezhnev_forms_share_one_key(printed: str) -> None:
    assert person_key(printed) == "brezhnev l"


def test_bare_surname_links_to_the_initialled_key() -> None:
    assert person_key("Brezhnev") == "brezhnev"
    assert keys_agree("brezhnev", "brezhnev l")
    assert same_person("BREZHNEV", "BREZHNEV, LEONID I")


@pytest.mark.parametrize("printed", ["POLYANSKY", "Polyanskiy", "Polianskii", "POLYANSKIJ"])
def test_transliterations_fold(printed: str) -> None:
    assert person_key(printed) == "polianski"


def test_last_first_and_first_last_agree() -> None:
    assert person_key("MIYAZAWA, KIICHI") == person_key("Kiichi Miyazawa") == "miazawa k"
    assert person_key("TANAKA, KAKUEI") == person_key("Kakuei Tanaka")


def test_same_surname_other_initial_is_another_person() -> None:
    assert person_key("KENNEDY, JOHN F") != person_key("Robert Kennedy")
    assert not same_person("KENNEDY, JOHN F", "Robert Kennedy")
    assert not keys_agree("kenedi j", "kenedi r")


def test_titles_become_roles() -> None:
    p = parse_person("FOREIGN MINISTER GROMYKO")
    assert p is not None and p.surname == "GROMYKO" and p.role == "foreign minister"
    p = parse_person("DIRECTOR OF POLITICAL AFFAIRS WACHTMEISTER")  # History Lab gold 1973STOCKH04045
    assert p is not None and p.surname == "WACHTMEISTER"


@pytest.mark.parametrize("word", ["HE", "his", "REF", "FYI", "NOTAL", "I"])
def test_pronouns_and_cable_ese_are_no_person(word: str) -> None:
    assert parse_person(word) is None and person_key(word) == ""


def test_country_aliases_fold() -> None:
    assert {country_key(x) for x in ("US", "U.S.", "USG", "United States", "UNITED STATES OF AMERICA")} == {"united states"}
    assert country_key("USSR") == country_key("Soviet Union") == "soviet union"
    assert entity_link_key("U.S.", "COUNTRY") == "united states"
    assert entity_link_key("Brezhnev", "PERSON") == "brezhnev"
