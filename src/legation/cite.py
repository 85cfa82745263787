"""Citation styles for a record: Chicago note, BibTeX, RIS and CSL-JSON.

    from legation.cite import format_citation
    format_citation(record, "chicago")   # one footnote-style sentence
    format_citation(record, "bibtex")    # an @misc entry
    format_citation(record, "ris")       # RIS lines, TY .. ER
    format_citation(record, "csl")       # a CSL-JSON array holding one item

Every style is built from the same :func:`citation_parts`, so they agree with
each other.  Values come only from the record; a field the record lacks is
left out, never guessed.  Cable subjects stay as printed (usually capitals):
turning ``JAPAN-USSR RELATIONS`` into title case would mangle acronyms.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from legation.errors import OutputFormatError
from legation.model import Address, Record

STYLES: tuple[str, ...] = ("chicago", "bibtex", "ris", "csl")
STYLE_ALIASES = {"chicago-note": "chicago", "bib": "bibtex", "csl-json": "csl", "csljson": "csl", "json": "csl"}

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

#: Where each collection's records are held, as a citation names it.
COLLECTION_LABELS = {
    "aad": "Central Foreign Policy Files, 1973–1979, RG 59: General Records of the Department of State, "
           "National Archives, Access to Archival Databases",
    "wilson": "Wilson Center Digital Archive",
    "frus": "Foreign Relations of the United States",
    "cablegate": "WikiLeaks Cablegate",
    "historylab": "History Lab (FOIArchive)",
}
#: A History Lab cable with a 1973-1979 CFPF number is a Central Foreign Policy Files cable read through History Lab.
HISTORYLAB_CFPF_LABEL = COLLECTION_LABELS["aad"].replace(", Access to Archival Databases", "") + \
    ", via History Lab (FOIArchive)"
_CFPF_NUMBER = re.compile(r"^197[3-9][A-Z]{3,6}\d{5,6}$")

#: Kind -> the word a citation starts with.
KIND_LABELS = {
    "telegram": "Telegram",
    "cable": "Telegram",
    "memcon": "Memorandum of conversation",
    "transcript": "Transcript",
    "memorandum": "Memorandum",
    "letter": "Letter",
    "report": "Report",
    "minutes": "Minutes",
}

#: Kind -> CSL item type.
CSL_TYPES = {"transcript": "interview", "memcon": "interview", "letter": "personal_communication"}


class CitationStyleError(OutputFormatError, ValueError):
    """An unknown citation style was asked for (the same code as an unknown export format)."""
    hint = "use one of: " + ", ".join(STYLES)


@dataclass
class CitationParts:
    """The facts a citation is made of, in reading order."""

    id: str
    kind_label: str = ""
    title: str = ""
    author: str = ""
    recipients: list[str] = field(default_factory=list)
    date: str = ""
    date_text: str = ""
    year: str = ""
    month: int | None = None
    day: int | None = None
    number: str = ""
    archive_place: str = ""
    archive_location: str = ""
    collection_label: str = ""
    url: str = ""
    translator: str = ""
    summary: str = ""
    keywords: list[str] = field(default_factory=list)
    language: str = ""
    printed_citation: str = ""
    #: False when the title already says what the document is (FRUS headings: "Telegram From ... to ...").
    lead: bool = True


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _address(a: Address | None) -> str:
    if a is None:
        return ""
    return _one_line(a.name or a.post)


def _date_parts(date: str) -> tuple[str, int | None, int | None]:
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", date or "")
    if not m:
        return "", None, None
    month = int(m[2]) if m[2] else None
    day = int(m[3]) if m[3] else None
    if month is not None and not 1 <= month <= 12:
        month, day = None, None
    return m[1], month, day


def _date_text(year: str, month: int | None, day: int | None) -> str:
    if not year:
        return ""
    if month is None:
        return year
    if day is None:
        return f"{MONTHS[month - 1]} {year}"
    return f"{MONTHS[month - 1]} {day}, {year}"


def _archive_location(rec: Record) -> str:
    a = rec.archive
    bits: list[str] = []
    for label, value in (("fond", a.fond), ("opis", a.opis), ("delo", a.delo), ("listy", a.listy)):
        if value:
            bits.append(f"{label} {value}")
    if a.volume and rec.collection != "frus":
        bits.append(a.volume)
    if a.film_number:
        bits.append(f"film {a.film_number}")
    return ", ".join(bits)


def citation_parts(rec: Record) -> CitationParts:
    """Collect what a citation of ``rec`` needs."""
    year, month, day = _date_parts(rec.date)
    number = rec.archive.document_number or (rec.id if rec.collection in ("aad", "cablegate") else "")
    collection_label = COLLECTION_LABELS.get(rec.collection, "")
    if rec.collection == "historylab" and _CFPF_NUMBER.match(number or rec.id):
        number, collection_label = number or rec.id, HISTORYLAB_CFPF_LABEL
    derived = rec.attributes.get("derived")
    # A title the enrich passes made up (History Lab: "Telegram N from Tokyo") is not the document's: not cited.
    title = rec.subject if isinstance(derived, dict) and "title" in derived else (rec.title or rec.subject)
    frus = rec.collection == "frus"
    if frus:
        # A FRUS document is cited by its volume and number; the archive it came from is the volume's source note.
        printed = rec.attributes.get("frus_citation")
        if isinstance(printed, str) and printed.strip():
            collection_label = _one_line(printed)
        elif rec.archive.volume:
            collection_label = f"{collection_label}, {_one_line(rec.archive.volume)}"
    kind_label = KIND_LABELS.get(rec.kind, rec.kind.capitalize() if rec.kind else "Document")
    keywords = list(dict.fromkeys([*rec.tags, *rec.concepts]))
    return CitationParts(
        id=rec.id,
        kind_label=kind_label,
        title=_one_line(title),
        author=_address(rec.from_),
        recipients=[_address(a) for a in rec.to if _address(a)],
        date=rec.date,
        date_text=_date_text(year, month, day),
        year=year,
        month=month,
        day=day,
        number="" if frus else _one_line(number),
        # The AAD collection label already names the National Archives and its series.
        archive_place="" if frus or (rec.collection == "aad" and collection_label) else _one_line(rec.archive.repository),
        archive_location="" if frus else _archive_location(rec),
        collection_label=collection_label,
        url=rec.source_url.strip() if rec.source_url.startswith(("http://", "https://")) else "",
        translator=_one_line(rec.translator),
        summary=_one_line(rec.summary),
        keywords=[k for k in keywords if k],
        language=rec.language,
        printed_citation=_one_line(rec.citation),
        lead=not (frus and bool(rec.title)),
    )


# -- Chicago (note) -------------------------------------------------------------
def chicago(rec: Record) -> str:  # noqa: C901  (not split yet: outside the refactor's files, see issue 9)
    """A Chicago-style note: ``Telegram, FROM to TO, "Subject," August 24, 1976, ID, archive, collection, URL.``"""
    p = citation_parts(rec)
    parts: list[str] = []
    if p.lead:
        lead = p.kind_label
        if p.author:
            lead += f", {p.author}"
            if p.recipients:
                lead += " to " + "; ".join(p.recipients)
        parts.append(lead)
    if p.title:
        parts.append(f"“{p.title.rstrip('.,')},”")
    if p.date_text:
        parts.append(p.date_text)
    if p.number:
        parts.append(p.number)
    if p.archive_place:
        parts.append(p.archive_place)
    if p.archive_location:
        parts.append(p.archive_location)
    if p.collection_label:
        parts.append(p.collection_label)
    if p.translator:
        parts.append(f"translated by {p.translator}")
    if not (p.number or p.archive_place or p.archive_location or p.collection_label or p.url):
        parts.append(f"legation record {p.id}")
    # A quoted title carries its own comma inside the quotes ("Subject,"), so it is followed by a space only.
    text = parts[0] if parts else p.id
    for part in parts[1:]:
        text += (" " if text.endswith(",”") else ", ") + part
    if text.endswith(",”"):
        text = text[:-2] + ".”"
    elif not text.endswith("."):
        text += "."
    if p.url:
        text += f" {p.url}."
    return text


# -- BibTeX -------------------------------------------------------------------------
_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$",
                   "#": r"\#", "_": r"\_", "^": r"\^{}", "~": r"\~{}"}


def bibtex_escape(text: str) -> str:
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in _one_line(text))


def bibtex_key(rec: Record) -> str:
    key = re.sub(r"[^A-Za-z0-9_:-]+", "_", rec.id).strip("_")
    return key or "record"


def bibtex(rec: Record) -> str:
    p = citation_parts(rec)
    fields: list[tuple[str, str]] = []
    if p.title:
        fields.append(("title", "{" + bibtex_escape(p.title) + "}"))
    if p.author:
        # Double braces: an institution, not "Surname, Given".
        fields.append(("author", "{" + bibtex_escape(p.author) + "}"))
    if p.year:
        fields.append(("year", p.year))
    if p.month is not None:
        fields.append(("month", BIBTEX_MONTHS[p.month - 1]))
    if p.date:
        fields.append(("date", bibtex_escape(p.date)))
    fields.append(("howpublished", bibtex_escape(p.kind_label)))
    if p.number:
        fields.append(("number", bibtex_escape(p.number)))
    if p.collection_label:
        fields.append(("organization", bibtex_escape(p.collection_label)))
    note = []
    if p.recipients:
        note.append("To " + "; ".join(p.recipients))
    if p.archive_place or p.archive_location:
        note.append(", ".join(x for x in (p.archive_place, p.archive_location) if x))
    if p.translator:
        note.append(f"Translated by {p.translator}")
    if note:
        fields.append(("note", bibtex_escape(". ".join(note))))
    if p.url:
        fields.append(("url", p.url.replace("}", "%7D").replace("{", "%7B")))
    if p.keywords:
        fields.append(("keywords", bibtex_escape(", ".join(p.keywords))))
    # Month names are BibTeX macros (aug), written bare; every other value is braced.
    body = ",\n".join(f"  {name} = {value}" if name == "month" else f"  {name} = {{{value}}}"
                       for name, value in fields)
    return f"@misc{{{bibtex_key(rec)},\n{body}\n}}"


# -- RIS ----------------------------------------------------------------------------
def ris(rec: Record) -> str:  # noqa: C901  (not split yet: outside the refactor's files, see issue 9)
    p = citation_parts(rec)
    ty = "GEN"
    if rec.kind in ("letter",):
        ty = "PCOMM"
    elif rec.kind in ("transcript", "memcon"):
        ty = "GEN"
    lines: list[tuple[str, str]] = [("TY", ty)]
    if p.title:
        lines.append(("TI", p.title))
    if p.author:
        lines.append(("AU", p.author))
    if p.year:
        lines.append(("PY", p.year))
    if p.date:
        y, m, d = p.year, p.month, p.day
        lines.append(("DA", f"{y}/{m:02d}/{d:02d}/" if m and d else f"{y}/{m:02d}//" if m else f"{y}///"))
    lines.append(("M3", p.kind_label))
    if p.number:
        lines.append(("M1", p.number))
    lines.append(("AN", p.id))
    if p.collection_label:
        lines.append(("DB", p.collection_label))
    if p.archive_place:
        lines.append(("AV", ", ".join(x for x in (p.archive_place, p.archive_location) if x)))
    elif p.archive_location:
        lines.append(("AV", p.archive_location))
    for r in p.recipients:
        lines.append(("A2", r))
    if p.translator:
        lines.append(("A4", p.translator))
    if p.summary:
        lines.append(("AB", p.summary))
    for kw in p.keywords:
        lines.append(("KW", kw))
    if p.language:
        lines.append(("LA", p.language))
    if p.url:
        lines.append(("UR", p.url))
    if p.printed_citation:
        lines.append(("N1", p.printed_citation))
    lines.append(("ER", ""))
    return "\n".join(f"{tag}  - {_one_line(value)}".rstrip() if value else f"{tag}  - " for tag, value in lines)


# -- CSL-JSON -------------------------------------------------------------------------
def csl_item(rec: Record) -> dict[str, Any]:  # noqa: C901  (not split yet: outside the refactor's files, see issue 9)
    p = citation_parts(rec)
    item: dict[str, Any] = {"id": p.id, "type": CSL_TYPES.get(rec.kind, "document"), "genre": p.kind_label}
    if p.title:
        item["title"] = p.title
    if p.author:
        item["author"] = [{"literal": p.author}]
    if p.recipients:
        item["recipient"] = [{"literal": r} for r in p.recipients]
    if p.translator:
        item["translator"] = [{"literal": p.translator}]
    if p.year:
        parts = [int(p.year)]
        if p.month is not None:
            parts.append(p.month)
            if p.day is not None:
                parts.append(p.day)
        item["issued"] = {"date-parts": [parts]}
    if p.number:
        item["number"] = p.number
    if p.archive_place:
        item["archive"] = p.archive_place
    elif p.collection_label:
        item["archive"] = p.collection_label
    if p.archive_location:
        item["archive_location"] = p.archive_location
    if p.collection_label:
        item["collection-title"] = p.collection_label
    if p.url:
        item["URL"] = p.url
    if p.summary:
        item["abstract"] = p.summary
    if p.keywords:
        item["keyword"] = ", ".join(p.keywords)
    if p.language:
        item["language"] = p.language
    return item


def csl(rec: Record) -> str:
    """CSL-JSON: an array holding one item, as citation managers import it."""
    return json.dumps([csl_item(rec)], ensure_ascii=False, indent=2)


_FORMATTERS = {"chicago": chicago, "bibtex": bibtex, "ris": ris, "csl": csl}


def normalize_style(style: str) -> str:
    name = (style or "").strip().lower()
    name = STYLE_ALIASES.get(name, name)
    if name not in _FORMATTERS:
        raise CitationStyleError(f"unknown citation style {style!r}")
    return name


def format_citation(record: Record, style: str) -> str:
    """``record`` cited in ``style`` (chicago, bibtex, ris or csl)."""
    return _FORMATTERS[normalize_style(style)](record)


def all_citations(record: Record) -> dict[str, str]:
    """Every style, keyed by style name, in :data:`STYLES` order."""
    return {style: _FORMATTERS[style](record) for style in STYLES}
