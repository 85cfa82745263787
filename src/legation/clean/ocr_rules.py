"""The OCR repair rules: each looks at one token of a document and may propose one fix.

A rule returns a :class:`Fix` (what to write instead, its rule name and a confidence in
[0, 1]) or ``None``. The rules that read a word's neighbours or glyphs (join, context, glyph, acronym) are in
:mod:`legation.clean.ocr_context`. The engine (:mod:`legation.clean.ocr`) tries the rules in order, keeps
the most confident fix per token and decides what is applied. Rules only read evidence:
the document (:class:`DocView`), the lexicon, the corpus table and the protected words.

Rule names (the ``rule`` of a :class:`~legation.model.Correction`):

``ocr-document``  a once-printed word one edit from a word the same document prints at
                  least twice (PLOYANSKY beside three POLYANSKY)
``ocr-lexicon``   a word no source knows, one edit from a common word (POOPOSAL, KAIND,
                  SOVITS), or a rare spelling one edit from a far commoner one (CONSULATION)
``ocr-split``     a run-together token made of two known words (BRIEFEDFONMIN)
``ocr-join``      a word broken by a stray space (``REVOLU TIONARY``)
``ocr-context``   a damaged short word read from its neighbours (``EH SOVIETS``)
``ocr-glyph``     l/I and 0/O look-alikes (``lshkov`` -> ``Ishkov``, ``C0NSUL`` -> ``CONSUL``)
``ocr-acronym``   an acronym printed once, one letter from an acronym the document uses
                  (``MDA`` beside ``MFA``): always a low-confidence flag
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from rapidfuzz import process
from rapidfuzz.distance import OSA

if TYPE_CHECKING:
    from legation.clean.ocr import RepairContext

TOKEN = re.compile(r"[A-Za-z0-9]+")
_DROP_LOWER = str.maketrans("", "", "abcdefghijklmnopqrstuvwxyz")
_DROP_UPPER = str.maketrans("", "", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
QUOTED = re.compile(r"\"[^\"\n]{1,400}\"|“[^”\n]{1,400}”")
# The non-ASCII letters Python's case-blind (re.IGNORECASE) [A-Za-z] matches: İ ı ſ and the Kelvin sign.
CASE_BLIND_ODD = "\u0130\u0131\u017f\u212a"

# Lexicon Zipf above which a word is simply known; below it a word is "weak" and may be
# an OCR error if a much commoner spelling is one edit away.
KNOWN_ZIPF = 3.0
# Candidates must be at least this common to be proposed from the lexicon alone.
CANDIDATE_ZIPF = 3.0
# A weak word the lexicon still attests (a rare word, a name) needs a candidate this
# many Zipf points commoner, and this many letters.
RARE_GAP = 2.8
RARE_MIN_LEN = 8
RARE_MAX_ZIPF = 1.5

# A join (REVOLU TIONARY) must make a word at least this common.
JOIN_ZIPF = 3.5

# Short words an OCR'd page mangles and the word they were (checked in context).
SHORT_FIXES = {"eh": "the", "tne": "the", "tbe": "the", "teh": "the", "hte": "the",
               "adn": "and", "ahd": "and", "tbat": "that", "thal": "that"}
FUNCTION_WORDS = frozenset("a an as at be by do he if in is it me my no of on or so to up us we".split())
# Letters that never follow a word-initial l in English: l + one of these is I + it (lshkov).
NOT_AFTER_INITIAL_L = frozenset("bcdfghjkmnpqrstvwxz")
DIGIT_GLYPHS = {"0": "o", "1": "l", "5": "s"}
# First halves that make compounds, not two words (in-cohesive, narco-trafficking, air-gram).
# Second halves that are suffixes, not words (unresponsive-ness, govern-ment).
SUFFIXES = frozenset("ness ment ments less ship ships able ably ful hood wise ward wards ism ist ize ized".split())
COMPOUND_PREFIXES = frozenset("""in un re co de non pre post sub anti inter intra counter narco vice euro multi
over under out air super trans cross self semi pan pro""".split())


@dataclass(frozen=True, slots=True)
class Tok:
    start: int
    end: int
    text: str
    #: ``text`` lower-cased, once (the rules read it ~10 times a token)
    lower: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "lower", self.text.lower())


@dataclass(frozen=True, slots=True)
class Fix:
    start: int
    end: int
    original: str
    replacement: str
    rule: str
    confidence: float


@dataclass
class DocView:
    """What the document itself says: its tokens, word counts, case style and quoted spans."""

    text: str
    words: list[str] = field(init=False)
    counts: Counter[str] = field(init=False)
    upper: bool = field(init=False)

    def __post_init__(self) -> None:
        self.words = TOKEN.findall(self.text)
        self.counts = Counter(TOKEN.findall(self.text.lower()))
        lower = len(self.text) - len(self.text.translate(_DROP_LOWER))
        upper = len(self.text) - len(self.text.translate(_DROP_UPPER))
        self.upper = upper > 0 and upper / (upper + lower) > 0.85

    def occurrences(self, word: str) -> list[Tok]:
        """Where ``word`` is printed as a whole token."""
        text, out, at, n = self.text, [], self.text.find(word), len(word)
        while at >= 0:
            before = text[at - 1] if at else " "
            after = text[at + n] if at + n < len(text) else " "
            if not before.isalnum() and not after.isalnum():
                out.append(Tok(at, at + n, word))
            at = text.find(word, at + n)
        return out

    def printed(self, word: str) -> str:
        """``word`` (lower case) as the document prints it most often (Albanians, POLYANSKY)."""
        if self.case_plain:  # then the case-blind matches of the word are exactly its tokens
            forms = self.forms.get(word)
        else:
            forms = Counter(m.group() for m in re.finditer(rf"(?<![A-Za-z0-9]){re.escape(word)}(?![A-Za-z0-9])",
                                                           self.text, re.IGNORECASE))
        return forms.most_common(1)[0][0] if forms else word

    @cached_property
    def case_plain(self) -> bool:
        """True if the text holds none of the four non-ASCII letters a case-blind ``[A-Za-z]`` matches."""
        return not any(c in self.text for c in CASE_BLIND_ODD)

    @cached_property
    def forms(self) -> dict[str, Counter[str]]:
        """Each lower-case token's printed forms, counted in text order."""
        out: dict[str, Counter[str]] = {}
        for w in self.words:
            low = w.lower()
            forms = out.get(low)
            if forms is None:
                forms = out[low] = Counter()
            forms[w] += 1
        return out

    def prev_tok(self, pos: int) -> Tok | None:
        """The token that ends at the space before ``pos`` (letters and digits), if any."""
        end = pos - 1
        start = end
        while start > 0 and self.text[start - 1].isalnum() and end - start < 40:
            start -= 1
        return Tok(start, end, self.text[start:end]) if start < end else None

    def next_tok(self, pos: int) -> Tok | None:
        m = TOKEN.search(self.text, pos)
        return Tok(m.start(), m.end(), m.group()) if m else None

    @cached_property
    def caps(self) -> Counter[str]:
        """All-capital words as printed (acronyms, in mixed-case text)."""
        return Counter(w for w in TOKEN.findall(self.text) if w.isupper() and w.isalpha())

    @cached_property
    def quoted(self) -> list[tuple[int, int]]:
        return [(m.start(), m.end()) for m in QUOTED.finditer(self.text)]

    @cached_property
    def quote_starts(self) -> list[int]:
        return [a for a, _ in self.quoted]

    @cached_property
    def caps_by_length(self) -> dict[int, list[str]]:
        """:attr:`caps` by length, each list in the order of :attr:`caps`."""
        out: dict[int, list[str]] = {}
        for a in self.caps:
            out.setdefault(len(a), []).append(a)
        return out

    @cached_property
    def repeated(self) -> list[str]:
        """Letter words the document prints at least twice (its own spelling evidence)."""
        return [w for w, n in self.counts.items() if n >= 2 and len(w) >= 4 and w.isalpha()]

    @cached_property
    def near_repeated(self) -> frozenset[str]:
        """The :attr:`repeated` words and their one-deletions: a word one edit (OSA) from a repeated word
        is in it or has a one-deletion in it (symmetric deletes), so a word that shares none is near none."""
        return frozenset().union(*map(near_keys, self.repeated))

    @cached_property
    def bigrams(self) -> set[tuple[str, str]]:
        words = TOKEN.findall(self.text.lower())
        return set(itertools.pairwise(words))

    def in_quotes(self, pos: int) -> bool:
        # The spans do not overlap and come in text order: only the last one opening before pos may hold it.
        i = bisect_left(self.quote_starts, pos)
        return i > 0 and pos < self.quoted[i - 1][1]


