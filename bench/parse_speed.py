"""How fast the telegram text parser is: ms per cable for synthetic and real cables.

    python bench/generate.py --count 2000 --out /tmp/gen2k
    python bench/parse_speed.py [--synthetic /tmp/gen2k] [--repeat 3] [--profile]

Sets timed (each the best of ``--repeat`` passes over the same texts):

- synthetic: the ``.txt`` files written by ``bench/generate.py`` (skipped if the folder is absent);
- seeds: ``../shared/samples/seeds/*.txt``;
- cablegate-converted: the 24 cablegate plain-text cables in ``../shared/corpus/misc``;
- cablegate-html: the cable text (the two ``<pre>`` blocks) of the cablegate pages;
- historylab: the annotated CFPF bodies (marks removed) of ``../shared/corpus/historylab-gt``.

Only numbers are printed; nothing here is a test.
"""

from __future__ import annotations

import argparse
import cProfile
import html
import pstats
import re
import time
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--synthetic", default="/tmp/gen2k", help="folder of bench/generate.py output")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", action="store_true", help="cProfile the synthetic set and print the top 25")
    args = ap.parse_args()
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
