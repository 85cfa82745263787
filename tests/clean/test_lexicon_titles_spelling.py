"""The evidence tables, clean titles for CREST OCR, and search by both spellings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from legation.clean.lexicon import PROTECTED, CorpusFrequencies, english, protected_words
from legation.clean.ocr import RepairContext, repair, repair_record
from legation.clean.ocr_pass import refresh_word_table
from legation.clean.spelling import fuzzy_matches, fuzzy_terms, max_edits, original_spellings
from legation.clean.titles import garble, prefer_clean_date, prefer_clean_title, title_from_filename
from legation.formats.base import InputDoc
from legation.ingest.pipeline import parse_input
from legation.model import Record
from legation.store import open_store
from tests.clean.conftest import parse_only
from tests.conftest import CORPUS, SEED_CABLE, need_shared

CIA = CORPUS / "misc" / "cablegate-cia-analysis" / "cia-converted"
CUBAN = "(1) CUBAN PROMISE TO BOLIVIAN EXILES TO STEP UP PACE OF REVOLUTIONARY ACTIVITY DOC_0000096975_djvu.txt"


def test_english_lexicon_orders_words_by_frequency() -> None:
    lex = english()
    assert lex.zipf("the") > lex.zipf("proposal") > lex.zipf("consulation") > 0
    assert lex.zipf("pooposal") == 0
    assert "proposal" in lex.common(3.0) and "consulation" not in lex.common(3.0)


def test_protected_words_and_glossary_file(tmp_path: Path) -> None:
    assert {"fonmin", "depfonmin", "reftel", "longrange", "togo"} <= PROTECTED
    gl = tmp_path / "glossary.tsv"
    gl.write_text("# term\tmeaning\nDEPTOFF\tDepartment officer\nCODEL\tcongressional delegation\n"
                  "HOUSF\ta made-up term one edit from a common word\n", encoding="utf-8")
    words = protected_words(gl)
    assert {"deptoff", "codel", "housf", "fonmin"} <= words
    js = tmp_path / "glossary.json"
    js.write_text(json.dumps({"ASSTSEC": "Assistant Secretary"}), encoding="utf-8")
    assert "asstsec" in protected_words(js)
    # a protected word is never repaired, even a non-word one edit from a common word
    text = "THE HOUSF MET THE MINISTER."
    assert "HOUSF" in {c.original for c in repair(text, context=RepairContext())}
    assert not repair(text, context=RepairContext(protected=words))


def test_corpus_table_counts_records_not_repeats(tmp_path: Path) -> None:
    table = CorpusFrequencies.from_texts(["POLYANSKY POLYANSKY POLYANSKY", "POLYANSKY CALLED", "NOTHING"])
    assert table.docs == 3 and table.docs_with("polyansky") == 2 and table.docs_with("called") == 1
    table.save(tmp_path / "w.json")
    again = CorpusFrequencies.load(tmp_path / "w.json")
    assert again.counts == table.counts and again.docs == 3


def test_corpus_table_from_the_catalogue_stays_current(tmp_path: Path) -> None:
    need_shared()
    store = open_store(tmp_path / "c.db")
    try:
        rec = parse_input(InputDoc(path=str(SEED_CABLE), data=SEED_CABLE.read_bytes())).records[0]
        store.upsert([rec])
        path = tmp_path / "words.json"
        table = refresh_word_table(store, path)
        assert table.docs == 1 and table.docs_with("depfonmin") == 1 and path.is_file()
        store.upsert([Record(id="two", text="DEPFONMIN ARITA CALLED IN POLYANSKY")])
        table = refresh_word_table(store, path)  # loads the saved table and catches up
        assert table.docs == 2 and table.docs_with("depfonmin") == 2
        assert table.seq == store.last_seq()
    finally:
        store.close()


def test_title_from_a_crest_file_name() -> None:
    assert title_from_filename(CUBAN) == ("(1) CUBAN PROMISE TO BOLIVIAN EXILES TO STEP UP PACE OF "
                                          "REVOLUTIONARY ACTIVITY")
    assert title_from_filename("(A) EXECUTIVE COMMITTEE MEETING -- MONDAY AFTERNOON (B) STAFF MEETING -- TUESDAY "
                               "MORNING RDP80B01676R002400040058-1_djvu.txt").endswith("TUESDAY MORNING")


def test_garbled_ocr_title_gives_way_to_the_file_name() -> None:
    need_shared()
    path = CIA / CUBAN
    rec = parse_input(InputDoc(path=str(path), data=path.read_bytes())).records[0]
    printed = rec.attributes["title_as_printed"]  # the OCR title as the parser read it (clean-title pass)
    assert "STE F_ W PACE O F" in printed
    title, source = prefer_clean_title(printed, path.name)
    assert (title, source) == (title_from_filename(CUBAN), "filename") and rec.title == title
    assert garble(printed) > garble(title)


def test_clean_ocr_title_is_kept() -> None:
    need_shared()
    name = ("(A) EXECUTIVE COMMITTEE MEETING -- MONDAY AFTERNOON (B) STAFF MEETING -- TUESDAY MORNING "
            "RDP80B01676R002400040058-1_djvu.txt")
    rec = parse_input(InputDoc(path=str(CIA / name), data=(CIA / name).read_bytes())).records[0]
    assert prefer_clean_title(rec.title, name) == (rec.title, "ocr")
    assert prefer_clean_title("STE F_ W PACE O F", "scan_0001.txt")[1] == "ocr"  # an unrelated name never wins
    assert prefer_clean_title("garbled", CUBAN, metadata_title="Cuban promise") == ("Cuban promise", "metadata")


def test_prefer_clean_date() -> None:
    assert prefer_clean_date("1967-11-08", "8 November 1967") == ("1967-11-08", "metadata")
    assert prefer_clean_date("1967-11-08", "n/a") == ("1967-11-08", "ocr")


def test_original_spellings_for_the_index() -> None:
    need_shared()
    rec = repair_record(parse_only(SEED_CABLE), context=RepairContext())
    extra = original_spellings(rec)
    assert {"PLOYANSKY", "POOPOSAL", "KAIND", "EH", "SOVITS", "CONSULATION", "BRIEFEDFONMIN"} == set(extra)
    assert "POLYANSKY" in rec.text and "PLOYANSKY" in extra  # both spellings searchable
    assert "BRIEFED" not in extra and "MDA" not in extra


@pytest.mark.parametrize(("term", "names", "want"), [
    ("kurile", ["Kuril", "Kyoto", "Korea"], ["Kuril"]),
    ("ployansky", ["Polyansky", "Poland", "Polyanskaya-Street"], ["Polyansky"]),
    ("brezhnev", ["BREZHNEV", "Brezhnevs", "Breslau"], ["BREZHNEV", "Brezhnevs"]),
    ("goj", ["GOI", "GOJ"], ["GOJ"]),  # three letters: exact only
])
def test_fuzzy_name_matching(term: str, names: list[str], want: list[str]) -> None:
    assert fuzzy_terms(term, names) == want


def test_fuzzy_matches_report_distance() -> None:
    assert fuzzy_matches("ployansky", ["Polyanski", "Polyansky", "Polanski"]) == [("Polyansky", 1), ("Polyanski", 2)]
    assert max_edits("goj") == 0 and max_edits("kurile") == 1 and max_edits("ployansky") == 2
