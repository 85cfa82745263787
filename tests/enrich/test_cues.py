"""The extraction rules of legation.enrich.cues, each on the real variants of the History Lab cables it
was written for (../shared/corpus/historylab-gt, read through the historylab parser)."""

from __future__ import annotations

from functools import cache

from legation.enrich.cues import (
    find_defined_acronyms,
    find_org_phrases,
    find_us_forms,
    localise,
    looks_like_verb,
    plausible_surname,
    post_country,
    truecase,
)
from legation.enrich.extract import (
    Found,
    extract,
    find_gazetteer,
    find_model,
    find_organisations,
    find_titled_persons,
)
from legation.enrich.names import entity_link_key, person_key
from legation.formats import get
from legation.formats.base import InputDoc
from tests.conftest import CORPUS, need_shared


@cache
def _cable(doc_id: str) -> str:
    """The text of a History Lab cable, marks taken out."""
    need_shared()
    path = next((CORPUS / "historylab-gt").rglob(f"{doc_id}.txt"))
    return next(iter(get("historylab").parse(InputDoc.from_bytes(str(path), path.read_bytes())))).text


def _around(doc_id: str, snippet: str, pad: int = 0) -> str:
    text = _cable(doc_id)
    at = text.index(snippet)
    return text[max(0, at - pad):at + len(snippet) + pad]


def _countries(found: list[Found]) -> set[str]:
    return {f.name for f in found if f.type == "COUNTRY"}


def test_dotted_us_forms_are_the_united_states() -> None:
    text = _cable("1979GENEVA19374")
    forms = {f.text for f in find_us_forms(text)}
    assert "U.S.G." in forms and "U.S." in forms
    assert all(f.name == "United States" for f in find_us_forms(text))


def test_caps_us_is_the_country_but_not_the_pronoun() -> None:
    bonn = _around("1974BONN08226", "(US, UK, FRG)")
    assert [f.text for f in find_us_forms(bonn)] == ["US"]
    # "...FINANCE MINISTRY OFFICIALS TELL US THAT..." (1977BONN13075): the pronoun
    assert find_us_forms(_around("1977BONN13075", "OFFICIALS TELL US THAT")) == []


def test_are_and_got_are_words_not_egypt_and_turkey() -> None:
    assert _countries(find_gazetteer(_around("1978PEKING02080", "PEACEFUL MEANS ARE IMPOSSIBLE"))) == set()
    assert _countries(find_gazetteer(_around("1979COTONO00105", "PRESIDENT GOT HIS BIGGEST CHEER"))) == set()


def test_two_word_demonyms_name_their_own_country() -> None:
    assert _countries(find_gazetteer(_around("1979COTONO00105", "NORTH KOREAN BRONZE STATUE"))) == {"North Korea"}
    assert _countries(find_gazetteer(_around("1978LAGOS06873", "THE EAST GERMANS"))) == {"East Germany"}


def test_plural_demonyms_name_their_country() -> None:
    # train/1978TELAV00245: the gold marks ISRAELIS and EGYPTIANS as the two countries (GPE.NATION)
    assert _countries(find_gazetteer(_around("1978TELAV00245", "LISTENING TO ISRAELIS AND EGYPTIANS"))) == {
        "Israel", "Egypt"}
    # a plural noun that is no demonym's plural is no country (SOVIETS was one already)
    assert _countries(find_gazetteer("THE CHRISTIANS AND THE DRUZE")) == set()


def test_post_country_from_the_document_number_and_post_name() -> None:
    assert post_country("1973STOCKH04045") == "Sweden"
    assert post_country("1975CARACA09559") == "Venezuela"
    assert post_country("1977TOKYO13557") == "Japan"
    assert post_country("AMEMBASSY BONN") == "West Germany" or post_country("AMEMBASSY BONN") == "Germany"
    assert post_country("1977STATE051361") == ""  # the Department: no foreign ministry of its own
    assert post_country("WASHINGTON") == ""
    assert post_country("06NEWDELHI5238") == "India"  # a cablegate number (src/legation/data/sample)


def test_mfa_is_the_ministry_of_the_posting_country() -> None:
    found = extract(_cable("1973STOCKH04045"), post="1973STOCKH04045")
    mfa = [f for f in found if f.text == "MFA"]
    assert mfa and {f.name for f in mfa} == {"Ministry of Foreign Affairs (Sweden)"}
    fonoff = localise([Found(0, 6, "FONOFF", "Foreign Office", "ORG", "gazetteer")], post_country("1977TOKYO13557"))
    assert fonoff[0].name == "Foreign Office (Japan)"
    assert localise(fonoff, "") == fonoff


def test_organisations_by_head_noun() -> None:
    assert "THE FINANCE MINISTRY" in {f.text for f in find_org_phrases(_cable("1977BONN13075"))}
    assert "CANADIAN EMBASSY IN WARSAW" in {f.text for f in find_org_phrases(_cable("1976OTTAWA00108"))}
    assert "THE U.S. DEPARTMENT OF JUSTICE" in {f.text for f in find_org_phrases(_cable("1978STATE098163"))}


def test_head_noun_without_name_words_is_no_organisation() -> None:
    # "...WOULD BRIEF CANADIAN EMBASSY..." : the verb is not part of the name; "SUMMARY. OECD COUNCIL"
    texts = {f.text for f in find_org_phrases(_cable("1976OTTAWA00108"))}
    assert not any(t.startswith(("BRIEF", "WOULD")) for t in texts)
    assert not any(t.startswith("SUMMARY") for t in {f.text for f in find_org_phrases(_cable("1975OECDP07285"))})


