"""A historian's vetoes: corrections that must not be applied, kept across re-ingest.

The rejections file is CSV (comma or tab separated, ``#`` lines are comments, an optional
header row ``record,original,replacement``) with one veto a line::

    # record id   , as printed  , the repair refused (or a rule name)
    1976TOKYO12732, LONGRANGE   , LONG RANGE
    *             , TOGO        , ocr-lexicon
    wilson-198181 , MDA         , *

``record`` is a record id or ``*`` (every record); ``original`` is the printed word (case
does not matter); the third column is the refused replacement, a rule name (``ocr-...``)
or ``*`` (any repair of that word). Because the repair pass reads the file each time it
runs, a rejected correction stays rejected when the record is ingested again: it is still
recorded, with ``applied=False`` and ``note="rejected"``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from legation.errors import InputError
from legation.model import Correction


class RejectionsFileError(InputError):
    """The rejections file could not be read."""

    code = "L110"
    hint = "each line is: record id (or *), the word as printed, the refused replacement or rule (or *)"


@dataclass(frozen=True, slots=True)
class Rejection:
    record: str
    original: str
    target: str

    def matches(self, record_id: str, c: Correction) -> bool:
        if self.record not in ("*", record_id):
            return False
        if self.original != c.original.lower():
            return False
        return self.target in ("*", c.replacement.lower(), c.rule.lower())


@dataclass
class Rejections:
    items: list[Rejection] = field(default_factory=list)

    def rejects(self, record_id: str, c: Correction) -> bool:
        return any(r.matches(record_id, c) for r in self.items)

    def add(self, record: str, original: str, target: str = "*") -> None:
        self.items.append(Rejection(record.strip() or "*", original.strip().lower(), target.strip().lower() or "*"))

    def save(self, path: str | Path) -> None:
        with Path(path).open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["record", "original", "replacement"])
            for r in self.items:
                w.writerow([r.record, r.original, r.target])

    @classmethod
    def load(cls, path: str | Path) -> Rejections:
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RejectionsFileError(f"cannot read the rejections file: {exc}", path=str(p)) from exc
        out = cls()
        lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
        delimiter = "\t" if lines and "\t" in lines[0] else ","
        for n, row in enumerate(csv.reader(lines, delimiter=delimiter), start=1):
            cells = [x.strip() for x in row]
            if n == 1 and [x.lower() for x in cells[:2]] == ["record", "original"]:
                continue
            if len(cells) < 2 or not cells[1]:
                raise RejectionsFileError(f"line {n} needs a record id and the word as printed", path=str(p), line=n)
            out.add(cells[0], cells[1], cells[2] if len(cells) > 2 else "*")
        return out
