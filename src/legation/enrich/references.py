"""Enrich: resolve a record's references once every date source is known.

The parsers read references as printed (``REF: TOKYO 12490``); the year a
reference leaves out, and so its id, depends on the citing record's date,
which for some formats is only filled in after the text is read (a
cablegate page's metadata, the "Message Attributes" block).  So the year is
inferred here, from the final record:

- a printed year wins (``06 TBILISI 2601``, ``PANAMA 00930/08``);
- otherwise the citing record's year, or the year before when the number
  cannot be this year's: a cable citing a higher serial of its own post
  (serials restart every January), or an early-January cable citing a
  STATE number no January reaches;
- a reference that is a date (``30 APRIL 2009``), a page marker or the
  record itself is dropped.

It also reads the text: ``REFTEL`` / ``REF A`` / ``REFTELS A AND B`` link to
the REF entries they mean (kind ``reftel``), ``SEPTEL`` is kept (kind
``septel``, no id: the separate telegram is not named), and messages cited in
prose (``STATE 123456``, ``TOKYO 12490`` of a post the record already names)
become references of kind ``text``.  Every reference it adds or changes says
so in ``source``.

``resolve_references(record) -> Record`` is pure (the record is copied) and
idempotent.  Register it as an enrich pass::

    @enrich_pass("references", description="reference years, self-references, REFTEL and prose citations")
"""

from __future__ import annotations

import re

from legation.cableids import aad_post_code, canonical_cable_id, short_cable_id
from legation.clean.registry import enrich_pass
from legation.formats.telegram.references import (
    ORIGIN_ALIASES,
    canonical_origin,
    is_date_reference,
    other_kind,
    parse_references,
)
from legation.model import Record, Reference

# Kinds whose year may be inferred (repeats carry their own date; FRUS cross-references are not cables).
CABLE_KINDS = frozenset(["ref", "text", "reftel", ""])
_MONTHS = ("JANUARY", "FEBRUARY", "MARCH", "APRIL", "MAY", "JUNE", "JULY", "AUGUST", "SEPTEMBER", "OCTOBER",
           "NOVEMBER", "DECEMBER", "JAN", "FEB", "MAR", "APR", "JUN", "JUL", "AUG", "SEP", "SEPT", "OCT", "NOV", "DEC")
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_LABEL = re.compile(rf"^\s*(?:\d{{1,2}}\s*(?:{_MONTH_RE})\.?\s*\d{{2,4}}|(?:{_MONTH_RE})\.?\s*\d{{1,2}},?\s*\d{{2,4}})\s*$",
                         re.IGNORECASE)
_DATE_ID = re.compile(rf"^\d{{2,4}}(?:{_MONTH_RE})\d{{0,4}}$")
_DAY_ID = re.compile(r"(?:JANUARY|FEBRUARY|MARCH|APRIL|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)\d{1,2}$")
_PAGE_MARK = re.compile(r"^\s*[A-Z][A-Z ]*\s+\d{8}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}\s*$", re.IGNORECASE)
_LABEL = re.compile(r"^\s*(?:(?P<y>\d{4}|\d{2})\s*)?(?P<origin>[A-Za-z][A-Za-z .\-']*?)\s*(?P<serial>\d{1,7})\s*$")
_ID = re.compile(r"^(?P<y>\d{4})(?P<origin>[A-Z]+?)(?P<serial>\d+)$")
# STATE numbers reached in the first weeks of a year: a January cable citing a higher one cites last year's.
_STATE_PER_MONTH = 40_000


@enrich_pass("references", order=60, description="Resolve references: years from the final date, no self/date/page-marker refs, REFTEL and prose citations linked")
def resolve_references(record: Record) -> Record:
    """The record with its references' years and ids worked out from its final date (see the module doc)."""
    # only the references change: copy those, share the rest (a deep copy of the raw page costs more
    # than everything this pass does)
    out = record.model_copy(update={"references": [copy_reference(r) for r in record.references]})
    if not out.references:
        out.references = _ref_line_in_text(out)
    own = _own_ids(out)
    kept: list[Reference] = []
    seen: set[tuple[str, str, str]] = set()
    for ref in out.references:
        if ref.kind in CABLE_KINDS | {"repeat"} and _is_junk(ref):
            continue
        if ref.kind == "ref" and other_kind(ref.label) != "other":
            ref.kind, ref.id = other_kind(ref.label), ""  # "MADRID IIR 6 ...": a report number, not a cable
        if ref.kind in CABLE_KINDS and ref.kind != "":
            _resolve_year(ref, out)
        if ref.id and (ref.id in own or ref.id.upper() in own):
            continue
        key = (ref.id or ref.label, ref.kind, ref.label)
        if key in seen:
            continue
        seen.add(key)
        kept.append(ref)
    from legation.enrich.textrefs import text_references  # the prose reader (same package)

    for ref in text_references(out, kept):
        key = (ref.id or ref.label, ref.kind, ref.label)
        if key not in seen and ref.id not in own:
            seen.add(key)
            kept.append(ref)
    out.references = kept
    return out


