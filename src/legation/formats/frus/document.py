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
from dataclasses import dataclass
from typing import Any

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from legation.formats.frus.blocks import Built, build_blocks
from legation.formats.frus.dates import parse_when, range_date
from legation.formats.frus.heads import classification_line, from_to, kind_of, read_source_note, split_head
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


def build_record(div: etree._Element, ctx: DocContext) -> Record:
    vol = ctx.volume
    rid = document_id(vol.id, div)
    did = rid[len(vol.id):]
    warnings: list[str] = []
    head_el = next((c for c in div if local(c) == "head"), None)
    head = inline(head_el) if head_el is not None else Inline()
    number, title = split_head(head.text)
    b = Built()
    build_blocks(div, b, True)

    # Notes: the head's notes first (source note), then the body's, in order.
    note_els: list[tuple[etree._Element, str]] = [(a.element, "head") for a in head.notes]
    note_els += [(el, f"body[{bi}]:{off}") for el, bi, off in b.block_notes]
    source_text = ""
    notes: list[Note] = []
    note_inlines: list[Inline] = []
    note_meta: list[dict[str, str]] = []
    for el, anchor in note_els:
        ninl = inline(el)
        nested = [a.element for a in ninl.notes]
        if el.get("type") == "source" and not source_text:
            source_text = ninl.text
        n = el.get("n") or str(len(notes) + 1)
        notes.append(Note(n=n, text=ninl.text, anchor=anchor))
        note_inlines.append(ninl)
        note_meta.append({"n": n, "id": xml_id(el), "type": el.get("type", ""), "anchor": anchor})
        for extra in nested:
            xinl = inline(extra)
            notes.append(Note(n=extra.get("n", ""), text=xinl.text, anchor=f"note {n}"))
            note_inlines.append(xinl)
            note_meta.append({"n": extra.get("n", ""), "id": xml_id(extra), "type": extra.get("type", ""),
                              "anchor": f"note {n}"})

    # Text: blocks, then notes; shift spans to record offsets.
    parts: list[Inline] = list(b.inlines)
    for note, ninl in zip(notes, note_inlines, strict=True):
        prefix = f"[{note.n}] "
        parts.append(Inline.join([Inline(text=prefix[:-1]), ninl], " "))
    joined = Inline.join(parts, "\n\n")
    spans = list(joined.spans)

    # Dateline
    place, dateline_text = "", ""
    date = dt = precision = ""
    attrs: dict[str, Any] = {}
    if b.dateline is not None:
        dinl = inline(b.dateline)
        dateline_text = dinl.text
        b.extra_spans.extend(s for s in dinl.spans if s.kind != "place")
        pl = next((x for x in b.dateline.iter("{*}placeName")), None)
        if pl is not None:
            place = norm("".join(pl.itertext()))
        dates = list(b.dateline.iter("{*}date"))
        if dates:
            d = dates[0]
            if d.get("when"):
                date, dt, precision = parse_when(d.get("when", ""))
            elif d.get("notBefore") or d.get("notAfter"):
                date, dt, precision = range_date(d.get("notBefore") or d.get("notAfter", ""),
                                                  d.get("notAfter") or d.get("notBefore", ""))
                attrs["date_range"] = [d.get("notBefore", ""), d.get("notAfter", "")]
            attrs["date_as_printed"] = norm("".join(d.itertext()))
    dmin = div.get(f"{{{FRUS_NS}}}doc-dateTime-min", "")
    dmax = div.get(f"{{{FRUS_NS}}}doc-dateTime-max", "")
    if dmin or dmax:
        attrs["date_min"], attrs["date_max"] = dmin, dmax
        if not date:
            date, dt, precision = range_date(dmin or dmax, dmax or dmin)
    if not date:
        warnings.append("no date found (no dateline date and no frus:doc-dateTime-min/max)")

    kind = kind_of(title, div.get("subtype", ""))
    sn = read_source_note(source_text) if source_text else None
    sender, to = from_to(title, place)
    sender, to = _markup_from_to(div, sender, to)
    if not to and b.to_list:
        to = [Address(name=t) for t in b.to_list]
    classification = sn.classification if sn else ""
    if not classification:
        for line in b.opener + [blk.text for blk in b.blocks[:2]]:
            classification = classification_line(line)
            if classification:
                break
    if kind == "telegram" and b.blocks:
        tm = _TELNUM.match(b.blocks[0].text)
        if tm:
            attrs["telegram_number"] = tm.group(1)
            b.blocks[0].n = int(tm.group(2))

    archive = Archive(volume=vol.id, document_number=b.doc_identifier)
    if sn:
        archive.repository = sn.repository
        if sn.location:
            archive.extra["location"] = sn.location
        if sn.record_group:
            archive.extra["record_group"] = sn.record_group
        if sn.box:
            archive.extra["box"] = sn.box
        attrs["source_note"] = sn.text
    else:
        warnings.append("no source note (note type='source')")
    archive.extra["document_n"] = div.get("n", number)

    pages = [ctx.start_page] if ctx.start_page else []
    pages += [p["n"] for p in b.page_breaks if p["n"] and p["n"] not in pages]
    all_spans = spans + b.extra_spans + head.spans
    entities = _entities(spans, vol)
    title_entities = _entities([s for s in head.spans + b.extra_spans if s.kind in {"person", "term"}], vol)
    known = {(e.type, e.key or e.name) for e in entities}
    for e in title_entities:
        if (e.type, e.key or e.name) not in known:
            e.mentions = []
            entities.append(e)
    if place:
        entities.append(Entity(name=place, type="PLACE", source="frus-dateline", role="dateline"))

    attrs.update({
        "head": head.text,
        "document_n": div.get("n", number),
        "div_id": xml_id(div),
        "subtype": div.get("subtype", ""),
        "dateline": dateline_text,
        "dateline_place": place,
        "pages": pages,
        "page_breaks": b.page_breaks,
        "notes": note_meta,
        "frus_citation": f"{vol.title or vol.id}, Document {div.get('n', number) or did}",
    })
    if b.doc_identifier:
        attrs["document_identifier"] = b.doc_identifier
    if b.opener:
        attrs["opener"] = b.opener
    if b.signer_keys:
        attrs["signer_keys"] = b.signer_keys
    if sn and sn.repeated_to:
        attrs["repeated_to"] = sn.repeated_to
    if ctx.truncated:
        last = b.blocks[-1].text[-40:] if b.blocks else ""
        warnings.append(
            f"document {did} is truncated: the file ends inside it before its closing </div>; kept "
            f"{len(b.blocks)} blocks, the last one cut off (ends '…{last}')"
            + ("" if b.signer else " and no closer/signer"))
        attrs["truncated"] = True
    if not b.blocks:
        warnings.append("document has no body text")

    rec = Record(
        id=rid,
        collection="frus",
        kind=kind,
        title=title,
        subject=b.subject,
        date=date,
        datetime=dt,
        date_precision=precision,  # type: ignore[arg-type, unused-ignore]
        from_=sender,
        to=to,
        info=[Address(name=r) for r in (sn.repeated_to if sn else [])],
        precedence=sn.precedence if sn else "",
        classification=Classification(original=classification),
        handling=sn.handling if sn else [],
        signer=b.signer,
        participants=[Participant(name=p) for p in b.participants],
        drafter=sn.drafter if sn else "",
        approver=sn.approver if sn else "",
        references=_references(all_spans, vol.id),
        body=b.blocks,
        notes=notes,
        archive=archive,
        source_url=f"{SITE}/{vol.id}/{did}",
        citation=sn.citation if sn else "",
        attributes=attrs,
        entities=entities,
        language="en",
        warnings=warnings,
        text=joined.text,
        raw=ctx.raw,
    )
    return rec
