"""FOIArchive exports (History Lab's database): JSON (a list of objects, one object, or
JSON lines) or CSV with columns such as ``doc_id, title, body, authored,
classification, from_field, to_field`` (``foiarchive.docs`` / ``docs_cfpf``).
Every column is kept in ``attributes``.  Read under the ``historylab`` format.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from legation.cableids import canonicalize
from legation.dates import as_precision, parse_date
from legation.errors import ParseError
from legation.formats.base import InputDoc
from legation.formats.historylab.labels import entity_key, gold_type
from legation.formats.historylab.layout import blocks_from, drop_furniture, lay_out
from legation.model import Address, Classification, Entity, Record, Source

NAME = "historylab"
COLLECTION = "historylab"



_ID_COLS = ("doc_id", "doc_nbr", "docid", "document_id")
_BODY_COLS = ("body", "raw_body", "text", "body_text")
_DATE_COLS = ("authored", "date", "doc_date", "created")
_CABLE_ID = re.compile(r"^(?:\d{2}|\d{4})[A-Z]{2,}\d{1,7}$")
_CORPUS_KIND = {"cfpf": "telegram", "clinton": "email", "pdb": "briefing", "cabinet": "minutes",
                "kissinger": "memcon", "frus": "document", "cia": "document", "un": "document",
                "worldbank": "document", "nato": "document", "briefing": "briefing"}
_POST_PREFIX = re.compile(r"^(?:AMEMBASSY|AMEMB|AMCONSUL|AMCONGEN|USMISSION|USDEL|USLO|AMB)\s+", re.I)


_LEADING = re.compile(r"[\ufeff \t\r\n]*")


def _export_header(text: str) -> tuple[str, set[str]]:
    """Which export shape this is ('json' / 'jsonl' / 'csv' / '') and the field names seen."""
    i = _LEADING.match(text).end()  # type: ignore[union-attr]  # (matches the empty string)
    if text[i:i + 1] in "[{":
        s = text[i:]
        keys = {k.lower() for k in re.findall(r'"([A-Za-z_]+)"\s*:', s[:8000])}
        first = s.split("\n", 1)[0].strip()
        shape = "jsonl" if first.startswith("{") and first.endswith("}") and "\n{" in s[:200000] else "json"
        return shape, keys
    end = text.find("\n", i)
    first_line = text[i:] if end < 0 else text[i:end]  # (the text after the leading blanks is not copied)
    if "," not in first_line and ";" not in first_line and "\t" not in first_line:
        return "", set()
    try:
        header = next(csv.reader([first_line], dialect=_dialect(first_line)))
    except (csv.Error, StopIteration):
        return "", set()
    return "csv", {h.strip().lower() for h in header}


def _dialect(line: str) -> type[csv.Dialect]:
    if line.count("\t") > line.count(","):
        return csv.excel_tab
    return csv.excel


def sniff_export(text: str) -> float:
    shape, keys = _export_header(text)
    if not shape:
        return 0.0
    if keys & set(_ID_COLS) and keys & set(_BODY_COLS) and (keys & {"authored", "title", "classification",
                                                                      "from_field", "to_field", "corpus", "doc_id"}):
        return 0.9
    return 0.0


def _iter_json(text: str, path: str) -> Iterator[tuple[dict[str, Any], str, str]]:
    s = text.lstrip("\ufeff")
    dec = json.JSONDecoder()
    i = len(s) - len(s.lstrip())
    if s[i:i + 1] == "[":
        i += 1
        n = 0
        while True:
            while i < len(s) and (s[i].isspace() or s[i] == ","):
                i += 1
            if i >= len(s):
                raise ParseError("the JSON list is not closed with ]", path=path)
            if s[i] == "]":
                return
            try:
                obj, j = dec.raw_decode(s, i)
            except json.JSONDecodeError as exc:
                raise ParseError(f"bad JSON in item {n + 1}: {exc.msg}", path=path, line=exc.lineno) from exc
            n += 1
            if isinstance(obj, dict):
                yield obj, s[i:j], f"item {n}"
            i = j
    else:
        lineno = 0
        for lineno, line in enumerate(s.split("\n"), 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                # One pretty-printed object rather than JSON lines.
                try:
                    whole = json.loads(s)
                except json.JSONDecodeError as exc:
                    raise ParseError(f"bad JSON: {exc.msg}", path=path, line=exc.lineno) from exc
                if isinstance(whole, dict):
                    yield whole, s, "item 1"
                return
            if isinstance(obj, dict):
                yield obj, line, f"line {lineno}"


def _iter_csv(text: str, path: str) -> Iterator[tuple[dict[str, Any], str, str]]:
    s = text.lstrip("\ufeff")
    lines = s.splitlines(keepends=True)
    reader = csv.reader(iter(lines), dialect=_dialect(lines[0] if lines else ""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        return
    except csv.Error as exc:
        raise ParseError(f"bad CSV header: {exc}", path=path, line=1) from exc
    last = reader.line_num
    n = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ParseError(f"bad CSV: {exc}", path=path, line=reader.line_num) from exc
        raw = "".join(lines[last:reader.line_num])
        last = reader.line_num
        if not any(c.strip() for c in row):
            continue
        n += 1
        obj: dict[str, Any] = {h: (row[k] if k < len(row) else "") for k, h in enumerate(header)}
        if len(row) > len(header):
            obj["_extra"] = row[len(header):]
        yield obj, raw, f"row {n}"


def _get(obj: dict[str, Any], names: tuple[str, ...]) -> Any:
    lower = {k.lower(): v for k, v in obj.items()}
    for name in names:
        v = lower.get(name)
        if v not in (None, "", [], {}):
            return v
    return None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, str):
        s = value.strip()
        if s.startswith("[") or s.startswith("{"):
            try:
                parsed = json.loads(s)
                return parsed if isinstance(parsed, list) else [parsed]
            except json.JSONDecodeError:
                pass
        return [p.strip() for p in re.split(r"[;|\n]", s) if p.strip()]
    return [value]


def _address(name: str) -> Address:
    printed = re.sub(r"\s+", " ", name).strip()
    post = _POST_PREFIX.sub("", printed.upper())
    if post.startswith("SECSTATE") or post in {"STATE", "DEPARTMENT OF STATE", "SECRETARY OF STATE"}:
        post = "WASHINGTON"
    return Address(name=printed, post=post)


def _export_entities(obj: dict[str, Any]) -> list[Entity]:
    out: list[Entity] = []
    for col, default_type in (("entities", ""), ("persons", "PERSON"), ("countries", "COUNTRY")):
        for item in _as_list(_get(obj, (col,))):
            if isinstance(item, dict):
                name = str(item.get("name") or item.get("full_name") or item.get("entity") or
                           item.get("country_name") or "").strip()
                label = str(item.get("type") or item.get("entity_type") or item.get("label") or "").strip()
            else:
                name, label = str(item).strip(), ""
                m = re.match(r"^(.*?)(?<!\s)\s*[(/]\s*([A-Za-z.]+)\s*\)?$", name)
                if m and not default_type:
                    name, label = m.group(1), m.group(2)
            if not name:
                continue
            typ = default_type or _export_type(label)
            out.append(Entity(name=name, type=typ, key=entity_key(name), source="foiarchive", role=label))
    return out


def _export_type(label: str) -> str:
    low = label.strip().lower()
    if "." in low or low == "loc":
        return gold_type(label)
    return {"person": "PERSON", "per": "PERSON", "country": "COUNTRY", "place": "PLACE", "location": "PLACE",
            "gpe": "PLACE", "org": "ORG", "organization": "ORG", "organisation": "ORG"}.get(low, "OTHER")


def _authored(value: Any) -> tuple[str, str, str]:
    """Authored value -> (date, datetime, precision)."""
    s = str(value).strip()
    m = re.match(r"^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$", s)
    if m:
        date = m.group(1)
        if m.group(2) and m.group(2) not in {"00:00", "00:00:00"}:
            tz = m.group(3) or "Z"
            if tz != "Z" and len(tz) == 3:
                tz += ":00"
            try:
                dt = datetime.fromisoformat(f"{date}T{m.group(2)}{'+00:00' if tz == 'Z' else tz}")
                return dt.astimezone(UTC).date().isoformat(), \
                    dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "day"
            except ValueError:
                pass
        return date, "", "day"
    date, precision = parse_date(s)
    return date, "", precision


def export_record(doc: InputDoc, obj: dict[str, Any], raw: str, part: str) -> Record:
    warnings: list[str] = []
    raw_id = _get(obj, _ID_COLS)
    if raw_id is None:
        raw_id = _get(obj, ("id",))
    aliases: list[str] = []
    if raw_id is None:
        import hashlib
        record_id = f"historylab-{hashlib.sha256(raw.encode('utf-8')).hexdigest()[:12]}"
        warnings.append("the export row has no doc_id; the id is a content hash")
    else:
        printed = str(raw_id).strip()
        compact = re.sub(r"\s+", "", printed.upper())
        record_id = canonicalize(printed) if _CABLE_ID.match(compact) else printed
        if record_id != printed:
            aliases.append(printed)
    body = str(_get(obj, _BODY_COLS) or "")
    laid = lay_out(body.replace("\r\n", "\n").replace("\r", "\n"), drop_furniture)
    blocks, signer = blocks_from(laid.text, laid.paragraphs)
    date, dt, precision = "", "", ""
    authored = _get(obj, _DATE_COLS)
    if authored is not None:
        date, dt, precision = _authored(authored)
        if not date:
            warnings.append(f"could not read the date {authored!r}")
    corpus = str(_get(obj, ("corpus",)) or "").strip().lower()
    kind = _CORPUS_KIND.get(corpus, "document") if corpus else "telegram" if _CABLE_ID.match(record_id) else "document"
    classification = Classification(
        original=str(_get(obj, ("classification", "origclass")) or "").strip().upper(),
        current=str(_get(obj, ("class", "current_classification")) or "").strip().upper(),
        previous=str(_get(obj, ("pclass", "previous_classification")) or "").strip().upper(),
    )
    sender = _get(obj, ("from", "from_field", "sent_from"))
    to = [_address(str(t)) for t in _as_list(_get(obj, ("to", "to_field", "sent_to")))]
    source_value = str(_get(obj, ("source", "source_url", "url")) or "")
    tags = [str(t).strip() for t in _as_list(_get(obj, ("tags",)))]
    handling = [str(h).strip().upper() for h in _as_list(_get(obj, ("handling", "orighand")))
                if str(h).strip().lower() not in {"n/a", "na", ""}]
    return Record(
        id=record_id,
        collection=COLLECTION,
        kind=kind,
        title=str(_get(obj, ("title",)) or "").strip(),
        subject=str(_get(obj, ("subject",)) or "").strip(),
        date=date,
        datetime=dt,
        date_precision=as_precision(precision),
        from_=_address(str(sender)) if sender is not None else None,
        to=to,
        classification=classification,
        handling=handling,
        tags=tags,
        concepts=[str(c).strip() for c in _as_list(_get(obj, ("concepts",)))],
        signer=signer,
        body=blocks,
        source_url=source_value if source_value.startswith("http") else "",
        attributes=dict(obj),
        entities=_export_entities(obj),
        aliases=aliases,
        warnings=list(doc.warnings) + warnings,
        text=laid.text,
        raw=raw,
        source=Source(path=doc.path, sha256=doc.sha256, format=NAME, part=part),
    )


def parse_export(doc: InputDoc) -> Iterator[Record]:
    shape, _ = _export_header(doc.text)
    rows = _iter_csv(doc.text, doc.path) if shape == "csv" else _iter_json(doc.text, doc.path)
    count = 0
    for obj, raw, part in rows:
        count += 1
        yield export_record(doc, obj, raw, part)
    if not count:
        raise ParseError("the FOIArchive export holds no records", path=doc.path)


