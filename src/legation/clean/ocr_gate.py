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

from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

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


class WordGate(NamedTuple):
    """What the document-free evidence says of one printed word: which rules may fire on it.

    (A named tuple: one is made for every new word an ingest meets, and a tuple is the cheapest to make.)
    """

    #: plain (no rule ever touches it) or no rule can fire on it whatever the document: never a suspect
    skip: bool
    #: a rule that reads the neighbours or the glyphs may fire: run every rule as :func:`~legation.clean.ocr.repair` does
    full: bool = False
    #: the word lower-cased if a document that prints it twice thereby spells it (no rule touches it then)
    repeat: str | None = None
    #: the lexicon rule proposes a fix (whatever the document)
    lexicon: bool = False
    #: the join rule may join it to the word before or after it
    join: bool = False
    #: for the document rule, the word and its one-deletions (None: the rule never fires)
    near: frozenset[str] | None = None
    #: for the split rule, per split point the halves that score only if the document prints them
    #: (None: a split point scores whatever the document prints)
    needs: tuple[tuple[str, ...], ...] | None = ()
    #: some rule may fire whatever the document prints (``full``, ``lexicon``, ``join`` or a split that scores)
    always: bool = False
    #: every half in :attr:`needs` (a document that prints none of them lets no split point score)
    triggers: frozenset[str] = frozenset()

    def suspect(self, doc: DocView) -> bool:
        """False if no rule can propose a fix for the word in ``doc`` (True: run them and see)."""
        if self.skip or (self.repeat is not None and doc.counts[self.repeat] > 1):
            return False
        return self.always or self.document(doc) or self.split(doc)

    def document(self, doc: DocView) -> bool:
        """False if the document rule cannot fire in ``doc``: no word it repeats is one edit away."""
        return self.near is not None and not self.near.isdisjoint(doc.near_repeated)

    def split(self, doc: DocView) -> bool:
        """False if no split point can score in ``doc``."""
        if self.needs is None:
            return True
        counts = doc.counts
        if counts.keys().isdisjoint(self.triggers):
            return False
        return any(all(h in counts for h in need) for need in self.needs)


SKIP = WordGate(True)


def word_gate(word: str, upper: bool, ctx: RepairContext) -> WordGate:
    """The gate of ``word`` (as printed) in an upper-case (``upper``) or mixed-case document."""
    if ctx.is_plain(word, upper):
        return SKIP
    repeat = word.lower() if len(word) > 3 and word.isalpha() and not initial_l(word) else None
    return _gate(word, upper, ctx, repeat)


def _gate(word: str, upper: bool, ctx: RepairContext, repeat: str | None) -> WordGate:
    if len(word) <= 3 or not word.isalpha():
        return _full(repeat)  # the context and glyph rules read the neighbours
    low = word.lower()
    if low in SHORT_FIXES or (not upper and (word.isupper() or word[0] == "l")):
        return _full(repeat)  # the context rule; in mixed case the acronym rule and the l/I glyph rule
    protected = low in ctx.protected
    join = not protected and joinable(low, ctx)  # (a protected word of 4+ letters is never half of a join)
    if protected or (low[-1] == "s" and low[:-1] in ctx.protected):
        return _made(repeat, False, join, None, ()) if join else SKIP  # cable-ese is left as printed
    own = ctx.zipf(low)
    if own >= KNOWN_ZIPF:  # only the context rule would look at it, and it is no damaged short word
        return _made(repeat, False, join, None, ()) if join else SKIP
    lexicon = lexicon_candidates(low, ctx) is not None
    needs = _split_needs(low, ctx)
    near = near_keys(low) if len(low) >= 5 and own < 1.0 else None
    if not (lexicon or join or near is not None or needs is None or needs):
        return SKIP
    return _made(repeat, lexicon, join, near, needs)


def _full(repeat: str | None) -> WordGate:
    return WordGate(False, True, repeat, always=True)


def _made(repeat: str | None, lexicon: bool, join: bool, near: frozenset[str] | None,
          needs: tuple[tuple[str, ...], ...] | None) -> WordGate:
    return WordGate(False, False, repeat, lexicon, join, near, needs, lexicon or join or needs is None,
                    frozenset(h for need in needs or () for h in need))


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
