"""The issue-10 reproductions (adversarial inputs), each timed in its own process.

    python bench/linear_repro.py [--timeout 120] [--shared ../shared] [CASE ...]

Each case builds its input in memory, parses it through ``parse_input`` (detection,
parser, cleaning: what ``legation check`` does) and prints the seconds it took and
what came out (records, or the per-file error).  A case still running after
``--timeout`` seconds (wall clock) is killed and printed as ``> N s``.  The CPU
seconds of the parse are printed beside the wall-clock ones: on a busy machine
they are the figure to compare.  Only numbers are
printed; the tests in ``tests/formats/test_linear_time.py`` check the outcomes.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _shared_cables(shared: Path) -> list[str]:
    """The seed AAD page and the 24 cablegate plain-text cables of ../shared."""
    texts = [(shared / "samples" / "seeds" / "000_a3b791d980bf280d.txt").read_text("utf-8")]
    folder = shared / "corpus" / "misc" / "cablegate-cia-analysis" / "cablegate-converted"
    texts += [p.read_bytes().decode("latin-1") for p in sorted(folder.glob("*.txt"))]
    return texts


def doc_blank_lines(shared: Path) -> tuple[str, str]:
    return "doc.txt", "The first sentence of the file is here.\n" + "\n" * 40000 + "Another sentence ends it.\n"


def doc_divs(shared: Path) -> tuple[str, str]:
    return "divs.html", "<div>" * 200000 + "Some readable text in the end of it."


def historylab_spaces(shared: Path) -> tuple[str, str]:
    body = "[[A||1]] x" + " " * 16000 + "y [[B||2]]"
    return "1976ROME20912.txt", "1. ALPHA   PER.INDIVIDUAL\n2. BRAVO   PER.INDIVIDUAL\n@@@\n" + body + "\n"


def dash_line(shared: Path) -> tuple[str, str]:
    seed = _shared_cables(shared)[0]
    cut = seed.index("1. ON AUGUST 20")
    return "dashes.txt", seed[:cut] + "-" * 220000 + "\n\n" + seed[cut:]


def aad_5mb(shared: Path) -> tuple[str, str]:
    """5 MB of the seed AAD page (double-spaced lines) one after another."""
    seed = _shared_cables(shared)[0]
    return "bulk5mb.txt", "\n".join([seed] * (5_000_000 // len(seed) + 1))


def cables_1200(shared: Path) -> tuple[str, str]:
    cables = _shared_cables(shared)
    return "bulk1200.txt", "\n".join(cables[k % len(cables)] for k in range(1200))


def cables_2400(shared: Path) -> tuple[str, str]:
    """Twice as many: the time should double, not quadruple."""
    cables = _shared_cables(shared)
    return "bulk2400.txt", "\n".join(cables[k % len(cables)] for k in range(2400))


def one_paragraph_5mb(shared: Path) -> tuple[str, str]:
    """One cable whose last paragraph runs over 5 MB of double-spaced printed lines."""
    seed = _shared_cables(shared)[0]
    cut = seed.index("## Message Attributes")
    line = "THE TALKS CONTINUED WITHOUT ANY RESULT AND WILL RESUME NEXT WEEK AT THE SAME PLACE\n\n"
    return "longpara.txt", seed[:cut] + line * (5_000_000 // len(line)) + seed[cut:]


_TEI_HEAD = ('<?xml version="1.0"?><TEI xmlns="http://www.tei-c.org/ns/1.0" '
             'xmlns:frus="http://history.state.gov/frus/ns/1.0" xml:id="frus1969-76v99"><teiHeader><fileDesc>'
             '<titleStmt><title>T</title></titleStmt></fileDesc></teiHeader><text><body>'
             '<div type="document" xml:id="d1" n="1"><head>Memorandum</head><p>')
_TEI_TAIL = "</p></div></body></text></TEI>"


def tei_nested_300k(shared: Path) -> tuple[str, str]:
    return "deep.xml", _TEI_HEAD + "<hi>" * 300000 + "x" + "</hi>" * 300000 + _TEI_TAIL


def tei_flat_200k(shared: Path) -> tuple[str, str]:
    """One paragraph of 200,000 inline elements."""
    return "flat.xml", _TEI_HEAD + "<hi>ab</hi> cd " * 200000 + _TEI_TAIL


CASES: dict[str, Callable[[Path], tuple[str, str]]] = {
    "doc_blank_lines": doc_blank_lines,
    "doc_divs": doc_divs,
    "historylab_spaces": historylab_spaces,
    "dash_line": dash_line,
    "aad_5mb": aad_5mb,
    "cables_1200": cables_1200,
    "cables_2400": cables_2400,
    "one_paragraph_5mb": one_paragraph_5mb,
    "tei_nested_300k": tei_nested_300k,
    "tei_flat_200k": tei_flat_200k,
}


def _run(name: str, shared: str, out: mp.Queue) -> None:
    sys.path.insert(0, str(REPO / "src"))
    from legation.formats.base import InputDoc
    from legation.ingest.pipeline import parse_input

    path, text = CASES[name](Path(shared))
    doc = InputDoc.from_text(path, text)
    t0, c0 = time.perf_counter(), time.process_time()
    parsed = parse_input(doc)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    what = f"{len(parsed.records)} record(s), format {parsed.format}" if parsed.ok else f"error: {parsed.error[:80]}"
    out.put((dt, cpu, len(text), what))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cases", nargs="*", default=list(CASES))
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("--shared", default=str((REPO / ".." / "shared").resolve()))
    args = ap.parse_args()
    print("| case | input chars | seconds (wall) | seconds (CPU) | outcome |\n|---|---:|---:|---:|---|")
    for name in args.cases:
        q: mp.Queue = mp.Queue()
        p = mp.Process(target=_run, args=(name, args.shared, q))
        p.start()
        p.join(args.timeout)
        if p.is_alive():
            p.kill()
            p.join()
            print(f"| {name} | | > {args.timeout:.0f} | | killed |", flush=True)
            continue
        if q.empty():
            print(f"| {name} | | | | crashed (exit {p.exitcode}) |", flush=True)
            continue
        dt, cpu, size, what = q.get()
        print(f"| {name} | {size:,} | {dt:.2f} | {cpu:.2f} | {what} |", flush=True)


if __name__ == "__main__":
    main()
