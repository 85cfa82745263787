"""One FRUS ``div[@type='document']`` -> one :class:`Record`.

Layout of ``record.text``: the body blocks (paragraphs, headings, lists,
quotes, tables, the signature) separated by blank lines, then the notes,
each as ``[n] text``, also separated by blank lines (the source note is
note 1).  The head (title) and the dateline are not in ``text``: they are
``title``, ``date`` and ``attributes``.  Entity mention offsets point into
``text``.  Footnote markers are not in ``text``; ``Note.anchor`` says where
the marker was: ``head`` or ``body[i]:k`` (block ``i`` of ``record.body``,
character ``k`` of that block's text).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from legation.formats.frus.blocks import Built, build_blocks
from legation.formats.frus.dates import parse_when, range_date
from legation.formats.frus.heads import (
    SourceNote,
    classification_line,
    from_to,
    kind_of,
    read_source_note,
    split_head,
)
from legation.formats.frus.volume import ListEntry, VolumeInfo
from legation.formats.frus.xmltext import FRUS_NS, Inline, Span, inline, local, norm, xml_id
from legation.model import (
    Address,
    Archive,
    Classification,
    Entity,
    Mention,
    Note,
    Participant,
    Record,
    Reference,
)

SITE = "https://history.state.gov/historicaldocuments"
_DOC_ID = re.compile(r"^d\d+[A-Za-z]?$")
_TELNUM = re.compile(r"^(\d{1,6})\.\s+(\d{1,3})\.\s")


def document_id(volume: str, div: etree._Element) -> str:
    did = xml_id(div)
    if not _DOC_ID.match(did):
        n = div.get("n", "")
        did = f"d{n}" if n else did
    return f"{volume}{did}"


# --- the record ----------------------------------------------------------------

@dataclass
class DocContext:
    volume: VolumeInfo
    start_page: str = ""
    raw: str = ""
    truncated: bool = False


def _entities(spans: list[Span], vol: VolumeInfo) -> list[Entity]:
    by_key: dict[tuple[str, str], Entity] = {}
    order: list[tuple[str, str]] = []

    def get(etype: str, key: str, name: str, source: str, role: str) -> Entity:
        k = (etype, key or name)
        if k not in by_key:
            by_key[k] = Entity(name=name, type=etype, key=key, source=source, role=role)
            order.append(k)
        return by_key[k]

    lists: dict[str, tuple[str, dict[str, ListEntry], str]] = {
        "person": ("PERSON", vol.persons, "frus-persons"),
        "term": ("TERM", vol.terms, "frus-terms"),
    }
    for s in spans:
        mention = [Mention(start=s.start, end=s.end, text=s.text)] if s.end > s.start else []
        if s.kind in lists:
            etype, table, source = lists[s.kind]
            keys = s.keys or [""]
            for key in keys:
                entry = table.get(key) if key else None
                if entry is not None:
                    ent = get(etype, key, entry.name, source, entry.description)
                else:
                    ent = get(etype, key, s.text, "frus-markup", "")
                ent.mentions.extend(mention)
        elif s.kind in {"place", "org"}:
            etype = "PLACE" if s.kind == "place" else "ORG"
            get(etype, s.keys[0] if s.keys else "", s.text, "frus-markup", "").mentions.extend(mention)
    return [by_key[k] for k in order]


def _markup_from_to(div: etree._Element, sender: Address | None,
                    to: list[Address]) -> tuple[Address | None, list[Address]]:
    """Fill from/to the title did not give from the markup: ``persName type="from"``, ``gloss type="to"``
    (also orgName), outside footnotes."""
    found: dict[str, list[str]] = {"from": [], "to": []}
    for el in div.iter("{*}persName", "{*}gloss", "{*}orgName"):
        kind = el.get("type", "")
        if kind not in found or any(local(a) == "note" for a in el.iterancestors()):
            continue
        name = norm("".join(el.itertext()))
        if name and name not in found[kind]:
            found[kind].append(name)
    if sender is None and found["from"]:
        sender = Address(name=found["from"][0])
    if not to and found["to"]:
        to = [Address(name=n) for n in found["to"]]
    return sender, to


def _references(spans: list[Span], volume: str) -> list[Reference]:
    out: list[Reference] = []
    seen: set[tuple[str, str]] = set()
    for s in spans:
        if s.kind != "ref" or not s.target:
            continue
        target = s.target.strip()
        if "#pg_" in target:
            continue  # a page (or page range) of a volume, e.g. a source note's "pp. 532-542": not a document
        rid, note = "", ""
        m = re.match(r"^(frus[\w-]*?)?#?(d\d+[A-Za-z]?)(?:fn(\d+))?$", target)
        vm = re.match(r"^(frus\d{4}[\w-]*?)(?:#.*)?$", target)
        if m and (m.group(1) or target.startswith("#") or target.startswith("d")):
            rid = f"{m.group(1) or volume}{m.group(2)}"
            note = f"footnote {m.group(3)}" if m.group(3) else ""
        elif target.startswith("#pg_") or target.startswith("#"):
            continue  # page or section of this volume, not a document
        elif vm:
            rid = vm.group(1)
        elif not re.match(r"^https?://", target):
            continue
        key = (rid or target, s.text)
        if key in seen:
            continue
        seen.add(key)
        out.append(Reference(label=s.text or target, id=rid, note=note or ("" if rid else target), kind="crossref"))
    return out


@dataclass
class _Doc:
    """What the field builders share while one FRUS document is read."""

    div: etree._Element
    ctx: DocContext
    rid: str
    did: str  # the document's own id inside the volume (``d12``)
    head: Inline
    number: str  # the number printed in the head
    title: str
    b: Built
    warnings: list[str] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    note_inlines: list[Inline] = field(default_factory=list)
    note_meta: list[dict[str, str]] = field(default_factory=list)
    source_text: str = ""
    joined: Inline = field(default_factory=Inline)
    place: str = ""
    dateline_text: str = ""
    date: str = ""
    dt: str = ""
    precision: str = ""
    kind: str = ""
    sn: SourceNote | None = None
    sender: Address | None = None
    to: list[Address] = field(default_factory=list)
    classification: str = ""
    archive: Archive = field(default_factory=Archive)
    entities: list[Entity] = field(default_factory=list)

    @property
    def vol(self) -> VolumeInfo:
        return self.ctx.volume

    @property
    def document_n(self) -> str:
        return str(self.div.get("n", self.number))


def build_record(div: etree._Element, ctx: DocContext) -> Record:
    rid = document_id(ctx.volume.id, div)
    head_el = next((c for c in div if local(c) == "head"), None)
    head = inline(head_el) if head_el is not None else Inline()
    number, title = split_head(head.text)
    b = Built()
    build_blocks(div, b, True)
    d = _Doc(div=div, ctx=ctx, rid=rid, did=rid[len(ctx.volume.id):], head=head, number=number, title=title, b=b)
    for build in _FIELD_BUILDERS:
        build(d)
    return _record(d)


# -- field builders, in the order they run (later ones read what earlier ones set) ----------------


def _notes(d: _Doc) -> None:
    """The head's notes first (the source note), then the body's, in order; a note's own notes after it."""
    note_els: list[tuple[etree._Element, str]] = [(a.element, "head") for a in d.head.notes]
    note_els += [(el, f"body[{bi}]:{off}") for el, bi, off in d.b.block_notes]
    for el, anchor in note_els:
        ninl = inline(el)
        if el.get("type") == "source" and not d.source_text:
            d.source_text = ninl.text
        n = el.get("n") or str(len(d.notes) + 1)
        _add_note(d, el, ninl, n, anchor)
        for extra in (a.element for a in ninl.notes):
            _add_note(d, extra, inline(extra), extra.get("n", ""), f"note {n}")


