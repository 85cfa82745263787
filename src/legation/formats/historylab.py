"""History Lab: gold-annotated CFPF cable bodies and FOIArchive exports.

Two shapes are read under the one format name ``historylab``:

1. The annotated cable bodies of ``history-lab/historylab-parser`` (one
   cable per file): an entity table (``1. HUGO BANZER   PER.INDIVIDUAL``),
   a ``@@@`` line, the upper-case CFPF body with mentions marked
   ``[[surface || index]]`` (marks nest; some use ``|`` or ``||  ||``), and
   sometimes a ``*** Current Classification *** ...`` footer.  The CFPF
   document number is not in the text; History Lab names each file by it,
   so the id comes from the file name when the name has the CFPF shape.
   The marks are taken out of ``text`` and kept as gold entities whose
   mentions point into ``text``.
2. FOIArchive exports: JSON (a list of objects, one object, or JSON lines)
   or CSV with columns such as ``doc_id, title, body, authored,
   classification, from_field, to_field`` (``foiarchive.docs`` /
   ``docs_cfpf``); every column is kept in ``attributes``.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from legation.cableids import canonicalize
from legation.dates import parse_date
from legation.errors import ParseError
from legation.formats.base import InputDoc, ensure_text, register
from legation.model import Address, Block, Classification, DatePrecision, Entity, Mention, Record, Source

NAME = "historylab"
COLLECTION = "historylab"

# -- the annotated cable bodies ----------------------------------------------

CFPF_ID = re.compile(r"^(19\d\d)([A-Z]{3,6})(\d{5,6})$")
_SEPARATOR = re.compile(r"^[ \t]*@@+[ \t]*$", re.M)
_MARK_SNIFF = re.compile(r"\[\[[^\[\]\n]{1,200}?\|{1,2}[ \t]*\d{1,3}[ \t]*\]\]")
_TABLE_TYPE = re.compile(r"^(?:[A-Za-z]{2,4}\.[A-Za-z]+|LOC|\?)$")
_TABLE_SNIFF = re.compile(r"(?m)^\s*\d+\s*\.?\s+\S.*?\s(?:PER|ORG|GPE)\.[A-Z]+\s*$")
_TABLE_LINE = re.compile(r"^(?P<n>\d+)[ \t]*\.?(?:[ \t]+|$)(?:(?P<n2>\d+)[ \t]*\.[ \t]+)?(?P<rest>.*)$")
_NAME_TYPE = re.compile(r"^(?P<name>.*?)[ \t]+(?P<type>\S+)[ \t]*$")
# One token of the mark language: an opening [[, a closing "| index ]]" (any
# number of pipes, spaces, an optional index), a bare ]], or a stray pipe.
# A single ] (``[[NORWAY||4]``) or a missing ] before the next [[ also closes.
_TOKEN = re.compile(
    r"\[\["
    r"|(?P<close>[ \t]*(?:\|+[ \t]*)+(?P<idx>\d+)?[ \t]*(?:\][ \t]?\]|\]|(?<=\d)[ \t]*(?=\[\[)))"
    r"|\]\]|\|"
)
_FOOTER = re.compile(r"^[ \t]*(?:\*\*\*[ \t]*)?Current[ \t]+(?:Handling[ \t]+Restrictions|Classification)[ \t]*\*\*\*",
                     re.M | re.I)
_FOOTER_FIELD = re.compile(r"Current[ \t]+(Handling[ \t]+Restrictions|Classification)[ \t]*\*\*\*[ \t]*(.*?)[ \t]*(?:\*\*\*)?[ \t]*$",
                           re.I)
_ZCZC = re.compile(r"^[ \t]*(?:NMAF[A-Z]*|[A-Z]*ZCZC[A-Z]*|[A-Z]*VVZCZ)[ \t]*$")
_PARA_NO = re.compile(r"^[\"'(]?(\d{1,2})\s*[.)]\)?(?:\s|$)")
_LABEL = re.compile(r"^(?:\d{1,2}\s*[.)]\s*)?(?:BEGIN\s+)?(COMMENT|SUMMARY)\b")
_SUBJECT = re.compile(r"^(?:SUBJ|SUBJECT|SUBECT)\s*:\s*(.+)$")
_SIGNER = re.compile(r"^(?:SIGNED\s+)?([A-Z][A-Z'\-]+(?:\s+[A-Z][A-Z'\-]+){0,2})$")


@dataclass
class GoldRow:
    """One line of the entity table."""

    index: int
    printed_index: str
    name: str
    type: str
    line: int


@dataclass
class RawMention:
    start: int
    end: int
    index: int | None


@dataclass
class Cleaned:
    """Text with marks removed, and where each marked surface lies in it."""

    text: str
    mentions: list[RawMention] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def gold_type(label: str) -> str:
    """History Lab entity label -> legation entity type (the label is kept as the role)."""
    u = label.strip().upper()
    head, _, tail = u.partition(".")
    if u == "LOC":
        return "PLACE"
    if head in {"PER", "PRE"}:
        # PER.SPECIAL is used only for countries (DENMARK, SWEDEN, MOZAMBIQUE ...): a slip for GPE.SPECIAL.
        return "PLACE" if tail == "SPECIAL" else "PERSON"
    if head in {"ORG", "OR"}:
        return "ORG"
    if head == "GPE":
        if tail == "NATION":
            return "COUNTRY"
        if tail == "SPECIAL":
            return "PLACE"
        if tail == "INDIVIDUAL":
            return "PERSON"
        return "ORG"  # GPE.COM, GPE.NGO, GPE.ORG, GPE.MED: an organisation label with the wrong head
    return "OTHER"


def entity_key(name: str) -> str:
    """Normalised linking key: accents folded, punctuation dropped, lower case."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[^0-9a-z]+", " ", folded.casefold()).strip()


