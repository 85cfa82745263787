"""WikiLeaks cablegate cable-viewer pages (HTML, Dec 2010 and 2011 layouts).

A page holds the WikiLeaks metadata table (``<table class='cable'>``:
Reference ID / Created / Released / Classification / Origin) and the cable
itself in two ``<code><pre>`` blocks: the routing header, then the body.
The container is read here; the cable text is handed to the telegram text
parser (``parse_cable_text``), with a small fallback reader for what it
leaves empty or when it fails, and the table's metadata is laid over the result.

The helpers :class:`CableMeta`, :func:`cable_record` and
:func:`split_preamble` are shared with ``cablegate_csv``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from legation.cableids import canonicalize
from legation.errors import ParseError
from legation.formats.base import InputDoc, ensure_text, register
from legation.formats.cablegate.fallback import clean_text, fallback_parse
from legation.formats.telegram.parser import parse_cable_text
from legation.formats.telegram.references import is_date_reference
from legation.model import Address, Classification, Record, Reference, ReviewEvent, Source

WIKILEAKS = "https://wikileaks.org"
# Created and the cable's own DTG normally differ by minutes; more than this is a disagreement.
AGREE_SECONDS = 24 * 3600

_NARA = re.compile(
    r"Original\s+Telegram\s+was\s+(?P<level>[A-Za-z ]+?)\s+but\s+has\s+since\s+been\s+de-?\s*classified\s*",
    re.I,
)
_NARA_BOX = re.compile(
    r"^[ \t]*-{10,}[- ]*\n(?P<box>(?:(?![ \t]*-{10,}).*\n){1,8}?)[ \t]*-{10,}[- ]*[ \t]*(?:\n|$)",
    re.M,
)
_PARTIAL = re.compile(r"This record is a partial extract of the original cable\.[^\n]*")


@dataclass
class CableMeta:
    """What the WikiLeaks container says about a cable, outside the cable text."""

    reference_id: str
    created: str = ""  # ISO datetime, e.g. 2009-11-05T07:07:00Z
    released: str = ""  # ISO date
    classification: str = ""  # as printed, e.g. UNCLASSIFIED//FOR OFFICIAL USE ONLY
    origin: str = ""  # e.g. Embassy Bogota
    attributes: dict[str, Any] = field(default_factory=dict)
    source_url: str = ""
    title: str = ""
    references: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)  # the page's /tag/ links inside the cable text


# -- the cable text ------------------------------------------------------------

def split_preamble(body: str) -> tuple[str, dict[str, str]]:
    """Take the NARA "Original Telegram was ..." preamble and its archive box out of the body.

    Returns the body without them and what they said: ``previous`` (the
    original level), ``record_group``, ``series``, ``file``, ``repository``.
    """
    info: dict[str, str] = {}
    m = _NARA.search(body[:2000])
    if not m:
        return body, info
    info["previous"] = re.sub(r"\s+", " ", m["level"]).strip().upper()
    info["preamble"] = re.sub(r"\s+", " ", m.group(0)).strip()
    body = body[: m.start()] + body[m.end():]
    box = _NARA_BOX.search(body[:2000])
    if box and "National Archives" in box["box"]:
        for line in box["box"].splitlines():
            line = line.strip()
            if line.startswith("Copy from the"):
                info["repository"] = line.removeprefix("Copy from the").strip()
            elif line.startswith("RG "):
                info["record_group"] = line
            elif line.lower().startswith("file:"):
                info["file"] = line[5:].strip()
            elif line:
                info["series"] = line
        body = body[: box.start()] + body[box.end():]
    return body, info


def strip_dump_row(header: str, body: str, reference_id: str) -> tuple[str, str]:
    """Some pages' body block holds a whole row of a cables dump: drop its metadata fields and repeated header.

    Two shapes are seen: tab-separated (``2007-09-11 09:44:00<TAB>07BERN881<TAB>Embassy Bern<TAB>SECRET
    <TAB>refs<TAB>header<TAB>body``) and one field a line (``<<218634>>``, date, id, origin,
    classification, refs, then the header again).  Returns ``(body, note)``; note is "" when nothing was cut.
    """
    fields = body.split("\t", 6)
    if len(fields) == 7 and fields[1].strip() == reference_id:
        return fields[6], "the body block held a tab-separated dump row; its metadata fields and header were cut"
    lines = body.lstrip("\n").split("\n")
    if len(lines) > 6 and re.fullmatch(r"<<\d+>>", lines[0].strip()) and lines[2].strip() == reference_id:
        rest = "\n".join(lines[6:])
        head_lines = [ln.strip() for ln in header.splitlines() if ln.strip()]
        if head_lines and rest.lstrip().startswith(head_lines[0]):
            end = rest.find(head_lines[-1])
            if end >= 0:
                rest = rest[end + len(head_lines[-1]):]
        return rest, "the body block held a dump row (<<n>>, date, id ...); its metadata fields and header were cut"
    return body, ""


def split_partial_note(header: str) -> tuple[str, str]:
    """Take WikiLeaks' "This record is a partial extract ..." note out of the header."""
    m = _PARTIAL.search(header)
    if not m:
        return header, ""
    return header[: m.start()] + header[m.end():], m.group(0).strip()


