"""The word gates and fast paths of OCR repair change no decision: each against the plain path it replaces.

``repair(text, gated=False)`` weighs every word that is not plain with every rule (the path before the
gates); ``gated=True`` (the default) leaves out the words :mod:`legation.clean.ocr_gate` proves no rule
can change and runs only the rules a word's gate lets through. The two must give the same corrections,
on real OCR text (the seeds, the History Lab CFPF bodies, the same in mixed case, with and without a
corpus table) and on generated text full of damaged, run-together and broken words.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from legation.clean.lexicon import CorpusFrequencies, english
from legation.clean.ocr import RepairContext, repair
from legation.clean.ocr_context import acronym_rule
from legation.clean.ocr_gate import SKIP, joinable, word_gate
from legation.clean.ocr_rules import (
    FUNCTION_WORDS,
    JOIN_ZIPF,
    SUFFIXES,
    DocView,
    Tok,
    deletes1,
    near_keys,
    split_parts,
)
from tests.conftest import CORPUS, SEEDS, need_shared

VOCAB = sorted(english().common(4.0))


def _same(text: str, ctx: RepairContext) -> list[dict[str, object]]:
    gated = [c.model_dump() for c in repair(text, context=ctx)]
    plain = [c.model_dump() for c in repair(text, context=ctx, gated=False)]
    assert gated == plain
    return gated


def _real_texts() -> list[str]:
    need_shared()
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(SEEDS.glob("*.txt"))]
    for p in sorted((CORPUS / "historylab-gt").rglob("*.txt")):
        text = p.read_text(encoding="utf-8", errors="replace")
        texts.append(re.sub(r"\[\[[^\]]*\]\]|<[^>]+>", "", text))
    return texts


def _mixed(text: str) -> str:
    """The text in sentence case: mixed-case documents take other paths (acronyms, l for I, names)."""
    return re.sub(r"[A-Za-z]+", lambda m: m.group().capitalize() if len(m.group()) > 5 else m.group().lower(),
                  text)


@pytest.fixture(scope="module")
def real_texts() -> list[str]:
    return _real_texts()


def test_gated_equals_plain_on_real_ocr_text(real_texts: list[str]) -> None:
    ctx = RepairContext()
    made = sum(len(_same(t, ctx)) for t in real_texts)
    made += sum(len(_same(_mixed(t), ctx)) for t in real_texts[:60])
    assert made > 100  # the texts do get repairs, so the comparison compares something


def test_gated_equals_plain_with_a_corpus_table(real_texts: list[str]) -> None:
    table = CorpusFrequencies.from_texts(real_texts[::2] + ["KOANRISO PROPOSALKOAN"] * 3)
    ctx = RepairContext(corpus=table)
    assert sum(len(_same(t, ctx)) for t in real_texts[1::2]) > 20
    table.add_text("SOVITS POOPOSAL")  # the table grows: the memos (gates among them) start again
    assert _same(real_texts[0], ctx) == [c.model_dump() for c in repair(real_texts[0], context=RepairContext(
        corpus=table), gated=False)]


# -- generated documents: damaged, glued and broken words, glyphs, quotes, addresses ----------------

def _damage(word: str, rng: random.Random) -> str:
    i = rng.randrange(len(word))
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + rng.choice("aeioulnrst") + word[i + 1:]
    if kind == 1:
        return word[:i] + word[i + 1:] if len(word) > 3 else word + "e"
    if kind == 2:
        return word[:i] + rng.choice("aeioulnrst") + word[i:]
    return word[:i] + word[i + 1:i + 2] + word[i:i + 1] + word[i + 2:]


def _token(rng: random.Random, seen: list[str]) -> str:
    word = rng.choice(VOCAB)
    kind = rng.randrange(12)
    if kind == 0:
        return _damage(word, rng)
    if kind == 1:
        return word + rng.choice(VOCAB)  # run together
    if kind == 2 and len(word) > 5:
        i = rng.randrange(2, len(word) - 2)
        return f"{word[:i]} {word[i:]}"  # broken by a space
    if kind == 3:
        return rng.choice(["l" + word[1:], "0F", "C0NSUL", "tne", "eh", "1ssue", "lshkov", "MFA", "MDA"])
    if kind == 4:
        return "".join(rng.choice("kaneroso") for _ in range(rng.randint(4, 10)))  # an invented word
    if kind == 5 and seen:
        return rng.choice(seen)  # repeated: the document's own spelling evidence
    if kind in (7, 8) and seen:
        twice = rng.choice(seen)
        seen.append(twice)  # a word the document prints twice, and once more damaged (PLOYANSKY)
        return f"{twice} {twice} {_damage(twice, rng)}" if twice.isalpha() else twice
    if kind == 6:
        return rng.choice(["fonmin", "reftel", "reftels", "demarche", "state.gov", "a/b", "x_y", '"', "."])
    return word


def _document(seed: int, upper: bool) -> str:
    rng = random.Random(seed)
    seen: list[str] = []
    out: list[str] = []
    for _ in range(rng.randint(20, 160)):
        tok = _token(rng, seen)
        seen.append(tok)
        out.append(tok)
    text = " ".join(out)
    if upper:
        return text.upper()
    return re.sub(r"[a-z]+", lambda m: m.group().capitalize() if rng.random() < 0.2 else m.group(), text)


_CTX = RepairContext()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**9), st.booleans())
def test_gated_equals_plain_on_generated_documents(seed: int, upper: bool) -> None:
    _same(_document(seed, upper), _CTX)


def test_generated_documents_get_every_kind_of_repair() -> None:
    rules = Counter(c["rule"] for seed in range(40) for upper in (True, False)
                    for c in _same(_document(seed, upper), _CTX))
    assert {"ocr-lexicon", "ocr-split", "ocr-join", "ocr-document", "ocr-glyph"} <= set(rules)


# -- the facts the gates rest on ---------------------------------------------------------------------

def _edit(word: str, kind: int, i: int, letter: str) -> str:
    i %= len(word)
    return [word[:i] + letter + word[i + 1:], word[:i] + word[i + 1:], word[:i] + letter + word[i:],
            word[:i] + word[i + 1:i + 2] + word[i:i + 1] + word[i + 2:]][kind]


@given(st.text("abc", min_size=1, max_size=8), st.integers(0, 3), st.integers(0, 10), st.sampled_from("abcd"))
def test_one_edit_apart_share_a_near_key(word: str, kind: int, i: int, letter: str) -> None:
    other = _edit(word, kind, i, letter)
    if other and OSA.distance(word, other) <= 1:
        assert near_keys(word) & near_keys(other)
    assert near_keys(word) == frozenset(deletes1(word)) | {word}


@given(st.lists(st.text("abcdeo", min_size=4, max_size=7), min_size=1, max_size=12),
       st.text("abcdeo", min_size=4, max_size=7))
def test_near_repeated_finds_every_repeated_word_one_edit_away(words: list[str], word: str) -> None:
    doc = DocView(" ".join(words + words))
    near = [r for r in doc.repeated if OSA.distance(word, r) <= 1]
    assert bool(near) <= (not near_keys(word).isdisjoint(doc.near_repeated))


@settings(max_examples=300)
@given(st.sampled_from(sorted(w for w in english().common(JOIN_ZIPF) if len(w) > 1)), st.integers(1, 20))
def test_every_join_the_rule_accepts_has_joinable_halves(word: str, cut: int) -> None:
    ctx = RepairContext(corpus=CorpusFrequencies.from_texts(["koanriso zupezu"] * 3))
    for whole in (word, "koanriso"):
        i = cut % (len(whole) - 1) + 1
        a, b = whole[:i], whole[i:]
        if ctx.zipf(a + b) >= JOIN_ZIPF:
            assert joinable(a, ctx) and joinable(b, ctx)


def test_gate_skips_what_no_rule_touches_and_keeps_what_one_may() -> None:
    ctx = RepairContext()
    assert word_gate("THE", True, ctx) is SKIP and word_gate("FONMIN", True, ctx) is SKIP
    assert word_gate("POOPOSAL", True, ctx).lexicon  # PROPOSAL is one edit away
    assert word_gate("lshkov", False, ctx).full  # l for I, read from the glyphs
    assert word_gate("REVOLU", True, ctx).join  # REVOLU TIONARY
    gate = word_gate("BRIEFEDFONMIN", True, ctx)
    assert gate.needs is None or gate.triggers  # a split that scores, or halves the document must print


# -- the fast paths of DocView against the code they replace -----------------------------------------

def _printed_by_regex(text: str, word: str) -> str:
    forms = Counter(m.group() for m in re.finditer(rf"(?<![A-Za-z0-9]){re.escape(word)}(?![A-Za-z0-9])",
                                                   text, re.IGNORECASE))
    return forms.most_common(1)[0][0] if forms else word


_PIECES = ["Albanians", "ALBANIANS", "albanians", "eAlbanians", "ſtate", "State", "STATE", "state", "Kelvin",
           "\u212aelvin", "kelvin", "café", "x2", "İstanbul", "istanbul", "Istanbul", '"quoted words"', "“x”", "\n"]


@given(st.lists(st.sampled_from(_PIECES), max_size=30), st.sampled_from(["albanians", "state", "kelvin",
                                                                          "istanbul", "x2", "none"]))
def test_printed_fast_path_matches_the_regex(pieces: list[str], word: str) -> None:
    text = " ".join(pieces)
    assert DocView(text).printed(word) == _printed_by_regex(text, word)


@given(st.lists(st.sampled_from([*_PIECES, '"', "a", "b"]), max_size=40), st.integers(0, 400))
def test_in_quotes_bisect_matches_the_scan(pieces: list[str], pos: int) -> None:
    doc = DocView(" ".join(pieces))
    assert doc.in_quotes(pos) == any(a < pos < b for a, b in doc.quoted)


@given(st.lists(st.sampled_from(["MFA", "MDA", "MFB", "USSR", "USSA", "UN", "Tokyo", "the", "NATO", "NATA"]),
                min_size=1, max_size=25))
def test_acronym_rule_by_length_matches_the_scan(words: list[str]) -> None:
    text = " ".join(words) + " and some mixed case words"
    doc = DocView(text)
    for m in re.finditer(r"[A-Za-z]+", text):
        got = acronym_rule(Tok(m.start(), m.end(), m.group()), doc, _CTX)
        others = [a for a in doc.caps if a != m.group() and len(a) == len(m.group())
                  and sum(x != y for x, y in zip(a, m.group(), strict=False)) == 1]
        want = others[0] if (not doc.upper and 3 <= len(m.group()) <= 4 and m.group().isupper()
                             and doc.caps[m.group()] <= 1 and len(others) == 1) else None
        assert (got.replacement if got else None) == want


def _split_parts_before(low: str, ctx: RepairContext) -> tuple[object, ...]:
    """``split_parts`` as it was written before (main 82e56ce), through the rule's own part score."""
    def part_score(part: str, other: str) -> float:  # _part_score with a document that prints nothing
        if len(part) == 2:
            return 0.0 if part not in FUNCTION_WORDS else 6.0 if ctx.zipf(other) >= 6.0 else 4.5
        if part in ctx.protected and len(part) >= 4:
            return 7.0
        z = ctx.zipf(part)
        if len(part) == 3:
            return z if z >= 5.0 else 0.0
        return z if z >= (3.0 if len(part) >= 6 else 3.5) else 0.0

    def part_scores(part: str, other: str) -> tuple[float, float | None]:
        if len(part) == 2 or (part in ctx.protected and len(part) >= 4):
            return part_score(part, other), None
        return part_score(part, other), (max(ctx.zipf(part), 6.0) if len(part) >= 4 else None)

    out = []
    for i in range(2, len(low) - 1):
        a, b = low[:i], low[i:]
        if b in SUFFIXES:
            continue
        (sa, boost_a), (sb, boost_b) = part_scores(a, b), part_scores(b, a)
        if (sa or boost_a) and (sb or boost_b):
            out.append((i, a, b, sa, sb, boost_a, boost_b))
    return tuple(out)


_HALVES = [*VOCAB[:400], "of", "the", "we", "an", "fonmin", "goj", "ness", "ment", "ka", "ro", "koan", "zu"]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(_HALVES), min_size=1, max_size=3))
def test_split_parts_matches_the_code_it_replaces(halves: list[str]) -> None:
    word = "".join(halves)
    for ctx in (_CTX, RepairContext(corpus=CorpusFrequencies.from_texts(["koan zupezu koanriso"] * 3))):
        assert split_parts(word, ctx) == _split_parts_before(word, ctx)
        assert ctx.split_parts(word) == split_parts(word, ctx)


def test_shared_texts_present() -> None:
    need_shared()
    assert Path(CORPUS / "historylab-gt").is_dir()