def parse_entity_table(head: str) -> tuple[list[GoldRow], list[str], list[str]]:
    """Entity table -> (rows, comments, warnings).  Numbers that repeat are repaired by position."""
    rows: list[GoldRow] = []
    comments: list[str] = []
    warnings: list[str] = []
    used: set[int] = set()
    prev = 0
    repaired = 0
    for lineno, line in enumerate(head.splitlines(), 1):
        s = line.strip().lstrip("\ufeff")
        if not s:
            continue
        if s.startswith("//"):
            comments.append(s[2:].strip())
            continue
        m = _TABLE_LINE.match(s)
        printed = ""
        rest = s
        if m:
            printed = m["n2"] or m["n"]
            rest = m["rest"].strip()
        mt = _NAME_TYPE.match(rest)
        if mt and _TABLE_TYPE.match(mt["type"]):
            name, typ = mt["name"].strip(), mt["type"]
        else:
            name, typ = rest, ""
        index = int(printed) if printed else 0
        if not printed or index in used:
            expected = prev + 1
            if expected not in used:
                repaired += 1
                index = expected
            elif not printed:
                index = max(used) + 1 if used else 1
        if index in used:
            warnings.append(f"entity table line {lineno} repeats number {index}; the earlier entry is used")
        used.add(index)
        prev = index
        if not name:
            warnings.append(f"entity table line {lineno} ({s!r}) has a number but no name")
            continue
        rows.append(GoldRow(index=index, printed_index=printed, name=name, type=typ, line=lineno))
    if repaired:
        warnings.append(f"entity table: {repaired} missing or repeated entity numbers were replaced by their position")
    return rows, comments, warnings


