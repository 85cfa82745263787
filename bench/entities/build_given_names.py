"""Build ``src/legation/data/given_names.txt``: given names learnt from the ``train`` split of the History
Lab gold (the first word of every multi-word individual person's name), without common English words.

    PYTHONPATH=src python bench/entities/build_given_names.py [--min-zipf 4.0]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evaluate import load

from legation.enrich.extract import ORGANISATIONS, gazetteer
from legation.enrich.names import TITLE_WORDS, fold, is_common_word
from legation.model import Record

OUT = Path(__file__).resolve().parents[2] / "src" / "legation" / "data" / "given_names.txt"


def learn(records: Iterable[Record], min_zipf: float = 4.0) -> list[str]:
    """The given names of the gold persons of ``records`` (see the module text)."""
    seen: Counter[str] = Counter()
    for rec in records:
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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--min-zipf", type=float, default=4.0, help="leave out given names at least this common")
    ap.add_argument("--out", default=str(OUT))
    args = ap.parse_args(argv)
    names = learn(load("train"), args.min_zipf)
    head = ["# given names learnt from the train split of ../shared/corpus/historylab-gt (History Lab gold,",
            "# no licence file: see README), by bench/entities/build_given_names.py; one folded name a line"]
    Path(args.out).write_text("\n".join(head + names) + "\n", encoding="utf-8")
    print(f"{len(names)} given names -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
