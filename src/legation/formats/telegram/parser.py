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
from collections.abc import Iterator

from legation.cableids import canonical_cable_id, canonicalize, short_cable_id
from legation.errors import ParseError
from legation.formats.base import InputDoc, ensure_text, first_lines, register
from legation.formats.telegram import attributes as attrs_mod
from legation.formats.telegram import fields, header, references
from legation.formats.telegram import tags as tags_mod
from legation.formats.telegram.body import double_spaced, parse_body, render_block
from legation.formats.telegram.furniture import is_banner, normalize_line, strip_furniture
from legation.formats.telegram.head import FOLLOWING_REPEAT, Head, parse_head, split_glued_fields
from legation.model import Block, Classification, Record, Reference, Routing, Source
from legation.text import squeeze

_ATTR_SPLIT = re.compile(r"^\s*(?:#{1,6}\s*)?Message Attributes\s*$", re.MULTILINE)
_MSG_TEXT = re.compile(r"^\s*(?:#{1,6}\s*)?Message Text\s*$")
_QUOTE_START = re.compile(r"\b(?:QUOTE|QTE)\s*:?\s*", re.IGNORECASE)
_FOLLOWING_REPEAT = FOLLOWING_REPEAT
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
        if references.parse_repeat(ln) or _FOLLOWING_REPEAT.search(up):
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


