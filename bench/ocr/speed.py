"""CPU cost of the ``clean:ocr-repair`` pass alone, per record, cold (first pass) and warm (second pass).

    PYTHONPATH=src python bench/ocr/speed.py [--synthetic /tmp/gen2k] [--limit 1000] [--profile SET]

Sets (each parsed, then every Clean pass before ``ocr-repair`` run, outside the timing):

- ``synthetic``: the ``.txt`` cables ``bench/generate.py`` wrote to ``--synthetic`` (skipped if absent);
- ``synthetic-corpus``: the same count of cables from ``generate.py --vocabulary corpus`` (real words
  drawn from the cable texts of ``../shared/corpus``, plus OCR noise), generated in memory;
- ``historylab``: the CFPF bodies of ``../shared/corpus/historylab-gt`` (real OCR text of AAD telegrams);
- ``real-ocr``: every other record of ``../shared/corpus`` and ``../shared/samples`` the pass repairs
  (AAD-style telegrams, transcripts, CREST documents).

A pass is timed with ``time.process_time`` around the pass's function for each record.  "cold" is the
first pass over a set in a fresh repair context (the lexicon and its candidate index are built before,
on a text of no shared words; the per-word memos are empty); "warm" is a second pass over the same set
(the memos have seen every word).  The machine load is printed beside each line.  Only numbers are
printed; nothing here is a test.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

from legation import formats
from legation.clean.ocr import RepairContext
from legation.clean.ocr_pass import OCR_FORMATS, default_context, ocr_repair
from legation.clean.registry import passes
from legation.formats.base import InputDoc, ensure_text
from legation.ingest.pipeline import provenance
from legation.model import Record

REPO = Path(__file__).resolve().parents[2]
SHARED = (REPO / ".." / "shared").resolve()
sys.path.insert(0, str(REPO / "bench"))


def records_of(docs: list[tuple[str, bytes]]) -> list[Record]:
    """Each input parsed and cleaned up to (not including) ``ocr-repair``; only records the pass repairs."""
    before = [p for p in passes("clean") if p.name != "ocr-repair" and p.order < 60]
    out: list[Record] = []
    for path, data in docs:
        doc = InputDoc(path=path, data=data)
        try:
            ensure_text(doc)
            name, _ = formats.detect(doc)
            recs = [provenance(r, doc, name) for r in formats.get(name).parse(doc)]
        except Exception:  # a file that does not parse is not part of the set
            continue
        for rec in recs:
            for step in before:
                if step.applies_to(rec, name):
                    rec = step.run(rec)
            if rec.source.format in OCR_FORMATS and rec.collection not in ("cablegate", "frus"):
                out.append(rec)
    return out


def files(root: Path, pattern: str = "*") -> list[tuple[str, bytes]]:
    return [(str(p), p.read_bytes()) for p in sorted(root.rglob(pattern)) if p.is_file()]


def synthetic_corpus(count: int) -> list[tuple[str, bytes]]:
    from generate import CableGenerator, corpus_vocabulary

    gen = CableGenerator(1976, vocabulary=corpus_vocabulary(SHARED / "corpus"), noise=0.01)
    return [(f"{i:07d}_{doc_id}.txt", text.encode()) for i, (doc_id, text) in enumerate(gen.cables(count))]


def fresh_context() -> RepairContext:
    """A new process context (empty memos); the lexicon, candidate index and join affixes are built here.

    Those are built once a process (an ingest worker builds them before its first record); their CPU
    seconds are printed apart, the first time.
    """
    default_context.cache_clear()
    ctx = default_context()
    t = time.process_time()
    ctx.candidates("qzxv")
    ctx.zipf("the")
    t1 = time.process_time()
    if hasattr(ctx, "join_affixes"):  # (not on main before the word gates)
        ctx.join_affixes()
    global _ONCE
    if _ONCE:
        print(f"once a process: lexicon + candidate index {t1 - t:.2f} s CPU, join affixes "
              f"{time.process_time() - t1:.3f} s")
        _ONCE = False
    return ctx


_ONCE = True


def time_pass(recs: list[Record], ctx: RepairContext) -> tuple[float, int]:
    """CPU seconds of the pass over copies of ``recs``, and the corrections it made."""
    total, made = 0.0, 0
    for rec in recs:
        copy = rec.model_copy(deep=True)
        t = time.process_time()
        out = ocr_repair(copy, ctx)
        total += time.process_time() - t
        made += sum(c.rule.startswith("ocr-") for c in out.corrections)
    return total, made


def report(name: str, recs: list[Record]) -> None:
    if not recs:
        print(f"{name}: (absent)")
        return
    ctx = fresh_context()
    cold, made = time_pass(recs, ctx)
    warm, _ = time_pass(recs, ctx)
    words = sum(len(r.text.split()) for r in recs)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{name:18s} {len(recs):5d} records {words / len(recs):6.0f} words/rec  ocr-repair CPU ms/record:"
          f" cold {1000 * cold / len(recs):6.3f}  warm {1000 * warm / len(recs):6.3f}"
          f"  ({made} corrections; load {load})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--synthetic", default="/tmp/gen2k", help="folder of bench/generate.py output")
    ap.add_argument("--limit", type=int, default=1000, help="at most this many synthetic cables")
    ap.add_argument("--sets", default="synthetic,synthetic-corpus,historylab,real-ocr")
    ap.add_argument("--profile", default="", help="cProfile the cold pass of this set; print the top 30")
    args = ap.parse_args()
    loaders = {
        "synthetic": lambda: files(Path(args.synthetic), "*.txt")[: args.limit],
        "synthetic-corpus": lambda: synthetic_corpus(args.limit),
        "historylab": lambda: files(SHARED / "corpus" / "historylab-gt"),
        "real-ocr": lambda: [d for d in files(SHARED / "corpus") + files(SHARED / "samples")
                             if "historylab-gt" not in d[0]],
    }
    for name in args.sets.split(","):
        recs = records_of(loaders[name]())
        if args.profile == name:
            ctx = fresh_context()
            prof = cProfile.Profile()
            prof.enable()
            time_pass(recs, ctx)
            prof.disable()
            pstats.Stats(prof).sort_stats("tottime").print_stats(30)
        report(name, recs)


if __name__ == "__main__":
    main()