def remove_marks(body: str) -> Cleaned:
    """Take ``[[surface || index]]`` marks out of ``body``; nested and broken marks are tolerated."""
    out: list[str] = []
    size = 0
    stack: list[int] = []
    mentions: list[RawMention] = []
    warnings: list[str] = []
    stray_pipes = 0
    unopened = 0
    no_index = 0
    pos = 0
    for m in _TOKEN.finditer(body):
        if m.start() > pos:
            chunk = body[pos:m.start()]
            out.append(chunk)
            size += len(chunk)
        pos = m.end()
        tok = m.group()
        if tok == "[[":
            stack.append(size)
        elif m["close"] is not None:
            idx = int(m["idx"]) if m["idx"] else None
            if not stack:
                unopened += 1
                continue
            start = stack.pop()
            mentions.append(RawMention(start, size, idx))
            if idx is None:
                no_index += 1
        elif tok == "]]":
            if stack:
                start = stack.pop()
                mentions.append(RawMention(start, size, None))
                no_index += 1
            else:
                unopened += 1
        else:  # a stray pipe
            stray_pipes += 1
            out.append(" ")
            size += 1
    out.append(body[pos:])
    if stack:
        warnings.append(f"{len(stack)} mention mark(s) opened with [[ are never closed; their text is kept")
    if unopened:
        warnings.append(f"{unopened} mark ending(s) '|| n]]' have no opening [[; the mention is lost, the text kept")
    if no_index:
        warnings.append(f"{no_index} mention mark(s) give no entity number; kept in attributes['unresolved_mentions']")
    if stray_pipes:
        warnings.append(f"{stray_pipes} stray '|' outside a mark removed from the text")
    return Cleaned("".join(out), mentions, warnings)


@dataclass
class Laid:
    """Reading text laid out in paragraphs, with a map from input offsets."""

    text: str
    pos: list[int]  # pos[i] = offset in text of input offset i (len(input)+1 entries)
    paragraphs: list[tuple[int, int]]


def lay_out(clean: str, drop_line: Any = None) -> Laid:
    """Paragraphs separated by one blank line, runs of spaces collapsed; only deletions.

    ``drop_line(line) -> bool`` removes furniture lines.  Offsets of the input
    map to the output through ``pos``.
    """
    out: list[str] = []
    size = 0
    pos = [0] * (len(clean) + 1)
    paragraphs: list[tuple[int, int]] = []
    para_start = -1
    pending_break = False
    offset = 0
    for line in clean.split("\n"):
        line_end = offset + len(line)
        stripped = line.strip()
        if not stripped or (drop_line is not None and drop_line(stripped)):
            for i in range(offset, line_end + 1):
                pos[i] = size
            if not stripped:
                pending_break = True
            offset = line_end + 1
            continue
        if out:
            if pending_break:
                paragraphs.append((para_start, size))
                out.append("\n\n")
                size += 2
                para_start = size
            else:
                out.append("\n")
                size += 1
        else:
            para_start = size
        pending_break = False
        lead = len(line) - len(line.lstrip())
        last = len(line.rstrip())
        prev_space = False
        for j, ch in enumerate(line):
            i = offset + j
            pos[i] = size
            if j < lead or j >= last:
                continue
            if ch.isspace():
                if prev_space:
                    continue
                prev_space = True
                out.append(" ")
            else:
                prev_space = False
                out.append(ch)
            size += 1
        pos[line_end] = size
        offset = line_end + 1
    if out:
        paragraphs.append((para_start, size))
    pos[len(clean)] = size
    return Laid("".join(out), pos, paragraphs)


def blocks_from(text: str, paragraphs: list[tuple[int, int]]) -> tuple[list[Block], str]:
    """Blocks of numbered paragraphs; a short upper-case last line is the signature."""
    blocks: list[Block] = []
    signer = ""
    for k, (a, b) in enumerate(paragraphs):
        ptext = text[a:b]
        n_match = _PARA_NO.match(ptext)
        label_match = _LABEL.match(ptext)
        block = Block(n=int(n_match.group(1)) if n_match else None, text=ptext,
                      label=label_match.group(1) if label_match else "")
        if k == len(paragraphs) - 1 and k > 0 and "\n" not in ptext and not n_match:
            sm = _SIGNER.match(ptext.strip())
            if sm:
                block.kind = "signature"
                signer = sm.group(1)
        blocks.append(block)
    return blocks, signer


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _split_footer(body: str) -> tuple[str, dict[str, str]]:
    footer: dict[str, str] = {}
    m = _FOOTER.search(body)
    if not m:
        return body, footer
    for line in body[m.start():].splitlines():
        fm = _FOOTER_FIELD.search(line)
        if fm:
            key = "Current " + " ".join(w.capitalize() for w in fm.group(1).split())
            footer[key] = fm.group(2).strip()
    return body[:m.start()], footer


