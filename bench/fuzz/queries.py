"""Generated search queries: valid ones from the grammar, then broken, deep, long and strange ones.

``make_query(rng)`` returns ``(query, depth)``; ``depth`` is the deepest parenthesis nesting, so a
failure on a deeply nested query can be counted apart (the query parser gets a depth limit).
"""

from __future__ import annotations

import random

WORDS = ["brezhnev", "tokyo", "soviet", "northern", "territories", "oil", "shah", "kissinger", "the", "a",
         "gromyko", "treaty", "islands", "ДОГОВОР", "条約", "naïve", "o'brien", "x" * 60, "12732", "1976"]
FIELDS = ["from", "to", "tag", "person", "place", "org", "class", "collection", "kind", "id", "subject",
          "signer", "date", "year", "title", "nosuchfield", "", "FROM", "text"]
DATES = ["1973-10-09", "1973..1976", ">=1975-01", "<1972", "1976-13-40", "..", "1976..", "..1976", ">=", "abc",
         "99999", "1975-02-30", "-1", "1973-10-09..1972-01-01"]
OPS = ["AND", "OR", "NOT", "-", "+", "&&", "||", "and", "or"]
NOISE = ['"', "(", ")", "*", ":", "\\", "'", "\0", "\n", "\t", "?", "~", "^", "[", "]", "{", "}", "..", "::",
         "\u202e", "\ud800", "𝔘", "<script>", "%", "&", "=", "!", "/", "\u200b"]


def _term(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.45:
        return rng.choice(WORDS) + ("*" if rng.random() < 0.1 else "")
    if kind < 0.6:
        return '"' + " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4))) + '"'
    if kind < 0.75:
        return f"date:{rng.choice(DATES)}"
    field = rng.choice(FIELDS)
    value = rng.choice(WORDS) if rng.random() < 0.8 else '"' + rng.choice(WORDS) + " " + rng.choice(WORDS) + '"'
    return f"{field}:{value}"


def _expr(rng: random.Random, depth: int) -> str:
    if depth <= 0 or rng.random() < 0.4:
        return _term(rng)
    parts = [_expr(rng, depth - 1) for _ in range(rng.randint(1, 3))]
    glue = f" {rng.choice(OPS)} " if rng.random() < 0.5 else " "
    text = glue.join(parts)
    return f"({text})" if rng.random() < 0.5 else text


def _depth(q: str) -> int:
    d = best = 0
    for ch in q:
        if ch == "(":
            d += 1
            best = max(best, d)
        elif ch == ")":
            d = max(0, d - 1)
    return best


def _break(rng: random.Random, q: str) -> str:
    """Damage a query: drop, insert or swap characters, cut it, or add noise."""
    chars = list(q)
    for _ in range(rng.randint(1, 4)):
        op = rng.random()
        i = rng.randint(0, len(chars))
        if op < 0.4:
            chars.insert(i, rng.choice(NOISE))
        elif op < 0.7 and chars:
            del chars[min(i, len(chars) - 1)]
        else:
            chars = chars[:i]
    return "".join(chars)


def make_query(rng: random.Random) -> tuple[str, int]:
    kind = rng.random()
    if kind < 0.45:
        q = _expr(rng, rng.randint(0, 4))
    elif kind < 0.75:
        q = _break(rng, _expr(rng, rng.randint(0, 4)))
    elif kind < 0.85:
        n = rng.choice([10, 31, 33, 100, 250, 1000])  # deep nesting, balanced or not
        q = "(" * n + _term(rng) + ")" * rng.choice([n, 0, n // 2])
    elif kind < 0.92:
        n = rng.choice([10, 100, 300])
        q = " ".join(rng.choice(["NOT", "-", "OR", "AND"]) for _ in range(n)) + " " + _term(rng)
    else:
        q = " ".join(_term(rng) for _ in range(rng.choice([20, 60, 200])))
    return q, _depth(q)
