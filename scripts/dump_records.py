"""Dump every record's JSON for a set of inputs, to compare two checkouts' parsers byte for byte.

    PYTHONPATH=/work/main/src python scripts/dump_records.py --out /tmp/main.jsonl [--stage clean|all] [PATH ...]
    PYTHONPATH=$PWD/src      python scripts/dump_records.py --out /tmp/branch.jsonl
    diff /tmp/main.jsonl /tmp/branch.jsonl

Without paths it reads ``../shared/corpus`` and ``../shared/samples`` (every file, in sorted
order).  Each input goes through ``parse_input`` steps: detect, parse, then the Clean passes
(``--stage clean``, the default) or every pass and ``finish`` (``--stage all``).  One line per
record: the path, then the record's JSON (``model_dump_json``, keys in model order); a
failed input prints its error.  Timings are not written (they differ run to run).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from legation import formats
from legation.clean.registry import run_stage
from legation.formats.base import InputDoc, ensure_text
from legation.ingest.pipeline import parse_input, provenance

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()


def inputs(paths: list[str]) -> list[Path]:
    roots = [Path(p) for p in paths] or [SHARED / "corpus", SHARED / "samples"]
    out: list[Path] = []
    for root in roots:
        out += sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
    return out


def dump_clean(doc: InputDoc) -> list[str]:
    try:
        ensure_text(doc)
        name, _ = formats.detect(doc)
        records = [provenance(r, doc, name) for r in formats.get(name).parse(doc)]
        return [run_stage(r, "clean", name).model_dump_json() for r in records]
    except Exception as exc:  # the error is part of the output to compare
        return [f"ERROR {type(exc).__name__}: {exc}"]


def dump_all(doc: InputDoc) -> list[str]:
    parsed = parse_input(doc)
    if parsed.error:
        return [f"ERROR {parsed.error}"]
    return [r.model_dump_json() for r in parsed.records]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--out", required=True)
    ap.add_argument("--stage", choices=("clean", "all"), default="clean")
    args = ap.parse_args()
    dump = dump_clean if args.stage == "clean" else dump_all
    files = inputs(args.paths)
    with open(args.out, "w", encoding="utf-8") as out:
        for p in files:
            doc = InputDoc(path=str(p.relative_to(SHARED)) if p.is_relative_to(SHARED) else str(p),
                           data=p.read_bytes())
            for line in dump(doc):
                out.write(f"{doc.path}\t{line}\n")
    print(f"{len(files)} inputs -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