def _text_parser() -> Callable[..., Record] | None:
    """The telegram text parser; a seam: the golden tests replace it to run the fallback reader alone."""
    return parse_cable_text


def parse_text(cable_text: str, path: str, *, has_header: bool | None = None) -> Record:
    """The cable text -> Record, through the telegram parser or, failing that, the fallback reader.

    Fields the telegram parser leaves empty (signer, subject, tags, addressees,
    references, body, the State Department review stamp) are filled from the
    fallback reader when it finds them, and listed in ``attributes["filled_by_fallback"]``.
    """
    fn = _text_parser()
    if fn is None:
        return fallback_parse(cable_text, has_header=has_header)
    try:
        rec = fn(cable_text, path=path, collection="cablegate")
    except Exception as exc:  # a bug in the text parser must not lose the cable
        rec = fallback_parse(cable_text, has_header=has_header)
        rec.warnings.append(f"the cable text parser failed ({type(exc).__name__}: {exc}); used the fallback reader")
        return rec
    # the complement never reads the fallback's text, nor its body when the telegram parser found one
    _complement(rec, fallback_parse(cable_text, has_header=has_header, body=not rec.body, text=False))
    return rec


def _complement(rec: Record, fb: Record) -> None:
    filled = _fill_empty_fields(rec, fb)
    if fb.review.markings and not rec.classification.current and fb.classification.current:
        rec.classification.current = fb.classification.current
        rec.classification.previous = rec.classification.previous or fb.classification.previous
        rec.review.markings += [m for m in fb.review.markings if m not in rec.review.markings]
        filled.append("classification.current")
    own = {r.id: r for r in rec.references if r.id}
    fb_ids = [r.id for r in fb.references if r.id and not is_date_reference(r.label, r.id)]
    if own and set(own) < set(fb_ids):
        # the fallback read more of the REF line (e.g. "REF: TEHRAN 1091: TEHRAN 263: MOSCOW 1603"):
        # keep its printed order, and the telegram parser's own entries where it has them
        rec.references = [own.get(r.id, r) for r in fb.references if not is_date_reference(r.label, r.id)]
        filled.append("references")
    if "datetime" in filled:
        rec.warnings = [w for w in rec.warnings if "date-time group" not in w]
    if filled:
        rec.attributes["filled_by_fallback"] = filled


_FILLABLE = ("from_", "to", "info", "datetime", "date", "precedence", "signer", "subject", "tags", "references",
             "body")


def _fill_empty_fields(rec: Record, fb: Record) -> list[str]:
    """Copy the fields the telegram parser left empty from the fallback reader; the names of those filled."""
    filled = [name for name in _FILLABLE if not getattr(rec, name) and getattr(fb, name)]
    for name in filled:
        setattr(rec, name, getattr(fb, name))
    return filled


