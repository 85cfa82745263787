"""Unit tests on hand-written lines: page furniture, stamps, signers, REF serials, ACP-127 lines.

Each line below is typed from the shape it has in the corpus (cablegate pages, AAD seed); the
expected values are what a reader sees on the line.
"""

from __future__ import annotations

import pytest

from legation.formats.telegram import fields, header, references
from legation.formats.telegram.furniture import (
    is_banner,
    is_furniture,
    is_stamp,
    normalize_line,
    page_header,
    strip_furniture,
)
from legation.text import squeeze


@pytest.mark.parametrize("line", [
    "Declassified/Released US Department of State EO",
    "Systematic Review 05 JUL 2006",
    "Margaret P. Grafeld Declassified/Released US Department of State EO Systematic Review 04 MAY 2006",
    "Margaret F. Grafeiu L Jeciassilieu/Neieaseu 05 Department of Star te EO Systematic Review 04 MAT 2000",
    "US Department of State EO",
])
def test_stamps(line: str) -> None:
    assert is_stamp(line) and is_furniture(line)


@pytest.mark.parametrize("line", [
    "the Department of State, the Department of Defense and the",
    "CLASSIFIED BY: Paul Simons, Ambassador, Department of State, EXEC;",
    "RG 59: General Records of the Department of state",
    "2. UNITED STATES DEPARTMENT OF STATE ORG.GOV",
    "MEETING WITH WALTER MONDALE ON 12 MAR 1977 WAS POSTPONED",
])
def test_prose_is_not_a_stamp(line: str) -> None:
    assert not is_stamp(line) and not is_furniture(line)


@pytest.mark.parametrize("line,furniture", [
    ("CONFIDENTIAL", True), ("C O N F I D E N T I A L", True), ("SECRET NODIS", True), ("- SECRET -", True),
    ("PAGE 02 TOKYO 12732 240754Z", True), ("------------------076325 251606Z /40", True), ("NNN", True),
    ("SIPDIS", True), ("2004CARACA02200 - CONFIDENTIAL", True), ("11111", True), (">", True),
    ("CONFIDENTIAL TOKYO 12732", False), ("SECRETARY KISSINGER SAID", False), ("1.", False), ("--", False),
    ("THE MINISTER SAID NO.", False), ("BT THE WAY", False),
])
def test_furniture(line: str, furniture: bool) -> None:
    assert is_furniture(line) is furniture


def test_banner_and_page_header() -> None:
    assert is_banner("  LIMITED OFFICIAL USE  ") and not is_banner("LIMITED TIME")
    assert page_header("PAGE 02 TOKYO 12732 240754Z") == "TOKYO 12732 240754Z"
    assert page_header("PAGE 3 OF THE REPORT SAYS") is None


def test_normalize_and_squeeze() -> None:
    assert normalize_line("## **Message Text**  \t") == "Message Text"
    assert normalize_line("A\u00a0B\tC  ") == "A B C"
    assert squeeze("  a \n\t b\u2003c  ") == "a b c"


def test_strip_furniture_joins_a_stamp_over_two_lines() -> None:
    lines = ["1. TEXT.", "", "Declassified/Released US Department of State EO", "Systematic Review 05 JUL 2006",
             "", "HELMS", "", "Declassified/Released US Department of State EO", "Systematic Review 05 JUL 2006"]
    got = strip_furniture(lines)
    assert [ln for ln in got.lines if ln.strip()] == ["1. TEXT.", "HELMS"]
    assert got.stamps == ["Declassified/Released US Department of State EO Systematic Review 05 JUL 2006"] * 2


@pytest.mark.parametrize("text,signer", [
    ("Right now, it would be to our advantage to stroke him\na lot.\nHoffman", ["Hoffman"]),
    ("in Central and Eastern Europe, Southeast Europe and the CIS.\nMcCaw", ["McCaw"]),
    ("Libya's MTCR membership bid, is requested. CRETZ", ["CRETZ"]),
    ("- There is no dispute that he was present. We do not feel we can go further. LANIER", ["LANIER"]),
    ("the same Iranian-backed Iraqi militant group.\n\n(SECRET//REL Armenia) YOVANOVITCH", ["YOVANOVITCH"]),
    ("Visit London's Classified Website:\nhttp://www.state.sgov.gov/p/eur/london/index. cfm\ntuttle", ["tuttle"]),
    ("a democratic Turkey integrated into Europe. Edelman", ["Edelman"]),
    ("hearts and minds of the North Korean people. XXXXXXXXXXX STEPHENS", ["STEPHENS"]),
    ("Point of contact for this information RSO Peshawar, David J. Hazarian", []),
    ("THE TALKS WILL RESUME TOMORROW. SEPTEL", []),  # upper-case prose: only after END TEXT. / FYI.
    ("We will report further.\nThanks", []),
    ("I walked home\ntonight", []),  # a lower-case word is a signer only under the website footer
])
def test_signer(text: str, signer: list[str]) -> None:
    assert fields.parse_signer(text) == signer


@pytest.mark.parametrize("text,year,ids", [
    ("REF: TEHRAN 1091: TEHRAN 263: MOSCOW 1603", 1972, ["1972TEHRAN1091", "1972TEHRAN263", "1972MOSCOW1603"]),
    ("REF: TEHRAN 1091, 263", 1972, ["1972TEHRAN1091", "1972TEHRAN263"]),
    ("REF: TOKYO 1234, 1235 AND 1236", 1976, ["1976TOKYO01234", "1976TOKYO01235", "1976TOKYO01236"]),
    ("REF: A) TOKYO 1234, 12 MAY 76 B) STATE 5551", 1976, ["1976TOKYO01234", "1976STATE005551"]),
    ("REF: STATE 12345, PARA 3", 1976, ["1976STATE012345"]),
    ("REF: A. 05 ROME 2543, 03 VAT 4859", 2005, ["2005ROME2543", "2003VATICAN4859"]),
    ("REF: B) DAR-T ASSESSMENT TS-323-08A DATED 8 MAY 08", 2008, []),
])
def test_reference_serials(text: str, year: int, ids: list[str]) -> None:
    got = [it.canonical_id() for it in references.parse_references(text, year) if it.kind == "cable"]
    assert got == ids


@pytest.mark.parametrize("line", [
    "ZNY CCCCC ZZH", "ZNR UUUUU ZZH", "ZNY CCCCC ZZH ZDK", "ZNY SSSSS ZZH ZUI ZDK RUEHZC SVC 4078",
    "ZNY CCCCC ZZH(CCY AD6CB6C9 WSC6493 634)",
])
def test_acp_lines(line: str) -> None:
    assert header.is_acp_line(line)


def test_acp_line_is_not_prose() -> None:
    assert not header.is_acp_line("ZNY IS NOT A WORD")


def test_dtg_with_service_tail() -> None:
    d = header.parse_dtg_line("O 031401Z JUN 08 ZDS CTG RUEHSD 0020 1580042")
    assert d is not None and d.datetime == "2008-06-03T14:01:00Z" and d.precedence == "IMMEDIATE"
