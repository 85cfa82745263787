"""Evaluate OCR word repair: the seeds against EXPECTED.md, then synthetic noise on real cables.

    PYTHONPATH=src python bench/ocr/evaluate.py [--limit 600] [--rate 0.03] [--seed 13]

(a) Seeds: the seven OCR errors of the seed cable and ``lshkov`` of the seed transcript must
    be repaired (applied), ``MDA`` flagged and not applied, and none of the cable-ese words
    EXPECTED.md lists changed.
(b) Synthetic: the cablegate pages of ``../shared/corpus/cablegate-html`` are parsed with
    legation; the even-numbered half (by path) fills the corpus frequency table, the odd half
    is evaluated. Each evaluated text is damaged with :mod:`noise` (fixed seed) and repaired:

    - precision: applied corrections that restore exactly the original / all applied;
    - recall: injected errors restored exactly / all injected;
    - false-change rate: corrections applied to the *clean* text, per 10,000 words;
    - throughput: repair of the noisy texts, cables per second (one process, after warm-up).

Only numbers are printed; nothing here is a test.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from noise import Injected, inject  # noqa: E402

from legation.clean.lexicon import CorpusFrequencies, english  # noqa: E402
from legation.clean.ocr import RepairContext, apply, repair  # noqa: E402
from legation.formats.base import InputDoc  # noqa: E402
from legation.ingest.pipeline import parse_input  # noqa: E402
from legation.model import Correction  # noqa: E402

REPO = HERE.parents[1]
SHARED = (REPO / ".." / "shared").resolve()
SEED_CABLE = SHARED / "samples" / "seeds" / "000_a3b791d980bf280d.txt"
SEED_TRANSCRIPT = SHARED / "samples" / "seeds" / "003_a471758ded6c4cfe.txt"
SEED_FIXES = {"PLOYANSKY": "POLYANSKY", "POOPOSAL": "PROPOSAL", "KAIND": "KIND", "EH": "THE",
              "SOVITS": "SOVIETS", "CONSULATION": "CONSULTATION", "BRIEFEDFONMIN": "BRIEFED FONMIN"}
CABLE_ESE = ["FONMIN", "DEPFONMIN", "GOJ", "EMBOFF", "REFTEL", "NOTAL", "SECGEN", "CPSU", "FONOFF",
             "DIVDIR", "KEIDANREN", "LONGRANGE", "YALTA", "TOGO"]


def parse_text(path: Path) -> tuple[str, str]:
    parsed = parse_input(InputDoc(path=str(path), data=path.read_bytes()))
    rec = parsed.records[0]
    return rec.id, rec.text


def seeds(ctx: RepairContext) -> bool:
    ok = True
    _, cable = parse_text(SEED_CABLE)
    fixes = repair(cable, context=ctx)
    applied = {c.original: c.replacement for c in fixes if c.applied}
    for wrong, right in SEED_FIXES.items():
        hit = applied.get(wrong) == right
        ok &= hit
        print(f"  seed cable  {wrong:14} -> {right:15} {'ok' if hit else 'MISSED'}")
    changed = [w for w in CABLE_ESE if w in applied]
    ok &= not changed
    print(f"  cable-ese unchanged: {'ok' if not changed else 'CHANGED ' + ', '.join(changed)}")
    extra = sorted(set(applied) - set(SEED_FIXES))
    print(f"  other changes applied in the seed cable: {extra or 'none'}")
    _, transcript = parse_text(SEED_TRANSCRIPT)
    tfix = repair(transcript, context=ctx)
    ish = any(c.original == "lshkov" and c.replacement == "Ishkov" and c.applied for c in tfix)
    mda = any(c.original == "MDA" and c.replacement == "MFA" and not c.applied for c in tfix)
    ok &= ish and mda
    print(f"  seed transcript lshkov -> Ishkov {'ok' if ish else 'MISSED'}; MDA -> MFA flagged {'ok' if mda else 'MISSED'}")
    others = [(c.original, c.replacement) for c in tfix if c.applied and c.original != "lshkov"]
    print(f"  other changes applied in the seed transcript: {others or 'none'}")
    return ok


def load_cables(limit: int) -> list[tuple[str, str]]:
    paths = sorted((SHARED / "corpus" / "cablegate-html").rglob("*.html"))
    out = []
    for p in paths[: limit or None]:
        try:
            rid, text = parse_text(p)
        except Exception:  # noqa: BLE001 - a page the parser rejects is just left out
            continue
        if text.strip():
            out.append((rid, text))
    return out


def score(fixes: list[Correction], injected: list[Injected]) -> tuple[int, int, list[tuple[str, str, str]]]:
    """(true positives, false positives, the false ones as (printed, repaired, expected))."""
    by_span = {(i.start, i.end): i for i in injected}
    tp = 0
    wrong: list[tuple[str, str, str]] = []
    for c in fixes:
        if not c.applied:
            continue
        inj = by_span.get((c.start, c.end))
        if inj is not None and c.replacement == inj.original:
            tp += 1
        else:
            wrong.append((c.original, c.replacement, inj.original if inj else "(clean)"))
    return tp, len(wrong), wrong


def synthetic(cables: list[tuple[str, str]], ctx: RepairContext, rate: float, seed: int, show: int) -> None:
    rng = random.Random(seed)
    is_word = english().__contains__
    noisy_docs = []
    skipped = 0
    for rid, text in cables:
        noisy, injected, skip = inject(text, rng, rate, is_word)
        skipped += skip
        noisy_docs.append((rid, noisy, injected))
    # warm-up pass (lexicon load, candidate cache) is not timed
    for rid, noisy, _ in noisy_docs[:20]:
        repair(noisy, context=ctx.for_record(rid))
    t0 = time.perf_counter()
    results = [(repair(noisy, context=ctx.for_record(rid)), inj) for rid, noisy, inj in noisy_docs]
    elapsed = time.perf_counter() - t0
    tp = fp = flagged_hits = 0
    total = 0
    wrong: list[tuple[str, str, str]] = []
    kinds: Counter[str] = Counter()
    found: Counter[str] = Counter()
    for fixes, injected in results:
        a, b, w = score(fixes, injected)
        tp, fp, total = tp + a, fp + b, total + len(injected)
        wrong.extend(w)
        spans = {(c.start, c.end): c for c in fixes}
        for inj in injected:
            kinds[inj.kind] += 1
            c = spans.get((inj.start, inj.end))
            if c is not None and c.replacement == inj.original:
                if c.applied:
                    found[inj.kind] += 1
                else:
                    flagged_hits += 1
    clean_changes: list[tuple[str, str, str]] = []
    words = 0
    for rid, text in cables:
        words += len(text.split())
        for c in repair(text, context=ctx.for_record(rid)):
            if c.applied:
                clean_changes.append((rid, c.original, c.replacement))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / total if total else 0.0
    print(f"  cables evaluated: {len(cables)}, words: {words:,}, injected errors: {total} "
          f"(rate {rate}, seed {seed}; {skipped} real-word damages not injected)")
    print(f"  precision {precision:.3f} ({tp}/{tp + fp})   recall {recall:.3f} ({tp}/{total})   "
          f"right fix only flagged: {flagged_hits}")
    print("  recall by kind: " + ", ".join(f"{k} {found[k]}/{kinds[k]}" for k in sorted(kinds)))
    print(f"  clean text: {len(clean_changes)} applied changes in {words:,} words = "
          f"{len(clean_changes) / words * 10_000:.2f} per 10,000 words")
    print(f"  throughput: {len(cables) / elapsed:.0f} cables/s ({elapsed * 1000 / len(cables):.2f} ms a cable)")
    for item in wrong[:show]:
        print(f"    wrong: {item}")
    for item in clean_changes[:show]:
        print(f"    clean changed: {item}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=0, help="cablegate pages to read (0 = all)")
    ap.add_argument("--rate", type=float, default=0.03, help="share of words (4+ letters) damaged")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--show", type=int, default=15, help="print this many wrong and clean-text changes")
    args = ap.parse_args()
    print("(a) seeds against EXPECTED.md")
    ok = seeds(RepairContext())
    print(f"  seeds: {'all ok' if ok else 'FAILED'}")
    cables = load_cables(args.limit)
    train, test = cables[0::2], cables[1::2]
    corpus = CorpusFrequencies.from_texts(t for _, t in train)
    print(f"(b) synthetic noise on real cables (corpus table from {len(train)} other cables)")
    synthetic(test, RepairContext(corpus=corpus), args.rate, args.seed, args.show)
    _ = apply  # the evaluation scores corrections, not texts


if __name__ == "__main__":
    main()
