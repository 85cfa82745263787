"""Helpers for the OCR repair tests: a record as its parser read it, before the Clean passes ran."""

from __future__ import annotations

from pathlib import Path

from legation import formats
from legation.formats.base import InputDoc, ensure_text
from legation.ingest.pipeline import parse_input, provenance
from legation.model import Record
from tests.conftest import need_shared


def parse_only(path: Path) -> Record:
    """The first record of ``path`` straight from its parser (no Clean or Enrich pass)."""
    need_shared()
    doc = InputDoc(path=str(path), data=path.read_bytes())
    ensure_text(doc)
    name, _score = formats.detect(doc)
    return provenance(next(iter(formats.get(name).parse(doc))), doc, name)


def ingested(path: Path) -> Record:
    """The first record of ``path`` as ingest makes it (parser, then every pass)."""
    need_shared()
    return parse_input(InputDoc(path=str(path), data=path.read_bytes())).records[0]
