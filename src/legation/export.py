"""Streaming exports: JSON lines (whole records) or CSV (the main fields)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from legation.errors import LegationError
from legation.model import Record

CSV_COLUMNS = ["id", "collection", "kind", "date", "datetime", "from", "to", "classification", "tags",
               "subject", "title", "signer", "references", "source_url", "text"]


def csv_row(rec: Record) -> list[str]:
    return [
        rec.id, rec.collection, rec.kind, rec.date, rec.datetime,
        (rec.from_.name if rec.from_ else ""),
        "; ".join(a.name for a in rec.to),
        rec.classification.original or rec.classification.current,
        " ".join(rec.tags), rec.subject, rec.title, rec.signer,
        "; ".join(r.id or r.label for r in rec.references), rec.source_url, rec.text,
    ]


def write_export(records: Iterable[Record], out: TextIO, fmt: str = "jsonl") -> int:
    """Write every record; returns how many were written."""
    n = 0
    if fmt == "jsonl":
        for rec in records:
            out.write(rec.to_json())
            out.write("\n")
            n += 1
    elif fmt == "csv":
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for rec in records:
            writer.writerow(csv_row(rec))
            n += 1
    else:
        raise LegationError(f"unknown export format {fmt!r}; use jsonl or csv")
    return n
