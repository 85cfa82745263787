"""One input document to records, without storing: detect -> parse -> clean -> enrich -> finish.

- **parse**: the format's parser reads the fields as printed; :func:`provenance`
  stamps what every record needs (source, sources, raw, the input's warnings).
- **clean**: the Clean passes (:mod:`legation.clean`) record each change to
  text as a Correction (page furniture first).
- **enrich**: the Enrich passes (:mod:`legation.enrich`) add entities with
  their keys and sources, aliases, resolved references.
- **finish**: :func:`finish` drops the parser's hand-over to the Clean stage.

``parse_input`` is a pure function of the document (and an optional forced
format), so it can run in worker processes; it never raises for bad input:
failures come back as a :class:`Parsed` with ``error`` set.  ``Parsed.timings``
holds the seconds spent in each step (``parse``, ``clean:<pass>``,
``enrich:<pass>``, ``finish``), which ``legation check --profile`` adds up.
"""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass, field

from legation import formats
from legation.clean.registry import STAGES, run_stage
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
    #: seconds per step: ``parse``, ``clean:<pass>``, ``enrich:<pass>``, ``finish``
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.error


def provenance(record: Record, doc: InputDoc, fmt: str) -> Record:
    """What every record needs whatever its parser did: source, sources, raw, text, the input's warnings.

    ``text`` is the body's text when the parser gave none, so the Clean passes have the reading text.
    """
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
    return record


def finish(record: Record) -> Record:
    """The last step: the parser's hand-over to the Clean stage is dropped (it is never stored)."""
    record.hand_over(None)
    return record


def run_steps(record: Record, fmt: str, timings: dict[str, float]) -> Record:
    """Clean passes, Enrich passes, finish: everything after the parser, timed into ``timings``."""
    for stage in STAGES:
        record = run_stage(record, stage, fmt, timings=timings)
    start = time.perf_counter()
    record = finish(record)
    timings["finish"] = timings.get("finish", 0.0) + time.perf_counter() - start
    return record


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
        start = time.perf_counter()
        records = [provenance(r, doc, name) for r in parser.parse(doc)]
        out.timings["parse"] = time.perf_counter() - start
        if not records:
            raise LegationError(f"the {name} parser found no record in it", path=doc.path)
        out.records = [run_steps(r, name, out.timings) for r in records]
    except LegationError as exc:
        out.error = exc.one_line()
    except Exception as exc:  # a parser bug must not stop a batch; say where it happened
        where = traceback.extract_tb(exc.__traceback__)[-1]
        out.error = (f"{doc.path}: internal error in the {out.format or 'format detection'} step: "
                     f"{type(exc).__name__}: {exc} (at {where.filename.rsplit('/', 1)[-1]}:{where.lineno}; "
                     "please report it with this file)")
    return out
