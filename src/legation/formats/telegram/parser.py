"""State Department telegrams as text: AAD pages, PlusD/CFPF text, cablegate plain text.

:func:`parse_cable_text` turns the text of one cable (routing header, body,
and an optional AAD "Message Attributes" block) into a :class:`Record`;
the ``telegram`` format wraps it for files.  Other formats (cablegate HTML
and CSV, History Lab) call :func:`parse_cable_text` on the header+body text
they extract.

Body blocks: the numbered paragraphs (``n`` as printed), headings, and
unnumbered text.  A ``SUMMARY: ... END SUMMARY`` block that stands before
paragraph 1 is *not* a body block: it is ``record.summary`` (and it is in
``text``), so the seed's body is exactly its 5 numbered paragraphs.

A declassification stamp printed in the text ("Declassified/Released US
Department of State EO Systematic Review 05 JUL 2006") is page furniture:
it goes to ``review.markings`` (unless AAD attributes give markings) and
``classification.current`` becomes UNCLASSIFIED.  The head is read by
:func:`legation.formats.telegram.head.parse_head`.  ``bench/parse_speed.py`` times
this parser.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from legation.cableids import canonical_cable_id, canonicalize, short_cable_id
from legation.errors import ParseError
from legation.formats.base import InputDoc, ensure_text, first_lines, register
from legation.formats.telegram import attributes as attrs_mod
from legation.formats.telegram import fields, header, references
from legation.formats.telegram import tags as tags_mod
from legation.formats.telegram.body import double_spaced, parse_body, render_block
from legation.formats.telegram.furniture import is_banner, normalize_lines, page_header, strip_furniture
from legation.formats.telegram.head import FOLLOWING_REPEAT, Head, parse_head, split_glued_fields
from legation.formats.telegram.split import split_cables
from legation.model import Block, Classification, CleanInput, Record, Reference, Routing, Source
from legation.text import squeeze

_ATTR_SPLIT = re.compile(r"^[^\S\n]*(?:#{1,6}\s*)?Message Attributes\s*$", re.MULTILINE)
_MSG_TEXT = re.compile(r"^\s*(?:#{1,6}\s*)?Message Text\s*$")
_QUOTE_START = re.compile(r"\b(?:QUOTE|QTE)\s*:?\s*", re.IGNORECASE)
_REVIEW_STAMP = re.compile(r"declassified\s*/\s*released|systematic\s+review", re.IGNORECASE)
_QUOTE_END = re.compile(r"^\s*(?:END\s+)?(?:UNQUOTE|UNQTE)\b.*$", re.IGNORECASE | re.MULTILINE)


def _split_attributes(text: str) -> tuple[str, str]:
    if "Message Attributes" not in text:
        return text, ""
    m = _ATTR_SPLIT.search(text)
    if not m:
        return text, ""
    return text[: m.start()], text[m.end():]


def _year_of(rec: Record) -> int | None:
    if rec.date[:4].isdigit():
        return int(rec.date[:4])
    return None


def _quote_split(body_lines: list[str]) -> tuple[int, int, int] | None:
    """Where a repeated cable is quoted: (index of the FOLLOWING REPEAT line, quote start, quote end)."""
    for i, ln in enumerate(body_lines[:40]):
        up = ln.upper()
        if "FOL" not in up or not ("REPEAT" in up or "RPT" in up):
            continue  # both patterns need FOL(LOWING) and REPEAT/RPT
        if references.parse_repeat(ln) or FOLLOWING_REPEAT.search(up):
            qs = None
            for j in range(i, min(len(body_lines), i + 30)):
                if _QUOTE_START.search(body_lines[j].upper()) and not _QUOTE_END.match(body_lines[j]):
                    qs = j
                    break
            if qs is None:
                return None
            qe = len(body_lines)
            for k in range(len(body_lines) - 1, qs, -1):
                if _QUOTE_END.match(body_lines[k]):
                    qe = k
                    break
            return i, qs, qe
    return None


@dataclass
class _Cable:
    """What the field builders share while one cable is read: the head, the attributes, the cleaned lines."""

    rec: Record
    head: Head
    attrs: dict[str, object]
    lines: list[str]  # the message lines, furniture removed and glued header fields split
    page_breaks: set[int]
    dbl: bool
    first_banner: str
    stamps: list[str]  # stamp lines the furniture step took out
    collection: str
    warnings: list[str]  # the record's own warnings, set when every field is read
    body_lines: list[str] = field(default_factory=list)
    body_breaks: set[int] = field(default_factory=set)
    blocks: list[Block] = field(default_factory=list)
    body_text: str = ""
    inner: Record | None = None  # the repeated cable, when this one repeats another

    def attr(self, key: str) -> str:
        return attrs_mod.value_of(self.attrs, key)


def parse_cable_text(text: str, *, path: str = "", collection: str = "aad") -> Record:
    """One cable's text -> Record (``id`` may be ``""`` when no id can be found; the caller sets it)."""
    raw = text
    norm = text.replace("\r\n", "\n").replace("\r", "\n")
    msg, attr_block = _split_attributes(norm)
    lines = normalize_lines(msg)
    if "Message Text" in msg:
        lines = [ln for ln in lines if not _MSG_TEXT.match(ln)]
    dbl = double_spaced(lines)
    first_banner = next((ln.strip() for ln in lines[:30] if ln.strip() and is_banner(ln)), "")
    cleaned = strip_furniture(lines)
    clines, page_breaks = split_glued_fields(cleaned.lines, cleaned.breaks)
    head = parse_head(clines, dbl)

    rec = Record(id="", collection=collection, kind="telegram", raw=raw)
    # hand-over to the Clean stage: the furniture pass records each removed piece as a Correction
    rec.hand_over(CleanInput(text=raw, furniture=list(cleaned.removed)))
    warnings: list[str] = []

    # -- attributes -------------------------------------------------------------------------
    attrs: dict[str, object] = attrs_mod.split_attributes(attr_block) if attr_block.strip() else {}
    rec.attributes = dict(attrs)

    # -- every field, one builder each (see _FIELD_BUILDERS) --------------------------------
    cable = _Cable(rec=rec, head=head, attrs=attrs, lines=clines, page_breaks=page_breaks, dbl=dbl,
                   first_banner=first_banner, stamps=cleaned.stamps, collection=collection, warnings=warnings)
    for build in _FIELD_BUILDERS:
        build(cable)
    del path
    return rec