def _add_note(d: _Doc, el: etree._Element, inl: Inline, n: str, anchor: str) -> None:
    d.notes.append(Note(n=n, text=inl.text, anchor=anchor))
    d.note_inlines.append(inl)
    d.note_meta.append({"n": n, "id": xml_id(el), "type": el.get("type", ""), "anchor": anchor})


def _text(d: _Doc) -> None:
    """Text: the blocks, then the notes as ``[n] text``; spans shift to record offsets."""
    parts: list[Inline] = list(d.b.inlines)
    for note, ninl in zip(d.notes, d.note_inlines, strict=True):
        prefix = f"[{note.n}] "
        parts.append(Inline.join([Inline(text=prefix[:-1]), ninl], " "))
    d.joined = Inline.join(parts, "\n\n")


def _dateline(d: _Doc) -> None:
    dateline = d.b.dateline
    if dateline is None:
        return
    dinl = inline(dateline)
    d.dateline_text = dinl.text
    d.b.extra_spans.extend(s for s in dinl.spans if s.kind != "place")
    pl = next((x for x in dateline.iter("{*}placeName")), None)
    if pl is not None:
        d.place = norm("".join(pl.itertext()))
    dates = list(dateline.iter("{*}date"))
    if dates:
        _dateline_date(d, dates[0])


