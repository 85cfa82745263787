"""OCR word repair with provenance: propose, apply above a threshold, flag the rest.

Usage::

    ctx = RepairContext(corpus=CorpusFrequencies.from_store(store), record_id=rec.id)
    fixes = repair(text, context=ctx)          # every proposal, applied or flagged
    repaired = apply(text, fixes)              # only those with ``applied=True``
    stored = rebase(fixes)                     # offsets moved into ``repaired``
    rec = repair_record(rec, context=ctx)      # all of it for a Record (text and body)

Offsets: the :class:`~legation.model.Correction` objects :func:`repair` returns index the
text it was given (before repair); :func:`apply` takes those. :func:`rebase` and
:func:`repair_record` give offsets into the repaired text, which is what a record stores
(``record.text[c.start:c.end] == c.replacement`` for an applied correction and
``== c.original`` for a flagged one), so the reading room can mark each repaired word and
a historian can undo it.

Applied or flagged: ``Correction.applied`` is True when the change was made, False when it
is only a flag. ``Correction.note`` says why a flag was not applied: ``below threshold``
(``confidence < context.threshold``), ``quoted`` (inside quotation marks, which are never
changed) or ``rejected`` (listed in the rejections file, see :mod:`legation.clean.rejections`).

Evidence, strongest first: the document (a spelling it prints twice), the protected
cable-ese (never changed), the corpus table (a spelling stored records use is a word), the
English lexicon (``wordfreq``). See :mod:`legation.clean.ocr_rules` for each rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import OSA

from legation.clean.lexicon import CorpusFrequencies, Lexicon, english, protected_words
from legation.clean.ocr_context import acronym_rule, context_rule, glyph_rule, glyph_shaped, initial_l, join_rule
from legation.clean.ocr_gate import WordGate, affixes, lexicon_affixes, word_gate
from legation.clean.ocr_rules import (
    CANDIDATE_ZIPF,
    KNOWN_ZIPF,
    SHORT_FIXES,
    DocView,
    Fix,
    SplitPart,
    Tok,
    deletes1,
    document_rule,
    lexicon_rule,
    near_keys,
    split_parts,
    split_rule,
)
from legation.clean.rejections import Rejections
from legation.model import Correction, Record

DEFAULT_THRESHOLD = 0.8
RULE_PREFIX = "ocr-"


@dataclass
class RepairContext:
    """The evidence and settings a repair run uses (one per ingest run; cheap to reuse).

    ``lexicon`` defaults to the shared English lexicon; ``corpus`` is optional (without it
    only the document and the lexicon count); ``protected`` are lower-case words never
    changed (default :data:`~legation.clean.lexicon.PROTECTED`; build a bigger set with
    :func:`~legation.clean.lexicon.protected_words` and the glossary file); ``threshold``
    is the confidence from which a change is applied; ``rejections`` are the historian's
    vetoes; ``record_id`` names the record being repaired (for the rejections).
    """

    lexicon: Lexicon = field(default_factory=english)
    corpus: CorpusFrequencies | None = None
    protected: frozenset[str] = field(default_factory=protected_words)
    threshold: float = DEFAULT_THRESHOLD
    rejections: Rejections | None = None
    record_id: str = ""
    min_corpus_docs: int = 3
    _cands: dict[str, list[tuple[str, float]]] = field(default_factory=dict, repr=False)
    _splits: dict[str, tuple[SplitPart, ...]] = field(default_factory=dict, repr=False)
    _gates: dict[bool, dict[str, WordGate]] = field(default_factory=lambda: {True: {}, False: {}}, repr=False)
    _corpus_affixes: tuple[frozenset[str], frozenset[str]] | None = field(default=None, repr=False)
    _zipfs: dict[str, float] = field(default_factory=dict, repr=False)
    _strong: frozenset[str] | None = field(default=None, repr=False)
    _index: dict[str, list[str]] | None = field(default=None, repr=False)
    _version: tuple[int, int] = field(default=(0, 0), repr=False)

    def for_record(self, record_id: str, *, threshold: float | None = None) -> RepairContext:
        """The same evidence (and memos) for another record, optionally with another threshold.

        The memos are brought up to date here first, so the clone shares them rather than
        finding them stale and clearing them (which would empty them once a record).
        """
        self._refresh()
        clone = RepairContext(self.lexicon, self.corpus, self.protected,
                              self.threshold if threshold is None else threshold, self.rejections,
                              record_id, self.min_corpus_docs)
        clone._cands, clone._gates, clone._zipfs, clone._strong, clone._index, clone._version = (
            self._cands, self._gates, self._zipfs, self._strong, self._index, self._version)
        clone._splits, clone._corpus_affixes = self._splits, self._corpus_affixes
        return clone

    def zipf(self, word: str) -> float:
        """The best frequency evidence for ``word`` (lexicon or corpus, Zipf units; memoised)."""
        z = self._zipfs.get(word)
        if z is None:
            if len(self._zipfs) > 500_000:
                self._zipfs.clear()
            z = self._zipfs[word] = self._zipf(word)
        return z

    def _zipf(self, word: str) -> float:
        z = self.lexicon.zipf(word)
        if self.corpus is not None and self.corpus.docs_with(word) >= self.min_corpus_docs:
            z = max(z, self.corpus.zipf(word), KNOWN_ZIPF)
        return z

    def known(self, word: str) -> bool:
        return word in self.protected or self.zipf(word) >= KNOWN_ZIPF

    def word_gates(self, upper: bool) -> dict[str, WordGate]:
        """The memo of :meth:`gate` for upper-case or mixed-case documents (brought up to date first)."""
        self._refresh()
        return self._gates[upper]

    def is_plain(self, word: str, upper: bool) -> bool:
        """True if no rule can ever touch ``word`` (as printed), whatever the document."""
        low = word.lower()
        if not word.isalpha():
            return not glyph_shaped(word)
        if low in SHORT_FIXES or (not upper and initial_l(word)):
            return False
        if not upper and word.isupper() and 3 <= len(word) <= 4:
            return False  # an acronym in mixed case: the acronym rule looks at it
        return (len(word) <= 3 or low in self.protected or (low[-1] == "s" and low[:-1] in self.protected)
                or self.zipf(low) >= KNOWN_ZIPF)

    def gate(self, word: str, upper: bool) -> WordGate:
        """:func:`~legation.clean.ocr_gate.word_gate` of ``word`` (memoised; call :meth:`word_gates` first)."""
        gates = self._gates[upper]
        hit = gates.get(word)
        if hit is None:
            if len(gates) > 200_000:
                gates.clear()
            hit = gates[word] = word_gate(word, upper, self)
        return hit

    def join_affixes(self) -> tuple[frozenset[str], frozenset[str]]:
        """Proper prefixes and suffixes of every word a join may make (lexicon, then corpus table words)."""
        self._refresh()
        lex = lexicon_affixes(self.lexicon)
        if self.corpus is None:
            return lex
        if self._corpus_affixes is None:
            known = frozenset(w for w, n in self.corpus.counts.items() if n >= self.min_corpus_docs)
            pre, suf = affixes(known)
            self._corpus_affixes = (lex[0] | pre, lex[1] | suf)
        return self._corpus_affixes

    def _refresh(self) -> None:
        """Forget memos made with an older corpus table (it grows as records arrive)."""
        version = (id(self.corpus), self.corpus.docs if self.corpus is not None else 0)
        if version != self._version:
            self._version = version
            self._gates = {True: {}, False: {}}
            self._corpus_affixes = None
            self._zipfs.clear()
            self._cands.clear()
            self._splits.clear()
            self._strong = None
            self._index = None

    def strong_words(self) -> frozenset[str]:
        """Every word common enough to be proposed as a repair."""
        self._refresh()
        if self._strong is None:
            self._strong = _strong_words(self.lexicon, self.protected, self.corpus, self._version[1],
                                         self.min_corpus_docs)
        return self._strong

    def _near(self, word: str) -> set[str]:
        """Strong words one edit (OSA distance 1) from ``word``, through a symmetric-delete index."""
        get = self._deletes_index().get
        found: set[str] = set()
        for key in near_keys(word):  # the word and its one-deletions
            found.update(get(key, ()))
        found.discard(word)
        return {c for c in found if OSA.distance(word, c, score_cutoff=1) <= 1}

    def _deletes_index(self) -> dict[str, list[str]]:
        strong = self.strong_words()
        if self._index is None:
            self._index = _deletes_index(strong)
        return self._index

    def _candidate_score(self, word: str) -> float:
        """A protected word is a good candidate (FONMIN), but a short code (ARA, GON) no better than its frequency."""
        z = self.zipf(word)
        return max(z, 4.5) if word in self.protected and len(word) >= 5 else z

    def split_parts(self, word: str) -> tuple[SplitPart, ...]:
        """The ways ``word`` may split into two words, with what the evidence says of each half (memoised)."""
        hit = self._splits.get(word)
        if hit is None:
            if len(self._splits) > 200_000:
                self._splits.clear()
            hit = self._splits[word] = split_parts(word, self)
        return hit

    def candidates(self, word: str) -> list[tuple[str, float]]:
        """Known words one edit from ``word``, commonest first (cached per context)."""
        hit = self._cands.get(word)
        if hit is None:
            near = self._near(word)
            scored = [(c, self._candidate_score(c)) for c in near]
            hit = sorted(scored, key=lambda x: (-x[1], x[0]))[:3]
            if len(self._cands) > 200_000:
                self._cands.clear()
            self._cands[word] = hit
        return hit


# Shared by every context with the same evidence (an ingest run, a test module): built once a process.
@lru_cache(maxsize=4)
def _strong_words(lexicon: Lexicon, protected: frozenset[str], corpus: CorpusFrequencies | None, docs: int,
                  min_docs: int) -> frozenset[str]:
    words = set(lexicon.common(CANDIDATE_ZIPF)) | protected
    if corpus is not None:
        words.update(w for w, n in corpus.counts.items() if n >= min_docs)
    return frozenset(words)


@lru_cache(maxsize=4)
def _deletes_index(strong: frozenset[str]) -> dict[str, list[str]]:
    """Symmetric-delete index: each word under itself and under every one-deletion of it."""
    index: dict[str, list[str]] = {}
    for w in strong:
        index.setdefault(w, []).append(w)
        for d in deletes1(w):
            index.setdefault(d, []).append(w)
    return index


Rule = Callable[[Tok, DocView, RepairContext], Fix | None]
WORD_RULES: tuple[Rule, ...] = (document_rule, lexicon_rule, split_rule)


def repair(text: str, *, context: RepairContext, gated: bool = True) -> list[Correction]:
    """Every repair proposed for ``text``, in text order; offsets index ``text`` as given.

    ``gated=False`` weighs every word that is not plain with the rules, without the word gates
    (:mod:`legation.clean.ocr_gate`) that leave out words no rule would change: the same result, slower
    (the tests compare the two).
    """
    doc = DocView(text)
    gates = context.word_gates(doc.upper)
    suspects = _suspects(doc, context) if gated else {
        w for w in set(doc.words) if not context.is_plain(w, doc.upper) and not _repeated(w, doc)}
    out: list[Correction] = []
    done = 0  # end of the last fix: a join may have taken the next token with it
    for tok in sorted((t for w in suspects for t in doc.occurrences(w)), key=lambda t: t.start):
        if tok.start < done:
            continue
        gate = gates.get(tok.text) if gated else None
        if gate is None or gate.full:
            nxt = doc.next_tok(tok.end)
            fix, joined = _best_fix(tok, nxt, doc, context), _join(tok, nxt, doc, context)
        else:
            fix = _gated_fix(tok, gate, doc, context)
            joined = _join(tok, doc.next_tok(tok.end), doc, context) if gate.join else None
        if joined is not None and joined.start >= done and (fix is None or joined.confidence > fix.confidence):
            fix = joined
        if fix is not None:
            out.append(_decide(fix, doc, context))
            done = fix.end
    return out


def _suspects(doc: DocView, ctx: RepairContext) -> set[str]:
    """The printed words of ``doc`` some rule may change (see :mod:`legation.clean.ocr_gate`)."""
    gates = ctx.word_gates(doc.upper)
    counts = doc.counts
    keys = counts.keys()
    out = set()
    for word in set(doc.words):  # WordGate.suspect, written out: this loop sees every word of every record
        gate = gates.get(word)
        if gate is None:
            if _repeated(word, doc):
                continue  # (a name the document prints twice: its gate waits for a document that does not)
            gate = ctx.gate(word, doc.upper)
        if gate.skip or (gate.repeat is not None and counts[gate.repeat] > 1):
            continue
        if gate.always or (gate.near is not None and not gate.near.isdisjoint(doc.near_repeated)) or (
                not keys.isdisjoint(gate.triggers) and gate.split(doc)):
            out.add(word)
    return out


def _repeated(word: str, doc: DocView) -> bool:
    """A word of 4+ letters the document prints twice or more is its spelling (POLYANSKY): no rule touches it."""
    return len(word) > 3 and word.isalpha() and doc.counts[word.lower()] > 1 and not initial_l(word)


def _join(tok: Tok, nxt: Tok | None, doc: DocView, ctx: RepairContext) -> Fix | None:
    """The better of joining ``tok`` to the word after it or to the word before it."""
    if _whole_term(tok, ctx) or not tok.text.isalpha():
        return None
    fixes = [f for f in (join_rule(tok, nxt, doc, ctx), _join_back(tok, doc, ctx)) if f is not None]
    return max(fixes, key=lambda f: f.confidence) if fixes else None


def _join_back(tok: Tok, doc: DocView, ctx: RepairContext) -> Fix | None:
    if tok.start < 2 or doc.text[tok.start - 1] != " " or not doc.text[tok.start - 2].isalpha():
        return None
    prev = doc.prev_tok(tok.start)
    return join_rule(prev, tok, doc, ctx) if prev is not None and not _whole_term(prev, ctx) else None


def _whole_term(tok: Tok, ctx: RepairContext) -> bool:
    """A protected word of four letters or more is never half of a broken word (a short code may be: CO, AR)."""
    return len(tok.text) >= 4 and tok.lower in ctx.protected


def _best_fix(tok: Tok, nxt: Tok | None, doc: DocView, ctx: RepairContext) -> Fix | None:
    low = tok.lower
    if low in ctx.protected or (low[-1] == "s" and low[:-1] in ctx.protected) or _in_address(doc.text, tok):
        return None  # cable-ese, its plurals (DEMARCHES, REFTELS), and addresses stay as printed
    if len(low) <= 3 or not low.isalpha():
        return context_rule(tok, nxt, doc, ctx) or glyph_rule(tok, nxt, doc, ctx) or acronym_rule(tok, doc, ctx)
    if not doc.upper and tok.text.isupper():
        return acronym_rule(tok, doc, ctx)  # an acronym in mixed case: only ever flagged
    glyph = glyph_rule(tok, nxt, doc, ctx)
    if glyph is not None:
        return glyph
    if doc.counts[low] > 1 or ctx.zipf(low) >= KNOWN_ZIPF:
        return context_rule(tok, nxt, doc, ctx)
    fixes = [f for f in (rule(tok, doc, ctx) for rule in WORD_RULES) if f is not None]
    return max(fixes, key=lambda f: f.confidence) if fixes else None


def _gated_fix(tok: Tok, gate: WordGate, doc: DocView, ctx: RepairContext) -> Fix | None:
    """:func:`_best_fix` of a letter word whose gate is not ``full``: only the word rules the gate lets through.

    (Such a word is no cable-ese, no short or mixed-case capital word, no ``l``-word in mixed case, and
    no word a source knows: of :func:`_best_fix` only the address test and the word rules remain.)
    """
    if _in_address(doc.text, tok) or doc.counts[tok.lower] > 1:
        return None
    rules = [rule for rule, may in ((document_rule, gate.document(doc)), (lexicon_rule, gate.lexicon),
                                    (split_rule, gate.split(doc))) if may]
    fixes = [f for f in (rule(tok, doc, ctx) for rule in rules) if f is not None]
    return max(fixes, key=lambda f: f.confidence) if fixes else None


def _in_address(text: str, tok: Tok) -> bool:
    """Part of an e-mail address, host name, path or identifier (state.sgov.gov, a/b, x_y)."""
    before = text[tok.start - 1] if tok.start else " "
    after = text[tok.end] if tok.end < len(text) else " "
    after2 = text[tok.end + 1] if tok.end + 1 < len(text) else " "
    return (before in "@./\\_" and tok.start > 1 and text[tok.start - 2].isalnum()) or after in "@/\\_" or (
        after == "." and after2.isalnum())


def _decide(fix: Fix, doc: DocView, ctx: RepairContext) -> Correction:
    c = Correction(start=fix.start, end=fix.end, original=fix.original, replacement=fix.replacement,
                   rule=fix.rule, confidence=fix.confidence, applied=False)
    if ctx.rejections is not None and ctx.rejections.rejects(ctx.record_id, c):
        c.note = "rejected"
    elif doc.in_quotes(fix.start):
        c.note = "quoted"
    elif fix.confidence < ctx.threshold:
        c.note = "below threshold"
    else:
        c.applied = True
    return c


def apply(text: str, corrections: Iterable[Correction]) -> str:
    """``text`` with the applied corrections made (offsets index ``text``; overlaps skipped)."""
    return _apply_spans(text, [(c.start, c.end, c.original, c.replacement) for c in corrections if c.applied])


def _apply_spans(text: str, spans: list[tuple[int, int, str, str]], shift: int = 0) -> str:
    """:func:`apply` of ``(start, end, original, replacement)`` spans whose offsets are ``shift`` past ``text``'s."""
    parts: list[str] = []
    pos = 0
    for start, end, original, replacement in sorted(spans, key=lambda s: s[0]):
        start, end = start - shift, end - shift
        if start < pos or text[start:end] != original:
            continue
        parts.append(text[pos:start])
        parts.append(replacement)
        pos = end
    parts.append(text[pos:])
    return "".join(parts)