# -- field builders, in the order they run (later ones read what earlier ones set) ----------------


def _date_and_precedence(c: _Cable) -> None:
    rec, dtg = c.rec, c.head.dtg
    if dtg:
        rec.date, rec.datetime, rec.date_precision = dtg.date, dtg.datetime, "day"
        rec.precedence = dtg.precedence
    elif c.attrs:
        d = attrs_mod.iso_date(c.attr("Draft Date"))
        if d:
            rec.date, rec.date_precision = d, "day"


def _routing_and_addresses(c: _Cable) -> None:
    rec, head = c.rec, c.head
    rec.routing = Routing(action=head.dist.action, info=head.dist.info, total_copies=head.dist.total_copies,
                          lines=head.routing_lines + head.notes)
    addrs = header.parse_addressees(head.addr_lines)
    rec.from_ = addrs.from_
    rec.to = addrs.to
    rec.info = addrs.info
    if addrs.excluded:
        rec.archive.extra["excluded_addressees"] = "; ".join(addrs.excluded)
    if not rec.precedence and rec.to and rec.to[0].precedence:
        rec.precedence = rec.to[0].precedence


def _drafting(c: _Cable) -> None:
    rec, head = c.rec, c.head
    rec.drafter = head.drafted
    rec.approver = head.approved
    if head.clearances:
        rec.archive.extra["clearances"] = "; ".join(head.clearances)
    if head.desired_distribution:
        rec.archive.extra["desired_distribution"] = "; ".join(head.desired_distribution)


