"""The OCR repair rules that read a word's neighbours or its glyphs (see :mod:`legation.clean.ocr_rules`).

``ocr-join`` (REVOLU TIONARY), ``ocr-context`` (EH SOVIETS), ``ocr-glyph`` (lshkov, C0NSULATE) and the
``ocr-acronym`` flag (MDA beside MFA). Each takes a token (and its neighbour) and returns a
:class:`~legation.clean.ocr_rules.Fix` or ``None``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from legation.clean.ocr_rules import (
    DIGIT_GLYPHS,
    FUNCTION_WORDS,
    JOIN_ZIPF,
    NOT_AFTER_INITIAL_L,
    SHORT_FIXES,
    DocView,
    Fix,
    Tok,
    match_case,
)

if TYPE_CHECKING:
    from legation.clean.ocr import RepairContext


def join_rule(first: Tok, second: Tok | None, doc: DocView, ctx: RepairContext) -> Fix | None:
    """A word broken by a stray space: ``REVOLU TIONARY`` -> ``REVOLUTIONARY``."""
    if second is None or doc.text[first.end:second.start] != " ":
        return None
    a, b = first.lower, second.lower
    if not (a.isalpha() and b.isalpha()) or len(a) + len(b) < 6 or {a, b} & {"a", "i"}:
        return None
    joined = ctx.zipf(a + b)
    if joined < JOIN_ZIPF or (second.text[0].isupper() and not second.text.isupper()):
        return None  # "New York" is two words; so is anything whose join is no common word
    za, zb = (0.0 if len(a) == 1 else ctx.zipf(a)), (0.0 if len(b) == 1 else ctx.zipf(b))
    weak = [z for z, w in ((za, a), (zb, b)) if z < 2.0 and doc.counts[w] < 2]
    if not weak:
        return None
    conf = 0.9 if len(weak) == 2 or (min(weak) == 0.0 and joined >= 4.0) else 0.8 if min(weak) == 0.0 else 0.7
    return Fix(first.start, second.end, f"{first.text} {second.text}", first.text + second.text, "ocr-join", conf)


def context_rule(tok: Tok, nxt: Tok | None, doc: DocView, ctx: RepairContext) -> Fix | None:
    """A mangled short word (EH, TNE ...) read from the word after it: ``EH SOVIETS``."""
    low = tok.lower
    want = SHORT_FIXES.get(low)
    if want is None or nxt is None or not nxt.text.isalpha():
        return None
    if doc.text[tok.end:nxt.start] != " ":
        return None  # "Eh, ..." or "eh?" is speech, not a damaged THE
    if not doc.upper and not (tok.text.islower() and nxt.text.islower()):
        return None
    conf = 0.8
    if (want, nxt.lower) in doc.bigrams:
        conf += 0.12
    if ctx.zipf(low) >= 4.0 and not doc.upper:
        conf -= 0.1
    return Fix(tok.start, tok.end, tok.text, match_case(tok.text, want), "ocr-context", round(conf, 2))


def glyph_rule(tok: Tok, nxt: Tok | None, doc: DocView, ctx: RepairContext) -> Fix | None:
    """Look-alike glyphs: digits inside words (C0NSUL) and l for I in mixed case (lshkov)."""
    text = tok.text
    if not text.isalpha() and any(c.isdigit() for c in text):  # isalpha: the cheap refusal
        return _digit_glyphs(tok, doc, ctx)
    if doc.upper or not text.startswith("l"):
        return None
    if text == "l":
        before = doc.text[max(0, tok.start - 3):tok.start]
        spaced = len(before) >= 2 and before[-2].isalpha() and (len(before) < 3 or not before[-3].isalnum())
        if not spaced and nxt is not None and nxt.text.islower() and doc.text[tok.end:nxt.start] == " ":
            return Fix(tok.start, tok.end, text, "I", "ocr-glyph", 0.9)
        return None
    if not initial_l(text) or ctx.zipf(tok.lower) >= 2.0:
        return None
    rep = "I" + text[1:]
    if ctx.known(rep.lower()):
        word = rep if _sentence_start(doc.text, tok.start) else rep.lower()
        return Fix(tok.start, tok.end, text, word, "ocr-glyph", 0.85)  # lnsights: insights
    if doc.counts[rep.lower()]:
        return Fix(tok.start, tok.end, text, rep, "ocr-glyph", 0.93)  # the document prints Ishkov
    return Fix(tok.start, tok.end, text, rep, "ocr-glyph", 0.7)


def _sentence_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip()
    return not before or before[-1] in ".!?:\n\"("


def initial_l(word: str) -> bool:
    """``l`` alone, or l + a letter no English word starts with (``lshkov``): a capital I misread."""
    return word == "l" or (len(word) >= 3 and word[0] == "l" and word[1] in NOT_AFTER_INITIAL_L
                           and word[1:].islower())


def glyph_shaped(word: str) -> bool:
    """A letter word with one or two digits that may be look-alike letters (``C0NSUL``, ``0F``)."""
    digits = sum(c.isdigit() for c in word)
    return (len(word) >= 2 and 0 < digits <= 2 and digits * 2 < len(word) and not word[0].isdigit()
            and any(c in DIGIT_GLYPHS for c in word))


def _digit_glyphs(tok: Tok, doc: DocView, ctx: RepairContext) -> Fix | None:
    text = tok.text
    if not glyph_shaped(text):
        return None
    cand = "".join(DIGIT_GLYPHS.get(c, c) for c in text.lower())
    if cand == text.lower() or not cand.isalpha():
        return None
    alt = cand.replace("l", "i") if "1" in text else cand
    for word in (cand, alt):
        if (len(word) == 2 and word in FUNCTION_WORDS) or ctx.known(word) or doc.counts[word]:
            letters = [c for c in text if c.isalpha()]
            upper = all(c.isupper() for c in letters)
            return Fix(tok.start, tok.end, text, word.upper() if upper else word, "ocr-glyph", 0.9)
    return None


def acronym_rule(tok: Tok, doc: DocView, ctx: RepairContext) -> Fix | None:
    """In mixed case: an acronym printed once, one letter from an acronym the document uses."""
    text = tok.text
    if doc.upper or not (3 <= len(text) <= 4) or not text.isupper() or doc.caps[text] > 1:
        return None
    others = [a for a in doc.caps_by_length.get(len(text), ()) if a != text
              and sum(x != y for x, y in zip(a, text, strict=True)) == 1]
    if len(others) != 1:
        return None
    return Fix(tok.start, tok.end, text, others[0], "ocr-acronym", 0.5)