def _drop_furniture(line: str) -> bool:
    return bool(_ZCZC.match(line))


def sniff_annotated(text: str) -> float:
    head = text[:20000]
    marks = len(_MARK_SNIFF.findall(head))
    sep = bool(_SEPARATOR.search(head))
    table = len(_TABLE_SNIFF.findall(head[:6000]))
    if marks and (sep or table):
        return 0.95
    if marks >= 3 and marks * 500 >= len(head):  # dense marks: an annotated body without its table
        return 0.85
    if sep and table >= 2:
        return 0.7
    return 0.0


def parse_annotated(doc: InputDoc) -> Record:
    text_in = doc.text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    warnings: list[str] = []
    seps = list(_SEPARATOR.finditer(text_in))
    if seps:
        head, body = text_in[:seps[0].start()], text_in[seps[0].end():]
    else:
        # No @@@ line: the table is the run of numbered entity lines at the top.
        lines = text_in.split("\n")
        cut = 0
        for k, line in enumerate(lines):
            s = line.strip()
            if not s:
                continue
            if "[[" not in s and _TABLE_LINE.match(s) and _TABLE_TYPE.match(s.split()[-1]):
                cut = k + 1
                continue
            break
        head, body = "\n".join(lines[:cut]), "\n".join(lines[cut:])
        warnings.append("no '@@@' line between the entity table and the cable body; the table was taken as the "
                        "numbered entity lines at the top")
    rows, comments, table_warnings = parse_entity_table(head)
    warnings.extend(table_warnings)
    body, footer = _split_footer(body)
    cleaned = remove_marks(body)
    warnings.extend(cleaned.warnings)
    laid = lay_out(cleaned.text, _drop_furniture)
    text = laid.text
    blocks, signer = blocks_from(text, laid.paragraphs)

    by_index = {r.index: r for r in rows}
    entities: dict[int, Entity] = {
        r.index: Entity(name=r.name, type=gold_type(r.type), key=entity_key(r.name), source="gold", role=r.type)
        for r in rows
    }
    unresolved: list[dict[str, Any]] = []
    for rm in sorted(cleaned.mentions, key=lambda x: (x.start, -x.end)):
        start, end = _trim(text, laid.pos[rm.start], laid.pos[rm.end])
        if end <= start:
            continue
        surface = text[start:end]
        if rm.index is None or rm.index not in by_index:
            unresolved.append({"text": surface, "index": rm.index, "start": start, "end": end})
            continue
        entities[rm.index].mentions.append(Mention(start=start, end=end, text=surface))

    missing = sorted({u["index"] for u in unresolved if u["index"] is not None})
    if missing:
        count = sum(1 for u in unresolved if u["index"] is not None)
        shown = ", ".join(str(i) for i in missing[:8]) + (" ..." if len(missing) > 8 else "")
        warnings.append(f"{count} mention(s) point to entity numbers the entity table does not list ({shown}); "
                        "they are kept in attributes['unresolved_mentions']")
    record_id, id_note = _cfpf_id(doc)
    if not id_note:
        warnings.append("the CFPF document number is not in the text and the file name does not give one; "
                        "the id is a content hash")
    year = record_id[:4] if id_note else ""
    classification = Classification(current=footer.get("Current Classification", "").upper())
    handling_value = footer.get("Current Handling Restrictions", "")
    handling = [] if handling_value.strip().lower() in {"", "n/a", "na", "none"} else [
        h.strip().upper() for h in re.split(r"[,;]", handling_value) if h.strip()]
    subject = ""
    for line in text.split("\n")[:12]:
        sm = _SUBJECT.match(line.strip())
        if sm:
            subject = sm.group(1).strip()
            break
    attributes: dict[str, Any] = dict(footer)
    attributes["gold_entities"] = [
        {"index": r.index, "printed_index": r.printed_index, "name": r.name, "type": r.type} for r in rows
    ]
    if comments:
        attributes["gold_table_comments"] = comments
    if unresolved:
        attributes["unresolved_mentions"] = unresolved
    if id_note:
        attributes["id_source"] = id_note
    return Record(
        id=record_id,
        collection=COLLECTION,
        kind="telegram",
        subject=subject,
        date=year,
        date_precision="year" if year else "",
        classification=classification,
        handling=handling,
        signer=signer,
        body=blocks,
        entities=list(entities.values()),
        attributes=attributes,
        warnings=list(doc.warnings) + warnings,
        text=text,
        raw=doc.text,
        source=Source(path=doc.path, sha256=doc.sha256, format=NAME, part=""),
    )


