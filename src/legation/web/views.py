"""Records and hits shaped for the templates: header rows, body blocks with corrections, safe snippets, links.

Everything returned here is plain text for Jinja2 to escape, except
:func:`snippet_markup`, whose HTML :func:`legation.search.snippets.render` builds from escaped pieces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any
from urllib.parse import quote, urlencode

from markupsafe import Markup

from legation.model import Address, Block, Correction, Record
from legation.refs import Thread
from legation.search.snippets import render
from legation.web.service import EntityRef, record_entities

COLLECTION_NAMES = {"aad": "AAD (Central Foreign Policy Files)", "wilson": "Wilson Center Digital Archive",
                    "frus": "Foreign Relations of the United States", "cablegate": "WikiLeaks cablegate",
                    "historylab": "History Lab", "document": "Document"}
ENTITY_TYPE_NAMES = {"PERSON": "People", "PLACE": "Places", "ORG": "Organisations", "COUNTRY": "Countries",
                     "GROUP": "Groups of people",
                     "TERM": "Terms", "OTHER": "Other"}


# -- links -------------------------------------------------------------------------------
def record_url(record_id: str) -> str:
    return "/records/" + quote(record_id, safe="")


def result_url(record_id: str, q: str, sort: str | None = None, page: int | None = None) -> str:
    """A record's page that remembers the search it was found by (for "back to results")."""
    items = [("q", q)] + [(k, str(v)) for k, v in (("sort", sort), ("page", page)) if v not in (None, "", 1)]
    return record_url(record_id) + "?" + urlencode(items)


def entity_url(key: str) -> str:
    return "/entities/" + quote(key, safe="")


def search_url(q: str = "", **params: Any) -> str:
    items = [("q", q)] + [(k, str(v)) for k, v in params.items() if v not in (None, "", 0)]
    return "/?" + urlencode(items)


def safe_url(url: str) -> str:
    """Only http(s) URLs become links; anything else (``javascript:``) is shown as text."""
    url = (url or "").strip()
    return url if re.match(r"^https?://[^\s<>\"']+$", url) else ""


# -- snippets ------------------------------------------------------------------------------
def snippet_markup(hit: dict[str, Any]) -> Markup:
    """The hit's snippet with matched words in ``<mark>``, rendered by the one snippet renderer from escaped text."""
    snippet = hit.get("snippet")
    highlights = hit.get("highlights")
    if not isinstance(snippet, str):
        return Markup("")
    return Markup(render(snippet, highlights if isinstance(highlights, list) else [], "mark"))


# -- header ------------------------------------------------------------------------------------
@dataclass
class Cell:
    text: str
    href: str = ""
    note: str = ""


@dataclass
class Row:
    label: str
    cells: list[Cell] = field(default_factory=list)
    key: str = ""


def _addr(a: Address) -> str:
    text = a.name or a.post
    if a.post and a.post.upper() not in a.name.upper():
        text += f" ({a.post})"
    if a.sequence:
        text += f" {a.sequence}"
    if a.precedence:
        text += f" [{a.precedence}]"
    return text


def _row(rows: list[Row], label: str, *values: str, key: str = "") -> None:
    cells = [Cell(v) for v in values if v]
    if cells:
        rows.append(Row(label, cells, key or label.lower().replace(" ", "-")))


