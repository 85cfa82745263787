"""A Wilson Center Digital Archive document page saved as text.

Layout (``../shared/samples/seeds/003_a471758ded6c4cfe.txt``)::

    October 9, 1973 Record of Soviet-Japanese Talks, 9 October 1973
    Citation:
    "Record of ...", October 9, 1973, Wilson Center Digital Archive, RGANI, fond 80, ... https://...
    Summary:
    ...
    Original Language:
    Russian
    Contents:
    Translation - English
    Secret RECORD OF SOVIET-JAPANESE TALKS ...

Headings are lines of their own ending in a colon.  Other metadata headings
(``Credits:``, ``Authors:``, ``Associated People & Organizations:`` ...) are
read when present; every section is kept in ``attributes`` as printed.
"""

from __future__ import annotations

import hashlib
import re

from legation.dates import parse_date
from legation.formats.transcript import meta
from legation.formats.transcript.body import build_body, reading_text
from legation.model import Archive, Classification, Record

HEADINGS = [
    "Citation", "Summary", "Original Language", "Original Languages", "Contents", "Credits", "Authors",
    "Author", "Associated People & Organizations", "Associated People and Organizations",
    "Associated People", "Associated Organizations", "Associated Places", "Associated Topics",
    "Subjects Discussed", "Subjects", "Topics", "Keywords", "Document Contributors", "Contributors",
    "Source", "Sources", "Original Archive", "Original Classification", "Classification", "Donors",
    "Rights", "Record ID", "Date", "Original Publication Date", "Original Uploaded Date",
    "Original Upload Date", "Related Documents", "Language", "Languages", "Translators", "Translator",
    "Document Information", "Collections", "Collection", "Type", "To Cite", "Title", "Document Type",
    "Original Scan", "Record Type",
]
_HEADING = re.compile(r"^\s*(?P<h>" + "|".join(re.escape(h) for h in sorted(HEADINGS, key=len, reverse=True))
                      + r")\s*:\s*$", re.I | re.M)
_CONTENT_ITEM = re.compile(r"^(?:Translation|Transcript|Transcription|Original Scan|Original|Scan|"
                           r"Original Document|Document)\b(?:\s*[-–—:]\s*(?P<lang>[A-Z][\w ]+?))?\s*$")
_DATE_PREFIX = re.compile(
    r"^(?P<d>(?:(?:c\.|circa|ca\.)\s*)?(?:(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\s+(?:\d{1,2},\s*)?)?\d{4}(?:s)?)\s+(?P<t>\S.*)$")


def sniff_page(text: str) -> float:
    head = text[:200000]
    has_citation = re.search(r"^[^\S\n]*Citation:\s*$", head, re.M) is not None
    site = ("digitalarchive.wilsoncenter.org" in head or "Wilson Center Digital Archive" in head
            or "History and Public Policy Program Digital Archive" in head)
    others = sum(1 for h in ("Summary", "Original Language", "Contents")
                 if re.search(rf"^[^\S\n]*{h}:\s*$", head, re.M))
    if has_citation and site:
        return 0.95
    if has_citation and others >= 2:
        return 0.7
    if site and others >= 2:
        return 0.6
    return 0.0


def split_sections(text: str) -> tuple[str, list[tuple[str, str]]]:
    """(text before the first heading, [(heading as printed, section text)])."""
    marks = list(_HEADING.finditer(text))
    if not marks:
        return text, []
    pre = text[: marks[0].start()]
    out: list[tuple[str, str]] = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        out.append((m.group("h"), text[m.end(): end]))
    return pre, out


def paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs; single line breaks inside one are soft wraps."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paras = [p.strip() for p in re.split(r"\n[ \t]*\n", text)]
    return [re.sub(r"(?<!\s)\s*\n\s*", " ", p) for p in paras if p]


def _lines(text: str) -> list[str]:
    return [x.strip() for x in text.splitlines() if x.strip()]


