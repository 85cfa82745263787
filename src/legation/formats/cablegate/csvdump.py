"""The WikiLeaks cablegate ``cables.csv`` dump.

Eight unnamed columns, every field quoted, newlines inside fields, and
quotes inside fields escaped with a backslash (``\\"``), not doubled:

    "1","12/28/1966 18:48","66BUENOSAIRES2481","Embassy Buenos Aires","UNCLASSIFIED","66STATE106206","P R 2818...

row id, ``M/D/YYYY H:MM`` date, reference id, origin, classification,
referenced cable ids (``|``-separated), header, body.  One record per row;
the cable text goes through the same path as the HTML pages.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import datetime

from legation.errors import ParseError
from legation.formats.base import InputDoc, ensure_text, register
from legation.formats.cablegate.parser import CableMeta, cable_record
from legation.model import Record, Source

_ROW_START = re.compile(
    r'^"?(?P<row>\d+)"?,"?(?P<date>\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2})"?,"?(?P<ref>\d{2}[A-Z][A-Z\-]*\d+)"?,',
)
COLUMNS = ("Row ID", "Created", "Reference ID", "Origin", "Classification", "References", "Header", "Body")


def _rows(text: str, path: str) -> Iterator[tuple[int, list[str], str]]:
    """Yield ``(row number, fields, exact source slice)`` for each CSV row."""
    lines = [line for line in re.split(r"(?<=\n)", text) if line]
    reader = csv.reader(iter(lines), escapechar="\\", doublequote=False, strict=False)
    consumed = 0
    number = 0
    try:
        for fields in reader:
            start, consumed = consumed, reader.line_num
            if not any(f.strip() for f in fields):
                continue
            number += 1
            yield number, fields, "".join(lines[start:consumed])
    except csv.Error as exc:
        raise ParseError(f"the CSV breaks after row {number}: {exc}", path=path, line=reader.line_num) from exc


def _created(value: str) -> str:
    try:
        return datetime.strptime(value.strip(), "%m/%d/%Y %H:%M").strftime("%Y-%m-%dT%H:%M:00Z")
    except ValueError:
        return ""


def _raw_row(doc: InputDoc, fmt: str, number: int, raw: str, problem: str) -> Record:
    return Record(id=f"cablegate-csv-{doc.sha256[:12]}-row{number}", collection="cablegate", kind="document",
                  title=f"Unreadable row {number} of {doc.name}", text=raw, raw=raw, warnings=[problem],
                  source=Source(path=doc.path, sha256=doc.sha256, format=fmt, part=str(number)))


@register("cablegate-csv")
class CablegateCsvFormat:
    name = "cablegate-csv"
    description = "WikiLeaks cablegate cables.csv dump (8 unnamed columns, backslash-escaped quotes)"

    def sniff(self, doc: InputDoc) -> float:
        head = (doc.text or "")[:400].lstrip("\ufeff")
        if not _ROW_START.match(head):
            return 0.0
        return 0.95

    def parse(self, doc: InputDoc) -> Iterator[Record]:
        ensure_text(doc)
        seen = 0
        bad: list[Record] = []
        for number, fields, raw in _rows(doc.text, doc.path):
            problem = ""
            if len(fields) != len(COLUMNS):
                problem = (f"row {number} has {len(fields)} fields, expected {len(COLUMNS)} (row id, date, "
                           "reference id, origin, classification, references, header, body)")
            elif not fields[2].strip():
                problem = f"row {number} has no reference id"
            if problem:
                # One bad row does not cost the file its other rows; the row itself is kept as raw text.
                # (A file with no good row at all is a parse error, below.)
                bad.append(_raw_row(doc, self.name, number, raw, problem))
                if seen:
                    yield from bad
                    bad.clear()
                continue
            attrs = dict(zip(COLUMNS[:6], (f.strip() for f in fields[:6]), strict=True))
            ref = attrs["Reference ID"]
            refs = [r.strip() for r in attrs["References"].split("|") if r.strip()]
            meta = CableMeta(reference_id=ref, created=_created(attrs["Created"]),
                             classification=attrs["Classification"], origin=attrs["Origin"],
                             attributes=dict(attrs), references=refs)
            rec = cable_record(meta, fields[6], fields[7], doc=doc, fmt=self.name, part=str(number), raw=raw)
            if not meta.created:
                rec.warnings.append(f"could not read the date {attrs['Created']!r}")
            seen += 1
            yield from bad
            bad.clear()
            yield rec
        if bad and not seen:
            raise ParseError(f"no row of this cablegate CSV could be read; first problem: {bad[0].warnings[0]}",
                             path=doc.path)
        if not seen:
            raise ParseError("the cablegate CSV holds no rows", path=doc.path)