def header_rows(rec: Record) -> list[Row]:
    """The record's header fields, in reading order; empty fields are left out."""
    rows: list[Row] = []
    _row(rows, "Id", rec.id)
    _row(rows, "Collection", " / ".join(x for x in (COLLECTION_NAMES.get(rec.collection, rec.collection), rec.kind) if x))
    date = rec.datetime or rec.date
    if date and rec.date_precision and rec.date_precision != "day":
        date += f" (to the {rec.date_precision})"
    found = rec.attributes.get("derived")
    derived: dict[str, Any] = found if isinstance(found, dict) else {}
    if date and rec.date_precision == "day" and derived.get("date"):
        date += f" (derived from {derived['date']})"
    _row(rows, "Date", date)
    if rec.from_ is not None:
        _row(rows, "From", _addr(rec.from_) + (" (derived from the document number)" if "from" in derived else ""))
    if rec.to:
        _row(rows, "To", *(_addr(a) for a in rec.to))
    if rec.info:
        _row(rows, "Info", *(_addr(a) for a in rec.info))
    _row(rows, "Precedence", rec.precedence)
    c = rec.classification
    history = [x for x in (c.original, c.previous if c.previous and c.previous != c.original else "", c.current) if x]
    if history:
        text = " → ".join(dict.fromkeys(history)) if len(set(history)) > 1 else history[0]
        _row(rows, "Classification", text)
    if rec.handling:
        _row(rows, "Handling", ", ".join(rec.handling))
    _row(rows, "E.O.", rec.executive_order)
    _row(rows, "Declassify", rec.declassify)
    if rec.tags:
        _row(rows, "TAGS", ", ".join(rec.tags))
    if rec.tag_persons:
        rows.append(Row("TAGS persons", [Cell(p, entity_url(p)) for p in rec.tag_persons], "tag-persons"))
    if rec.concepts:
        _row(rows, "Concepts", ", ".join(rec.concepts))
    if rec.participants:
        rows.append(Row("Participants", [Cell(p.name, entity_url(p.name), ", ".join(x for x in (p.side, p.role) if x))
                                         for p in rec.participants], "participants"))
    _row(rows, "Signer", rec.signer)
    _row(rows, "Drafter", rec.drafter)
    _row(rows, "Approver", rec.approver)
    _row(rows, "Translator", rec.translator)
    _row(rows, "Language", rec.language)
    _row(rows, "Original language", rec.original_language)
    _archive_rows(rows, rec)
    _provenance_rows(rows, rec)
    return rows


def _archive_rows(rows: list[Row], rec: Record) -> None:
    a = rec.archive
    _row(rows, "Repository", a.repository)
    locator = ", ".join(f"{k} {v}" for k, v in (("fond", a.fond), ("opis", a.opis), ("delo", a.delo),
                                                  ("listy", a.listy)) if v)
    _row(rows, "Archive location", locator, key="archive-location")
    _row(rows, "Volume", a.volume)
    _row(rows, "Film number", a.film_number)
    _row(rows, "Document number", a.document_number)
    _row(rows, "Legacy key", a.legacy_key)
    counts = ", ".join(x for x in (f"{a.line_count} lines" if a.line_count else "",
                                   f"{a.page_count} pages" if a.page_count else "") if x)
    _row(rows, "Length", counts)
    _row(rows, "Office", a.office)
    _row(rows, "Locator", a.locator)
    _row(rows, "Document source", a.document_source)
    _row(rows, "Capture date", a.capture_date)
    for k, v in a.extra.items():
        _row(rows, k.replace("_", " ").capitalize(), str(v), key="extra")


def _provenance_rows(rows: list[Row], rec: Record) -> None:
    r = rec.routing
    if r.action or r.info or r.total_copies is not None:
        def offices(items: list[Any]) -> str:
            return " ".join(o.office + (f"-{o.copies:02d}" if o.copies is not None else "") for o in items)
        routing = "; ".join(x for x in (f"action {offices(r.action)}" if r.action else "",
                                        f"info {offices(r.info)}" if r.info else "",
                                        f"{r.total_copies} copies" if r.total_copies is not None else "") if x)
        _row(rows, "Routing", routing)
    _row(rows, "Archive citation", rec.citation, key="citation")
    url = safe_url(rec.source_url)
    if url:
        rows.append(Row("Source URL", [Cell(url, url)], "source-url"))
    elif rec.source_url:
        _row(rows, "Source URL", rec.source_url, key="source-url")
    sources = rec.sources or ([rec.source] if rec.source.path or rec.source.sha256 else [])
    if sources:
        rows.append(Row("Sources", [Cell(f"{s.format or 'file'}: {PurePath(s.path).name or '?'}"
                                         + (f" ({s.part})" if s.part else ""), "",
                                         f"sha256 {s.sha256[:12]}" if s.sha256 else "") for s in sources], "sources"))
    if rec.aliases:
        _row(rows, "Also known as", ", ".join(rec.aliases), key="aliases")


