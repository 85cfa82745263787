"""Citation styles, checked against citations written by hand for records built from the seeds' facts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from legation.catalogue import Catalogue
from legation.cite import STYLES, CitationStyleError, all_citations, bibtex_escape, format_citation
from legation.model import Address, Archive, Record

SEEDS = (Path(__file__).resolve().parents[2] / ".." / "shared" / "samples" / "seeds").resolve()


def cable() -> Record:
    """The AAD seed's citation facts (EXPECTED.md), typed in by hand."""
    return Record(
        id="1976TOKYO12732", collection="aad", kind="telegram",
        subject="JAPAN-USSR RELATIONS: FOLLOW UP ON DOKO MEETING WITH BREZHNEV", date="1976-08-24",
        from_=Address(name="AMEMBASSY TOKYO", post="TOKYO"),
        to=[Address(name="SECSTATE WASHDC", post="WASHINGTON", sequence="1798")],
        tags=["PFOR", "US", "JA"],
        archive=Archive(repository="NARA AAD, Central Foreign Policy Files", film_number="D760322-1014",
                        document_number="1976TOKYO12732"),
    )


def transcript() -> Record:
    """The Wilson seed's citation facts, typed in by hand."""
    return Record(
        id="wilson-198181", collection="wilson", kind="transcript",
        title="Record of Soviet-Japanese Talks, 9 October 1973", date="1973-10-09",
        archive=Archive(repository="RGANI", fond="80", opis="1", delo="940", listy="26-43"),
        translator="Sergey Radchenko", original_language="Russian",
        summary="Brezhnev and Tanaka discuss the dispute over the Kuril Islands as well as opportunities for "
                "Japan-Soviet economic cooperation.",
        source_url="https://digitalarchive.wilsoncenter.org/document/198181",
    )


CABLE_CHICAGO = (
    "Telegram, AMEMBASSY TOKYO to SECSTATE WASHDC, “JAPAN-USSR RELATIONS: FOLLOW UP ON DOKO MEETING WITH "
    "BREZHNEV,” August 24, 1976, 1976TOKYO12732, film D760322-1014, Central Foreign Policy Files, 1973–1979, "
    "RG 59: General Records of the Department of State, National Archives, Access to Archival Databases."
)
TRANSCRIPT_CHICAGO = (
    "Transcript, “Record of Soviet-Japanese Talks, 9 October 1973,” October 9, 1973, RGANI, fond 80, opis 1, "
    "delo 940, listy 26-43, Wilson Center Digital Archive, translated by Sergey Radchenko. "
    "https://digitalarchive.wilsoncenter.org/document/198181."
)


def test_chicago_cable() -> None:
    assert format_citation(cable(), "chicago") == CABLE_CHICAGO


def test_chicago_transcript() -> None:
    assert format_citation(transcript(), "chicago") == TRANSCRIPT_CHICAGO


def test_chicago_bare_record_names_the_id() -> None:
    rec = Record(id="doc-1", title="A note")
    assert format_citation(rec, "chicago") == "Document, “A note,” legation record doc-1."
    assert format_citation(Record(id="doc-2"), "chicago") == "Document, legation record doc-2."


def test_bibtex_cable() -> None:
    assert format_citation(cable(), "bibtex") == (
        "@misc{1976TOKYO12732,\n"
        "  title = {{JAPAN-USSR RELATIONS: FOLLOW UP ON DOKO MEETING WITH BREZHNEV}},\n"
        "  author = {{AMEMBASSY TOKYO}},\n"
        "  year = {1976},\n"
        "  month = aug,\n"
        "  date = {1976-08-24},\n"
        "  howpublished = {Telegram},\n"
        "  number = {1976TOKYO12732},\n"
        "  organization = {Central Foreign Policy Files, 1973–1979, RG 59: General Records of the Department of "
        "State, National Archives, Access to Archival Databases},\n"
        "  note = {To SECSTATE WASHDC. film D760322-1014},\n"
        "  keywords = {PFOR, US, JA}\n"
        "}"
    )


def test_bibtex_escapes_and_balances_braces() -> None:
    rec = Record(id="x/1 2", title="50% of {A} & B_c #1 $ ~ ^ \\", date="1990")
    text = format_citation(rec, "bibtex")
    assert text.startswith("@misc{x_1_2,")
    assert r"50\% of \{A\} \& B\_c \#1 \$ \~{} \^{} \textbackslash{}" in text
    depth = 0
    for i, ch in enumerate(text):
        if ch in "{}" and (i == 0 or text[i - 1] != "\\"):
            depth += 1 if ch == "{" else -1
            assert depth >= 0
    assert depth == 0
    assert "month" not in text  # a year-only date gives no month
    assert bibtex_escape("a\n  b") == "a b"


