"""How fast the telegram text parser is: ms per cable for synthetic and real cables.

    python bench/generate.py --count 2000 --out /tmp/gen2k
    python bench/parse_speed.py [--synthetic /tmp/gen2k] [--repeat 3] [--profile]

Sets timed (each the best of ``--repeat`` passes over the same texts):

- synthetic: the ``.txt`` files written by ``bench/generate.py`` (skipped if the folder is absent);
- seeds: ``../shared/samples/seeds/*.txt``;
- cablegate-converted: the 24 cablegate plain-text cables in ``../shared/corpus/misc``;
- cablegate-html: the cable text (the two ``<pre>`` blocks) of the cablegate pages;
- historylab: the annotated CFPF bodies (marks removed) of ``../shared/corpus/historylab-gt``.

``--stages`` (issue 14) also prints the CPU ms per document of each step of ``parse_input``
(decode + detect, the format's parser, each Clean pass, each Enrich pass, finish) for the real
cablegate pages (``../shared/corpus/cablegate-html``, whole HTML pages through detection) and
the synthetic cables, with the machine load beside each line.

Only numbers are printed; nothing here is a test.
"""

from __future__ import annotations

import argparse
import cProfile
import html
import os
import pstats
import re
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from legation.formats.telegram.parser import parse_cable_text

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()


def _read(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def synthetic(folder: Path) -> list[str]:
    return [_read(p) for p in sorted(folder.glob("*.txt"))] if folder.is_dir() else []


def seeds() -> list[str]:
    return [_read(p) for p in sorted((SHARED / "samples" / "seeds").glob("*.txt"))]


def cablegate_converted() -> list[str]:
    folder = SHARED / "corpus" / "misc" / "cablegate-cia-analysis" / "cablegate-converted"
    return [_read(p) for p in sorted(folder.glob("*.txt"))]


def cablegate_html() -> list[str]:
    out: list[str] = []
    for p in sorted((SHARED / "corpus" / "cablegate-html").rglob("*.html")):
        pres = re.findall(r"<pre>(.*?)</pre>", _read(p), re.S)
        if pres:
            text = "\n".join(pres).replace("&#x000A;", "\n")
            out.append(html.unescape(re.sub(r"<[^>]+>", "", text)))
    return out


def historylab() -> list[str]:
    from legation.formats.historylab.parser import remove_marks

    out: list[str] = []
    for p in sorted((SHARED / "corpus" / "historylab-gt").rglob("*.txt")):
        text = _read(p)
        cut = re.search(r"^@@@\s*$", text, re.M)
        body = text[cut.end():] if cut else text
        out.append(remove_marks(body).text)
    return out


def time_set(texts: list[str], repeat: int, collection: str) -> float:
    """Best ms per cable over ``repeat`` passes."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for t in texts:
            parse_cable_text(t, collection=collection)
        best = min(best, time.perf_counter() - t0)
    return 1000 * best / max(1, len(texts))


def stage_costs(paths: list[Path], repeat: int) -> tuple[Counter[str], int]:
    """CPU seconds per step of ``parse_input`` over ``paths``, and the record count.

    A warm-up over the first 20 documents loads the lexicon, gazetteer and compiled patterns; then
    ``repeat`` passes over all of them, the best kept.  The first pass is the honest one for ingest (the
    per-process memos of OCR repair and the entity finders have not seen these texts yet); later passes
    find them warm.
    """
    from legation import formats
    from legation.clean.registry import passes
    from legation.formats.base import InputDoc, ensure_text
    from legation.ingest.pipeline import finish, provenance

    steps = passes()
    datas = [(str(p), p.read_bytes()) for p in paths]
    best: Counter[str] = Counter()
    records = 0
    for n in range(max(1, repeat) + 1):
        cost: Counter[str] = Counter()
        records = 0
        for path, data in datas if n else datas[:20]:
            t0 = time.process_time()
            doc = InputDoc(path=path, data=data)
            ensure_text(doc)
            name, _score = formats.detect(doc)
            t1 = time.process_time()
            recs = [provenance(r, doc, name) for r in formats.get(name).parse(doc)]
            cost["decode+detect"] += t1 - t0
            cost["parse"] += time.process_time() - t1
            for rec in recs:
                for step in steps:
                    if step.applies_to(rec, name):
                        t = time.process_time()
                        rec = step.run(rec)
                        cost[step.key] += time.process_time() - t
                t = time.process_time()
                finish(rec)
                cost["finish"] += time.process_time() - t
            records += len(recs)
        if n and (not best or sum(cost.values()) < sum(best.values())):
            best = cost
    return best, records


def print_stages(name: str, paths: list[Path], repeat: int) -> None:
    if not paths:
        print(f"{name}: (absent)")
        return
    cost, records = stage_costs(paths, repeat)
    n = len(paths)
    parse_clean = sum(v for k, v in cost.items() if k in ("decode+detect", "parse") or k.startswith("clean:"))
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{name}: {n} documents, {records} records, CPU ms per document (load {load})")
    print(f"  {'parse + clean':28s} {1000 * parse_clean / n:8.3f}")
    print(f"  {'everything (+ enrich)':28s} {1000 * sum(cost.values()) / n:8.3f}")
    for key, sec in sorted(cost.items(), key=lambda kv: -kv[1]):
        print(f"    {key:26s} {1000 * sec / n:8.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--synthetic", default="/tmp/gen2k", help="folder of bench/generate.py output")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", action="store_true", help="cProfile the synthetic set and print the top 25")
    ap.add_argument("--stages", action="store_true",
                    help="CPU ms per step of parse_input for the cablegate pages and the synthetic cables")
    ap.add_argument("--limit", type=int, default=0, help="with --stages: at most this many documents a set")
    args = ap.parse_args()
    if args.stages:
        pages = sorted((SHARED / "corpus" / "cablegate-html").rglob("*.html"))
        cables = sorted(Path(args.synthetic).glob("*.txt"))
        for name, paths in (("cablegate-html", pages), ("synthetic", cables)):
            print_stages(name, paths[: args.limit] if args.limit else paths, args.repeat)
        return
    sets: list[tuple[str, Callable[[], list[str]], str]] = [
        ("synthetic", lambda: synthetic(Path(args.synthetic)), "aad"),
        ("seeds", seeds, "aad"),
        ("cablegate-converted", cablegate_converted, "cablegate"),
        ("cablegate-html", cablegate_html, "cablegate"),
        ("historylab", historylab, "aad"),
    ]
    for name, load, collection in sets:
        texts = load()
        if not texts:
            print(f"{name:22s} (absent)")
            continue
        ms = time_set(texts, args.repeat, collection)
        print(f"{name:22s} {len(texts):5d} cables  {ms:7.3f} ms/cable")
    if args.profile:
        texts = synthetic(Path(args.synthetic))
        prof = cProfile.Profile()
        prof.enable()
        for t in texts:
            parse_cable_text(t)
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
