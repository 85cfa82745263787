"""Dump what the inline passes produce for every record, to compare two checkouts (output-identical speed work).

    PYTHONPATH=/work/main/src python bench/entities/dump.py --out /tmp/before.jsonl   # main
    PYTHONPATH=src python bench/entities/dump.py --out /tmp/after.jsonl               # this branch
    python bench/entities/dump.py --compare /tmp/before.jsonl /tmp/after.jsonl

Each line is one record after the Clean and Enrich stages (as the pipeline runs them): its id, format and
file, and everything the Enrich passes write — entities (name, type, key, source, role, ref, mentions with
offsets), references, aliases, the glossary attribute and the warnings.  Inputs default to
``../shared/samples``, ``../shared/corpus`` and ``--synthetic N`` cables of ``bench/generate.py``.
``--compare`` prints the first differences and exits 1 when the dumps differ.  Nothing here is a test;
``tests/test_entity_speed_equivalence.py`` guards the same contract on a pinned set.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))

from passes import SHARED, parsed_records  # noqa: E402

from legation.clean.registry import run_stage  # noqa: E402
from legation.model import Record  # noqa: E402


def synthetic_records(count: int, seed: int = 1976) -> list[tuple[str, Record]]:
    """``count`` cables of ``bench/generate.py``, written to a temporary folder and read as ingest reads them."""
    if count <= 0:
        return []
    import tempfile

    from generate import CableGenerator

    with tempfile.TemporaryDirectory() as tmp:
        for i, (doc_id, text) in enumerate(CableGenerator(seed).cables(count)):
            (Path(tmp) / f"{i:07d}_{doc_id}.txt").write_text(text, encoding="utf-8")
        records = parsed_records([tmp])
    for _fmt, rec in records:  # the temporary folder's name is not part of the output
        rec.source.path = Path(rec.source.path).name
    return records


def enrich_output(record: Record) -> dict[str, Any]:
    """What the Enrich passes wrote on ``record`` (JSON-ready)."""
    return {
        "id": record.id, "path": record.source.path,
        "entities": [e.model_dump(mode="json") for e in record.entities],
        "references": [r.model_dump(mode="json") for r in record.references],
        "aliases": list(record.aliases),
        "glossary": record.attributes.get("glossary"),
        "warnings": list(record.warnings),
    }


def run_all(records: list[tuple[str, Record]]) -> Iterator[dict[str, Any]]:
    for fmt, rec in records:
        for stage in ("clean", "enrich"):
            rec = run_stage(rec, stage, fmt)  # type: ignore[arg-type]
        yield {"format": fmt, **enrich_output(rec)}


def compare(a: Path, b: Path, show: int = 5) -> int:
    left = a.read_text(encoding="utf-8").splitlines()
    right = b.read_text(encoding="utf-8").splitlines()
    if len(left) != len(right):
        print(f"{a}: {len(left)} records, {b}: {len(right)} records")
        return 1
    diffs = [(x, y) for x, y in zip(left, right, strict=True) if x != y]
    for x, y in diffs[:show]:
        dx, dy = json.loads(x), json.loads(y)
        print(f"record {dx['id']} ({dx['path']}):")
        for k in dx:
            if dx[k] != dy.get(k):
                print(f"  {k}:\n    before {json.dumps(dx[k])[:600]}\n    after  {json.dumps(dy.get(k))[:600]}")
    print(f"{len(left)} records compared, {len(diffs)} differ")
    return 1 if diffs else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", default=[str(SHARED / "samples"), str(SHARED / "corpus")])
    ap.add_argument("--synthetic", type=int, default=500, help="synthetic cables of bench/generate.py (0: none)")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = ap.parse_args()
    if args.compare:
        sys.exit(compare(*args.compare))
    records = parsed_records(args.paths) + synthetic_records(args.synthetic)
    out = args.out.open("w", encoding="utf-8") if args.out else sys.stdout
    n = 0
    for row in run_all(records):
        out.write(json.dumps(row, sort_keys=True, ensure_ascii=False) + "\n")
        n += 1
    print(f"{n} records dumped", file=sys.stderr)


if __name__ == "__main__":
    main()
