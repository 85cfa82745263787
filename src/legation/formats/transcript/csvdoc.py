"""The Wilson Digital Archive scraper CSV (``wilson_archive.csv``): one record per row.

RFC 4180 with a header (``document_url,page_number,...,text_body,...,record_id,...``).
List columns hold JSON arrays as strings (``["English"]``); dates are free
text.  Every column is kept in ``attributes`` exactly as printed; ``raw`` is
the row's own slice of the file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterator

from legation.dates import parse_date
from legation.errors import ParseError
from legation.formats.transcript import meta
from legation.formats.transcript.body import build_body, reading_text
from legation.model import Archive, Block, Classification, Record

REQUIRED = {"document_url", "title", "text_body", "record_id"}
LIST_COLUMNS = ("authors", "associated_places", "subjects_discussed", "associated_people_orgs",
                "document_contributors", "original_archive_title", "language", "donors")


_BOMS = re.compile("\ufeff*")


def sniff_csv(text: str) -> float:
    start = _BOMS.match(text).end()  # type: ignore[union-attr]  # (matches the empty string)
    end = text.find("\n", start)
    first = (text[start:] if end < 0 else text[start:end]).strip().lower()  # the first line, nothing copied
    try:
        header = {h.strip().strip('"') for h in next(csv.reader([first]))}
    except (csv.Error, StopIteration):
        return 0.0
    if header >= REQUIRED:
        return 0.97
    if {"document_url", "text_body"} <= header:
        return 0.8
    return 0.0


def record_spans(text: str) -> list[tuple[int, int]]:
    """Start/end offsets of each CSV record (newlines inside quotes do not end a record)."""
    spans: list[tuple[int, int]] = []
    start = 0
    in_quotes = False
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            in_quotes = not in_quotes
        elif ch == "\n" and not in_quotes:
            end = i
            if end > start and text[end - 1] == "\r":
                end -= 1
            spans.append((start, end))
            start = i + 1
        i += 1
    if start < n:
        spans.append((start, n))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _list(value: str, column: str, warnings: list[str]) -> list[str]:
    value = value.strip()
    if not value:
        return []
    try:
        data = json.loads(value)
    except json.JSONDecodeError:
        warnings.append(f"column {column!r} is not a JSON list; kept as one value")
        return [value]
    if isinstance(data, list):
        return [str(x) for x in data if str(x).strip()]
    return [str(data)]


def body_paragraphs(text: str) -> list[str]:
    """One paragraph a line (the scraper joins paragraphs with single newlines)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [line for line in text.split("\n") if line.strip()]


def parse_csv(text: str, *, path: str) -> Iterator[tuple[Record, str]]:
    """Yield ``(record, part)`` per data row."""
    body = text.lstrip("\ufeff")
    spans = record_spans(body)
    if not spans:
        raise ParseError("the CSV holds no header row", path=path)
    try:
        header = next(csv.reader([body[spans[0][0]: spans[0][1]]]))
    except (csv.Error, StopIteration) as exc:
        raise ParseError(f"the CSV header cannot be read ({exc})", path=path) from exc
    header = [h.strip() for h in header]
    missing = REQUIRED - set(header)
    if missing:
        raise ParseError(f"not a Wilson archive CSV: missing columns {', '.join(sorted(missing))}", path=path,
                         hint="the header must name document_url, title, text_body and record_id")
    if len(spans) == 1:
        raise ParseError("the Wilson CSV has a header but no rows", path=path)
    for row_no, (a, b) in enumerate(spans[1:], start=1):
        raw = body[a:b]
        warnings: list[str] = []
        try:
            fields = next(csv.reader(io.StringIO(raw, newline=""), strict=True))
        except (csv.Error, StopIteration) as exc:
            fields = [raw]
            warnings.append(f"row {row_no} is not valid CSV ({exc}); kept as raw text only")
        if len(fields) != len(header):
            warnings.append(f"row {row_no} has {len(fields)} fields, the header has {len(header)}")
        row = dict(zip(header, fields, strict=False))
        for h in header[len(fields):]:
            row[h] = ""
        if len(fields) > len(header):
            row["_extra_fields"] = json.dumps(fields[len(header):], ensure_ascii=False)
        rec = row_record(row, warnings, path=path)
        rec.raw = raw
        yield rec, f"row {row_no}"