def join_cable_text(header: str, body: str) -> str:
    # blank lines inside the routing header carry nothing and would end it early
    header = "\n".join(line.rstrip() for line in header.splitlines() if line.strip())
    body = "\n".join(line.rstrip() for line in body.strip("\n").splitlines())
    return f"{header}\n\n{body}\n" if header.strip() else f"{body}\n"


# -- metadata overlay ----------------------------------------------------------

def split_classification(printed: str) -> tuple[str, list[str]]:
    """``CONFIDENTIAL//NOFORN`` -> ``("CONFIDENTIAL", ["NOFORN"])``."""
    parts = [p.strip() for p in printed.upper().split("//") if p.strip()]
    if not parts:
        return "", []
    level = "UNCLASSIFIED" if parts[0] == "UNCLAS" else parts[0]
    return level, parts[1:]


def origin_address(origin: str) -> Address:
    """``Embassy Bogota`` -> Address(name='Embassy Bogota', post='BOGOTA', kind='embassy')."""
    o = origin.strip()
    low = o.lower()
    if low == "secretary of state":
        return Address(name=o, post="WASHINGTON", kind="department")
    for prefix, kind in (("embassy ", "embassy"), ("consulate ", "consulate"), ("us mission ", "mission"),
                         ("mission ", "mission"), ("us interests section ", "other"), ("us delegation, ", "other")):
        if low.startswith(prefix):
            return Address(name=o, post=o[len(prefix):].strip().upper(), kind=kind)
    return Address(name=o, post=o.upper(), kind="other")


def _iso_to_dt(iso: str) -> datetime | None:
    try:
        return datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ")
    except ValueError:
        return None


def _overlay_dates(rec: Record, meta: CableMeta) -> None:
    created = _iso_to_dt(meta.created) if meta.created else None
    own = _iso_to_dt(rec.datetime) if rec.datetime else None
    if created and own:
        if abs((created - own).total_seconds()) > AGREE_SECONDS:
            rec.warnings.append(f"WikiLeaks' Created date {meta.created} disagrees with the cable's own "
                                f"date-time group {rec.datetime}; kept the date-time group")
        rec.date = rec.date or rec.datetime[:10]
        rec.date_precision = rec.date_precision or "day"
    elif created:
        rec.datetime = meta.created
        rec.date = meta.created[:10]
        rec.date_precision = "day"
        rec.warnings = [w for w in rec.warnings if "date-time group" not in w]
        rec.warnings.append("no date-time group in the cable text; the date and time are WikiLeaks' Created")


def _overlay_classification(rec: Record, meta: CableMeta, preamble: dict[str, str]) -> None:
    level, handling = split_classification(meta.classification)
    text_level = rec.classification.original
    cls = Classification(original=level or text_level, current=rec.classification.current,
                         previous=rec.classification.previous)
    if text_level and level and text_level != level and not preamble:
        rec.warnings.append(f"the cable text is marked {text_level} but WikiLeaks lists it as {meta.classification}")
    if preamble.get("previous"):
        # "Original Telegram was Confidential but has since been de-classified": the
        # telegram's own level was that; WikiLeaks' table gives the level it was released at.
        cls.original = preamble["previous"]
        cls.previous = preamble["previous"]
        cls.current = level or "UNCLASSIFIED"
    rec.classification = cls
    rec.handling = handling + [h for h in rec.handling if h not in handling]