def match_case(original: str, word: str) -> str:
    """``word`` in the case pattern of ``original`` (UPPER, Title or lower)."""
    if original.isupper() and len(original) > 1:
        return word.upper()
    if original[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def deletes1(word: str) -> set[str]:
    """Every string one deletion from ``word``."""
    return {word[:i] + word[i + 1:] for i in range(len(word))}


@lru_cache(maxsize=1 << 18)
def near_keys(word: str) -> frozenset[str]:
    """``word`` and every string one deletion from it (its keys in a symmetric-delete look-up; memoised)."""
    return frozenset([word[:i] + word[i + 1:] for i in range(len(word))] + [word])


# -- rules ------------------------------------------------------------------

def document_rule(tok: Tok, doc: DocView, ctx: RepairContext) -> Fix | None:
    """A once-printed word one edit from a word the same document prints at least twice."""
    low = tok.lower
    if len(low) < 5 or doc.counts[low] > 1 or not low.isalpha() or ctx.zipf(low) >= 1.0:
        return None  # a word the lexicon attests (luring beside during) is left alone
    near = process.extract(low, doc.repeated, scorer=OSA.distance, score_cutoff=1, limit=3)
    near = [n for n in near if n[0] != low and abs(len(n[0]) - len(low)) <= 1 and low != n[0] + "s"]
    if not near:
        return None  # (a plural beside its singular, the Bhuttos beside Bhutto, is no error)
    best = max(near, key=lambda n: (doc.counts[n[0]], ctx.zipf(n[0])))
    conf = 0.86 + min(doc.counts[best[0]], 4) * 0.02
    if len(near) > 1:
        conf -= 0.2
    if _ends_differ(low, best[0]):
        conf -= 0.1
    text = tok.text
    odd = text[:1].islower() and any(c.isupper() for c in text)  # eAlbanians: take the document's form
    rep = doc.printed(best[0]) if odd else match_case(text, best[0])
    return Fix(tok.start, tok.end, tok.text, rep, "ocr-document", round(conf, 2))


def lexicon_rule(tok: Tok, doc: DocView, ctx: RepairContext) -> Fix | None:
    """A word no source knows (or a rare one) one edit from a clearly commoner word."""
    low = tok.lower
    scored = lexicon_candidates(low, ctx)
    if scored is None:
        return None
    best, score = scored[0]
    second = scored[1][1] if len(scored) > 1 else 0.0
    gap = score - second
    attested = ctx.zipf(low) >= 1.0
    conf = 0.58 + 0.08 * min(gap, 3.0) + (0.06 if len(low) >= 6 else 0.0)
    if doc.counts[best] and not any(doc.counts[c] for c, _ in scored[1:]):
        conf += 0.2  # the document itself prints the candidate and no rival
    if attested:
        conf -= 0.08
    if len(low) == 4:
        conf -= 0.08  # VAKY (a name) is one letter from VARY, and so are a hundred short words
    if not doc.upper and tok.text[:1].isupper() and not doc.counts[best]:
        conf -= 0.15  # a capitalised word in mixed case is likely a name
    if _ends_differ(low, best):
        conf -= 0.08  # a lost or added last letter is the most ambiguous edit (articls: article or articles)
    if any(c.isupper() for c in tok.text[1:]) and not tok.text.isupper():
        conf -= 0.2  # McCOain, PolrAsst: odd capitals are names and abbreviations
    return Fix(tok.start, tok.end, tok.text, match_case(tok.text, best), "ocr-lexicon", round(min(conf, 0.97), 2))


def lexicon_candidates(low: str, ctx: RepairContext) -> list[tuple[str, float]] | None:
    """The candidates :func:`lexicon_rule` weighs for ``low`` if it proposes one (it then always does), else None.

    Document-free: whether the rule fires depends on the word alone; only its confidence reads the document.
    """
    if len(low) < 4 or not low.isalpha():
        return None
    own = ctx.zipf(low)
    attested = own >= 1.0
    if attested and (len(low) < RARE_MIN_LEN or own >= RARE_MAX_ZIPF):
        return None
    scored = ctx.candidates(low)
    if not scored:
        return None
    best, score = scored[0]
    if (attested and (score - own < RARE_GAP or _ends_differ(low, best))) or low == best + "s":
        return None
    return scored


def _ends_differ(a: str, b: str) -> bool:
    """One word is the other plus a last letter (Ossetian/Ossetia, drawdowns/drawdown)."""
    return a != b and (a.startswith(b) or b.startswith(a))


def split_rule(tok: Tok, doc: DocView, ctx: RepairContext) -> Fix | None:
    """Two words run together: both halves known, the whole not (BRIEFEDFONMIN)."""
    low = tok.lower
    whole = splittable(low, ctx)
    if whole is None:
        return None
    own, junk = whole
    best: tuple[float, int] | None = None
    counts = doc.counts
    for i, a, b, sa, sb, boost_a, boost_b in ctx.split_parts(low):
        if boost_a is not None and counts[a]:
            sa = boost_a
        if boost_b is not None and counts[b]:
            sb = boost_b
        if sa and sb and (best is None or sa + sb > best[0]):
            best = (sa + sb, i)
    if best is None:
        return None
    total, i = best
    a, b = low[:i], low[i:]
    conf = 0.62 + 0.05 * min(total / 2 - CANDIDATE_ZIPF, 3.0)
    if own == 0.0 or junk:
        conf += 0.1  # no source knows the run-together token
    if any(p in ctx.protected or (doc.counts[p] and ctx.zipf(p) < KNOWN_ZIPF) for p in (a, b)):
        conf += 0.06  # one half is cable-ese or a name the document prints (FONMIN)
    if 1.0 <= own < 2.0:
        conf -= 0.15
    if min(len(a), len(b)) == 2 and max(ctx.zipf(a), ctx.zipf(b)) < 6.0:
        conf -= 0.1  # "we comes" (welcomes?) is only a guess
    conf += _split_shape(tok.text, i, a)
    if min(len(a), len(b)) == 3:
        conf -= 0.05  # "for matt" (formatt: format?) is weaker than two long words
    rep = f"{tok.text[:i]} {tok.text[i:]}"
    return Fix(tok.start, tok.end, tok.text, rep, "ocr-split", round(min(conf, 0.95), 2))


def splittable(low: str, ctx: RepairContext) -> tuple[float, bool] | None:
    """``(own Zipf, junk)`` if :func:`split_rule` weighs the splits of ``low``, None if it refuses the word."""
    if len(low) < 6 or not low.isalpha():
        return None
    own = ctx.zipf(low)
    junk = own >= 2.0 and _common_pair(low, own, ctx)
    if own >= 2.0 and not junk:
        return None
    return own, junk


def _split_shape(text: str, i: int, first: str) -> float:
    """What the token's letters say about a split at ``i``: sawMedvedev yes, Martinon or narcotrafficking no."""
    if text[i - 1].islower() and text[i].isupper():
        return 0.1  # a capital inside a word is where the space went
    if first in COMPOUND_PREFIXES:
        return -0.15  # inter-agencies, narco-trafficking: a compound, not two words
    if text[0].isupper() and not text.isupper():
        return -0.15  # a capitalised mixed-case word is a name (Martinon, Peteris)
    return 0.0


def _common_pair(low: str, own: float, ctx: RepairContext) -> bool:
    """Web text attests junk like ``ofthe``: two very common words far commoner than their join."""
    for i in range(2, len(low) - 1):
        parts = ctx.zipf(low[:i]), ctx.zipf(low[i:])
        if min(parts) >= 6.0 and own < min(parts) - 3.9:
            return True
    return False


#: One way to split a word: (where, first half, second half, each half's score when the document
#: does not print it on its own, and its score when it does -- None when that makes no difference).
SplitPart = tuple[int, str, str, float, float, float | None, float | None]


def split_parts(low: str, ctx: RepairContext) -> tuple[SplitPart, ...]:
    """The splits :func:`split_rule` weighs for ``low``, with what each half scores with and without the document.

    A split whose halves can score nothing whatever the document prints is left out.
    """
    out: list[SplitPart] = []
    zipf, protected = ctx.zipf, ctx.protected
    for i in range(2, len(low) - 1):
        a, b = low[:i], low[i:]
        if b in SUFFIXES:
            continue
        sa, boost_a = _half_scores(a, b, zipf, protected)
        if not (sa or boost_a):
            continue
        sb, boost_b = _half_scores(b, a, zipf, protected)
        if sb or boost_b:
            out.append((i, a, b, sa, sb, boost_a, boost_b))
    return tuple(out)


def _half_scores(part: str, other: str, zipf: Callable[[str], float],
                 protected: frozenset[str]) -> tuple[float, float | None]:
    """How sure we are ``part`` is a word on its own (0 = not a word) when the document does not print it,
    and when it does (None: the same)."""
    n = len(part)
    if n == 2:
        if part not in FUNCTION_WORDS:
            return 0.0, None
        return (6.0 if zipf(other) >= 6.0 else 4.5), None  # "of the" yes; "we comes" only a flag
    if n >= 4 and part in protected:
        return 7.0, None
    z = zipf(part)
    if n == 3:
        return (z if z >= 5.0 else 0.0), None
    # printed on its own by the document, a half of four letters or more is a word (FONMIN)
    return (z if z >= (3.0 if n >= 6 else 3.5) else 0.0), max(z, 6.0)
