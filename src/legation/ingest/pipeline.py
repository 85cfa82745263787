"""Read -> detect -> parse -> finish: one input document to records, without storing.

``parse_input`` is a pure function of the document (and an optional forced
format), so it can run in worker processes; it never raises for bad input:
failures come back as a :class:`Parsed` with ``error`` set.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field

from legation import formats
from legation.enrich.glossary import glossary_terms
from legation.enrich.references import resolve_references
from legation.errors import LegationError
from legation.formats.base import InputDoc, ensure_text
from legation.model import PARSER_VERSION, Record


@dataclass
class Parsed:
    """What became of one input document."""

    path: str
    sha256: str
    format: str = ""
    records: list[Record] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def finish(record: Record, doc: InputDoc, fmt: str) -> Record:
    """Fill what every record needs whatever its parser did: source, sources, raw, text."""
    src = record.source
    if not src.path:
        src.path = doc.path
    if not src.sha256:
        src.sha256 = doc.sha256
    if not src.format:
        src.format = fmt
    src.parser_version = PARSER_VERSION
    if not record.sources:
        record.sources = [src.model_copy()]
    if not record.raw:
        record.raw = doc.text
    if not record.text and record.body:
        record.text = "\n\n".join(b.text for b in record.body if b.text)
    for w in doc.warnings:
        if w not in record.warnings:
            record.warnings.append(w)
    return glossary_terms(resolve_references(record))  # issue 11: until the enrich pass registry runs them


def parse_input(doc: InputDoc, fmt: str | None = None) -> Parsed:
    """Decode, detect (unless ``fmt`` is given) and parse one document."""
    out = Parsed(path=doc.path, sha256=doc.sha256)
    try:
        ensure_text(doc)
        out.warnings.extend(doc.warnings)
        if fmt:
            name = fmt
            parser = formats.get(fmt)
        else:
            name, _score = formats.detect(doc)
            parser = formats.get(name)
        out.format = name
        records = [finish(r, doc, name) for r in parser.parse(doc)]
        if not records:
            raise LegationError(f"the {name} parser found no record in it", path=doc.path)
        out.records = records
    except LegationError as exc:
        out.error = exc.one_line()
    except Exception as exc:  # a parser bug must not stop a batch; say where it happened
        where = traceback.extract_tb(exc.__traceback__)[-1]
        out.error = (f"{doc.path}: internal error in the {out.format or 'format detection'} step: "
                     f"{type(exc).__name__}: {exc} (at {where.filename.rsplit('/', 1)[-1]}:{where.lineno}; "
                     "please report it with this file)")
    return out
