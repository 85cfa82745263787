"""Audit every regular expression in src/legation for super-linear time.

    python bench/regex_audit.py [--src src] [--size 1000] [--factor 4] [--all]

Every pattern written as a literal in a call to ``re.compile``, ``re.search``,
``re.match``, ``re.fullmatch``, ``re.findall``, ``re.finditer``, ``re.sub``,
``re.subn`` or ``re.split`` is found by reading the source (``ast``), compiled
with its flags, and run with ``finditer`` to the end (a search at every
position: the worst a caller can do) over adversarial strings at two sizes:
long runs of one character (space, tab, dash, dot, letters, digits, newlines,
``<``, ``[``, ``|``, ...), short units repeated (``A ``, ``<div>``, ``[[``,
``x\\n``), and each of those behind the pattern's own literal prefix, so a
pattern that starts ``INTELLIGENCE\\s+`` is driven past its prefix.

A pattern is flagged when the time grows more than ``2 x factor`` when the
input grows ``factor`` times (linear growth is ``factor``, quadratic is
``factor**2``) and the larger run takes over 5 ms, or when one run hits the
per-run limit (2 s, interrupted by a signal; ``re`` checks for signals).  A
flagged pattern is timed again (best of 7) to rule out noise, and the growth
of one ``match()`` at position 0 on the same input is shown beside it: a
pattern that grows only under ``finditer`` is super-linear when searched over
a long text, not when matched against one line.
Only flagged patterns are printed unless ``--all``; a summary line ends the
output.  Nothing here is a test.
"""

from __future__ import annotations

import argparse
import ast
import re
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

REPO = Path(__file__).resolve().parents[1]
_FUNCS = {"compile": 1, "search": 2, "match": 2, "fullmatch": 2, "findall": 2, "finditer": 2,
          "sub": 4, "subn": 4, "split": 3}
_FLAGS = {name: getattr(re, name) for name in ("I", "M", "S", "X", "A", "U", "IGNORECASE", "MULTILINE",
                                                "DOTALL", "VERBOSE", "ASCII", "UNICODE")}
RUNS = [" ", "\t", "-", ".", "_", "=", "a", "A", "1", "\n", "<", "[", "]", "|", "#", "*", "/", "@", "(", ",", ":",
        "\u00a0"]
UNITS = ["A ", "a.", "1 ", "- ", "x\n", " \n", "<div>", "[[", "||", "AB ", "1.", "A\n\n", "12 ", "a,", "Z "]
LIMIT = 2.0


@dataclass
class Found:
    where: str
    source: str
    flags: int
    pattern: re.Pattern[str]


@dataclass
class Result:
    found: Found
    worst: str
    t_small: float
    t_large: float
    timed_out: bool
    anchored: str = ""  # growth of one match() at position 0 on the same input

    @property
    def ratio(self) -> float:
        return self.t_large / self.t_small if self.t_small > 0 else 0.0


class _Timeout(Exception):
    pass


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise _Timeout


def _flags(node: ast.expr | None) -> int:
    if node is None:
        return 0
    if isinstance(node, ast.Attribute) and node.attr in _FLAGS:
        return int(_FLAGS[node.attr])
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _flags(node.left) | _flags(node.right)
    return 0


def _call_pattern(node: ast.Call) -> tuple[str, int] | None:
    func = node.func
    if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "re"
            and func.attr in _FUNCS):
        return None
    if not node.args or not isinstance(node.args[0], ast.Constant) or not isinstance(node.args[0].value, str):
        return None
    flag_node: ast.expr | None = None
    pos = _FUNCS[func.attr]
    if len(node.args) > pos:
        flag_node = node.args[pos]
    for kw in node.keywords:
        if kw.arg == "flags":
            flag_node = kw.value
    return node.args[0].value, _flags(flag_node)