def test_all_caps_name_after_a_title_goes_on() -> None:
    found = find_titled_persons(_around("1974BONN08226", "CDU DEPUTY KURT BIRRENBACH"))
    assert [(f.name, f.role) for f in found] == [("KURT BIRRENBACH", "deputy")]
    assert person_key("KURT BIRRENBACH") == person_key("BIRRENBACH, KURT")
    general = find_titled_persons(_around("1979GUATEM04371", "GENERAL ORLANDO GUERRERO"))
    assert [f.name for f in general] == ["ORLANDO GUERRERO"]


def test_no_person_across_a_sentence_end_or_in_a_verb() -> None:
    assert find_titled_persons(_around("1978PARIS02740", "FOREIGN MINISTER. HE WELCOMED")) == []
    assert find_titled_persons(_around("1978LAGOS06873", "THE AMBASSADOR REPLIED")) == []
    assert looks_like_verb("REPLIED") and looks_like_verb("WELCOMED") and not looks_like_verb("BIRRENBACH")


def test_possessive_is_not_part_of_a_surname() -> None:
    printed = _around("1974BONN08226", "MRS. GHANDI’S")
    assert person_key(printed) == "ghandi"
    assert person_key("KLACKENBERG'S") == person_key("KLACKENBERG")
    assert entity_link_key("INDIRA GHANDI’S", "PERSON") == "ghandi i"


def test_truecase_keeps_offsets_and_marks_names() -> None:
    text = _around("1973STOCKH04045", "DIRECTOR OF POLITICAL AFFAIRS (WACHTMEISTER)")
    cased = truecase(text)
    assert len(cased) == len(text)
    assert cased == "director of political affairs (Wachtmeister)"
    assert truecase("Foreign Minister Gromyko") == "Foreign Minister Gromyko"  # mixed case is left alone


def test_an_acronym_the_cable_defines_is_the_organisation_everywhere() -> None:
    found = find_defined_acronyms(_cable("1976MADRID03380"))
    assert {(f.text, f.name) for f in found} >= {("SSO", "SPANISH SYNDICAL ORGANIZATION")}
    assert len([f for f in found if f.text == "SSO"]) >= 2  # defined once, used again
    # ISKCON (INTERNATIONAL SOCIETY FOR KRISHNA CONSCIOUSNESS), 1976NEWDE13223: the initials do not spell
    # the acronym (CON is a syllable), so it stays unread rather than guessed
    assert find_defined_acronyms(_cable("1976NEWDE13223")) == []


def test_common_surnames_after_a_title_are_kept() -> None:
    # FRANK, RUSH and CARTER are English words too, but not as common as a word that ends a title's run
    assert [f.name for f in find_titled_persons(_around("1974BONN08226", "FONOFF STATE SECRETARY FRANK"))] == ["FRANK"]
    assert {f.name for f in find_titled_persons(_around("1974BONN08226", "DEPUTY SECRETARY RUSH"))} == {"RUSH"}
    assert [f.name for f in find_titled_persons(_around("1978PARIS02740", "PRESIDENT CARTER"))] == ["CARTER"]
    assert [f.name for f in find_titled_persons(_around("1979AMMAN05707", "NABLUS MAYOR SHAKA"))] == ["SHAKA"]
    assert plausible_surname("MARTIN") and not plausible_surname("ISSUE") and not plausible_surname("EARLIER")
    # after "OF THE" any common word is held out: FOREIGN MINISTER OF THE NUCLEAR TEST
    assert find_titled_persons(_around("1974BONN08226", "FOREIGN MINISTER OF THE NUCLEAR TEST")) == []


def test_us_in_mixed_case_prose_is_the_country() -> None:
    # cablegate prose in mixed case (06SKOPJE118): "US" there is the country, the pronoun is printed "us"
    need_shared()
    page = (CORPUS / "cablegate-html" / "cable" / "2006" / "02" / "06SKOPJE118.html").read_text(encoding="utf-8")
    at = page.index("agreed with the US position")
    found = find_us_forms(page[at:at + 40])
    assert [(f.text, f.name) for f in found] == [("US", "United States")]


def test_a_post_ends_before_its_precedence_and_keeps_its_city() -> None:
    text = _around("1974BONN08226", "AMEMBASSY DAMASCUS PRIORITY")
    orgs = [f.text for f in find_organisations(text)]
    assert orgs == ["AMEMBASSY DAMASCUS"]
    # a post the lexicon knows (the train split's "US EMBASSY TO AUSTRALIA") still has its city
    canberra = _around("1974BONN08226", "AMEMBASSY CANBERRA")
    found = extract(canberra, {"amembassy canberra": ("US EMBASSY TO AUSTRALIA", "ORG")})
    assert {(f.text, f.type) for f in found} == {("AMEMBASSY CANBERRA", "ORG"), ("CANBERRA", "PLACE")}


class _Ent:
    def __init__(self, start: int, end: int, text: str, label: str) -> None:
        self.start_char, self.end_char, self.text, self.label_ = start, end, text, label


class _StubModel:
    """Stands in for the spaCy pipeline: labels fixed spans of the 1979GUATEM04371 sentence."""

    meta: dict[str, object] = {}

    def __call__(self, text: str) -> object:
        spans = [("MOJICA", "PLACE"), ("LANICA AIRPLANES", "ORG"), ("GUERRERO", "PERSON")]
        ents = [_Ent(text.index(s), text.index(s) + len(s), s, label) for s, label in spans if s in text]
        return type("Doc", (), {"ents": ents})()


def test_only_the_models_persons_are_kept() -> None:
    text = _cable("1979GUATEM04371")
    found = find_model(text, _StubModel())
    assert {(f.text, f.type) for f in found} == {("GUERRERO", "PERSON")}