def _dateline_date(d: _Doc, el: etree._Element) -> None:
    if el.get("when"):
        d.date, d.dt, d.precision = parse_when(el.get("when", ""))
    elif el.get("notBefore") or el.get("notAfter"):
        d.date, d.dt, d.precision = range_date(el.get("notBefore") or el.get("notAfter", ""),
                                               el.get("notAfter") or el.get("notBefore", ""))
        d.attrs["date_range"] = [el.get("notBefore", ""), el.get("notAfter", "")]
    d.attrs["date_as_printed"] = norm("".join(el.itertext()))


def _date_range(d: _Doc) -> None:
    """The volume's machine dates (``frus:doc-dateTime-min/max``) when the dateline gives none."""
    dmin = d.div.get(f"{{{FRUS_NS}}}doc-dateTime-min", "")
    dmax = d.div.get(f"{{{FRUS_NS}}}doc-dateTime-max", "")
    if dmin or dmax:
        d.attrs["date_min"], d.attrs["date_max"] = dmin, dmax
        if not d.date:
            d.date, d.dt, d.precision = range_date(dmin or dmax, dmax or dmin)
    if not d.date:
        d.warnings.append("no date found (no dateline date and no frus:doc-dateTime-min/max)")


def _kind_and_addresses(d: _Doc) -> None:
    d.kind = kind_of(d.title, d.div.get("subtype", ""))
    d.sn = read_source_note(d.source_text) if d.source_text else None
    d.sender, d.to = from_to(d.title, d.place)
    d.sender, d.to = _markup_from_to(d.div, d.sender, d.to)
    if not d.to and d.b.to_list:
        d.to = [Address(name=t) for t in d.b.to_list]


def _classification(d: _Doc) -> None:
    """The source note's classification, else a classification line at the top of the document."""
    d.classification = d.sn.classification if d.sn else ""
    if d.classification:
        return
    for line in d.b.opener + [blk.text for blk in d.b.blocks[:2]]:
        d.classification = classification_line(line)
        if d.classification:
            return


def _telegram_number(d: _Doc) -> None:
    """A telegram printed as ``1234. 1. Text``: the telegram number, and the first paragraph's number."""
    blocks = d.b.blocks
    if d.kind != "telegram" or not blocks:
        return
    tm = _TELNUM.match(blocks[0].text)
    if tm:
        d.attrs["telegram_number"] = tm.group(1)
        blocks[0].n = int(tm.group(2))


def _archive(d: _Doc) -> None:
    d.archive = archive = Archive(volume=d.vol.id, document_number=d.b.doc_identifier)
    sn = d.sn
    if sn:
        archive.repository = sn.repository
        extra = {"location": sn.location, "record_group": sn.record_group, "box": sn.box}
        archive.extra.update({k: v for k, v in extra.items() if v})
        d.attrs["source_note"] = sn.text
    else:
        d.warnings.append("no source note (note type='source')")
    archive.extra["document_n"] = d.document_n


