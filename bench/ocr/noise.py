"""OCR-like noise with a fixed seed, and a record of every change it made.

The kinds of damage are the ones the seed cable shows:

``confuse``    a visual confusion (rn/m, cl/d, e/c, h/b, l/i, u/n, O/0 ... ; PROPOSAL -> POOPOSAL)
``transpose``  two neighbouring letters swapped (POLYANSKY -> PLOYANSKY)
``drop``       a letter dropped (SOVIETS -> SOVITS, CONSULTATION -> CONSULATION)
``insert``     a letter added (KIND -> KAIND)
``merge``      the space between two words dropped (BRIEFED FONMIN -> BRIEFEDFONMIN)
``split``      a space dropped into a word (REVOLUTIONARY -> REVOLU TIONARY, a CREST title)

Only words of four letters or more are damaged (``merge`` joins two words of three or more),
and a damage that happens to spell a known word (a real-word error, which no non-word
detector can see) is not injected; how many were skipped is reported.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

WORD = re.compile(r"[A-Za-z]+")
CONFUSIONS = [("rn", "m"), ("m", "rn"), ("cl", "d"), ("d", "cl"), ("e", "c"), ("c", "e"), ("h", "b"),
              ("b", "h"), ("l", "i"), ("i", "l"), ("u", "n"), ("n", "u"), ("r", "o"), ("o", "a"), ("a", "o"),
              ("t", "f"), ("f", "t"), ("s", "a"), ("v", "y"), ("w", "vv")]
KINDS = ("confuse", "transpose", "drop", "insert", "merge", "split")


@dataclass(frozen=True)
class Injected:
    start: int  # in the noisy text
    end: int
    noisy: str
    original: str
    kind: str


def _case_like(model: str, s: str) -> str:
    return s.upper() if model.isupper() else s


def _confuse(w: str, rng: random.Random) -> str | None:
    low = w.lower()
    options = [(a, b) for a, b in CONFUSIONS if a in low]
    if not options:
        return None
    a, b = rng.choice(options)
    at = rng.choice([m.start() for m in re.finditer(re.escape(a), low)])
    return w[:at] + _case_like(w[at:at + len(a)], b) + w[at + len(a):]


def _transpose(w: str, rng: random.Random) -> str | None:
    i = rng.randrange(1, len(w) - 1)
    return None if w[i] == w[i + 1] else w[:i] + w[i + 1] + w[i] + w[i + 2:]


def _drop(w: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(w))
    return w[:i] + w[i + 1:]


def _insert(w: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(w))
    c = rng.choice("aeiounrst")
    return w[:i] + _case_like(w[i - 1], c) + w[i:]


def _split(w: str, rng: random.Random) -> str | None:
    if len(w) < 6:
        return None
    i = rng.randrange(2, len(w) - 1)
    return w[:i] + " " + w[i:]


DAMAGE: dict[str, Callable[[str, random.Random], str | None]] = {
    "confuse": _confuse, "transpose": _transpose, "drop": _drop, "insert": _insert, "split": _split}


def inject(text: str, rng: random.Random, rate: float, is_word: Callable[[str], bool]) -> tuple[str, list[Injected], int]:
    """Damage about ``rate`` of the words of ``text``; returns (noisy text, what was done, real-word skips)."""
    words = list(WORD.finditer(text))
    out: list[str] = []
    done: list[Injected] = []
    pos = 0
    skipped = 0
    i = 0
    while i < len(words):
        m = words[i]
        if len(m.group()) < 4 or rng.random() >= rate:
            i += 1
            continue
        kind = rng.choice(KINDS)
        if kind == "merge":
            nxt = words[i + 1] if i + 1 < len(words) else None
            if nxt is None or text[m.end():nxt.start()] != " " or len(nxt.group()) < 3:
                i += 1
                continue
            original, noisy, end = text[m.start():nxt.end()], m.group() + nxt.group(), nxt.end()
            i += 2
        else:
            damaged = DAMAGE[kind](m.group(), rng)
            i += 1
            if damaged is None or damaged == m.group():
                continue
            if all(is_word(part) for part in damaged.lower().split()):
                skipped += 1
                continue
            original, noisy, end = m.group(), damaged, m.end()
        out.append(text[pos:m.start()])
        start = sum(len(x) for x in out)
        out.append(noisy)
        done.append(Injected(start, start + len(noisy), noisy, original, kind))
        pos = end
    out.append(text[pos:])
    return "".join(out), done, skipped