def row_record(row: dict[str, str], warnings: list[str], *, path: str) -> Record:
    def g(column: str) -> str:
        return (row.get(column) or "").strip()

    url = g("document_url")
    rec_id = _row_id(row, url, warnings)
    title = g("title")
    date, precision = parse_date(row.get("original_publication_date") or "")
    if not date:
        warnings.append(f"date {row.get('original_publication_date') or ''!r} not understood")
    lists = {c: _list(row.get(c) or "", c, warnings) for c in LIST_COLUMNS}
    paras = body_paragraphs(row.get("text_body") or "")
    body = build_body(paras)
    warnings.extend(body.warnings)
    classification = Classification(original=g("original_classification")
                                    or (meta.classification_from_text(paras[0]) if paras else ""))
    kind = meta.kind_from_title(title) or "document"
    participants = [p for b in body.blocks[:10] for p in meta.participants_from(b.text)] + body.participants
    rec = Record(
        id=rec_id, collection="wilson", kind=kind, title=title, subject=_subject_line(body.blocks), date=date,
        date_precision=precision,
        summary=g("summary"), source_url=url, translator=meta.translator_from(g("source")),
        archive=_row_archive(g("source"), g("credits"), lists), classification=classification,
        original_language=", ".join(lists["language"]), language=meta.detect_language("\n".join(paras)),
        participants=participants, body=body.blocks, notes=body.notes,
        signer=body.signer, concepts=lists["subjects_discussed"], attributes=dict(row), warnings=warnings,
    )
    if kind == "letter":
        rec.from_, rec.to = meta.letter_addresses(title)
    rec.entities.extend(meta.metadata_entities(lists["associated_people_orgs"], "PERSON_OR_ORG"))
    rec.entities.extend(meta.metadata_entities(lists["associated_places"], "PLACE"))
    rec.entities.extend(meta.metadata_entities(lists["authors"], "PERSON_OR_ORG", "author"))
    rec.entities.extend(meta.metadata_entities(lists["document_contributors"], "PERSON_OR_ORG", "contributor"))
    rec.text = reading_text(rec.body, rec.notes)
    if not rec.text:
        rec.warnings.append("text_body is empty")
    return rec


def _row_id(row: dict[str, str], url: str, warnings: list[str]) -> str:
    """``wilson-<record_id>``, else the id in the document URL, else one made from the row's content."""
    rid = (row.get("record_id") or "").strip()
    if rid:
        return f"wilson-{rid}"
    m = re.search(r"/document/([\w\-]+)", url)
    if m:
        warnings.append("no record_id; id made from the document URL")
        return f"wilson-{m.group(1)}"
    # Keep the row (nothing is lost) under an id made from its content, and say so.
    digest = hashlib.sha256(json.dumps(row, sort_keys=True).encode("utf-8")).hexdigest()[:12]
    warnings.append("a row has neither record_id nor document_url; id made from its content")
    return f"wilson-row-{digest}"


def _row_archive(source: str, credits: str, lists: dict[str, list[str]]) -> Archive:
    archive = Archive(repository="; ".join(lists["original_archive_title"]))
    if source:
        archive.extra["source"] = source
        for verb in ("obtained", "contributed", "transcribed"):
            who = meta.credit_by(source, verb)
            if who:
                archive.extra[f"{verb}_by"] = re.sub(r"(?:,|(?<![\s,]))\s+and\s+(?:translated|transcribed)\b.*$", "",
                                                    who)
    if credits:
        archive.extra["credits"] = credits
    return archive


def _subject_line(blocks: list[Block]) -> str:
    """A ``Subject: ...`` line among the first blocks (its footnote marker dropped)."""
    for b in blocks[:8]:
        m = re.match(r"^Subject:\s*(.+)$", b.text, re.S)
        if m:
            return re.sub(r"\[\d+\]$", "", m.group(1).strip()).strip()
    return ""
