"""The fast paths of session 4 (issue 12) give what the code they replace gave.

- :func:`legation.enrich.names.zipf_english` is ``wordfreq.zipf_frequency(word, "en")``: checked on every
  word of wordfreq's English table (the fast path reads it), on words it lacks and on any text;
- :func:`legation.enrich.cues.acronym_spans` finds what the per-record pattern
  ``(?<![A-Za-z])(A|B|...)(?![A-Za-z])`` found, in the same order;
- :func:`legation.enrich.extract.load_tables` only loads: the finders give the same spans after it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from wordfreq import get_frequency_dict, zipf_frequency

from legation.enrich import cues
from legation.enrich import extract as X
from legation.enrich.names import is_common_word, zipf_english

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


# -- English word frequencies -----------------------------------------------------------------------

def test_zipf_english_is_wordfreq_on_its_whole_table() -> None:
    words = list(get_frequency_dict("en"))
    differ = [w for w in words if zipf_english(w) != zipf_frequency(w, "en")]
    assert len(words) > 100_000
    assert differ == []


@pytest.mark.parametrize("word", ["gromyko", "koanriso", "zupezu", "qqqq", "a", "the", "regarding", "frank",
                                  "carter", "x" * 40])
def test_zipf_english_on_known_and_unknown_words(word: str) -> None:
    assert zipf_english(word) == zipf_frequency(word, "en")


@pytest.mark.parametrize("word", ["", "U.S.", "ministry's", "café", "1973", "vice-president", "Regarding",
                                  "o'neill", "  ", "naïve", "12abc"])
def test_zipf_english_other_words_go_to_wordfreq(word: str) -> None:
    assert zipf_english(word) == zipf_frequency(word, "en")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzABC'-.é1 "), max_size=12))
def test_zipf_english_any_text(word: str) -> None:
    assert zipf_english(word) == zipf_frequency(word, "en")


def test_is_common_word_thresholds() -> None:
    assert is_common_word("REGARDING") and is_common_word("Issue")
    assert not is_common_word("GROMYKO") and not is_common_word("TANAKA")
    assert is_common_word("FRANK", 3.5) and not is_common_word("FRANK", 6.0)


# -- defined acronyms -------------------------------------------------------------------------------

def _acronyms_by_pattern(text: str, acronyms: list[str]) -> list[tuple[int, str]]:
    """The code :func:`cues.acronym_spans` replaces, as it was."""
    pattern = re.compile(r"(?<![A-Za-z])(" + "|".join(map(re.escape, acronyms)) + r")(?![A-Za-z])")
    return [(m.start(), m.group(0)) for m in pattern.finditer(text)]


_ACRONYM = st.text(alphabet=st.sampled_from("ABCSO"), min_size=2, max_size=5)


@settings(max_examples=400, deadline=None)
@given(st.lists(_ACRONYM, min_size=1, max_size=4, unique=True),
       st.text(alphabet=st.sampled_from("ABCSOabso (),.-\n1é"), max_size=80))
def test_acronym_spans_as_the_pattern(acronyms: list[str], text: str) -> None:
    assert cues.acronym_spans(text, acronyms) == _acronyms_by_pattern(text, acronyms)


def test_acronym_spans_on_a_cable_sentence() -> None:
    text = "THE SPANISH SYNDICAL ORGANIZATION (SSO) SAID. SSO'S HEAD, NOT SSOX OR XSSO, (SSO) AND SSO"
    assert cues.acronym_spans(text, ["SSO"]) == _acronyms_by_pattern(text, ["SSO"])
    assert [s for s, _a in cues.acronym_spans(text, ["SSO"])] == [35, 46, 77, 86]


def _shared_texts(limit: int = 40) -> list[str]:
    root = SHARED / "corpus" / "historylab-gt"
    if not root.is_dir():
        return []
    return [p.read_text(encoding="utf-8", errors="replace") for p in sorted(root.rglob("*.txt"))[:limit]]


def test_defined_acronyms_on_real_texts_as_the_pattern() -> None:
    texts = _shared_texts()
    if not texts:
        pytest.skip("../shared corpus not present")
    for text in texts:
        found = cues.find_defined_acronyms(text)
        if not found:
            continue
        acronyms = list(dict.fromkeys(f.text for f in found))
        assert [(f.start, f.text) for f in found] == _acronyms_by_pattern(text, acronyms)


# -- tables -----------------------------------------------------------------------------------------

def test_load_tables_changes_no_finding() -> None:
    text = ("FOREIGN MINISTER GROMYKO TOLD AMBASSADOR HODGSON IN TOKYO THAT THE U.S. AND THE SOVIET UNION "
            "WOULD MEET. AMEMBASSY TOKYO INFORMED THE FINANCE MINISTRY (FM) AND FM OFFICIALS.")
    before = X.extract(text, post="1975TOKYO01234")
    X.load_tables()
    X.load_tables()
    assert X.extract(text, post="1975TOKYO01234") == before