def facts_line(rec: Record) -> str:
    """One line under the title: from → to (with "+N" for more addressees) and the classification."""
    parts: list[str] = []
    sender = (rec.from_.name or rec.from_.post) if rec.from_ is not None else ""
    to = [a.name or a.post for a in rec.to]
    more = f" +{len(to) - 1}" if len(to) > 1 else ""
    if sender:
        parts.append(f"{sender} → {to[0]}{more}" if to else f"from {sender}")
    elif to:
        parts.append(f"to {to[0]}{more}")
    if parts and rec.info:
        parts[-1] += f", info {len(rec.info)}"
    c = rec.classification
    now, was = (c.current or c.original).upper(), c.original.upper()
    if now:
        parts.append(now if not was or was == now else f"{was}, now {now}")
    return " · ".join(parts)


#: Rows shown in the compact side panel; the rest are folded under "All fields".
KEY_ROWS = ("id", "date", "from", "to", "classification", "handling", "tags", "participants", "signer",
            "volume", "repository", "archive-location")
#: Rows kept even when their words are printed in another row.
NEVER_DROPPED = frozenset({*KEY_ROWS, "collection", "info", "sources", "source-url", "tag-persons"})


def _words(row: Row) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", " ".join(c.text for c in row.cells).lower()))


def dedupe_rows(rows: list[Row]) -> list[Row]:
    """Rows whose every word is printed in one other row (or in repository + archive location) are left out.

    Wilson pages print the archive citation, the translator and "obtained by" again in the credit
    line; FRUS prints the box inside the location.  Of two rows with the same words the first stays.
    """
    words = [_words(r) for r in rows]
    place = set().union(*(w for r, w in zip(rows, words, strict=True) if r.key in ("repository", "archive-location")))
    keep: list[Row] = []
    for i, (row, mine) in enumerate(zip(rows, words, strict=True)):
        if row.key in NEVER_DROPPED or not mine:
            keep.append(row)
            continue
        others = (w for j, w in enumerate(words) if j != i and (len(w) > len(mine) or (w == mine and j < i)))
        covered = any(mine <= w for w in others)
        if covered or (row.key not in ("repository", "archive-location") and len(place) > len(mine) and mine <= place):
            continue
        keep.append(row)
    return keep


def split_rows(rows: list[Row]) -> tuple[list[Row], list[Row]]:
    """(the compact panel's rows, the rest): duplicates dropped, the panel in :data:`KEY_ROWS` order."""
    rows = dedupe_rows(rows)
    key = sorted((r for r in rows if r.key in KEY_ROWS), key=lambda r: KEY_ROWS.index(r.key))
    return key, [r for r in rows if r.key not in KEY_ROWS]


# -- links to the original ------------------------------------------------------------------------------
_HOSTS = {"history.state.gov": "history.state.gov (Office of the Historian)",
          "digitalarchive.wilsoncenter.org": "Wilson Center Digital Archive",
          "wikileaks.org": "WikiLeaks", "aad.archives.gov": "NARA Access to Archival Databases",
          "history-lab.org": "History Lab (FOIArchive)"}
_CFPF_ID = re.compile(r"^197[3-9][A-Z]{3,6}\d{5,6}$")


def original_links(rec: Record) -> list[tuple[str, str]]:
    """(label, URL) of the record at its publisher: the printed source address, and PlusD for a 1973–79 cable id."""
    out: list[tuple[str, str]] = []
    url = safe_url(rec.source_url)
    if url:
        host = re.sub(r"^https?://(www\.)?", "", url).split("/")[0].lower()
        out.append((_HOSTS.get(host, host), url))
    if rec.kind == "telegram" and _CFPF_ID.match(rec.id) and not any("wikileaks.org/plusd" in u for _, u in out):
        out.append(("WikiLeaks PlusD (the Central Foreign Policy Files)",
                    f"https://wikileaks.org/plusd/cables/{rec.id}_b.html"))
    return out


# -- body -------------------------------------------------------------------------------------------
@dataclass
class Segment:
    text: str
    original: str = ""
    title: str = ""
    note: str = ""  # the note number when the segment is a footnote mark such as [1]
    href: str = ""  # an entity page or a cited record
    flag: str = ""  # a flagged (not applied) repair: the suggested reading


@dataclass
class BodyBlock:
    kind: str
    n: int | None
    label: str
    speaker: str
    segments: list[Segment]
    anchor: str
    number_in_text: bool = False  # the text itself starts with its number (FRUS prints "267. 1. ...")