def _classification(c: _Cable) -> None:
    rec, cl = c.rec, c.head.class_line
    printed_class = cl.classification if cl else ""
    if not printed_class and c.first_banner:
        fb = fields.parse_classification_line(c.first_banner)
        printed_class = fb.classification if fb else ""
        if fb:
            rec.handling = list(fb.handling)
    if cl:
        rec.handling = list(cl.handling)
    rec.classification = Classification(
        original=c.attr("Original Classification") or printed_class,
        current=c.attr("Current Classification"),
        previous=c.attr("Previous Classification"),
    )


def _handling(c: _Cable) -> None:
    handling = c.rec.handling
    for note in c.head.notes:
        word = note.strip().upper()
        if word in fields.HANDLING and word not in handling and word != "SIPDIS":
            handling.append(word)
    for key in ("Handling Restrictions", "Original Handling Restrictions"):
        for h in re.split(r"[,;\s]+", c.attr(key)):
            if h and h not in handling:
                handling.append(h)


def _executive_order(c: _Cable) -> None:
    if c.head.eo:
        c.rec.executive_order = c.head.eo.order
        c.rec.declassify = c.head.eo.declassify


def _subject(c: _Cable) -> None:
    rec = c.rec
    if c.head.subject_lines:
        rec.subject = fields.parse_subject("\n".join(c.head.subject_lines))
    if not rec.subject and c.attrs:
        rec.subject = c.attr("Subject")


def _tags(c: _Cable) -> None:
    rec = c.rec
    if c.head.tags_text:
        rec.tags = tags_mod.parse_tags(c.head.tags_text)
    tag_attr = c.attr("TAGS")
    if not rec.tags and tag_attr:
        rec.tags = tags_mod.parse_tags("TAGS: " + re.sub(r"\([^()]*\)", "", tag_attr))
    subj_, countries, persons = tags_mod.tag_kinds(rec.tags)
    rec.tag_subjects, rec.tag_countries = subj_, countries
    rec.tag_persons = attrs_mod.tag_persons(tag_attr) if tag_attr else persons
    rec.concepts = attrs_mod.split_list(attrs_mod.first(c.attrs, "Concepts"))


def _classified_by(c: _Cable) -> None:
    if c.head.classified_by:
        cb = fields.parse_classified_by("\n".join(c.head.classified_by))
        if cb:
            c.rec.archive.extra["classified_by"] = cb[0]


def _signer(c: _Cable) -> None:
    """The signer is the last name line of the body; the name is cut from that line."""
    start = c.head.body_start
    body_lines = c.lines[start:]
    c.body_breaks = {b - start for b in c.page_breaks if b >= start}
    found = _find_signer(body_lines)
    if found is not None:
        k, c.rec.signer = found
        cut = body_lines[k].rstrip().rstrip("#.").rstrip()
        cut = cut[: len(cut) - len(c.rec.signer)].rstrip()
        body_lines = body_lines[:k] + ([cut] if cut else []) + body_lines[k + 1:]
    c.body_lines = body_lines


def _find_signer(body_lines: list[str]) -> tuple[int, str] | None:
    """(index of the signer's line, the name), looking only at the last non-blank line."""
    for k in range(len(body_lines) - 1, -1, -1):
        s = body_lines[k].strip()
        if not s:
            continue
        got = fields.parse_signer("\n".join(body_lines[max(0, k - 4):k + 1]))
        if got and _is_sign_line(s, got[0]):
            return k, got[0]
        return None
    return None


def _body(c: _Cable) -> None:
    quote = _quote_split(c.body_lines)
    if quote:
        c.blocks = _repeat_body(c, *quote)
    else:
        c.blocks = parse_body(c.body_lines, c.body_breaks, dbl=c.dbl)


