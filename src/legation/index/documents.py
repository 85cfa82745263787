"""The index document of a record, and the index schema (the field table is in :mod:`legation.index.tantivy_index`).

The ``legation`` tokenizer is tantivy's simple tokenizer, dropping tokens of
40+ bytes, lowercased and ASCII-folded (``Tōkyō`` matches ``tokyo``); no
stemming, so names match as written.  The facet fields follow the facet table
(:mod:`legation.search.facets`); a multi-valued facet is also written to its
single-valued slot fields (:mod:`legation.index.facet_counts`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import tantivy

from legation.clean.spelling import original_spellings
from legation.index import facet_counts as fc
from legation.model import Record
from legation.search.facets import FACETS, TEXT_INDEX_FIELDS

TOKENIZER = "legation"


def analyzer() -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .build()
    )


ANALYZER = analyzer()


_TOKEN_ONLY_FIELDS = ("from_text", "to_text", "person", "place", "org", "country", "signer", "class_text")
_PERSON_TYPES = {"PERSON", "PER"}
_PLACE_TYPES = {"PLACE", "COUNTRY", "LOC", "GPE", "CITY"}
_ORG_TYPES = {"ORG", "ORGANIZATION"}


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    for name in ("title", "subject", "summary", "text"):
        sb.add_text_field(name, stored=True, tokenizer_name=TOKENIZER)
    for name in ("meta", *_TOKEN_ONLY_FIELDS):
        sb.add_text_field(name, stored=False, tokenizer_name=TOKENIZER)
    sb.add_text_field("id_lc", stored=False, tokenizer_name="raw")
    sb.add_text_field("alias_lc", stored=False, tokenizer_name="raw")
    for name in TEXT_INDEX_FIELDS:
        sb.add_text_field(name, stored=True, fast=True, tokenizer_name="raw")
        if name in fc.MULTI_FIELDS:
            for slot in fc.slot_fields(name):
                sb.add_text_field(slot, stored=False, fast=True, tokenizer_name="raw")
    sb.add_date_field("date", stored=True, indexed=True, fast=True)
    sb.add_text_field("date_text", stored=True, tokenizer_name="raw")
    sb.add_integer_field("year", stored=True, indexed=True, fast=True)
    return sb.build()


def _date_value(date: str) -> dt.datetime | None:
    """``1976-08-24`` / ``1976-08`` / ``1976`` -> the first instant of that day/month/year, UTC."""
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", date)
    if not m:
        return None
    try:
        return dt.datetime(int(m[1]), int(m[2] or 1), int(m[3] or 1), tzinfo=dt.UTC)
    except ValueError:
        return None


def valid_text(text: str) -> str:
    """``text`` with any lone surrogate replaced, so tantivy (UTF-8 only) accepts it."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")


#: An index document as plain values, ``(field, value)`` in order: what a worker process hands over
#: (picklable), made into a ``tantivy.Document`` by :func:`document_from_fields` where the index is written.
Fields = list[tuple[str, Any]]


class _Doc:
    """The fields of a document, text values always valid Unicode."""

    def __init__(self) -> None:
        self.fields: Fields = []

    def add_text(self, name: str, value: str) -> None:
        self.fields.append((name, valid_text(value)))

    def add(self, name: str, value: Any) -> None:
        self.fields.append((name, value))


def _meta_words(record: Record) -> str:
    """Ids, aliases, codes, posts, names and reference labels: searched by unfielded words (boost 1.2)."""
    posts = [a.post or a.name for a in (*record.to, *record.info)]
    if record.from_ is not None:
        posts.insert(0, record.from_.post or record.from_.name)
    meta = [record.id, *record.aliases, *record.tags, *record.tag_persons, *record.concepts, *posts,
            *(p.name for p in record.participants), *(r.label for r in record.references),
            record.signer, record.drafter, *original_spellings(record)]  # OCR: the printed spellings too
    return " ".join(m for m in meta if m)


def _entity_names(record: Record) -> dict[str, list[str]]:
    """person / place / org / country -> names and linking keys, from TAGS persons, participants and typed
    entities (a country is a place too).  The key (``brezhnev l``) is indexed beside the printed name, so a
    facet value (a key) finds every spelling the key links."""
    out: dict[str, list[str]] = {"person": [*record.tag_persons, *(p.name for p in record.participants)],
                                 "place": [], "org": [], "country": []}
    for entity in record.entities:
        kind = entity.type.upper()
        target = ("person" if kind in _PERSON_TYPES else "place" if kind in _PLACE_TYPES
                  else "org" if kind in _ORG_TYPES else "")
        if target:
            out[target] += [entity.name, entity.key]
        if kind == "COUNTRY":
            out["country"] += [entity.name, entity.key]
    return out


def _token_fields(record: Record) -> dict[str, list[str]]:
    """The tokenized fields that fielded queries (from:, to:, person:, class: ...) search."""
    c = record.classification
    return {
        "from_text": [record.from_.name, record.from_.post] if record.from_ is not None else [],
        "to_text": [v for a in (*record.to, *record.info) for v in (a.name, a.post)],
        "signer": [record.signer],
        "class_text": [c.current, c.original, c.previous, *record.handling],
        **_entity_names(record),
    }


def _add_dates(doc: _Doc, record: Record) -> None:
    if record.date:
        doc.add_text("date_text", record.date)
    when = _date_value(record.date)
    if when is not None:
        doc.add("date", when)
    if record.year is not None:
        doc.add("year", record.year)


def record_document(record: Record) -> tantivy.Document:
    """The index document for a record."""
    return document_from_fields(record_fields(record))


_INTEGER_FIELDS = frozenset({"year"})
_DATE_FIELDS = frozenset({"date"})


def document_from_fields(fields: Fields) -> tantivy.Document:
    """The ``tantivy.Document`` of :func:`record_fields`' values."""
    doc = tantivy.Document()
    add_text, add_date, add_integer = doc.add_text, doc.add_date, doc.add_integer
    for name, value in fields:
        if name in _DATE_FIELDS:
            add_date(name, value)
        elif name in _INTEGER_FIELDS:
            add_integer(name, value)
        else:
            add_text(name, value)
    return doc


def record_fields(record: Record) -> Fields:
    """The index document of a record as plain ``(field, value)`` pairs (see :data:`Fields`)."""
    doc = _Doc()
    doc.add_text("id", record.id)
    text = record.text or "\n\n".join(b.text for b in record.body if b.text)
    for name, value in (("title", record.title), ("subject", record.subject),
                        ("summary", record.summary), ("text", text)):
        if value:
            doc.add_text(name, value)
    doc.add_text("meta", _meta_words(record))
    doc.add_text("id_lc", record.id.lower())
    for alias in dict.fromkeys(a.lower() for a in record.aliases):
        if alias:
            doc.add_text("alias_lc", alias)
    for name, values in _token_fields(record).items():
        for value in dict.fromkeys(values):
            if value:
                doc.add_text(name, value)
    for f in FACETS:  # the facet fields, by the facet table's rules (one rule for store and index)
        if not f.integer:
            values = f.values(record)
            for value in values:
                doc.add_text(f.index_field, value)
            if f.multi:  # the same values again in single-valued slots (fast counting, facet_counts)
                for suffix, value in fc.slot_values(values):
                    doc.add_text(f"{f.index_field}_{suffix}", value)
    _add_dates(doc, record)
    return doc.fields
