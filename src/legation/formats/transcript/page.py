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
from dataclasses import dataclass, field

from legation.dates import parse_date
from legation.formats.transcript import meta
from legation.formats.transcript.body import BodyResult, build_body, reading_text
from legation.model import Archive, Classification, Participant, Record

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
    site = ("digitalarchive.wilsoncenter.org" in head or "Wilson Center Digital Archive" in head
            or "History and Public Policy Program Digital Archive" in head)
    if not site and "Citation:" not in head:
        return 0.0  # neither the archive's name nor a Citation: heading (the cheap test, for other formats' files)
    has_citation = re.search(r"^[^\S\n]*Citation:\s*$", head, re.M) is not None
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


@dataclass
class _Page:
    """The page's sections (first of each heading), their printed text for ``attributes``, and warnings."""

    text: str
    pre: str  # the text before the first heading (the title line)
    has_sections: bool
    sec: dict[str, str] = field(default_factory=dict)
    attributes: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def lines(self, key: str) -> list[str]:
        return _lines(self.sec.get(key, ""))

    def has(self, key: str) -> bool:
        return bool(self.sec.get(key, "").strip())


@dataclass
class _Contents:
    paras: list[str]
    items: list[str]  # the leading item lines ("Translation - English")
    language: str  # the language of the text shown ("" when the items do not say)


def parse_page(text: str, *, path: str) -> Record:
    page = _read_sections(text)
    cit = _citation(page)
    title, date, precision = _title_and_date(page, cit)
    url, rid = _url_and_id(page, cit)
    archive = _archive(page, cit)
    contents = _contents(page)
    body = build_body(contents.paras)
    page.warnings.extend(body.warnings)
    original_language = ", ".join(page.lines("original language") or page.lines("original languages"))
    language = contents.language or meta.detect_language("\n".join(contents.paras))
    kind, participants = _kind_and_participants(title, body, page.warnings)
    rec = Record(
        id=rid, collection="wilson", kind=kind, title=title, date=date, date_precision=precision,
        summary=" ".join(page.lines("summary")), citation=cit.printed, source_url=url,
        translator=cit.translator, archive=archive, classification=_classification(page, contents.paras),
        language=language, original_language=original_language, participants=participants, body=body.blocks,
        notes=body.notes, signer=body.signer, attributes=page.attributes, warnings=page.warnings,
    )
    for name, title_ in body.recorder_titles.items():
        rec.attributes[f"recorder:{name}"] = title_
    if kind == "letter":
        rec.from_, rec.to = meta.letter_addresses(title)
    _section_entities(rec, page.sec)
    rec.text = reading_text(rec.body, rec.notes)
    return rec


def _read_sections(text: str) -> _Page:
    pre, sections = split_sections(text)
    page = _Page(text=text, pre=pre, has_sections=bool(sections))
    for h, sec_text in sections:
        key = h.strip().lower()
        if key in page.sec:
            page.warnings.append(f"section {h!r} appears more than once; the first is used")
            continue
        page.sec[key] = sec_text
        lines = _lines(sec_text)
        if key != "contents":
            page.attributes[h.strip()] = " ".join(lines) if key in ("citation", "summary") else "\n".join(lines)
    if not sections:
        page.warnings.append("no Wilson page headings (Citation:, Summary:, Contents:) found; read as plain text")
    return page


def _citation(page: _Page) -> meta.Citation:
    cit = meta.parse_citation(" ".join(page.lines("citation")))
    if "citation" not in page.sec:
        page.warnings.append("no Citation: section")
    elif not cit.title:
        page.warnings.append("citation does not start with a quoted title")
    return cit