def parse_page(text: str, *, path: str) -> Record:
    warnings: list[str] = []
    pre, sections = split_sections(text)
    sec: dict[str, str] = {}
    attributes: dict[str, str] = {}
    for h, sec_text in sections:
        key = h.strip().lower()
        if key in sec:
            warnings.append(f"section {h!r} appears more than once; the first is used")
            continue
        sec[key] = sec_text
        lines = _lines(sec_text)
        if key != "contents":
            attributes[h.strip()] = " ".join(lines) if key in ("citation", "summary") else "\n".join(lines)
    if not sections:
        warnings.append("no Wilson page headings (Citation:, Summary:, Contents:) found; read as plain text")

    # -- citation ----------------------------------------------------------
    cit = meta.parse_citation(" ".join(_lines(sec.get("citation", ""))))
    if "citation" not in sec:
        warnings.append("no Citation: section")
    elif not cit.title:
        warnings.append("citation does not start with a quoted title")

    title_line = next((x for x in _lines(pre) if len(x) > 3), "")
    title, date_text = cit.title, cit.date_text
    m = _DATE_PREFIX.match(title_line)
    if m:
        date_text = date_text or m.group("d")
        title = title or m.group("t").strip()
    elif title_line and not title:
        title = title_line
    date, precision = parse_date(date_text) if date_text else ("", "")
    if not date:
        warnings.append("no document date found")

    url = cit.url
    if not url:
        m2 = re.search(r"https?://digitalarchive\.wilsoncenter\.org/document/[\w\-]+", text)
        url = m2.group(0) if m2 else ""
    m3 = meta._DOC_ID.search(url)
    if m3:
        rid = f"wilson-{m3.group('id')}"
    else:
        rid = "wilson-sha-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
        warnings.append("no Digital Archive document URL; id made from the content hash")

    archive = Archive()
    meta.parse_archive(cit.archive_text, archive)
    if cit.credits:
        archive.extra["credit_line"] = " ".join(cit.credits)
        for verb in ("obtained", "contributed", "transcribed"):
            who = meta.credit_by(" ".join(cit.credits), verb)
            if who:
                archive.extra[f"{verb}_by"] = who
    if sec.get("credits", "").strip():
        archive.extra["credits"] = " ".join(_lines(sec["credits"]))
    if sec.get("original archive", "").strip() and not archive.repository:
        archive.repository = _lines(sec["original archive"])[0]
    if sec.get("source", "").strip():
        archive.extra["source"] = " ".join(_lines(sec["source"]))

    # -- contents ----------------------------------------------------------
    contents = sec.get("contents", "" if sections else text)
    language = ""
    translated = False
    items: list[str] = []
    content_lines = contents.replace("\r\n", "\n").split("\n")
    while content_lines and (not content_lines[0].strip() or (
            _CONTENT_ITEM.match(content_lines[0].strip()) and len(content_lines[0].strip()) < 60)):
        item = content_lines.pop(0).strip()
        if not item:
            continue
        items.append(item)
        mi = _CONTENT_ITEM.match(item)
        # the text shown is the translation when there is one, else the transcript
        if mi and mi.group("lang") and item.lower().startswith("translation"):
            language = language if language and translated else mi.group("lang").strip()
            translated = True
        elif mi and mi.group("lang") and item.lower().startswith("transcript") and not language:
            language = mi.group("lang").strip()
    paras = paragraphs("\n".join(content_lines))
    if items:
        attributes["Contents"] = "\n".join(items)
    if "contents" in sec and not paras:
        warnings.append("the Contents section holds no document text")
    body = build_body(paras)
    warnings.extend(body.warnings)

    original_language = ", ".join(_lines(sec.get("original language", "") or sec.get("original languages", "")))
    if not language:
        language = meta.detect_language("\n".join(paras))

    classification = Classification()
    if sec.get("original classification", "").strip():
        classification.original = _lines(sec["original classification"])[0]
    elif paras:
        classification.original = meta.classification_from_text(paras[0])

    kind = meta.kind_from_title(title) or "document"
    participants = []
    for b in body.blocks:
        if b.kind == "heading" or not any(x.kind == "turn" for x in body.blocks):
            participants.extend(meta.participants_from(b.text))
        if b.kind == "turn":
            break
    participants.extend(body.participants)
    if kind == "document" and body.participants:
        kind = "memcon"
    if kind == "transcript" and not any(b.kind == "turn" for b in body.blocks):
        warnings.append("a record of talks with no speaker turns found")

    rec = Record(
        id=rid, collection="wilson", kind=kind, title=title, date=date, date_precision=precision,
        summary=" ".join(_lines(sec.get("summary", ""))), citation=cit.printed, source_url=url,
        translator=cit.translator, archive=archive, classification=classification, language=language,
        original_language=original_language, participants=participants, body=body.blocks, notes=body.notes,
        signer=body.signer, attributes=attributes, warnings=warnings,
    )
    for name, title_ in body.recorder_titles.items():
        rec.attributes[f"recorder:{name}"] = title_
    if kind == "letter":
        rec.from_, rec.to = meta.letter_addresses(title)
    _section_entities(rec, sec)
    rec.text = reading_text(rec.body, rec.notes)
    return rec


def _section_entities(rec: Record, sec: dict[str, str]) -> None:
    for key, etype, role in (
        ("associated people & organizations", "PERSON_OR_ORG", ""),
        ("associated people and organizations", "PERSON_OR_ORG", ""),
        ("associated people", "PERSON", ""), ("associated organizations", "ORG", ""),
        ("associated places", "PLACE", ""), ("authors", "PERSON_OR_ORG", "author"),
        ("document contributors", "PERSON_OR_ORG", "contributor"),
    ):
        if sec.get(key):
            rec.entities.extend(meta.metadata_entities(_lines(sec[key]), etype, role))
    for key in ("subjects discussed", "associated topics", "subjects", "topics", "keywords"):
        if sec.get(key):
            rec.concepts.extend(_lines(sec[key]))