def _cfpf_id(doc: InputDoc) -> tuple[str, str]:
    stem = doc.name.rsplit(".", 1)[0] if "." in doc.name else doc.name
    m = CFPF_ID.match(stem)
    if m:
        return canonicalize(stem), "file name (History Lab names each file by its CFPF document number)"
    return f"historylab-{doc.sha256[:12]}", ""


# -- FOIArchive exports --------------------------------------------------------

_ID_COLS = ("doc_id", "doc_nbr", "docid", "document_id")
_BODY_COLS = ("body", "raw_body", "text", "body_text")
_DATE_COLS = ("authored", "date", "doc_date", "created")
_CABLE_ID = re.compile(r"^(?:\d{2}|\d{4})[A-Z]{2,}\d{1,7}$")
_CORPUS_KIND = {"cfpf": "telegram", "clinton": "email", "pdb": "briefing", "cabinet": "minutes",
                "kissinger": "memcon", "frus": "document", "cia": "document", "un": "document",
                "worldbank": "document", "nato": "document", "briefing": "briefing"}
_POST_PREFIX = re.compile(r"^(?:AMEMBASSY|AMEMB|AMCONSUL|AMCONGEN|USMISSION|USDEL|USLO|AMB)\s+", re.I)


def _export_header(text: str) -> tuple[str, set[str]]:
    """Which export shape this is ('json' / 'jsonl' / 'csv' / '') and the field names seen."""
    s = text.lstrip("\ufeff \t\r\n")
    if s[:1] in "[{":
        keys = {k.lower() for k in re.findall(r'"([A-Za-z_]+)"\s*:', s[:8000])}
        first = s.split("\n", 1)[0].strip()
        shape = "jsonl" if first.startswith("{") and first.endswith("}") and "\n{" in s[:200000] else "json"
        return shape, keys
    first_line = s.split("\n", 1)[0]
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
                m = re.match(r"^(.*?)\s*[(/]\s*([A-Za-z.]+)\s*\)?$", name)
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


def _precision(value: str) -> DatePrecision:
    if value == "day":
        return "day"
    if value == "month":
        return "month"
    if value == "year":
        return "year"
    return ""


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
    laid = lay_out(body.replace("\r\n", "\n").replace("\r", "\n"), _drop_furniture)
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
        date_precision=_precision(precision),
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


@register(NAME)
class HistoryLabFormat:
    name = NAME
    description = "History Lab annotated CFPF cable bodies ([[surface || n]] marks) and FOIArchive JSON/CSV exports"

    def sniff(self, doc: InputDoc) -> float:
        try:
            ensure_text(doc)
        except Exception:
            return 0.0
        return max(sniff_annotated(doc.text), sniff_export(doc.text))

    def parse(self, doc: InputDoc) -> Iterator[Record]:
        ensure_text(doc)
        if sniff_export(doc.text) > 0:
            yield from parse_export(doc)
            return
        try:
            record = parse_annotated(doc)
        except ParseError:
            raise
        except (ValueError, IndexError, KeyError) as exc:
            raise ParseError(f"could not read the History Lab annotated cable: {exc}", path=doc.path) from exc
        yield record