def parse_cable_text(text: str, *, path: str = "", collection: str = "aad") -> Record:
    """One cable's text -> Record (``id`` may be ``""`` when no id can be found; the caller sets it)."""
    raw = text
    norm = text.replace("\r\n", "\n").replace("\r", "\n")
    msg, attr_block = _split_attributes(norm)
    lines = [normalize_line(ln) for ln in msg.split("\n")]
    if "Message Text" in msg:
        lines = [ln for ln in lines if not _MSG_TEXT.match(ln)]
    dbl = double_spaced(lines)
    first_banner = next((ln.strip() for ln in lines[:30] if ln.strip() and is_banner(ln)), "")
    cleaned = strip_furniture(lines)
    clines, page_breaks = split_glued_fields(cleaned.lines, cleaned.breaks)
    head = parse_head(clines, dbl)

    rec = Record(id="", collection=collection, kind="telegram", raw=raw)
    warnings: list[str] = []

    # -- attributes -------------------------------------------------------------------------
    attrs: dict[str, object] = attrs_mod.split_attributes(attr_block) if attr_block.strip() else {}
    rec.attributes = dict(attrs)

    # -- date and precedence ----------------------------------------------------------------
    if head.dtg:
        rec.date, rec.datetime, rec.date_precision = head.dtg.date, head.dtg.datetime, "day"
        rec.precedence = head.dtg.precedence
    elif attrs:
        d = attrs_mod.iso_date(attrs_mod.present(attrs_mod._first(attrs, "Draft Date")))
        if d:
            rec.date, rec.date_precision = d, "day"

    # -- distribution and addresses ---------------------------------------------------------
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
    rec.drafter = head.drafted
    rec.approver = head.approved
    if head.clearances:
        rec.archive.extra["clearances"] = "; ".join(head.clearances)
    if head.desired_distribution:
        rec.archive.extra["desired_distribution"] = "; ".join(head.desired_distribution)

    # -- classification ---------------------------------------------------------------------
    cl = head.class_line
    printed_class = cl.classification if cl else ""
    if not printed_class and first_banner:
        fb = fields.parse_classification_line(first_banner)
        printed_class = fb.classification if fb else ""
        if fb:
            rec.handling = list(fb.handling)
    if cl:
        rec.handling = list(cl.handling)
    orig = attrs_mod.present(attrs_mod._first(attrs, "Original Classification"))
    rec.classification = Classification(
        original=orig or printed_class,
        current=attrs_mod.present(attrs_mod._first(attrs, "Current Classification")),
        previous=attrs_mod.present(attrs_mod._first(attrs, "Previous Classification")),
    )
    for note in head.notes:
        word = note.strip().upper()
        if word in fields.HANDLING and word not in rec.handling and word != "SIPDIS":
            rec.handling.append(word)
    for key in ("Handling Restrictions", "Original Handling Restrictions"):
        v = attrs_mod.present(attrs_mod._first(attrs, key))
        for h in re.split(r"[,;\s]+", v):
            if h and h not in rec.handling:
                rec.handling.append(h)

    # -- E.O. / tags / subject --------------------------------------------------------------
    if head.eo:
        rec.executive_order = head.eo.order
        rec.declassify = head.eo.declassify
    if head.tags_text:
        rec.tags = tags_mod.parse_tags(head.tags_text)
    if head.subject_lines:
        rec.subject = fields.parse_subject("\n".join(head.subject_lines))
    if not rec.subject and attrs:
        rec.subject = attrs_mod.present(attrs_mod._first(attrs, "Subject"))
    tag_attr = attrs_mod.present(attrs_mod._first(attrs, "TAGS"))
    if not rec.tags and tag_attr:
        rec.tags = tags_mod.parse_tags("TAGS: " + re.sub(r"\([^()]*\)", "", tag_attr))
    subj_, countries, persons = tags_mod.tag_kinds(rec.tags)
    rec.tag_subjects, rec.tag_countries = subj_, countries
    rec.tag_persons = attrs_mod.tag_persons(tag_attr) if tag_attr else persons
    rec.concepts = attrs_mod.split_list(attrs_mod._first(attrs, "Concepts"))
    if head.classified_by:
        cb = fields.parse_classified_by("\n".join(head.classified_by))
        if cb:
            rec.archive.extra["classified_by"] = cb[0]

    # -- body -------------------------------------------------------------------------------
    body_lines = clines[head.body_start:]
    body_breaks = {b - head.body_start for b in page_breaks if b >= head.body_start}
    # signer: the last name line of the body
    signer_idx = None
    for k in range(len(body_lines) - 1, -1, -1):
        s = body_lines[k].strip()
        if not s:
            continue
        got = fields.parse_signer("\n".join(body_lines[max(0, k - 4):k + 1]))
        if got and _is_sign_line(s, got[0]):
            rec.signer = got[0]
            signer_idx = k
        break
    if signer_idx is not None:
        s = body_lines[signer_idx]
        cut = s.rstrip().rstrip("#.").rstrip()
        cut = cut[: len(cut) - len(rec.signer)].rstrip()
        body_lines = body_lines[:signer_idx] + ([cut] if cut else []) + body_lines[signer_idx + 1:]

    quote = _quote_split(body_lines)
    inner: Record | None = None
    if quote:
        qi, qs, qe = quote
        intro = body_lines[qi:qs + 1]
        qline = body_lines[qs]
        mq = _QUOTE_START.search(qline.upper())
        first_q = qline[mq.end():] if mq else ""
        quoted = ([first_q] if first_q.strip() else []) + body_lines[qs + 1:qe]
        inner = parse_cable_text("\n".join(quoted), collection=collection)
        rep = references.parse_repeat(" ".join(intro), year=_year_of(rec),
                                      month=int(rec.date[5:7]) if rec.date[5:7].isdigit() else None)
        if rep:
            rid = rep.canonical_id()
            rec.references.append(Reference(label=rep.label, id=rid, kind="repeat", source="repeat"))
        pre = parse_body(body_lines[:qs] + ([qline[: mq.start()]] if mq else []), set(), dbl=dbl)
        blocks = pre + [Block(n=b.n, kind="quote", label=b.label, text=b.text) for b in inner.body]
        post = parse_body(body_lines[qe + 1:], set(), dbl=dbl)
        blocks += post
        # the repeated cable's own E.O., TAGS and SUBJECT are not the outer cable's: keep them apart
        for fld in ("subject", "executive_order", "declassify"):
            if getattr(inner, fld):
                rec.attributes[f"repeated_{fld}"] = getattr(inner, fld)
        if inner.tags:
            rec.attributes["repeated_tags"] = list(inner.tags)
        if inner.signer:
            rec.attributes["repeated_signer"] = inner.signer
        if not rec.summary and inner.summary:
            rec.summary = inner.summary
    else:
        blocks = parse_body(body_lines, body_breaks, dbl=dbl)

    # summary: a SUMMARY block before paragraph 1 becomes record.summary, not a body block
    summary_block: Block | None = None
    if blocks and blocks[0].n is None and blocks[0].label.startswith("SUMMARY") and blocks[0].kind == "paragraph":
        summary_block = blocks.pop(0)
    body_text = "\n\n".join(render_block(b) for b in ([summary_block] if summary_block else []) + blocks)
    if not rec.summary:
        rec.summary = fields.parse_summary(body_text)
    rec.body = blocks

    # -- references -------------------------------------------------------------------------
    year = _year_of(rec)
    if head.ref_lines:
        for it in references.parse_references("\n".join(head.ref_lines), year):
            rec.references.append(Reference(label=it.label, id=it.canonical_id(), note=it.note, letter=it.letter,
                                            kind="ref" if it.kind == "cable" else it.kind, year=it.printed_year,
                                            source="ref-line"))
    if inner is not None:
        for r in inner.references:
            if r.id not in {x.id for x in rec.references}:
                rec.references.append(r)
    ref_attr = attrs_mod.present(attrs_mod._first(attrs, "Reference"))
    if ref_attr and not rec.references:
        for it in references.parse_references(ref_attr, year, whole=True):
            rec.references.append(Reference(label=it.label, id=it.canonical_id(), kind="ref", year=it.printed_year,
                                            source="attributes"))

    # -- archive / review -------------------------------------------------------------------
    if attrs:
        arc = attrs_mod.archive_from_attributes(attrs)
        arc.extra.update(rec.archive.extra)
        rec.archive = arc
        rec.review = attrs_mod.review_from_attributes(attrs)
    # a declassification stamp printed in the text ("Declassified/Released US Department of State EO
    # Systematic Review 05 JUL 2006") is a review marking, not text (AAD's own Markings attribute wins)
    stamps = [st for st in cleaned.stamps if _REVIEW_STAMP.search(st)]
    if stamps and not rec.review.markings:
        for st in stamps:
            if st not in rec.review.markings:
                rec.review.markings.append(st)
        if not rec.classification.current and any("declassified" in st.lower() for st in stamps):
            rec.classification.current = "UNCLASSIFIED"
            rec.classification.previous = rec.classification.previous or rec.classification.original

    # -- id -------------------------------------------------------------------------------------
    rec.id = _record_id(rec, head, clines)
    if rec.id and collection == "cablegate":
        short = short_cable_id(rec.id)
        if short != rec.id:
            rec.aliases.append(short)

    # -- text -----------------------------------------------------------------------------------
    parts: list[str] = []
    if rec.subject:
        parts.append(f"SUBJECT: {rec.subject}")
    if head.ref_lines:
        parts.append(squeeze(" ".join(head.ref_lines).replace("\u00b6", " ")))
    if body_text:
        parts.append(body_text)
    if rec.signer:
        parts.append(rec.signer)
    rec.text = "\n\n".join(parts)
    if not rec.body and not rec.subject:
        warnings.append("no subject and no body paragraphs found")
    if not rec.date:
        warnings.append("no date-time group found")
    rec.warnings = warnings
    del path
    return rec


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
    from legation.formats.telegram.furniture import page_header

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
    re.compile(r"^\s*(?:#{1,6}\s*)?Message Text\s*$", re.M),
    re.compile(r"^\s*(?:#{1,6}\s*)?Message Attributes\s*$", re.M),
)
_SNIFF_FM = re.compile(r"^\s*FM\s+[A-Z]", re.M)
_SNIFF_TO = re.compile(r"^\s*TO\s+(?:[A-Z]{4,7}/)?[A-Z]", re.M)
_SNIFF_SUBJ = re.compile(r"^\s*SUBJ(?:ECT)?\s*:", re.M)
_SNIFF_PAGE = re.compile(r"^\s*PAGE\s+0?1\s+[A-Z]", re.M)
_SNIFF_DTG = re.compile(r"^\s*(?:[RPOZ]{1,2}\s+)+\d{6}Z\s+[A-Z]{3}\s+\d{2}", re.M)