def rebase(corrections: Iterable[Correction]) -> list[Correction]:
    """The corrections with offsets moved from the input text into the repaired text."""
    out: list[Correction] = []
    shift = 0
    for c in sorted(corrections, key=lambda c: c.start):
        width = len(c.replacement) if c.applied else len(c.original)
        out.append(c.model_copy(update={"start": c.start + shift, "end": c.start + shift + width}))
        if c.applied:
            shift += len(c.replacement) - len(c.original)
    return out


def repair_record(record: Record, *, context: RepairContext) -> Record:
    """Repair ``record.text`` and its body blocks; add the corrections (offsets into the new text).

    Idempotent: a record that already carries ``ocr-*`` corrections is returned unchanged.
    """
    if any(c.rule.startswith(RULE_PREFIX) for c in record.corrections) or not record.text:
        return record
    ctx = context.for_record(record.id) if context.record_id != record.id else context
    fixes = repair(record.text, context=ctx)
    if not fixes:
        return record
    _repair_blocks(record, fixes)
    record.text = apply(record.text, fixes)
    record.corrections.extend(rebase(fixes))
    return record


def undo(text: str, corrections: Iterable[Correction]) -> str:
    """The text before repair, from a repaired ``text`` and its stored (rebased) corrections."""
    out = text
    for c in sorted((c for c in corrections if c.applied and c.rule.startswith(RULE_PREFIX)),
                    key=lambda c: -c.start):
        if out[c.start:c.end] == c.replacement:
            out = out[:c.start] + c.original + out[c.end:]
    return out