def copy_reference(ref: Reference) -> Reference:
    """``ref.model_copy(deep=True)`` for a Reference, cheaper: every field is a ``str`` (shared safely) but
    ``mentions``, a list of ``str`` (copied); the fields-set record is copied as the deep copy does."""
    out = ref.model_copy()
    out.__dict__["mentions"] = list(ref.mentions)  # (not setattr: that would mark the field as set)
    return out


_TEXT_REF_LINE = re.compile(r"^\s*REF(?:ERENCES?|TELS?|S)?\s*[:.]")


def _ref_line_in_text(record: Record) -> list[Reference]:
    """A cable body without a parsed head (History Lab's CFPF bodies) that opens with its REF line."""
    if record.kind != "telegram" and record.collection != "historylab":
        return []
    if not _TEXT_REF_LINE.match(record.text):
        return []
    return [Reference(label=it.label, id=it.canonical_id(), note=it.note, letter=it.letter,
                      kind="ref" if it.kind == "cable" else it.kind, year=it.printed_year, source="text:ref-line")
            for it in parse_references(record.text[:3000], record.year, reference_id=record.id)]


def _own_ids(record: Record) -> set[str]:
    ids = {record.id, *record.aliases}
    ids |= {short_cable_id(i) for i in list(ids)}
    return {i for i in ids if i} | {i.upper() for i in ids if i}


def _is_junk(ref: Reference) -> bool:
    """A date, a page marker or an id built from a month name is never a reference."""
    if _DATE_LABEL.match(ref.label) or _PAGE_MARK.match(ref.label) or is_date_reference(ref.label, ref.id):
        return True
    return bool(ref.id) and bool(_DATE_ID.match(ref.id) or _DAY_ID.search(ref.id))


def printed_year(ref: Reference) -> str:
    """The year printed with the reference: its ``year`` field, or a year the label starts with (``09STATE12``)."""
    if ref.year:
        return ref.year
    if ref.source:  # read by a parser that records the printed year: none was printed
        return ""
    m = _LABEL.match(ref.label)
    return m["y"] if m and m["y"] else ""


def _parts(ref: Reference) -> tuple[str, int] | None:
    """(origin, serial) of a cable reference, from its id or its label."""
    m = _LABEL.match(ref.label)
    if m:
        origin = canonical_origin(m["origin"])
        if origin and origin not in _NOT_POSTS:
            return origin, int(m["serial"])
    m = _ID.match(ref.id)
    if m:
        return m["origin"], int(m["serial"])
    return None


_NOT_POSTS = frozenset(["PARA", "PARAS", "PAGE", "SECTION", "NO", "NR", "NUMBER"])


def infer_year(record: Record, origin: str, serial: int) -> int | None:
    """The year of an unnumbered-year reference from the citing record's date (``None`` without a date)."""
    year = record.year
    if year is None:
        return None
    month = int(record.date[5:7]) if record.date[5:7].isdigit() else 0
    own = _ID.match(record.id)
    if own and own["origin"] in (origin, aad_post_code(origin)) and serial > int(own["serial"]):
        return year - 1  # serials restart in January: a higher number of the same post is last year's
    if origin == "STATE" and month > 0 and serial > _STATE_PER_MONTH * month:
        return year - 1
    return year


def _resolve_year(ref: Reference, record: Record) -> None:
    if printed_year(ref):
        if not ref.id:
            parts = _parts(ref)
            if parts:
                ref.id = canonical_cable_id(printed_year(ref), parts[0], parts[1])
        return
    parts = _parts(ref)
    if parts is None:
        return
    year = infer_year(record, *parts)
    if year is None:
        return
    new_id = canonical_cable_id(year, parts[0], parts[1])
    if ref.id and _ID.match(ref.id) and int(ref.id[:4]) == year:
        return  # the parser already had this year (and may have corrected the origin's spelling)
    ref.id = new_id
    if "+year:record-date" not in ref.source:
        ref.source = (ref.source or "ref-line") + "+year:record-date"


__all__ = ["CABLE_KINDS", "ORIGIN_ALIASES", "infer_year", "printed_year", "resolve_references"]
