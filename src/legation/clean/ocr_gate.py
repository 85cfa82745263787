"""Which suspect words no OCR rule can repair in a document: the document-free part of each verdict, once a word.

:func:`repair <legation.clean.ocr.repair>` weighs every word no source knows (a suspect) with up to six rules.
Most suspects come out unchanged, and for most of them the reason does not depend on the document at all: no
common word is one edit away (lexicon), no split point gives two words (split), no common word starts or ends
with it (join). :func:`word_gate` works that out once per printed word (memoised per repair context, like the
other per-word memos) as a :class:`WordGate`; :meth:`WordGate.may_fire` then tells, from a set look-up or two
in the document, whether any rule may fire. Only then are the rules run, exactly as before: the gate only ever
skips a word when every rule would have returned ``None`` for it (``tests/clean/test_ocr_gate.py`` checks
this against the plain path).

What each rule needs, and how the gate proves it cannot get it:

- document (``ocr-document``): a word the document prints twice, one edit (OSA) away. A word one edit from
  another shares with it the word itself or a one-deletion (symmetric deletes), so a word whose one-deletions
  meet none of the document's (:attr:`~legation.clean.ocr_rules.DocView.near_repeated`) is near none.
- lexicon (``ocr-lexicon``): whether it proposes is document-free (:func:`~legation.clean.ocr_rules.
  lexicon_candidates`); if it does, the rules run.
- split (``ocr-split``): a split point whose two halves score; a half that scores only when the document
  prints it on its own is a *trigger*: no trigger printed, and no split point that scores anyway, no split.
- join (``ocr-join``): the joined word must reach :data:`~legation.clean.ocr_rules.JOIN_ZIPF`, so the word
  must be a proper prefix (joined forward) or suffix (joined back) of such a word: of a lexicon word that
  common or a word the corpus table knows.
- context, glyph and acronym (short words, digits, ``l`` for ``I``, acronyms in mixed case): they read the
  neighbours; such words always run the rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from legation.clean.ocr_context import initial_l
from legation.clean.ocr_rules import (
    JOIN_ZIPF,
    KNOWN_ZIPF,
    SHORT_FIXES,
    DocView,
    lexicon_candidates,
    near_keys,
    splittable,
)

if TYPE_CHECKING:
    from legation.clean.lexicon import Lexicon
    from legation.clean.ocr import RepairContext


@dataclass(frozen=True, slots=True)
class WordGate:
    """What the document-free evidence says of one printed word."""

    #: plain (no rule ever touches it) or no rule can fire on it whatever the document: never a suspect
    skip: bool
    #: some rule may fire whatever the document prints: run the rules
    run: bool = False
    #: the word lower-cased if a document that prints it twice thereby spells it (no rule touches it then)
    repeat: str | None = None
    #: for the document rule, the word and its one-deletions (None: the rule never fires)
    near: frozenset[str] | None = None
    #: for the split rule, per split point the halves that score only if the document prints them
    needs: tuple[tuple[str, ...], ...] = ()

    def suspect(self, doc: DocView) -> bool:
        """False if no rule can propose a fix for the word in ``doc`` (True: run them and see)."""
        if self.skip or (self.repeat is not None and doc.counts[self.repeat] > 1):
            return False
        if self.run:
            return True
        if self.near is not None and not self.near.isdisjoint(doc.near_repeated):
            return True
        counts = doc.counts
        return any(all(h in counts for h in need) for need in self.needs)


SKIP = WordGate(True)


def word_gate(word: str, upper: bool, ctx: RepairContext) -> WordGate:
    """The gate of ``word`` (as printed) in an upper-case (``upper``) or mixed-case document."""
    if ctx.is_plain(word, upper):
        return SKIP
    repeat = word.lower() if len(word) > 3 and word.isalpha() and not initial_l(word) else None
    return _gate(word, upper, ctx, repeat)


def _gate(word: str, upper: bool, ctx: RepairContext, repeat: str | None) -> WordGate:
    run = WordGate(False, True, repeat)
    if len(word) <= 3 or not word.isalpha():
        return run  # the context and glyph rules read the neighbours
    low = word.lower()
    if low in SHORT_FIXES or (not upper and (word.isupper() or word[0] == "l")):
        return run  # the context rule; in mixed case the acronym rule and the l/I glyph rule
    protected = low in ctx.protected
    if not protected and joinable(low, ctx):
        return run  # (a protected word of four letters or more is never half of a join)
    if protected or (low[-1] == "s" and low[:-1] in ctx.protected):
        return SKIP  # cable-ese and its plurals stay as printed
    own = ctx.zipf(low)
    if own >= KNOWN_ZIPF:
        return SKIP  # only the context rule would look at it, and it is no damaged short word
    if lexicon_candidates(low, ctx) is not None:
        return run
    needs = _split_needs(low, ctx)
    if needs is None:
        return run
    near = near_keys(low) if len(low) >= 5 and own < 1.0 else None
    return WordGate(False, False, repeat, near, needs) if near is not None or needs else SKIP


def _split_needs(low: str, ctx: RepairContext) -> tuple[tuple[str, ...], ...] | None:
    """Per split point of ``low``, the halves the document must print for it to score (None: one scores anyway)."""
    if splittable(low, ctx) is None:
        return ()
    out: list[tuple[str, ...]] = []
    for _i, a, b, sa, sb, _boost_a, _boost_b in ctx.split_parts(low):
        need = tuple(p for p, s in ((a, sa), (b, sb)) if not s)
        if not need:
            return None
        out.append(need)
    return tuple(out)


def joinable(low: str, ctx: RepairContext) -> bool:
    """True if ``low`` may be the first or second half of a word the join rule accepts."""
    prefixes, suffixes = ctx.join_affixes()
    return low in prefixes or low in suffixes


def affixes(words: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """Every proper prefix and every proper suffix of ``words``."""
    prefixes = {w[:i] for w in words for i in range(1, len(w))}
    suffixes = {w[i:] for w in words for i in range(1, len(w))}
    return frozenset(prefixes), frozenset(suffixes)


@lru_cache(maxsize=4)
def lexicon_affixes(lexicon: Lexicon) -> tuple[frozenset[str], frozenset[str]]:
    """:func:`affixes` of the lexicon words common enough for a join (built once a process)."""
    return affixes(lexicon.common(JOIN_ZIPF))
