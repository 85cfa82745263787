"""The fast inline finders give exactly what the plain algorithms they replace give (issue 12, throughput).

Each reference below is the earlier, slow implementation, kept word for word: a match object per token,
every n-gram joined and looked up longest first, every word tested as a title head or an organisation head, overlaps found by
comparing with every kept span.  They read the same tables and rules as the fast code (``_name_run``,
``TITLE_WORDS``, the gazetteer ...), so a new rule changes both; only the algorithm is pinned here.
Texts come from hypothesis (words of the tables, names, brackets, stops, digits, non-ASCII letters) and
from real records of ``../shared``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from legation.enrich import cues
from legation.enrich import extract as X
from legation.enrich.extract import Found, gazetteer

_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*(?:\.[A-Za-z]\.?)*")


def ref_tokens(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0).lower().rstrip(".")) for m in _WORD.finditer(text)]


def ref_scan(text: str, table: Mapping[str, object]) -> Iterator[tuple[int, int, str]]:
    words = ref_tokens(text)
    i = 0
    while i < len(words):
        hit = None
        for n in range(min(X.MAX_NGRAM, len(words) - i), 0, -1):
            key = " ".join(w for _s, _e, w in words[i:i + n])
            if key in table:
                hit = n, key
                break
        if hit is None:
            i += 1
            continue
        n, key = hit
        yield words[i][0], words[i + n - 1][1], key
        i += n


def ref_titled(text: str) -> list[Found]:
    words = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"\(?[A-Za-z][A-Za-z'\-\.]*\)?", text)]
    out: list[Found] = []
    for i, (_s, _e, word) in enumerate(words[:-1]):
        if X._bare(word) not in X._TITLE_HEADS:
            continue
        j = i + 1
        while j < len(words) and X._bare(words[j][2]) in X.TITLE_WORDS and j - i < 6:
            j += 1
        if X.sentence_ends(words[i:j]):
            continue
        after = any(X._bare(w) in X._PREPOSITIONS for _a, _b, w in words[i + 1:j])
        run = X._name_run(words, j, after_preposition=after)
        if not run:
            continue
        start, end = run
        name = text[start:end]
        role = " ".join(X._bare(w) for _a, _b, w in words[i:j])
        out.append(Found(start, end, name, name, "PERSON", "title", role))
    return out


def ref_overlaps(found: Iterable[Found]) -> list[Found]:
    ordered = sorted(found, key=lambda f: (-(f.end - f.start), X._RANK.get(f.source, 9), f.start))
    taken: list[tuple[int, int]] = []
    out: list[Found] = []
    for f in ordered:
        if any(f.start < e and s < f.end for s, e in taken):
            continue
        taken.append((f.start, f.end))
        out.append(f)
    return sorted(out, key=lambda f: f.start)


def ref_org_phrases(text: str) -> list[Found]:
    words = [(m.start(), m.end(), m.group(0).rstrip(".,;:'").lower().removesuffix("'s"))
             for m in cues._ORG_TOKEN.finditer(text)]
    out: list[Found] = []
    for i, (_s, _e, w) in enumerate(words):
        if w not in cues.ORG_HEADS:
            continue
        first = cues._modifiers_start(text, words, i)
        last = cues._of_tail_end(text, words, i)
        if first == i and last == i:
            continue
        if first > 0 and words[first - 1][2] == "the" and cues._same_line(text, words[first - 1][1], words[first][0]):
            first -= 1
        start, end = words[first][0], words[last][1]
        surface = text[start:end].rstrip(".,;:'")
        surface = surface[:-2] if surface.endswith(("'S", "'s")) else surface
        out.append(Found(start, start + len(surface), surface, surface, "ORG", "pattern"))
    return out


def _vocabulary() -> list[str]:
    gaz = sorted(gazetteer())
    words = gaz[::40] + [k for k in gaz if " " in k][::15] + sorted(X.ORGANISATIONS)[::3]
    words += sorted(cues.ORG_HEADS) + sorted(cues.ORG_MODIFIERS)[::4]
    words += [*sorted(X._TITLE_HEADS), "foreign", "minister", "of", "the", "and", "prime"]
    words += ["Gromyko", "GROMYKO", "Ohira", "Tanaka", "Brezhnev", "Regarding", "Leonid", "Togo", "Japan"]
    return words


_PIECES = st.one_of(
    st.sampled_from(_vocabulary()).map(lambda w: st.sampled_from([w, w.upper(), w.title()])).flatmap(lambda s: s),
    st.sampled_from([" ", "  ", "\n", ", ", ". ", ".", "(", ")", ") ", "-", "'", "'s", "1976", ":", ";",
                     "U.S.", "Mr.", "é", "İ", "\u212a", "AMEMBASSY TOKYO", "USMISSION GENEVA"]),
    st.text(alphabet="abcXYZ.'-() é", max_size=6),
)
TEXTS = st.lists(_PIECES, max_size=60).map("".join)
KNOWN = {"brezhnev": ("BREZHNEV, LEONID I", "PERSON"), "brezhnev leonid i": ("BREZHNEV, LEONID I", "PERSON"),
         "gromyko": ("Gromyko", "PERSON"), "japan socialist party": ("JSP", "ORG"), "a b": ("A B", "ORG")}


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_tokens_and_scans_are_the_reference_ones(text: str) -> None:
    assert X.tokens(text) == ref_tokens(text)
    for table in (gazetteer(), X._organisation_table(), KNOWN, {}):
        assert list(X._scan(text, table)) == list(ref_scan(text, table))


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_titled_persons_and_overlaps_are_the_reference_ones(text: str) -> None:
    assert X.find_titled_persons(text) == ref_titled(text)
    assert cues.find_org_phrases(text) == ref_org_phrases(text)
    found = X.find_titled_persons(text) + X.find_known(text, KNOWN) + X.find_organisations(text) \
        + X.find_gazetteer(text)
    assert X._resolve_overlaps(found) == ref_overlaps(found)


@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 12), st.sampled_from(sorted(X._RANK))), max_size=30))
def test_overlaps_on_any_spans(spans: list[tuple[int, int, str]]) -> None:
    found = [Found(s, s + n, "x", "x", "PLACE", src) for s, n, src in spans]
    assert X._resolve_overlaps(found) == ref_overlaps(found)


def _real_texts(shared: Path) -> list[str]:
    files = sorted((shared / "corpus" / "historylab-gt" / "dev").glob("*.txt"))[:6]
    files += sorted((shared / "samples" / "seeds").glob("*.txt"))
    files += sorted((shared / "corpus" / "cablegate-html").rglob("*.html"))[:4]
    return [p.read_text(encoding="utf-8", errors="replace") for p in files]


def test_real_records_give_the_reference_spans(shared: Path) -> None:
    texts = _real_texts(shared)
    if not texts:
        pytest.skip("no shared corpus")
    for text in texts:
        assert X.tokens(text) == ref_tokens(text)
        assert list(X._scan(text, gazetteer())) == list(ref_scan(text, gazetteer()))
        assert X.find_titled_persons(text) == ref_titled(text)
        assert cues.find_org_phrases(text) == ref_org_phrases(text)
