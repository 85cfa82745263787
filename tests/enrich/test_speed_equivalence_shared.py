"""The shared tokenisation and the other fast paths of the inline passes give what the code they replace gave.

Each reference here is the earlier implementation, kept word for word (the regexes as they were, the
per-token loops, ``attach`` with its copy-on-write targets, the glossary loop), so only the algorithm is
pinned; rules and tables are read from the modules.  Texts come from hypothesis and from ``../shared``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from legation.enrich import cues
from legation.enrich import extract as X
from legation.enrich import glossary as G
from legation.enrich.extract import Found
from legation.enrich.mentions import TEXT_SOURCES, _same_person, attach
from legation.enrich.names import entity_link_key
from legation.enrich.personcues import find_initialled_persons
from legation.glossary import load, lookup
from legation.model import Entity, Mention, Record
from tests.enrich.test_speed_equivalence import ref_org_phrases  # the regex-token original

# -- the references ---------------------------------------------------------------------------------

_ORG_TOKEN = re.compile(r"[A-Za-z][A-Za-z'.\-]*")
_TITLE_TOKEN = re.compile(r"\(?[A-Za-z][A-Za-z'\-\.]*\)?")
_US_DOTTED = re.compile(r"(?<![A-Za-z.])U\.[ ]?S\.(?:[ ]?[GA]\.)?(?:[ ]?G\b|[ ]?A\b)?")
_US_CAPS = re.compile(r"(?<![A-Za-z./\-])US(?![A-Za-z])")
_NAME_WORDS = re.compile(r"(?:[A-Z][A-Z'\-]*[ \t]+)*[A-Z][A-Z'\-]*[ \t]*$")
_GLOSSARY_TOKEN = re.compile(r"(?<![A-Za-z/])[A-Z][A-Z0-9]*(?:/[A-Z][A-Z0-9-]*)?(?![A-Za-z])")


class _RefTargets:
    def __init__(self, kept: list[Entity]) -> None:
        self.kept = kept
        self.index = {(e.type, entity_link_key(e.name, e.type)): e for e in kept}
        self._original = {id(e): i for i, e in enumerate(kept)}
        self._spans: dict[int, set[tuple[int, int]]] = {}

    def writable(self, target: Entity) -> Entity:
        at = self._original.pop(id(target), None)
        if at is None:
            return target
        copy = target.model_copy(update={"mentions": list(target.mentions)})
        self.kept[at] = copy
        self.index[(copy.type, entity_link_key(copy.name, copy.type))] = copy
        return copy

    def add_mention(self, target: Entity, f: Found) -> Entity:
        have = self._spans.get(id(target))
        if have is None:
            have = {(m.start, m.end) for m in target.mentions}
        if (f.start, f.end) in have:
            self._spans[id(target)] = have
            return target
        target = self.writable(target)
        have.add((f.start, f.end))
        self._spans[id(target)] = have
        target.mentions.append(Mention.model_construct(start=f.start, end=f.end, text=f.text))
        return target


def ref_attach(entities: list[Entity], found: Iterable[Found], elsewhere: Iterable[Found] = ()) -> list[Entity]:
    marked = [(f, True) for f in found] + [(f, False) for f in elsewhere]
    targets = _RefTargets([e for e in entities if e.source not in TEXT_SOURCES])
    index = targets.index
    added: list[Entity] = []
    for f, in_text in marked:
        ident = (f.type, entity_link_key(f.name, f.type))
        if not ident[1]:
            continue
        target = index.get(ident) or _same_person(index, ident)
        if target is None:
            target = Entity(name=f.name, type=f.type, key=ident[1], source=f.source, role=f.role)
            index[ident] = target
            added.append(target)
        if in_text:
            target = targets.add_mention(target, f)
        if f.role and not target.role:
            targets.writable(target).role = f.role
    return targets.kept + added


def ref_glossary(record: Record) -> dict[str, dict[str, str]] | None:
    found: dict[str, dict[str, str]] = {}
    for tag in record.tags:
        for row in lookup(tag, "tags-subject") or lookup(tag, "tags-country"):
            found.setdefault(tag, {"expansion": row.expansion, "category": row.category, "source": row.source})
    glossary = load()
    for token in _GLOSSARY_TOKEN.findall("\n".join([record.subject, record.text])):
        if token in found or token in G._COMMON or len(token) < 3 or token not in glossary:
            continue
        rows = [r for r in glossary[token] if r.category in ("term", "office")]
        if rows and rows[0].term.upper() == token:
            found[token] = {"expansion": rows[0].expansion, "category": rows[0].category, "source": rows[0].source}
    return dict(sorted(found.items())) if found else None


def ref_initialled(text: str) -> list[Found]:
    # personcues.find_initialled_persons when every run whose second character is a full stop was tried
    from legation.enrich import personcues as P

    out: list[Found] = []
    if "." not in text:
        return out
    runs = X._runs(text)
    taken = 0
    for i in [k for k, w in enumerate(runs.folded) if w[1:2] == "."]:
        m = P._INITIALLED.match(text, runs.starts[i])
        if m is None or m.start() < taken:
            continue
        taken = m.end()
        letters = m.group(1).replace(".", "").replace(" ", "").replace("\t", "").lower()
        surname = m.group(2).removesuffix("'S").removesuffix("’S").removesuffix("'s")
        if letters in P._NOT_INITIALS or not P._clear_name(surname) or P._given_name_before(text, m.start()) \
                or (len(letters) == 1 and P._paragraph_letter(text, m.start())):
            continue
        out.append(P._person(m.start(), m.group()))
    return out


def ref_name_words(text: str, start: int, end: int) -> str:
    m = _NAME_WORDS.search(text, start, end)
    return m.group(0) if m else ""


# -- the texts -------------------------------------------------------------------------------------

_PIECES = st.one_of(
    st.sampled_from(["AMEMBASSY", "amembassy", "AmEmbassy", "USMISSION", "USUN", "AMEMB", "TOKYO", "Geneva",
                     "PRIORITY", "AND", "US", "U.S.", "U. S. G.", "U.S.A.", "THE", "MINISTER", "AMBASSADOR",
                     "FOREIGN", "Mr.", "GROMYKO", "Ohira", "SSO", "ABM", "NATO", "EUR/SOV", "SPANISH SYNDICAL",
                     "ORGANIZATION", "TAGS", "MFA", "(", ")", "(SSO)", ".", "..", "'", "'s", "-", "/", ",", ";",
                     " ", "  ", "\t", "\n", "1976", "é", "İ", "\u212a", "x", "Q", "MINISTRY", "Ministry's",
                     "DEPARTMENT'S'", "ministry.'", "OF", "the", "FINANCE", "EMBASSY", "IN", "JAPAN", "Party",
                     "J.", "W. M.", "JARVIS", "B.H.", "Oxman", "MRS.", "DR. J.L. FOWLER", "-J.", "'A.", "6B."]),
    st.text(alphabet="abAB.'-() /\n\tU S1é", max_size=6),
)
TEXTS = st.lists(_PIECES, max_size=50).map("".join)


def _real_texts(shared: Path) -> list[str]:
    files = sorted((shared / "corpus" / "historylab-gt" / "dev").glob("*.txt"))[:6]
    files += sorted((shared / "samples" / "seeds").glob("*.txt"))
    files += sorted((shared / "corpus" / "cablegate-html").rglob("*.html"))[:4]
    return [p.read_text(encoding="utf-8", errors="replace") for p in files]


def _check_text(text: str) -> None:
    runs = X._runs(text)
    org = [(m.start(), m.end(), m.group(0).lower()) for m in _ORG_TOKEN.finditer(text)]
    assert list(zip(runs.starts, runs.ends, runs.folded, strict=True)) == org
    title = [(m.start(), m.end(), m.group(0)) for m in _TITLE_TOKEN.finditer(text)]
    assert [X._title_word(text, s, e) for s, e in zip(runs.starts, runs.ends, strict=True)] == title
    assert [m.span() for m in X._post_matches(text)] == [m.span() for m in X._ORG_PATTERN.finditer(text)]
    assert [m.span() for m in cues._US_DOTTED.finditer(text)] == [m.span() for m in _US_DOTTED.finditer(text)]
    assert [m.span() for m in cues._US_CAPS.finditer(text)] == [m.span() for m in _US_CAPS.finditer(text)]
    for m in cues._DEFINED_AFTER.finditer(text):
        lo = max(0, m.start() - 120)
        assert cues._name_words_before(text, lo, m.start()) == ref_name_words(text, lo, m.start())
    assert [m.span() for m in G._TOKEN.finditer(text)] == [m.span() for m in _GLOSSARY_TOKEN.finditer(text)]
    assert cues.find_org_phrases(text) == ref_org_phrases(text)
    assert find_initialled_persons(text) == ref_initialled(text)
    assert list(cues._defined_before(text)) == [(m.group(1), m.group(2)) for m in cues._DEFINED_BEFORE.finditer(text)]
    rec = Record(id="x", collection="t", text=text, subject=text[:40], tags=["PFOR", "XX", "JA"])
    assert G.glossary_terms(rec).attributes.get("glossary") == ref_glossary(rec)


@settings(max_examples=500, deadline=None)
@given(TEXTS)
def test_shared_runs_and_fast_patterns_are_the_reference_ones(text: str) -> None:
    _check_text(text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="AZaz09/-. \néÉ", max_size=40))
def test_glossary_token_is_the_reference_pattern(text: str) -> None:
    # the look-behind moved after the first capital: the same words at the same offsets, at the text's
    # start, after a slash, a letter, a digit or a non-ASCII letter
    assert [m.span() for m in G._TOKEN.finditer(text)] == [m.span() for m in _GLOSSARY_TOKEN.finditer(text)]


@settings(max_examples=800, deadline=None)
@given(st.lists(st.sampled_from(["SSO", "AB", "ABCDEFGHI", "ABCDEFGH", "A", "x", "é", "1", " ", "\t", "(", ")", "'", "-",
                                 "SPANISH SYNDICAL ORGANIZATION", "OF", "THE", "ISKCON", "(SSO)", "\n",
                                 "(SPANISH SYNDICAL ORGANIZATION)", "(ABCDE)", "(AB CD)"]), max_size=30)
       .map("".join))
@example("xAB (SPANISH SYNDICAL ORGANIZATION)")
@example("ABCDEFGHI (SPANISH SYNDICAL ORGANIZATION) éSSO (SPANISH SYNDICAL ORGANIZATION)")
@example("1SSO \t (SPANISH SYNDICAL ORGANIZATION) SSO(ABCDE)")
def test_defined_before_is_the_reference_pattern(text: str) -> None:
    # the acronyms before a long form, read from the long forms: the pattern's matches
    assert list(cues._defined_before(text)) == [(m.group(1), m.group(2)) for m in cues._DEFINED_BEFORE.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ABS UZ'-\t\n.(", max_size=60), st.integers(0, 60), st.integers(0, 60))
def test_name_words_before_any_window(text: str, a: int, b: int) -> None:
    lo, hi = min(a, b, len(text)), min(max(a, b), len(text))
    assert cues._name_words_before(text, lo, hi) == ref_name_words(text, lo, hi)


@pytest.mark.parametrize("text", ["THE FINANCE MINISTRY'S VIEW", "the Foreign Ministry's spokesman",
                                  "DEFENSE DEPARTMENT' S", "JAPAN'S EMBASSY'S IN TOKYO", "THE LABOR PARTY'S LEADER",
                                  "DRUG ENFORCEMENT ADMINISTRATION.' OF", "'MINISTRY", "W. M. JARVIS", "J.L. FOWLER SAID",
                                  "-J. DOE", "O'A. SMITHERS", "X.Y.Z. QUIGLEY", "CALL MRS. M. BIANCHI", "U.S. NAVY"])
def test_org_phrases_and_initials_on_hard_cases_are_the_reference_ones(text: str) -> None:
    assert find_initialled_persons(text) == ref_initialled(text)
    assert cues.find_org_phrases(text) == ref_org_phrases(text)
    if "'S" in text.upper().replace("' S", ""):
        assert cues.find_org_phrases(text)  # a head with 's is still a head


def test_real_texts_give_the_reference_runs_and_matches(shared: Path) -> None:
    texts = _real_texts(shared)
    if not texts:
        pytest.skip("no shared corpus")
    for text in texts:
        _check_text(text)


# -- attach ------------------------------------------------------------------------------------------

_NAMES = ["BREZHNEV, LEONID I", "L.I. BREZHNEV", "Brezhnev", "KENNEDY, JOHN", "KENNEDY, ROBERT", "Kennedy",
          "Japan", "JAPAN", "Tokyo", "MFA", "Gromyko", "GROMYKO", "US", "United States", "", "..."]
_TYPES = ["PERSON", "PLACE", "COUNTRY", "ORG"]
_ENTITY = st.builds(lambda n, t, src, role, spans: Entity(
    name=n, type=t, source=src, role=role, mentions=[Mention(start=s, end=s + k, text="x") for s, k in spans]),
    st.sampled_from(_NAMES), st.sampled_from(_TYPES), st.sampled_from(["tags", "signer", "gazetteer", "title", "gold"]),
    st.sampled_from(["", "signer", "minister"]), st.lists(st.tuples(st.integers(0, 30), st.integers(1, 4)), max_size=3))
_FOUND = st.builds(lambda s, k, n, t, src, role: Found(s, s + k, n, n, t, src, role),
                   st.integers(0, 30), st.integers(1, 4), st.sampled_from(_NAMES), st.sampled_from(_TYPES),
                   st.sampled_from(["gazetteer", "title", "lexicon", "pattern"]), st.sampled_from(["", "minister", "amb"]))


@settings(max_examples=400, deadline=None)
@given(st.lists(_ENTITY, max_size=8), st.lists(_FOUND, max_size=14), st.lists(_FOUND, max_size=4))
def test_attach_is_the_reference_one(entities: list[Entity], found: list[Found], elsewhere: list[Found]) -> None:
    before = [e.model_copy(deep=True) for e in entities]
    got = attach(entities, found, elsewhere)
    want = ref_attach([e.model_copy(deep=True) for e in before], found, elsewhere)
    assert [e.model_dump() for e in got] == [e.model_dump() for e in want]
    assert [e.model_dump() for e in entities] == [e.model_dump() for e in before]  # the input is not changed


def test_post_heads_are_the_post_pattern_words() -> None:
    words = X._ORG_PATTERN.pattern.split("(?:", 1)[1].split(")", 1)[0].split("|")
    assert all(any(head.fullmatch(w.lower()) for head in X._POST_HEADS) for w in words)
    assert all(any(head.pattern.startswith(w.lower()[:2]) for w in words) for head in X._POST_HEADS)


def ref_places_inside_posts(found: list[Found], places: list[Found]) -> list[Found]:
    posts = [f for f in found if f.type == "ORG" and " " in f.text
             and (f.source == "pattern" or X._ORG_PATTERN.match(f.text))]
    return [p for p in places if any(o.start <= p.start and p.end <= o.end for o in posts)]


_SPAN = st.tuples(st.integers(0, 60), st.integers(1, 12), st.sampled_from(["ORG", "PLACE", "PERSON"]),
                  st.sampled_from(["pattern", "gazetteer", "title"]), st.sampled_from(["AMEMBASSY TOKYO", "MFA", "X Y"]))


@settings(max_examples=400, deadline=None)
@given(st.lists(_SPAN, max_size=12), st.lists(st.tuples(st.integers(0, 70), st.integers(1, 6)), max_size=10))
def test_places_inside_posts_is_the_reference_one(spans: list[tuple[int, int, str, str, str]],
                                                  places: list[tuple[int, int]]) -> None:
    found = X._resolve_overlaps(Found(s, s + n, text, text, typ, src) for s, n, typ, src, text in spans)
    inside = [Found(s, s + n, "TOKYO", "Tokyo", "PLACE", "gazetteer") for s, n in places]
    assert X._places_inside_posts(found, inside) == ref_places_inside_posts(found, inside)


@pytest.mark.parametrize("case", [str.upper, str.title])
def test_titles_and_names_as_long_as_the_rules_read(case: object) -> None:
    """Every title length (head and up to six title words) with every name length (one to four words)
    and the word after it: the window the title finder reads per head holds all the rules look at."""
    from tests.enrich.test_speed_equivalence import ref_titled

    titles = ["foreign", "deputy", "prime", "acting", "first", "vice"]
    names = ["andrei", "kurt", "birrenbach", "polyansky"]
    for k in range(len(titles) + 1):
        for m in range(1, len(names) + 1):
            for after in ("", " SAID", " KOZLOV", ", AND", "."):
                text = case(" ".join(["ambassador", *titles[:k], *names[:m]])) + after  # type: ignore[operator]
                assert X.find_titled_persons(text) == ref_titled(text), text