def test_ris_transcript() -> None:
    lines = format_citation(transcript(), "ris").split("\n")
    assert lines[0] == "TY  - GEN" and lines[-1] == "ER  - "
    tags = [(line[:2], line[6:]) for line in lines]
    assert ("TI", "Record of Soviet-Japanese Talks, 9 October 1973") in tags
    assert ("PY", "1973") in tags and ("DA", "1973/10/09/") in tags
    assert ("AN", "wilson-198181") in tags
    assert ("AV", "RGANI, fond 80, opis 1, delo 940, listy 26-43") in tags
    assert ("A4", "Sergey Radchenko") in tags
    assert ("UR", "https://digitalarchive.wilsoncenter.org/document/198181") in tags
    assert all(re.match(r"^[A-Z][A-Z0-9]  - ", line) for line in lines)


def test_csl_cable() -> None:
    items = json.loads(format_citation(cable(), "csl"))
    assert isinstance(items, list) and len(items) == 1
    item = items[0]
    assert item["id"] == "1976TOKYO12732" and item["type"] == "document" and item["genre"] == "Telegram"
    assert item["title"] == "JAPAN-USSR RELATIONS: FOLLOW UP ON DOKO MEETING WITH BREZHNEV"
    assert item["author"] == [{"literal": "AMEMBASSY TOKYO"}]
    assert item["recipient"] == [{"literal": "SECSTATE WASHDC"}]
    assert item["issued"] == {"date-parts": [[1976, 8, 24]]}
    assert item["number"] == "1976TOKYO12732"
    assert item["archive_location"] == "film D760322-1014"


def test_csl_transcript_is_an_interview_with_translator() -> None:
    item = json.loads(format_citation(transcript(), "csl"))[0]
    assert item["type"] == "interview"
    assert item["translator"] == [{"literal": "Sergey Radchenko"}]
    assert item["archive"] == "RGANI"
    assert item["URL"] == "https://digitalarchive.wilsoncenter.org/document/198181"
    assert item["issued"] == {"date-parts": [[1973, 10, 9]]}


def test_partial_dates() -> None:
    rec = Record(id="m", title="T", date="1975-06")
    assert "June 1975" in format_citation(rec, "chicago")
    assert json.loads(format_citation(rec, "csl"))[0]["issued"] == {"date-parts": [[1975, 6]]}
    assert "DA  - 1975/06//" in format_citation(rec, "ris")


def test_unsafe_url_is_left_out() -> None:
    rec = Record(id="u", title="T", source_url="javascript:alert(1)")
    for style in STYLES:
        assert "javascript" not in format_citation(rec, style)


def test_style_names() -> None:
    assert set(all_citations(cable())) == set(STYLES) == {"chicago", "bibtex", "ris", "csl"}
    assert format_citation(cable(), "CSL-JSON") == format_citation(cable(), "csl")
    with pytest.raises(CitationStyleError) as err:
        format_citation(cable(), "mla")
    assert "chicago" in str(err.value)


def test_parsed_seed_cites_like_the_hand_record(tmp_path: Path) -> None:
    if not SEEDS.is_dir():
        pytest.skip("../shared/samples/seeds is not present")
    with Catalogue(str(tmp_path / "c.db")) as cat:
        cat.ingest([str(SEEDS)])
        assert format_citation(cat.get("1976TOKYO12732"), "chicago") == CABLE_CHICAGO
        assert format_citation(cat.get("wilson-198181"), "chicago") == TRANSCRIPT_CHICAGO


def test_chicago_frus_cites_the_volume() -> None:
    rec = Record(
        id="frus1969-76v19p2d1", collection="frus", kind="telegram",
        title="Telegram From the Embassy in Japan to the Department of State", date="1969-01-14",
        from_=Address(name="Embassy in Japan", post="TOKYO"),
        archive=Archive(repository="National Archives", volume="frus1969-76v19p2"),
        attributes={"frus_citation": "Foreign Relations of the United States, 1969-1976, Volume XIX, Part 2, "
                                     "Japan, 1969-1972, Document 1"},
        source_url="https://history.state.gov/historicaldocuments/frus1969-76v19p2/d1",
    )
    assert format_citation(rec, "chicago") == (
        "“Telegram From the Embassy in Japan to the Department of State,” January 14, 1969, Foreign Relations of "
        "the United States, 1969-1976, Volume XIX, Part 2, Japan, 1969-1972, Document 1. "
        "https://history.state.gov/historicaldocuments/frus1969-76v19p2/d1."
    )
    del rec.attributes["frus_citation"]
    assert "Foreign Relations of the United States, frus1969-76v19p2." in format_citation(rec, "chicago")