def cable_record(meta: CableMeta, header: str, body: str, *, doc: InputDoc, fmt: str, part: str,
                 raw: str) -> Record:
    """Parse a cablegate cable (header + body text) and lay the container's metadata over it."""
    header, partial_note = split_partial_note(header)
    body, dump_note = strip_dump_row(header, body, meta.reference_id)
    body, preamble = split_preamble(body)
    cable_text = join_cable_text(header, body)
    rec = parse_text(cable_text, doc.path, has_header=bool(header.strip()))
    _overlay_identity(rec, meta)
    _overlay_title_tags_subject(rec, meta)
    _overlay_dates(rec, meta)
    _overlay_classification(rec, meta, preamble)
    if rec.from_ is None and meta.origin:
        rec.from_ = origin_address(meta.origin)
    if meta.released:
        rec.review.release_date = meta.released
        rec.review.events.append(ReviewEvent(action="RELEASED", date=meta.released, by="WikiLeaks", stage="leak"))
    _overlay_references(rec, meta)
    attrs = dict(meta.attributes)
    if partial_note:
        attrs["Note"] = partial_note
    if preamble:
        attrs["NARA preamble"] = preamble.get("preamble", "")
        _overlay_preamble_archive(rec, preamble)
    rec.attributes = {**rec.attributes, **attrs}
    rec.source_url = meta.source_url or rec.source_url
    rec.raw = raw
    rec.text = rec.text or clean_text(cable_text)
    rec.source = Source(path=doc.path, sha256=doc.sha256, format=fmt, part=part)
    if dump_note:
        rec.warnings.append(dump_note)
    rec.warnings = doc.warnings + rec.warnings
    return rec


def _overlay_identity(rec: Record, meta: CableMeta) -> None:
    """WikiLeaks' Reference ID is the cable's id (canonical), its printed form an alias."""
    text_id = rec.id
    rec.id = canonicalize(meta.reference_id)
    rec.collection = "cablegate"
    rec.kind = rec.kind or "telegram"
    aliases = [meta.reference_id]
    rec.aliases = aliases + [a for a in rec.aliases if a not in aliases and a != rec.id]
    if text_id and text_id not in {rec.id, meta.reference_id} and not text_id.startswith("cablegate"):
        rec.warnings.append(f"the cable text reads as {text_id}, WikiLeaks files it as {meta.reference_id}")


def _overlay_title_tags_subject(rec: Record, meta: CableMeta) -> None:
    if meta.title:
        rec.title = meta.title
    if not rec.tags and meta.tags:
        rec.tags = list(meta.tags)
        rec.attributes.setdefault("filled_by_fallback", []).append("tags (WikiLeaks tag links)")
    if not rec.subject and meta.title:
        rec.subject = meta.title
        rec.warnings.append("no SUBJECT line in the cable text; the subject is WikiLeaks' title")


def _overlay_references(rec: Record, meta: CableMeta) -> None:
    known = {r.id for r in rec.references if r.id}
    for ref in meta.references:
        cid = canonicalize(ref)
        if cid not in known:
            rec.references.append(Reference(label=ref, id=cid, kind="ref"))
            known.add(cid)


def _overlay_preamble_archive(rec: Record, preamble: dict[str, str]) -> None:
    if preamble.get("repository"):
        rec.archive.repository = rec.archive.repository or preamble["repository"]
    for key in ("record_group", "series", "file"):
        if preamble.get(key):
            rec.archive.extra[key] = preamble[key]


# -- the HTML page -------------------------------------------------------------

_HTML_START = re.compile(r"^\ufeff?\s*<[!?a-zA-Z]")  # markup from the first character: not a README quoting it
_TABLE_MARK = re.compile(r"<(?i:table\s+class=['\"]cable['\"])")  # ("<" outside the group: the engine skips to it)


def _cell_text(node: LexborNode) -> str:
    return re.sub(r"\s+", " ", node.text(deep=True)).strip()


def _pre_text(node: LexborNode) -> str:
    for anchor in node.css("a[href^='#par']"):
        anchor.decompose()
    # Some pages (from a backslash-escaped dump) end lines with "\\" before the newline.
    return node.text(deep=True).replace("\\\n", "\n")