def _repeat_body(c: _Cable, qi: int, qs: int, qe: int) -> list[Block]:
    """A cable that repeats another: the intro, the repeated cable's blocks as quotes, what follows."""
    rec, body_lines = c.rec, c.body_lines
    intro = body_lines[qi:qs + 1]
    qline = body_lines[qs]
    mq = _QUOTE_START.search(qline.upper())
    first_q = qline[mq.end():] if mq else ""
    quoted = ([first_q] if first_q.strip() else []) + body_lines[qs + 1:qe]
    inner = c.inner = parse_cable_text("\n".join(quoted), collection=c.collection)
    rep = references.parse_repeat(" ".join(intro), year=_year_of(rec),
                                  month=int(rec.date[5:7]) if rec.date[5:7].isdigit() else None)
    if rep:
        rec.references.append(Reference(label=rep.label, id=rep.canonical_id(), kind="repeat", source="repeat"))
    pre = parse_body(body_lines[:qs] + ([qline[: mq.start()]] if mq else []), set(), dbl=c.dbl)
    blocks = pre + [Block(n=b.n, kind="quote", label=b.label, text=b.text) for b in inner.body]
    blocks += parse_body(body_lines[qe + 1:], set(), dbl=c.dbl)
    _keep_repeated_fields(rec, inner)
    return blocks


def _keep_repeated_fields(rec: Record, inner: Record) -> None:
    """The repeated cable's own E.O., TAGS and SUBJECT are not the outer cable's: keep them apart."""
    repeated: dict[str, str] = {"subject": inner.subject, "executive_order": inner.executive_order,
                                "declassify": inner.declassify}
    for name, value in repeated.items():
        if value:
            rec.attributes[f"repeated_{name}"] = value
    if inner.tags:
        rec.attributes["repeated_tags"] = list(inner.tags)
    if inner.signer:
        rec.attributes["repeated_signer"] = inner.signer
    if not rec.summary and inner.summary:
        rec.summary = inner.summary


def _summary(c: _Cable) -> None:
    """A SUMMARY block before paragraph 1 becomes ``record.summary``, not a body block (it stays in text)."""
    blocks = c.blocks
    summary_block: Block | None = None
    if blocks and blocks[0].n is None and blocks[0].label.startswith("SUMMARY") and blocks[0].kind == "paragraph":
        summary_block = blocks.pop(0)
    c.body_text = "\n\n".join(render_block(b) for b in ([summary_block] if summary_block else []) + blocks)
    if not c.rec.summary:
        c.rec.summary = fields.parse_summary(c.body_text)
    c.rec.body = blocks


def _references(c: _Cable) -> None:
    rec = c.rec
    year = _year_of(rec)
    if c.head.ref_lines:
        for it in references.parse_references("\n".join(c.head.ref_lines), year):
            rec.references.append(Reference(label=it.label, id=it.canonical_id(), note=it.note, letter=it.letter,
                                            kind="ref" if it.kind == "cable" else it.kind, year=it.printed_year,
                                            source="ref-line"))
    if c.inner is not None:
        for r in c.inner.references:
            if r.id not in {x.id for x in rec.references}:
                rec.references.append(r)
    ref_attr = c.attr("Reference")
    if ref_attr and not rec.references:
        for it in references.parse_references(ref_attr, year, whole=True):
            rec.references.append(Reference(label=it.label, id=it.canonical_id(), kind="ref", year=it.printed_year,
                                            source="attributes"))


def _archive_and_review(c: _Cable) -> None:
    rec = c.rec
    if c.attrs:
        arc = attrs_mod.archive_from_attributes(c.attrs)
        arc.extra.update(rec.archive.extra)
        rec.archive = arc
        rec.review = attrs_mod.review_from_attributes(c.attrs)


def _review_stamps(c: _Cable) -> None:
    """A declassification stamp printed in the text ("Declassified/Released US Department of State EO
    Systematic Review 05 JUL 2006") is a review marking, not text (AAD's own Markings attribute wins)."""
    rec = c.rec
    stamps = [st for st in c.stamps if _REVIEW_STAMP.search(st)]
    if not stamps or rec.review.markings:
        return
    for st in stamps:
        if st not in rec.review.markings:
            rec.review.markings.append(st)
    if not rec.classification.current and any("declassified" in st.lower() for st in stamps):
        rec.classification.current = "UNCLASSIFIED"
        rec.classification.previous = rec.classification.previous or rec.classification.original


