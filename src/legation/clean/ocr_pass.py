"""OCR repair as a clean pass: ``Record -> Record``, for the pass registry.

Registered as the clean pass ``ocr-repair`` (order 60: after furniture and joins, which work
on lines and layout; before every Enrich pass, so entities see the repaired words).

Which records: the formats that come from OCR of paper or microfilm (:data:`OCR_FORMATS`:
AAD telegrams, Wilson Center transcripts, CIA CREST documents, History Lab CFPF bodies) are
repaired. Born-digital text is left alone (cablegate pages and CSV rows, and cablegate cables
read as telegrams, i.e. collection ``cablegate``; FRUS TEI is edited text): its odd spellings
are the drafter's, not a scanner's. ``ocr_repair(record, flag_only=True)`` proposes repairs
for any record without applying one.

Settings, read once per process from the environment:

``LEGATION_REJECTIONS``  the rejections file (:mod:`legation.clean.rejections`)
``LEGATION_GLOSSARY``    a glossary file whose terms are never changed (the refs glossary)
``LEGATION_WORD_TABLE``  the corpus frequency table (JSON, :class:`CorpusFrequencies`), kept
                         current by :func:`refresh_word_table` after each ingest batch

The pass is deterministic and idempotent (a record that carries ``ocr-*`` corrections is
returned as it is).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from legation.clean.lexicon import CorpusFrequencies, protected_words
from legation.clean.ocr import RepairContext, repair_record
from legation.clean.registry import clean_pass
from legation.clean.rejections import Rejections
from legation.model import Record

if TYPE_CHECKING:
    from legation.store.base import Store

OCR_FORMATS = ("telegram", "transcript", "document", "historylab")
BORN_DIGITAL_COLLECTIONS = ("cablegate", "frus")
FLAG_ONLY = 2.0  # a threshold no confidence reaches


@lru_cache(maxsize=1)
def default_context() -> RepairContext:
    """The repair context of this process, from the environment (see the module doc)."""
    glossary = os.environ.get("LEGATION_GLOSSARY") or None
    rejections = os.environ.get("LEGATION_REJECTIONS")
    table = os.environ.get("LEGATION_WORD_TABLE")
    return RepairContext(
        protected=protected_words(glossary) if glossary and Path(glossary).is_file() else protected_words(),
        rejections=Rejections.load(rejections) if rejections and Path(rejections).is_file() else None,
        corpus=CorpusFrequencies.load(table) if table and Path(table).is_file() else None,
    )


def ocr_repair(record: Record, context: RepairContext | None = None, *, flag_only: bool = False) -> Record:
    """Repair the OCR errors of ``record.text`` (or, with ``flag_only``, only flag them)."""
    ctx = context or default_context()
    if flag_only:
        return repair_record(record, context=ctx.for_record(record.id, threshold=FLAG_ONLY))
    if record.source.format not in OCR_FORMATS or record.collection in BORN_DIGITAL_COLLECTIONS:
        return record
    return repair_record(record, context=ctx)


@clean_pass("ocr-repair", order=60, formats=OCR_FORMATS,
            description="OCR word repair with provenance: applied above the threshold, flagged below")
def ocr_repair_pass(record: Record) -> Record:
    return ocr_repair(record)


def refresh_word_table(store: Store, path: str | Path) -> CorpusFrequencies:
    """Load the table at ``path`` (or count the whole catalogue), catch up with the store, save it."""
    p = Path(path)
    table = CorpusFrequencies.load(p) if p.is_file() else CorpusFrequencies.from_store(store)
    table.catch_up(store)
    table.save(p)
    return table