def find_patterns(src: Path) -> Iterator[Found]:
    for path in sorted(src.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            got = _call_pattern(node)
            if got is None:
                continue
            pattern, flags = got
            try:
                compiled = re.compile(pattern, flags)
            except re.error:
                continue
            yield Found(f"{path.relative_to(src)}:{node.lineno}", pattern, flags, compiled)


def _prefix(p: re.Pattern[str]) -> str:
    """The literal characters the pattern starts with (after ^ or \\b), as far as they go."""
    try:
        parsed = re._parser.parse(p.pattern, p.flags)  # type: ignore[attr-defined]
    except Exception:
        return ""
    out: list[str] = []
    for op, arg in parsed:
        name = str(op)
        if name == "AT":
            continue
        if name == "LITERAL":
            out.append(chr(arg))
            continue
        break
    return "".join(out)


def inputs(p: re.Pattern[str], n: int) -> Iterator[tuple[str, str]]:
    pre = _prefix(p)
    for c in RUNS:
        yield f"{c!r}*n", c * n
        yield f"x{c!r}*n y", "x" + c * n + "y"
        if pre:
            yield f"prefix+{c!r}*n", pre + c * n
    for u in UNITS:
        yield f"{u!r}*n", u * (n // len(u))
        if pre:
            yield f"prefix+{u!r}*n", pre + u * (n // len(u))
    yield "hl mark+spaces", "[[A||1]] x" + " " * n + "y [[B||2]]"


def _time(run: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()  # CPU time: the machine may be busy with other work
        run()
        dt = time.process_time() - t0
        best = min(best, dt)
        if dt > 0.2:  # slow enough to be above the noise: once is enough
            break
    return best


def _timed(p: re.Pattern[str], s: str, *, anchored: bool = False, repeat: int = 3) -> tuple[float, bool]:
    """Seconds for ``finditer`` to the end (or one ``match`` at 0), and whether the limit cut it."""
    def run() -> object:
        return p.match(s) if anchored else sum(1 for _ in p.finditer(s))

    signal.setitimer(signal.ITIMER_REAL, LIMIT)
    try:
        return _time(run, repeat), False
    except _Timeout:
        return LIMIT, True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _growth(p: re.Pattern[str], small: str, large: str, *, anchored: bool = False,
            repeat: int = 3) -> tuple[float, float, bool]:
    t_small, out = _timed(p, small, anchored=anchored, repeat=repeat)
    if out:
        return t_small, LIMIT, True
    t_large, out = _timed(p, large, anchored=anchored, repeat=repeat)
    return t_small, t_large, out


def audit(found: Found, size: int, factor: int) -> Result:
    """The input on which the pattern grows fastest; a flagged one is measured again, more carefully."""
    worst = Result(found, "", 0.0, 0.0, False)
    worst_score = -1.0
    small = dict(inputs(found.pattern, size))
    large = dict(inputs(found.pattern, size * factor))
    for label in large:
        t_small, t_large, out = _growth(found.pattern, small[label], large[label])
        if out:
            worst = Result(found, label, t_small, t_large, True)
            break
        score = t_large / max(t_small, 1e-4) if t_large > 0.005 else 0.0
        if score > worst_score:
            worst, worst_score = Result(found, label, t_small, t_large, False), score
    if flagged(worst, factor) and not worst.timed_out:  # noise from other processes: confirm it
        t_small, t_large, out = _growth(found.pattern, small[worst.worst], large[worst.worst], repeat=7)
        worst = Result(found, worst.worst, t_small, t_large, out)
    if worst.worst:
        a_small, a_large, a_out = _growth(found.pattern, small[worst.worst], large[worst.worst], anchored=True)
        worst.anchored = "timeout" if a_out else (f"x{a_large / a_small:.1f}" if a_large > 0.005 and a_small > 0
                                                  else "linear")
    return worst


def flagged(r: Result, factor: int) -> bool:
    return r.timed_out or (r.t_large > 0.005 and r.ratio > 2 * factor)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--src", default=str(REPO / "src"), help="the source tree (its legation package is read)")
    ap.add_argument("--size", type=int, default=1000)
    ap.add_argument("--factor", type=int, default=4)
    ap.add_argument("--all", action="store_true", help="print every pattern, not only the flagged ones")
    args = ap.parse_args()
    signal.signal(signal.SIGALRM, _alarm)
    src = Path(args.src) / "legation"
    found = list(find_patterns(src))
    bad = 0
    print(f"| where | worst input | {args.size} chars (ms) | {args.size * args.factor} chars (ms) | growth "
          "| growth of match() at 0 | pattern |")
    print("|---|---|---:|---:|---:|---:|---|")
    for f in found:
        r = audit(f, args.size, args.factor)
        is_bad = flagged(r, args.factor)
        bad += is_bad
        if is_bad or args.all:
            large = f"> {LIMIT * 1000:.0f}" if r.timed_out else f"{r.t_large * 1000:.1f}"
            growth = "timeout" if r.timed_out else f"x{r.ratio:.1f}"
            shown = f.source if len(f.source) <= 70 else f.source[:67] + "..."
            print(f"| {f.where} | {r.worst} | {r.t_small * 1000:.1f} | {large} | {growth} | {r.anchored} "
                  f"| `{shown}` |", flush=True)
    print(f"\n{len(found)} patterns audited, {bad} flagged as super-linear "
          f"(growth over x{2 * args.factor} for x{args.factor} input, or over {LIMIT:.0f} s)")


if __name__ == "__main__":
    main()