def _title_and_date(page: _Page, cit: meta.Citation) -> tuple[str, str, str]:
    """The citation's title and date, else the page's title line (``October 9, 1973 Record of ...``)."""
    title_line = next((x for x in _lines(page.pre) if len(x) > 3), "")
    title, date_text = cit.title, cit.date_text
    m = _DATE_PREFIX.match(title_line)
    if m:
        date_text = date_text or m.group("d")
        title = title or m.group("t").strip()
    elif title_line and not title:
        title = title_line
    date, precision = parse_date(date_text) if date_text else ("", "")
    if not date:
        page.warnings.append("no document date found")
    return title, date, precision


def _url_and_id(page: _Page, cit: meta.Citation) -> tuple[str, str]:
    url = cit.url
    if not url:
        m2 = re.search(r"https?://digitalarchive\.wilsoncenter\.org/document/[\w\-]+", page.text)
        url = m2.group(0) if m2 else ""
    m3 = meta.DOC_URL_ID.search(url)
    if m3:
        return url, f"wilson-{m3.group('id')}"
    page.warnings.append("no Digital Archive document URL; id made from the content hash")
    return url, "wilson-sha-" + hashlib.sha256(page.text.encode("utf-8")).hexdigest()[:12]


def _archive(page: _Page, cit: meta.Citation) -> Archive:
    archive = Archive()
    meta.parse_archive(cit.archive_text, archive)
    if cit.credits:
        archive.extra["credit_line"] = " ".join(cit.credits)
        for verb in ("obtained", "contributed", "transcribed"):
            who = meta.credit_by(" ".join(cit.credits), verb)
            if who:
                archive.extra[f"{verb}_by"] = who
    if page.has("credits"):
        archive.extra["credits"] = " ".join(page.lines("credits"))
    if page.has("original archive") and not archive.repository:
        archive.repository = page.lines("original archive")[0]
    if page.has("source"):
        archive.extra["source"] = " ".join(page.lines("source"))
    return archive


def _contents(page: _Page) -> _Contents:
    """The Contents section: its leading item lines, then the document text as paragraphs."""
    contents = page.sec.get("contents", "" if page.has_sections else page.text)
    content_lines = contents.replace("\r\n", "\n").split("\n")
    items: list[str] = []
    while content_lines and _is_item_or_blank(content_lines[0].strip()):
        item = content_lines.pop(0).strip()
        if item:
            items.append(item)
    paras = paragraphs("\n".join(content_lines))
    if items:
        page.attributes["Contents"] = "\n".join(items)
    if "contents" in page.sec and not paras:
        page.warnings.append("the Contents section holds no document text")
    return _Contents(paras=paras, items=items, language=_shown_language(items))


def _is_item_or_blank(s: str) -> bool:
    return not s or (bool(_CONTENT_ITEM.match(s)) and len(s) < 60)


def _shown_language(items: list[str]) -> str:
    """The text shown is the translation when there is one, else the transcript: its language."""
    language = ""
    translated = False
    for item in items:
        mi = _CONTENT_ITEM.match(item)
        if not mi or not mi.group("lang"):
            continue
        if item.lower().startswith("translation"):
            language = language if language and translated else mi.group("lang").strip()
            translated = True
        elif item.lower().startswith("transcript") and not language:
            language = mi.group("lang").strip()
    return language


def _classification(page: _Page, paras: list[str]) -> Classification:
    classification = Classification()
    if page.has("original classification"):
        classification.original = page.lines("original classification")[0]
    elif paras:
        classification.original = meta.classification_from_text(paras[0])
    return classification


def _kind_and_participants(title: str, body: BodyResult, warnings: list[str]) -> tuple[str, list[Participant]]:
    kind = meta.kind_from_title(title) or "document"
    has_turns = any(x.kind == "turn" for x in body.blocks)
    participants: list[Participant] = []
    for b in body.blocks:
        if b.kind == "heading" or not has_turns:
            participants.extend(meta.participants_from(b.text))
        if b.kind == "turn":
            break
    participants.extend(body.participants)
    if kind == "document" and body.participants:
        kind = "memcon"
    if kind == "transcript" and not has_turns:
        warnings.append("a record of talks with no speaker turns found")
    return kind, participants


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
