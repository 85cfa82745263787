"""Build ``src/legation/data/given_names.txt``: given names learnt from the ``train`` split of the History
Lab gold (the first word of every multi-word individual person's name), without common English words.

    PYTHONPATH=src python bench/entities/build_given_names.py [--min-zipf 4.0]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaluate import load

from legation.enrich.extract import ORGANISATIONS, gazetteer
from legation.enrich.names import TITLE_WORDS, fold, is_common_word

OUT = Path(__file__).resolve().parents[2] / "src" / "legation" / "data" / "given_names.txt"


def learn(min_zipf: float) -> list[str]:
    seen: Counter[str] = Counter()
    for rec in load("train"):
        for e in rec.entities:
            if e.type != "PERSON" or "IND" not in e.role.upper() or "," in e.name:
                continue
            words = fold(e.name).split()
            if len(words) < 2 or len(words[0]) < 3:
                continue
            first = words[0]
            if (first in TITLE_WORDS or is_common_word(first, min_zipf) or not first.isalpha()
                    or first in gazetteer() or first in ORGANISATIONS):  # ASEAN, BENINESE: gold slips
                continue
            seen[first] += 1
    return sorted(seen)


def from_nam_dict(path: str, min_zipf: float, min_freq: int) -> list[str]:
    """Given names of Jörg Michael's ``nam_dict.txt`` (as shipped in the ``gender-guesser`` 0.4.0 wheel,
    GNU FDL 1.2) with a frequency of at least ``min_freq`` (its 1-13 scale) in some country."""
    out: set[str] = set()
    for line in Path(path).read_text(encoding="iso-8859-1").splitlines():
        if line.startswith("#") or len(line) < 31 or line[:2].strip() not in {"M", "F", "?M", "?F", "?", "1M", "1F"}:
            continue
        name = line[3:29].strip()
        freqs = [int(c, 16) for c in line[30:85] if c.strip() and c in "0123456789abcdef"]
        if not freqs or max(freqs) < min_freq or " " in name or "+" in name:
            continue
        key = fold(name)
        if (len(key) >= 3 and key.isalpha() and key not in TITLE_WORDS and not is_common_word(key, min_zipf)
                and key not in gazetteer() and key not in ORGANISATIONS):
            out.add(key)
    return sorted(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--min-zipf", type=float, default=4.0, help="leave out given names at least this common")
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--nam-dict", default="", help="also the names of this nam_dict.txt (gender-guesser's data)")
    ap.add_argument("--min-freq", type=int, default=5, help="least nam_dict frequency (1-13) in some country")
    args = ap.parse_args(argv)
    names = learn(args.min_zipf)
    if args.nam_dict:
        names = sorted(set(names) | set(from_nam_dict(args.nam_dict, args.min_zipf, args.min_freq)))
    head = ["# given names learnt from the train split of ../shared/corpus/historylab-gt (History Lab gold,",
            "# no licence file: see README), by bench/entities/build_given_names.py; one folded name a line"]
    Path(args.out).write_text("\n".join(head + names) + "\n", encoding="utf-8")
    print(f"{len(names)} given names -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
