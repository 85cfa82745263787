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

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from legation.cableids import canonicalize
from legation.errors import ParseError
from legation.formats.base import InputDoc, ensure_text, register
from legation.formats.historylab.export import parse_export, sniff_export
from legation.formats.historylab.labels import entity_key, gold_type
from legation.formats.historylab.layout import blocks_from, drop_furniture, lay_out, trim_span
from legation.model import Classification, Entity, Mention, Record, Source

NAME = "historylab"
COLLECTION = "historylab"

# -- the annotated cable bodies ----------------------------------------------

CFPF_ID = re.compile(r"^(19\d\d)([A-Z]{3,6})(\d{5,6})$")
_SEPARATOR = re.compile(r"^[ \t]*@@+[ \t]*$", re.M)
_MARK_SNIFF = re.compile(r"\[\[[^\[\]\n]{1,200}?\|{1,2}[ \t]*\d{1,3}[ \t]*\]\]")
_TABLE_TYPE = re.compile(r"^(?:[A-Za-z]{2,4}\.[A-Za-z]+|LOC|\?)$")
_TABLE_SNIFF = re.compile(r"(?m)^[^\S\n]*\d+(?:[^\S\n]*\.)?[^\S\n]+\S.*?\s(?:PER|ORG|GPE)\.[A-Z]+[^\S\n]*$")
_TABLE_LINE = re.compile(r"^(?P<n>\d+)[ \t]*\.?(?:[ \t]+|$)(?:(?P<n2>\d+)[ \t]*\.[ \t]+)?(?P<rest>.*)$")
# the last word of a table line and the blanks before it (searched: the name is what comes before;
# the look-behind starts the blanks only at the start of a run, so a long run is read once)
_LAST_WORD = re.compile(r"(?<![ \t])[ \t]+(?P<type>\S+)[ \t]*$")
# One token of the mark language: an opening [[, a run of pipes and blanks with
# what may close a mark after it (an optional index, then ]] or ], or the next
# [[), or a bare ]].  A run with a closing after it closes a mark (``|| 4]]``,
# ``| 4]``, ``||  ||``); a run without one is stray pipes.  The blanks before a
# closing belong to it: remove_marks trims them from the text before it.  The
# run is one token, read once (possessive ``*+``): trying a closing from every
# pipe or blank of a long run, as a pattern beginning ``[ \t]*`` or taking one
# stray pipe at a time does, is quadratic.
_TOKEN = re.compile(
    r"\[\["
    r"|(?P<pipes>\|[| \t]*+)(?P<close>(?P<idx>\d+)[ \t]*+(?:\][ \t]?\]|\]|(?=\[\[))|\][ \t]?\]|\])?"
    r"|\]\]"
)
_FOOTER = re.compile(r"^[ \t]*(?:\*\*\*[ \t]*)?Current[ \t]+(?:Handling[ \t]+Restrictions|Classification)[ \t]*\*\*\*",
                     re.M | re.I)
_FOOTER_FIELD = re.compile(r"Current[ \t]+(Handling[ \t]+Restrictions|Classification)[ \t]*\*\*\*[ \t]*(.*?)[ \t]*(?:\*\*\*)?[ \t]*$",
                           re.I)
_SUBJECT = re.compile(r"^(?:SUBJ|SUBJECT|SUBECT)\s*:\s*(.+)$")


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
        mt = _LAST_WORD.search(rest)
        if mt and _TABLE_TYPE.match(mt["type"]):
            name, typ = rest[:mt.start()].strip(), mt["type"]
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
            if m["close"] is not None:
                chunk = chunk.rstrip(" \t")  # the blanks before "|| n]]" belong to the closing
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
        else:  # stray pipes (each becomes a space) and the blanks between them
            run = m["pipes"]
            stray_pipes += run.count("|")
            out.append(run.replace("|", " "))
            size += len(run)
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


def sniff_annotated(text: str) -> float:
    # The first 20,000 characters (the table: the first 6,000), read in place (``endpos``, no slice copied:
    # the same as searching ``text[:20000]``).  Each pattern needs a literal ("[[", "@@", "PER." / "ORG." /
    # "GPE."): look for it first (cheap).
    head_len = min(len(text), 20000)
    marks = len(_MARK_SNIFF.findall(text, 0, head_len)) if text.find("[[", 0, head_len) >= 0 else 0
    sep = text.find("@@", 0, head_len) >= 0 and bool(_SEPARATOR.search(text, 0, head_len))
    table = 0
    if any(text.find(word, 0, 6000) >= 0 for word in ("PER.", "ORG.", "GPE.")):
        table = len(_TABLE_SNIFF.findall(text, 0, 6000))
    if marks and (sep or table):
        return 0.95
    if marks >= 3 and marks * 500 >= head_len:  # dense marks: an annotated body without its table
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
    laid = lay_out(cleaned.text, drop_furniture)
    text = laid.text
    blocks, signer = blocks_from(text, laid.paragraphs)

    by_index = {r.index: r for r in rows}
    entities: dict[int, Entity] = {
        r.index: Entity(name=r.name, type=gold_type(r.type), key=entity_key(r.name), source="gold", role=r.type)
        for r in rows
    }
    unresolved: list[dict[str, Any]] = []
    for rm in sorted(cleaned.mentions, key=lambda x: (x.start, -x.end)):
        start, end = trim_span(text, laid.pos[rm.start], laid.pos[rm.end])
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