def page_meta(tree: LexborHTMLParser, path: str) -> CableMeta:
    table = tree.css_first("table.cable")
    if table is None:
        raise ParseError("no <table class='cable'> metadata table in this cablegate page", path=path)
    attrs, ref_cell = _table_attributes(table, path)
    ref = attrs.get("Reference ID", "")
    if not ref:
        raise ParseError("the cable metadata table has no Reference ID", path=path)
    meta = CableMeta(reference_id=ref, classification=attrs.get("Classification", ""),
                     origin=attrs.get("Origin", ""), attributes=attrs)
    created = _table_time(attrs.get("Created", ""))
    if created:
        meta.created = created.strftime("%Y-%m-%dT%H:%M:00Z")
    released = _table_time(attrs.get("Released", ""))
    if released:
        meta.released = released.date().isoformat()
    link = ref_cell.css_first("a") if ref_cell is not None else None
    href = (link.attributes.get("href") or "") if link is not None else ""
    if href.startswith("/cable/"):
        meta.source_url = WIKILEAKS + href
    meta.title = _page_title(tree, ref)
    return meta


def _table_attributes(table: LexborNode, path: str) -> tuple[dict[str, Any], LexborNode | None]:
    """The metadata table as ``{heading: cell}`` (later rows: ``{label: [links]}``), and the Reference ID cell."""
    keys = [_cell_text(th) for th in table.css("th")]
    rows = [row for row in table.css("tr") if row.css_first("td") is not None]
    cells = rows[0].css("td") if rows else []
    values = [_cell_text(td) for td in cells]
    if not keys or len(keys) != len(values):
        raise ParseError(f"the cable metadata table has {len(keys)} headings and {len(values)} cells", path=path)
    attrs: dict[str, Any] = dict(zip(keys, values, strict=True))
    for row in rows[1:]:
        # e.g. "Appears in these articles: <a href='http://nytimes.com'>nytimes.com</a>"
        label = _cell_text(row).split(":", 1)[0].strip()
        links = [a.attributes.get("href") or _cell_text(a) for a in row.css("a")]
        if label:
            attrs[label] = [link for link in links if link]
    ref_cell = cells[keys.index("Reference ID")] if "Reference ID" in keys else None
    return attrs, ref_cell


def _table_time(value: str) -> datetime | None:
    try:
        return datetime.strptime(value, "%Y-%m-%d %H:%M")
    except ValueError:
        return None


def _page_title(tree: LexborHTMLParser, ref: str) -> str:
    """The page heading "Viewing cable 09BOGOTA1165, TITLE" without its first part."""
    for h3 in tree.css("h3"):
        heading = _cell_text(h3)
        if heading.startswith(f"Viewing cable {ref}"):
            return heading[len(f"Viewing cable {ref}"):].lstrip(", ").strip()
    return ""


@register("cablegate")
class CablegateFormat:
    name = "cablegate"
    description = "WikiLeaks cablegate cable-viewer HTML pages (metadata table + header and body <pre> blocks)"

    def sniff(self, doc: InputDoc) -> float:
        text = doc.text or ""
        if not _HTML_START.match(text[:1000]) or not _TABLE_MARK.search(text):
            return 0.0
        score = 0.5
        if "<code><pre>" in text:
            score += 0.25
        if "<th>Reference ID</th>" in text:
            score += 0.2
        return score

    def parse(self, doc: InputDoc) -> Iterator[Record]:
        ensure_text(doc)
        tree = LexborHTMLParser(doc.text)
        meta = page_meta(tree, doc.path)
        pres = [pre for pre in tree.css("code > pre")]
        if not pres:
            raise ParseError("no <code><pre> cable text in this cablegate page", path=doc.path)
        for pre in pres:
            meta.tags += [t for t in (_cell_text(a) for a in pre.css("a[href^='/tag/']")) if t and t not in meta.tags]
        if len(pres) == 1:
            header, body = "", _pre_text(pres[0])
        else:
            header, body = _pre_text(pres[0]), "\n".join(_pre_text(p) for p in pres[1:])
        rec = cable_record(meta, header, body, doc=doc, fmt=self.name, part="", raw=doc.text)
        if len(pres) == 1:
            rec.warnings.append("the page has one <pre> block, not a header and a body")
        yield rec