def _identity(c: _Cable) -> None:
    rec = c.rec
    rec.id = _record_id(rec, c.head, c.lines)
    if rec.id and c.collection == "cablegate":
        short = short_cable_id(rec.id)
        if short != rec.id:
            rec.aliases.append(short)


def _text_and_warnings(c: _Cable) -> None:
    rec = c.rec
    parts: list[str] = []
    if rec.subject:
        parts.append(f"SUBJECT: {rec.subject}")
    if c.head.ref_lines:
        parts.append(squeeze(" ".join(c.head.ref_lines).replace("\u00b6", " ")))
    if c.body_text:
        parts.append(c.body_text)
    if rec.signer:
        parts.append(rec.signer)
    rec.text = "\n\n".join(parts)
    if not rec.body and not rec.subject:
        c.warnings.append("no subject and no body paragraphs found")
    if not rec.date:
        c.warnings.append("no date-time group found")
    rec.warnings = c.warnings


_FIELD_BUILDERS: tuple[Callable[[_Cable], None], ...] = (
    _date_and_precedence,
    _routing_and_addresses,
    _drafting,
    _classification,
    _handling,
    _executive_order,
    _tags,
    _subject,
    _classified_by,
    _signer,
    _body,  # needs the date (a repeat's reference year)
    _summary,
    _references,  # after the body: a repeat's own references come first
    _archive_and_review,
    _review_stamps,
    _identity,  # the Document Number attribute, else the classification line or page header
    _text_and_warnings,
)


def _is_sign_line(line: str, name: str) -> bool:
    """The signer must stand alone on its line, or close the last sentence (``... END TEXT. BAKER``)."""
    s = line.strip().rstrip("#.").strip()
    return s == name or s.endswith(" " + name)


def _record_id(rec: Record, head: Head, lines: list[str]) -> str:
    docnum = rec.archive.document_number
    if docnum:
        return canonicalize(docnum)
    year = _year_of(rec)
    if year is None:
        return ""
    cl = head.class_line
    if cl and cl.post and cl.serial:
        return canonical_cable_id(year, cl.post, int(cl.serial))
    for ln in lines[:5]:
        rest = page_header(ln.strip())
        if rest:
            m = re.match(r"([A-Z][A-Z ]*?)\s+(\d{2,6})\b", rest)
            if m:
                return canonical_cable_id(year, m[1], int(m[2]))
    if head.de and rec.from_ and rec.from_.post:
        # cables from the Department (SECSTATE WASHDC) are numbered STATE nnnn
        post = "STATE" if rec.from_.kind == "department" else rec.from_.post
        return canonical_cable_id(year, post, int(head.de[1]))
    return ""


# -- the format ---------------------------------------------------------------------------------

_SNIFF_STRONG = (
    ("Message Text", re.compile(r"^[^\S\n]*(?:#{1,6}\s*)?Message Text\s*$", re.M)),
    ("Message Attributes", re.compile(r"^[^\S\n]*(?:#{1,6}\s*)?Message Attributes\s*$", re.M)),
)
_SNIFF_FM = re.compile(r"^\s*FM\s+[A-Z]", re.M)
_SNIFF_TO = re.compile(r"^\s*TO\s+(?:[A-Z]{4,7}/)?[A-Z]", re.M)
_SNIFF_SUBJ = re.compile(r"^\s*SUBJ(?:ECT)?\s*:", re.M)
_SNIFF_PAGE = re.compile(r"^\s*PAGE\s+0?1\s+[A-Z]", re.M)
_SNIFF_DTG = re.compile(r"^\s*(?:[RPOZ]{1,2}\s+)+\d{6}Z\s+[A-Z]{3}\s+\d{2}", re.M)


def _wilson(head: str) -> bool:
    """The Wilson Center's name or a "Record of (a) Conversation" heading (substring tests: no regex)."""
    return ("digitalarchive.wilsoncenter.org" in head or "Wilson Center" in head
            or "Record of Conversation" in head or "Record of a Conversation" in head)