@dataclass(frozen=True)
class Span:
    """A stretch of ``record.text`` the page marks: a repair, a flagged word, a named entity or a cited cable."""

    start: int
    end: int
    original: str = ""
    title: str = ""
    href: str = ""
    flag: str = ""


def applied(c: Correction) -> bool:
    """A correction changed the text unless it says ``applied: false`` (flagged only)."""
    return bool(getattr(c, "applied", True))


def _correction_title(c: Correction) -> str:
    return f"printed “{c.original}”; repaired by {c.rule} (confidence {c.confidence:.2f})"


def _flag_title(c: Correction) -> str:
    return f"possibly “{c.replacement}” ({c.rule}, confidence {c.confidence:.2f}; not changed)"


def text_spans(rec: Record, ref_links: dict[str, str] | None = None) -> list[Span]:
    """Spans over ``rec.text``, non-overlapping, earliest first; repairs win over links on the same words.

    Repairs: applied ones where ``text[start:end]`` reads the replacement, flagged ones where it
    still reads the original.  Entity mentions link to the entity page; ``ref_links`` maps a
    reference label (``TOKYO 12490``) to the cited record's page, and every occurrence of the label
    in the text links there.
    """
    text = rec.text
    fixes: list[Span] = []
    for c in rec.corrections:
        if not 0 <= c.start < c.end <= len(text):
            continue
        if applied(c) and text[c.start:c.end] == c.replacement:
            fixes.append(Span(c.start, c.end, original=c.original, title=_correction_title(c)))
        elif not applied(c) and text[c.start:c.end] == c.original:
            fixes.append(Span(c.start, c.end, title=_flag_title(c), flag=c.replacement))
    links: list[Span] = []
    for e in rec.entities:
        href = entity_url(e.key or e.name)
        links += [Span(m.start, m.end, href=href, title=f"{e.name} ({e.type.lower()})")
                  for m in e.mentions if 0 <= m.start < m.end <= len(text)]
    for label, href in (ref_links or {}).items():
        links += [Span(m.start(), m.end(), href=href, title=f"{label}: in the catalogue")
                  for m in re.finditer(rf"(?<![A-Z0-9]){re.escape(label)}(?![0-9])", text)]
    out: list[Span] = []
    taken: list[tuple[int, int]] = []
    for span in sorted(fixes, key=lambda x: x.start) + sorted(links, key=lambda x: (x.start, -x.end)):
        if any(span.start < e and s < span.end for s, e in taken):
            continue
        taken.append((span.start, span.end))
        out.append(span)
    return sorted(out, key=lambda x: x.start)


def _segments(text: str, offset: int | None, spans: list[Span], full_text: str) -> list[Segment]:
    """Split ``text`` (found at ``offset`` in ``full_text``) around the spans that fall inside it."""
    if offset is None or not spans:
        return [Segment(text)]
    end_of_block = offset + len(text)
    out: list[Segment] = []
    pos = offset
    for sp in spans:
        if sp.start < pos or sp.end > end_of_block:
            continue
        if sp.start > pos:
            out.append(Segment(full_text[pos:sp.start]))
        out.append(Segment(full_text[sp.start:sp.end], sp.original, sp.title, href=sp.href, flag=sp.flag))
        pos = sp.end
    if pos < end_of_block:
        out.append(Segment(full_text[pos:end_of_block]))
    return out or [Segment(text)]


_NOTE_MARK = re.compile(r"\[(\d{1,3})\]")


def _link_notes(segments: list[Segment], notes: set[str]) -> list[Segment]:
    """Footnote marks (``[1]``) that match a note become their own segments, linked to the note."""
    if not notes:
        return segments
    out: list[Segment] = []
    for seg in segments:
        if seg.original or seg.href or seg.flag or not _NOTE_MARK.search(seg.text):
            out.append(seg)
            continue
        pos = 0
        for m in _NOTE_MARK.finditer(seg.text):
            if m[1] not in notes:
                continue
            if m.start() > pos:
                out.append(Segment(seg.text[pos:m.start()]))
            out.append(Segment(m[0], note=m[1]))
            pos = m.end()
        if pos < len(seg.text):
            out.append(Segment(seg.text[pos:]))
    return out


