"""Entity finders on the seed cable (all-caps) and transcript: the people, places and orgs of EXPECTED.md."""

from __future__ import annotations

from legation.enrich.extract import extract, find_gazetteer, find_organisations, find_titled_persons
from legation.enrich.names import entity_link_key
from tests.conftest import SHARED, need_shared


def _seed(name: str) -> str:
    need_shared()
    return next((SHARED / "samples" / "seeds").glob(f"{name}_*.txt")).read_text(encoding="utf-8", errors="replace")


def _keys(found, typ):  # type: ignore[no-untyped-def]
    return {entity_link_key(f.name, f.type) for f in found if f.type == typ}


def test_seed_cable_people_places_orgs() -> None:
    found = extract(_seed("000"))
    people = _keys(found, "PERSON")
    assert {"polianski", "gromiko", "doko", "togo", "arita", "miazawa", "brezhnev"} <= people
    assert {"tokyo", "moscow", "siberia", "yalta", "northern territories"} <= _keys(found, "PLACE")
    assert "japan" in _keys(found, "COUNTRY")  # GOJ
    orgs = {f.name for f in found if f.type == "ORG"}
    assert {"Keidanren", "Communist Party of the Soviet Union", "Foreign Office"} <= orgs


def test_seed_transcript_places() -> None:
    places = _keys(extract(_seed("003")), "PLACE")
    assert {"sakhalin", "kuril islands", "habomai", "shikotan", "tokyo", "moscow"} <= places


def test_title_cues_and_what_is_no_person() -> None:
    text = "FONOFF FIRST EAST EUROPEAN DIVDIR TOGO SAID. MINISTER REGARDING THE ISSUE. AMBASSADOR (HODGSON) AGREED."
    names = {(f.name, f.role) for f in find_titled_persons(text)}
    assert ("TOGO", "divdir") in names and any(n == "HODGSON" for n, _r in names)
    assert not any(n in {"REGARDING", "ISSUE", "THE"} for n, _r in names)


def test_title_beats_country_of_the_same_name() -> None:
    found = extract("DIVDIR TOGO BRIEFED EMBOFF.")
    assert [(f.name, f.type) for f in found if f.text == "TOGO"] == [("TOGO", "PERSON")]


def test_posts_are_orgs_and_their_city_a_place() -> None:
    found = extract("AMEMBASSY TOKYO AND USMISSION GENEVA")
    assert {f.text for f in find_organisations("AMEMBASSY TOKYO AND USMISSION GENEVA")} >= {"AMEMBASSY TOKYO", "USMISSION GENEVA"}
    assert {"tokyo", "geneva"} <= _keys(found, "PLACE")


def test_cable_ese_and_pronouns_are_never_entities() -> None:
    found = find_gazetteer("REF A. FYI HE SAID NOTAL THEY")
    assert not found


def _naive_scan(text: str, table: dict[str, object]) -> list[tuple[int, int, str]]:
    """The scan without the prefix index: every n-gram from 4 words down at every token."""
    from legation.enrich.extract import tokens

    words, out, i = tokens(text), [], 0
    while i < len(words):
        for n in range(min(4, len(words) - i), 0, -1):
            key = " ".join(w for _s, _e, w in words[i:i + n])
            if key in table:
                out.append((words[i][0], words[i + n - 1][1], key))
                i += n
                break
        else:
            i += 1
    return out


def test_scan_with_prefix_index_matches_the_naive_scan() -> None:
    from legation.enrich.extract import _prefixes, _scan

    table: dict[str, object] = {"world bank": 1, "world": 2, "bank of japan": 3, "a b c d e": 4, "b c d e": 5,
                                "red cross": 6, "cross": 7}
    text = "The World Bank and the Bank of Japan; a b c d e; WORLD cross RED CROSS bank world bank of japan"
    got = list(_scan(text, table))
    assert got == _naive_scan(text, table)
    assert [k for _s, _e, k in got] == ["world bank", "bank of japan", "b c d e", "world", "cross", "red cross",
                                       "world bank"]
    assert "a b c d" in _prefixes(table) and "a b c d e" not in _prefixes(table)  # at most MAX_NGRAM words