def _entities_of(d: _Doc) -> None:
    """Entities of the text (with mentions), then those only in the title or dateline (no mentions)."""
    vol = d.vol
    entities = _entities(list(d.joined.spans), vol)
    title_entities = _entities([s for s in d.head.spans + d.b.extra_spans if s.kind in {"person", "term"}], vol)
    known = {(e.type, e.key or e.name) for e in entities}
    for e in title_entities:
        if (e.type, e.key or e.name) not in known:
            e.mentions = []
            entities.append(e)
    if d.place:
        entities.append(Entity(name=d.place, type="PLACE", source="frus-dateline", role="dateline"))
    d.entities = entities


def _attributes(d: _Doc) -> None:
    b, ctx = d.b, d.ctx
    pages = [ctx.start_page] if ctx.start_page else []
    pages += [p["n"] for p in b.page_breaks if p["n"] and p["n"] not in pages]
    d.attrs.update({
        "head": d.head.text,
        "document_n": d.document_n,
        "div_id": xml_id(d.div),
        "subtype": d.div.get("subtype", ""),
        "dateline": d.dateline_text,
        "dateline_place": d.place,
        "pages": pages,
        "page_breaks": b.page_breaks,
        "notes": d.note_meta,
        "frus_citation": f"{d.vol.title or d.vol.id}, Document {d.document_n or d.did}",
    })
    optional = {"document_identifier": b.doc_identifier, "opener": b.opener, "signer_keys": b.signer_keys,
                "repeated_to": d.sn.repeated_to if d.sn else []}
    d.attrs.update({k: v for k, v in optional.items() if v})


def _completeness(d: _Doc) -> None:
    b = d.b
    if d.ctx.truncated:
        last = b.blocks[-1].text[-40:] if b.blocks else ""
        d.warnings.append(
            f"document {d.did} is truncated: the file ends inside it before its closing </div>; kept "
            f"{len(b.blocks)} blocks, the last one cut off (ends '…{last}')"
            + ("" if b.signer else " and no closer/signer"))
        d.attrs["truncated"] = True
    if not b.blocks:
        d.warnings.append("document has no body text")


_FIELD_BUILDERS: tuple[Callable[[_Doc], None], ...] = (
    _notes,
    _text,
    _dateline,  # adds the dateline's spans to the spans outside the text
    _date_range,
    _kind_and_addresses,  # needs the source note and the dateline place
    _classification,
    _telegram_number,
    _archive,
    _entities_of,
    _attributes,
    _completeness,
)


def _record(d: _Doc) -> Record:
    b, sn = d.b, d.sn
    all_spans = list(d.joined.spans) + b.extra_spans + d.head.spans
    return Record(
        id=d.rid,
        collection="frus",
        kind=d.kind,
        title=d.title,
        subject=b.subject,
        date=d.date,
        datetime=d.dt,
        date_precision=d.precision,  # type: ignore[arg-type, unused-ignore]
        from_=d.sender,
        to=d.to,
        info=[Address(name=r) for r in (sn.repeated_to if sn else [])],
        precedence=sn.precedence if sn else "",
        classification=Classification(original=d.classification),
        handling=sn.handling if sn else [],
        signer=b.signer,
        participants=[Participant(name=p) for p in b.participants],
        drafter=sn.drafter if sn else "",
        approver=sn.approver if sn else "",
        references=_references(all_spans, d.vol.id),
        body=b.blocks,
        notes=d.notes,
        archive=d.archive,
        source_url=f"{SITE}/{d.vol.id}/{d.did}",
        citation=sn.citation if sn else "",
        attributes=d.attrs,
        entities=d.entities,
        language="en",
        warnings=d.warnings,
        text=d.joined.text,
        raw=d.ctx.raw,
    )