def _speaker(b: Block) -> str:
    if b.speaker_label:
        return b.speaker_label.rstrip(".: ")
    if b.speakers:
        return " and ".join(b.speakers)
    return b.speaker


def body_blocks(rec: Record, ref_links: dict[str, str] | None = None) -> list[BodyBlock]:
    """The body as blocks, each split into segments so repaired words, names and cited cables can be marked."""
    blocks = list(rec.body)
    if not blocks and rec.text.strip():
        blocks = [Block(kind="paragraph", text=p.strip()) for p in re.split(r"\n\s*\n", rec.text) if p.strip()]
    out: list[BodyBlock] = []
    note_numbers = {n.n for n in rec.notes}
    spans = text_spans(rec, ref_links)
    cursor = 0
    turn = 0
    for i, b in enumerate(blocks):
        offset: int | None = None
        if spans and b.text:
            found = rec.text.find(b.text, cursor)
            if found >= 0:
                offset = found
                cursor = found + len(b.text)
        if b.kind == "turn":
            turn += 1
        anchor = f"p{b.n}" if b.kind == "paragraph" and b.n is not None else (
            f"t{turn}" if b.kind == "turn" else f"b{i + 1}")
        printed = b.n is not None and re.match(rf"^(?:\d+\.\s+)?{b.n}\.(?:\s|$)", b.text) is not None
        out.append(BodyBlock(kind=b.kind, n=b.n, label=b.label, speaker=_speaker(b) if b.kind == "turn" else "",
                             segments=_link_notes(_segments(b.text, offset, spans, rec.text),
                                                  note_numbers), anchor=anchor, number_in_text=printed))
    # Anchors must be unique even if a paragraph number repeats.
    seen: set[str] = set()
    for block in out:
        base, k = block.anchor, 1
        while block.anchor in seen:
            k += 1
            block.anchor = f"{base}-{k}"
        seen.add(block.anchor)
    return out


# -- entities -----------------------------------------------------------------------------------------
def entity_groups(rec: Record) -> list[tuple[str, list[EntityRef]]]:
    groups: dict[str, list[EntityRef]] = {}
    for ref in record_entities(rec):
        groups.setdefault(ref.type.upper() or "OTHER", []).append(ref)
    order = list(ENTITY_TYPE_NAMES)
    return [(ENTITY_TYPE_NAMES.get(t, t.capitalize()), refs)
            for t, refs in sorted(groups.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order else 99, kv[0]))]


def attribute_rows(rec: Record) -> list[tuple[str, str]]:
    def show(v: Any) -> str:
        if isinstance(v, list):
            return "; ".join(show(x) for x in v)
        if isinstance(v, dict):
            return "; ".join(f"{k}: {show(x)}" for k, x in v.items())
        return str(v)

    return [(str(k), show(v)) for k, v in rec.attributes.items() if k != "glossary"]


def glossary_rows(rec: Record) -> list[tuple[str, str, str]]:
    """(term, expansion, category) of the abbreviations and TAGS codes the glossary pass found in the record."""
    found = rec.attributes.get("glossary")
    if not isinstance(found, dict):
        return []
    rows = [(str(term), str(v.get("expansion", "")), str(v.get("category", ""))) for term, v in found.items()
            if isinstance(v, dict) and v.get("expansion")]
    return sorted(rows, key=lambda r: r[0])


# -- threads ---------------------------------------------------------------------------------------------
@dataclass
class ThreadRow:
    id: str
    date: str
    title: str
    present: bool
    root: bool
    depth: int
    cites: list[str]
    cited_by: list[str]
    year: str


def thread_rows(got: Thread) -> list[ThreadRow]:
    """The thread's records in date order, each with what it cites and what cites it (within the thread)."""
    cites: dict[str, list[str]] = {}
    cited_by: dict[str, list[str]] = {}
    for a, b in got.edges:
        cites.setdefault(a, []).append(b)
        cited_by.setdefault(b, []).append(a)
    return [ThreadRow(id=n.id, date=n.date, title=n.title or n.id, present=n.present, root=n.id == got.root,
                      depth=n.depth, cites=cites.get(n.id, []), cited_by=cited_by.get(n.id, []),
                      year=(n.date or n.id)[:4] if (n.date or n.id)[:4].isdigit() else "")
            for n in got.nodes]