def sniff_text(text: str) -> float:
    head = first_lines(text, 120)
    stripped = head.lstrip()
    if stripped.startswith(("<", "{", "[")) or "<html" in head.lower() or "<?xml" in head:
        return 0.0
    if head.count(",") > 40 and head.count('"') > 20:
        return 0.0
    score = 0.0
    if any(p.search(text[:200000]) for p in _SNIFF_STRONG):
        score = 0.9
    signals = sum(bool(p.search(head)) for p in (_SNIFF_FM, _SNIFF_TO, _SNIFF_SUBJ, _SNIFF_PAGE, _SNIFF_DTG))
    if signals >= 3:
        score = max(score, 0.85)
    elif signals == 2:
        score = max(score, 0.6)
    elif signals == 1 and re.search(r"^\s*(?:E\.\s*O\.|TAGS\s*:)", head, re.M):
        score = max(score, 0.4)
    # Wilson Center transcripts and other prose formats
    if re.search(r"digitalarchive\.wilsoncenter\.org|Wilson Center|Record of (?:a )?Conversation", head) and \
            score < 0.9:
        score = min(score, 0.1)
    if "@@@" in text[:20000] and "[[" in text[:50000]:
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
        text = doc.text
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
            if re.fullmatch(r"\d{2,4}[A-Z]+\d+", name.upper()):
                rec.id = canonicalize(name)
            else:
                raise ParseError("no cable id found in the text", path=doc.path,
                                 hint="the telegram needs a Document Number, classification line or DE line")
        if rec.collection == "cablegate":
            short = short_cable_id(rec.id)
            if short != rec.id and short not in rec.aliases:
                rec.aliases.append(short)
        rec.warnings = doc.warnings + rec.warnings
        rec.source = Source(path=doc.path, sha256=doc.sha256, format=self.name)
        yield rec


__all__ = ["TelegramFormat", "parse_cable_text", "sniff_text"]
