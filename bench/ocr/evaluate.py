"""Evaluate OCR word repair: the seeds against EXPECTED.md, then synthetic noise on real cables.

    PYTHONPATH=src python bench/ocr/evaluate.py [--limit 600] [--rate 0.03] [--seed 13]

(a) Seeds: the seven OCR errors of the seed cable and ``lshkov`` of the seed transcript must
    be repaired (applied), ``MDA`` flagged and not applied, and none of the cable-ese words
    EXPECTED.md lists changed.
(b) Synthetic: the cablegate pages of ``../shared/corpus/cablegate-html`` (mostly mixed case,
    2000s) are parsed with legation; the even-numbered half (by path) fills the corpus frequency
    table, the odd half is evaluated. (c) The same on the History Lab CFPF bodies
    (``historylab-gt``, upper case, 1973-79, the seed cable's kind). Each evaluated text is damaged with :mod:`noise` (fixed seed) and repaired:

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

from legation.clean.lexicon import CorpusFrequencies, english, protected_words  # noqa: E402
from legation.clean.ocr import RepairContext, repair, unrepaired  # noqa: E402
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
    """A record's id and text as its parser read it (ingest's own OCR repair undone)."""
    parsed = parse_input(InputDoc(path=str(path), data=path.read_bytes()))
    rec = unrepaired(parsed.records[0])
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


SETS = {"cablegate": ("cablegate-html", "*.html"), "historylab": ("historylab-gt", "*.txt")}


def load_cables(limit: int, which: str = "cablegate") -> list[tuple[str, str]]:
    folder, pattern = SETS[which]
    paths = sorted((SHARED / "corpus" / folder).rglob(pattern))
    out = []
    for p in paths[: limit or None]:
        try:
            rid, text = parse_text(p)
        except Exception:
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
    clean = clean_text(cables, ctx)
    words = sum(len(t.split()) for _, t in cables)
    print(f"  cables evaluated: {len(cables)}, words: {words:,} ({words / len(cables):.0f} a cable), "
          f"injected errors: {sum(len(x[2]) for x in noisy_docs)} (rate {rate}, seed {seed}; "
          f"{skipped} real-word damages not injected)")
    noisy_quality(noisy_docs, clean, ctx, show)
    typos = [x for x in clean if x[3]]
    attested = [x for x in clean if not x[3]]
    print(f"  clean text: {len(clean)} applied changes in {words:,} words = {len(clean) / words * 10_000:.2f} "
          f"per 10,000 words; of them {len(typos)} fix a non-word (a typo in the source), {len(attested)} change "
          f"a word some source knows = {len(attested) / words * 10_000:.2f} per 10,000 words")
    for item in attested[:show]:
        print(f"    clean, known word changed: {item[:3]}")
    for item in typos[:show]:
        print(f"    clean, non-word fixed: {item[:3]}")
    throughput("clean", [(rid, t) for rid, t in cables], ctx)
    throughput("noisy", [(rid, t) for rid, t, _ in noisy_docs], ctx)


def clean_text(cables: list[tuple[str, str]], ctx: RepairContext) -> list[tuple[str, str, str, bool]]:
    """Applied changes to the clean texts: (record, printed, repaired, printed is a non-word)."""
    out = []
    for rid, text in cables:
        for c in repair(text, context=ctx.for_record(rid)):
            if c.applied:
                nonword = not any(ctx.zipf(w) > 0 for w in c.original.lower().split())
                out.append((rid, c.original, c.replacement, nonword))
    return out


def noisy_quality(noisy_docs: list[tuple[str, str, list[Injected]]], clean: list[tuple[str, str, str, bool]],
                  ctx: RepairContext, show: int) -> None:
    before = {(rid, o, r) for rid, o, r, _ in clean}
    tp = fp = pre = flagged_hits = total = 0
    wrong: list[tuple[str, str, str]] = []
    kinds: Counter[str] = Counter()
    found: Counter[str] = Counter()
    for rid, noisy, injected in noisy_docs:
        fixes = repair(noisy, context=ctx.for_record(rid))
        spans = {(i.start, i.end): i for i in injected}
        for c in fixes:
            inj = spans.get((c.start, c.end))
            if inj is not None and c.replacement == inj.original:
                kinds_hit = found if c.applied else None
                if kinds_hit is not None:
                    found[inj.kind] += 1
                    tp += 1
                else:
                    flagged_hits += 1
            elif c.applied and inj is None and (rid, c.original, c.replacement) in before:
                pre += 1
            elif c.applied:
                fp += 1
                wrong.append((c.original, c.replacement, inj.original if inj else "(not damaged)"))
        total += len(injected)
        kinds.update(i.kind for i in injected)
    precision = tp / (tp + fp) if tp + fp else 1.0
    strict = tp / (tp + fp + pre) if tp + fp + pre else 1.0
    print(f"  precision {precision:.3f} ({tp}/{tp + fp}; {pre} fixes of the source's own typos, also made on "
          f"the clean text, left out; counting them as wrong: {strict:.3f})")
    print(f"  recall {tp / total:.3f} ({tp}/{total}); the right repair proposed but only flagged: {flagged_hits}")
    print("  recall by kind: " + ", ".join(f"{k} {found[k]}/{kinds[k]}" for k in sorted(kinds)))
    for item in wrong[:show]:
        print(f"    wrong: {item}")


def throughput(label: str, docs: list[tuple[str, str]], ctx: RepairContext) -> None:
    for rid, text in docs[:20]:  # warm-up (candidate memo); the lexicon and index are built already
        repair(text, context=ctx.for_record(rid))
    wall, cpu = time.perf_counter(), time.process_time()
    for rid, text in docs:
        repair(text, context=ctx.for_record(rid))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"  throughput ({label}): {len(docs) / cpu:.0f} cables/s of CPU time, {len(docs) / wall:.0f} cables/s "
          f"wall clock (machine shared; one process)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=0, help="cablegate pages to read (0 = all)")
    ap.add_argument("--rate", type=float, default=0.03, help="share of words (4+ letters) damaged")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--show", type=int, default=15, help="print this many wrong and clean-text changes")
    ap.add_argument("--glossary", help="a glossary file whose terms are protected (default: the built-in list "
                    "and the package glossary, if any)")
    args = ap.parse_args()
    print("(a) seeds against EXPECTED.md")
    ok = seeds(RepairContext())
    print(f"  seeds: {'all ok' if ok else 'FAILED'}")
    for label, which in (("(b)", "cablegate"), ("(c)", "historylab")):
        cables = load_cables(args.limit, which)
        train, test = cables[0::2], cables[1::2]
        ctx = RepairContext(corpus=CorpusFrequencies.from_texts(t for _, t in train),
                            protected=protected_words(args.glossary))
        t0 = time.process_time()
        ctx.candidates("warmup")
        print(f"{label} synthetic noise on real {which} cables (corpus table from {len(train)} other cables; "
              f"candidate index built in {time.process_time() - t0:.2f} s CPU)")
        synthetic(test, ctx, args.rate, args.seed, args.show)


if __name__ == "__main__":
    main()