def unrepaired(record: Record) -> Record:
    """A copy of ``record`` whose text and body read as before OCR repair (its corrections kept)."""
    ocr = [c for c in record.corrections if c.applied and c.rule.startswith(RULE_PREFIX)]
    if not ocr:
        return record.model_copy(deep=True)
    out = record.model_copy(deep=True)
    cursor = 0
    for block in out.body:
        at = record.text.find(block.text, cursor) if block.text else -1
        if at < 0:
            continue
        end = at + len(block.text)
        cursor = end
        inside = [c.model_copy(update={"start": c.start - at, "end": c.end - at})
                  for c in ocr if at <= c.start and c.end <= end]
        block.text = undo(block.text, inside)
    out.text = undo(record.text, ocr)
    return out


def _repair_blocks(record: Record, fixes: list[Correction]) -> None:
    """Make each body block read as the repaired text does (blocks are substrings of text)."""
    applied = [(c.start, c.end, c.original, c.replacement) for c in fixes if c.applied]
    cursor = 0
    for block in record.body:
        if not block.text:
            continue
        at = record.text.find(block.text, cursor)
        if at < 0:
            continue
        end = at + len(block.text)
        cursor = end
        inside = [span for span in applied if at <= span[0] and span[1] <= end]
        if inside:
            block.text = _apply_spans(block.text, inside, shift=at)
