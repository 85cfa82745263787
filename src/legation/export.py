"""Streaming exports of a result set: JSON lines (whole records), CSV (the main fields), BibTeX and RIS.

:func:`iter_export` yields the output piece by piece, so a CLI writes it and
a web response streams it without holding the result set in memory.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import TextIO

from legation.cite import bibtex, ris
from legation.errors import OutputFormatError
from legation.model import Record

CSV_COLUMNS = ["id", "collection", "kind", "date", "datetime", "from", "to", "classification", "tags",
               "subject", "title", "signer", "references", "source_url", "text"]
#: Export format -> (media type, file extension).
EXPORT_FORMATS: dict[str, tuple[str, str]] = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "jsonl": ("application/x-ndjson", "jsonl"),
    "bibtex": ("application/x-bibtex; charset=utf-8", "bib"),
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris"),
}


def check_format(fmt: str) -> str:
    """The export format's canonical name; an unknown one is an :class:`OutputFormatError` (L610)."""
    name = (fmt or "").strip().lower()
    name = {"json": "jsonl", "ndjson": "jsonl", "bib": "bibtex"}.get(name, name)
    if name not in EXPORT_FORMATS:
        raise OutputFormatError(f"unknown export format {fmt!r}", hint="use one of: " + ", ".join(EXPORT_FORMATS))
    return name


def csv_row(rec: Record) -> list[str]:
    return [
        rec.id, rec.collection, rec.kind, rec.date, rec.datetime,
        (rec.from_.name if rec.from_ else ""),
        "; ".join(a.name for a in rec.to),
        rec.classification.original or rec.classification.current,
        " ".join(rec.tags), rec.subject, rec.title, rec.signer,
        "; ".join(r.id or r.label for r in rec.references), rec.source_url, rec.text,
    ]


def _csv_line(row: list[str]) -> str:
    buf = io.StringIO()
    csv.writer(buf).writerow(row)
    return buf.getvalue()


def iter_export(records: Iterable[Record], fmt: str = "jsonl") -> Iterator[str]:
    """The export of ``records`` in ``fmt``, one record's text at a time (CSV starts with its header)."""
    name = check_format(fmt)
    if name == "csv":
        yield _csv_line(CSV_COLUMNS)
    for rec in records:
        if name == "jsonl":
            yield rec.to_json() + "\n"
        elif name == "csv":
            yield _csv_line(csv_row(rec))
        elif name == "bibtex":
            yield bibtex(rec).rstrip("\n") + "\n\n"
        else:
            yield ris(rec).rstrip("\n") + "\n\n"


def write_export(records: Iterable[Record], out: TextIO, fmt: str = "jsonl") -> int:
    """Write every record; returns how many were written."""
    n = -1 if check_format(fmt) == "csv" else 0
    for piece in iter_export(records, fmt):
        out.write(piece)
        n += 1
    return max(n, 0)