def sniff_text(text: str) -> float:
    head = first_lines(text, 120)
    stripped = head.lstrip()
    if stripped.startswith(("<", "{", "[")) or "<html" in head.lower() or "<?xml" in head:
        return 0.0
    if head.count(",") > 40 and head.count('"') > 20:
        return 0.0
    score = 0.0
    # each strong pattern holds its literal ("Message Text", "Message Attributes"): test that first (cheap);
    # the first 200,000 characters are read in place (``endpos``: the same as searching ``text[:200000]``)
    if any(text.find(word, 0, 200000) >= 0 and p.search(text, 0, 200000) for word, p in _SNIFF_STRONG):
        score = 0.9
    signals = sum(bool(p.search(head)) for p in (_SNIFF_FM, _SNIFF_TO, _SNIFF_SUBJ, _SNIFF_PAGE, _SNIFF_DTG))
    if signals >= 3:
        score = max(score, 0.85)
    elif signals == 2:
        score = max(score, 0.6)
    elif signals == 1 and re.search(r"^\s*(?:E\.\s*O\.|TAGS\s*:)", head, re.M):
        score = max(score, 0.4)
    # Wilson Center transcripts and other prose formats
    if score < 0.9 and _wilson(head):
        score = min(score, 0.1)
    if text.find("@@@", 0, 20000) >= 0 and text.find("[[", 0, 50000) >= 0:
        score = min(score, 0.2)
    return score


@register("telegram")
class TelegramFormat:
    name = "telegram"
    description = "State Department telegram text (AAD pages with Message Attributes, PlusD/CFPF, cablegate text)"

    def sniff(self, doc: InputDoc) -> float:
        ensure_text(doc)
        return sniff_text(doc.text)

    def parse(self, doc: InputDoc) -> Iterator[Record]:
        ensure_text(doc)
        cables = split_cables(doc.text)  # a bulk export holds many cables: one record each
        for k, text in enumerate(cables, 1):
            yield self._parse_one(doc, text, str(k) if len(cables) > 1 else "")

    def _parse_one(self, doc: InputDoc, text: str, part: str) -> Record:
        collection = "aad"
        if re.search(r"^\s*VZCZC|^\s*DE\s+[A-Z]{4,7}\s+#\d", text[:3000], re.M) and not _ATTR_SPLIT.search(text):
            collection = "cablegate"
        try:
            rec = parse_cable_text(text, path=doc.path, collection=collection)
        except Exception as exc:  # a parser bug must surface as ParseError with the path
            raise ParseError(f"could not parse telegram: {exc}", path=doc.path) from exc
        if rec.collection == "aad" and not rec.attributes and rec.year is not None and rec.year > 1979:
            rec.collection = "cablegate"  # AAD holds 1973-1979; a later cable without attributes is a cablegate text
            if rec.id:
                short = short_cable_id(rec.id)
                if short != rec.id and short not in rec.aliases:
                    rec.aliases.append(short)
        if not rec.id:
            rec.warnings.append("no cable id found (no Document Number, classification line or DE line)")
            name = doc.name.rsplit(".", 1)[0]
            if part:
                rec.id = f"{doc.name}-cable-{part}"  # one of many cables in the file: the file and its place
            elif re.fullmatch(r"\d{2,4}[A-Z]+\d+", name.upper()):
                rec.id = canonicalize(name)
            else:
                raise ParseError("no cable id found in the text", path=doc.path,
                                 hint="the telegram needs a Document Number, classification line or DE line")
        if rec.collection == "cablegate":
            short = short_cable_id(rec.id)
            if short != rec.id and short not in rec.aliases:
                rec.aliases.append(short)
        rec.warnings = doc.warnings + rec.warnings
        rec.source = Source(path=doc.path, sha256=doc.sha256, format=self.name, part=part)
        return rec


__all__ = ["TelegramFormat", "parse_cable_text", "sniff_text"]
