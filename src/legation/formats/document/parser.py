"""The fallback: any readable text that no other format claims.

The sniff score is low (0.25) so every real format wins when it applies;
the result is one record with a title from the first meaningful line, the
first plausible date, and paragraphs split on blank lines.

CIA CREST (FOIA reading room) OCR texts are recognised by their markers
(``Approved For Release 2002/08/21 : CIA-RDP80B01676R003100300023-2``,
``DOC_0000096975``, ``25X1``/``STAT`` redaction marks): the CREST number
goes to ``archive.document_number``, the release stamp to ``review``, the
stamps and OCR debris are kept out of ``text`` (``raw`` keeps them), and a
``MEMORANDUM FOR`` makes the kind ``memorandum``.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterator

from legation.dates import MONTHS, as_precision, parse_date
from legation.formats.base import InputDoc, ensure_text, register
from legation.model import Address, Archive, Block, Record, Review, ReviewEvent, Source

NAME = "document"
COLLECTION = "document"
FALLBACK_WARNING = "read as a plain document: no known format recognised"

_RELEASE = re.compile(r"Approved\s+For\s+Release\s+(\d{4})\s*/\s*(\d{2})\s*/\s*(\d{2})", re.I)
_RELEASE_ANY = re.compile(r"approved\s+for\s+release", re.I)
_RDP = re.compile(r"CIA-RDP[0-9A-Z^<> ]{6,40}?-\d\b")
_RDP_STRICT = re.compile(r"^CIA-RDP\d{2}[A-Z]\d{5}R\d{12}-\d$")
_RDP_NAME = re.compile(r"RDP\d{2}[A-Z]\d{5}R\d{12}-\d")
_DOC_NO = re.compile(r"(?<![A-Za-z0-9])DOC_\d{6,12}(?!\d)")
# ``[^\S\n]`` (white space but not a newline) keeps ``^...$`` on one line: ``^\s*`` in MULTILINE mode
# would run from every line start over all the blank lines that follow (quadratic in a run of them).
_WEAK = re.compile(r"(?im)^[^\S\n]*(?:25X1|STAT)[^\S\n]*$|INTELLIGENCE\s+AGENCY|Intelligence\s+Information\s+Cable|"
                   r"^[^\S\n]*MEMORANDUM\s+FOR\b|\b1\.5\(c\)|3\.4\(b\)\(1\)")
_FURNITURE = re.compile(
    r"^(?:approved\s+for\s+release.*|.*CIA-RDP.*|STAT|25X1|[0-9.]+\((?:[a-z])\)(?:\(\d\))?|"
    r"-\s*\d+\s*-|PAGE\s+\d+\s+OF\s+\S+\s*PAGES?.*)$",
    re.I,
)
_OCR_DATE = re.compile(r"\b(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+([0-9IilZOoS][0-9IilZOoS ]{2,5}[0-9IilZOoS])\b")
_OCR_DIGITS = str.maketrans({"I": "1", "i": "1", "l": "1", "Z": "2", "O": "0", "o": "0", "S": "5"})
_MEMO_FOR = re.compile(r"^[^\S\n]*MEMORANDUM\s+FOR\s*:\s*(\S.*)$", re.I | re.M)
_SUBJECT = re.compile(r"^\s*SUBJECT\s*:?\s*(.*)$", re.I)
_LABEL_ONLY = re.compile(r"^(?:REFERENCE|REF|VIA|FROM|TO|SUBJECT|ATTACHMENT|ENCLOSURE)S?\s*:?$", re.I)
_ENUM = re.compile(r"^\(?[0-9a-zA-Z]{1,2}\)")
_PARA_NO = re.compile(r"^(\d{1,2})\s*\.\s")
_TAG = re.compile(r"<[^<>]{0,2000}>")  # not across another "<": a run of them is read once, not 2000 times
_RAW_OPEN = re.compile(r"<(script|style)\b", re.I)
_RAW_CLOSE = {"script": re.compile(r"</script>", re.I), "style": re.compile(r"</style>", re.I)}


_ALPHA = re.compile(r"[^\W\d_]")


def _letters(s: str) -> int:
    return len(_ALPHA.findall(s))


def crest_markers(text: str) -> tuple[int, int]:
    """(strong, weak) CREST marker counts."""
    strong = len(_RELEASE_ANY.findall(text)) + len(_RDP.findall(text)) + len(_DOC_NO.findall(text))
    return strong, len(_WEAK.findall(text))


def is_crest(text: str) -> bool:
    strong, weak = crest_markers(text)
    return (strong >= 1 and (strong + weak) >= 2) or weak >= 3


def _garbage(line: str) -> bool:
    """OCR debris: no run of three letters, or mostly not letters."""
    s = line.strip()
    if parse_date(s)[1] == "day" or _OCR_DATE.search(s):
        return False
    if not re.search(r"[A-Za-z]{3}", s):
        return not _PARA_NO.match(s + " ")
    visible = [c for c in s if not c.isspace()]
    return _letters(s) < 0.5 * len(visible)


def _is_furniture(line: str) -> bool:
    return bool(_FURNITURE.match(line.strip()))


def document_number(text: str, filename: str) -> str:
    """The CREST number: the most common well-formed CIA-RDP stamp, else DOC_..., else the file name's."""
    found: Counter[str] = Counter()
    for m in _RDP.finditer(text):
        cand = re.sub(r"\s+", "", m.group())
        if _RDP_STRICT.match(cand):
            found[cand] += 1
    if found:
        return found.most_common(1)[0][0]
    doc_no = _DOC_NO.search(text)
    if doc_no:
        return doc_no.group()
    named = _RDP_NAME.search(filename)
    if named:
        return "CIA-" + named.group()
    doc_no = _DOC_NO.search(filename)
    return doc_no.group() if doc_no else ""


def find_date(lines: list[str]) -> tuple[str, str, str]:
    """First plausible date in reading order -> (iso, precision, warning)."""
    weaker: list[tuple[str, str]] = []
    for line in lines:
        if _is_furniture(line):
            continue
        iso, precision = parse_date(line)
        if precision == "day" and 1700 <= int(iso[:4]) <= 2100:
            return iso, precision, ""
        m = _OCR_DATE.search(line)
        if m and m.group(2).upper().rstrip(".") in MONTHS:
            digits = m.group(3).replace(" ", "").translate(_OCR_DIGITS)
            if re.fullmatch(r"(?:19|20)\d\d", digits):
                day = int(m.group(1))
                month = MONTHS[m.group(2).upper()]
                iso2 = f"{digits}-{month:02d}-{day:02d}"
                if 1 <= day <= 31:
                    return iso2, "day", f"date read from OCR-damaged {m.group().strip()!r} as {iso2}"
        if precision in {"month", "year"} and 1700 <= int(iso[:4]) <= 2100:
            weaker.append((iso, precision))
    for want in ("month", "year"):
        for iso, precision in weaker:
            if precision == want:
                return iso, precision, ""
    return "", "", ""


def find_subject(lines: list[str]) -> str:
    """The SUBJECT block of a memorandum, joined on one line."""
    for k, line in enumerate(lines):
        m = _SUBJECT.match(line)
        if not m:
            continue
        taken: list[str] = []
        first = m.group(1).strip()
        if first:
            taken.append(first)
        for nxt in lines[k + 1:k + 16]:
            s = nxt.strip()
            if not s:
                continue
            if not taken and _LABEL_ONLY.match(s):
                continue
            if _is_furniture(s) or _PARA_NO.match(s) or len(s) > 70:
                break
            if not taken:
                taken.append(s)
                continue
            prev = taken[-1]
            if _ENUM.match(s) or s[:1].islower() or prev.endswith(("-", "--", ",")):
                taken.append(s)
                continue
            break
        return re.sub(r"\s+", " ", " ".join(taken)).strip()
    return ""


def _meaningful(line: str) -> bool:
    s = line.strip()
    words = re.findall(r"[A-Za-z]{2,}", s)
    return len(words) >= 2 and _letters(s) >= 0.6 * len(s.replace(" ", "")) and not _is_furniture(s)


def _drop_raw_blocks(text: str) -> str:
    """``<script>...</script>`` and ``<style>...</style>`` -> one space each.

    As ``re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", text)`` did, but a tag never closed after
    some point is not looked for again (that pattern scanned to the end from every opening).
    """
    out: list[str] = []
    pos = 0
    open_tags = {"script", "style"}  # the tags that still have a closing tag further on
    search_from = 0
    while open_tags:
        m = _RAW_OPEN.search(text, search_from)
        if not m:
            break
        tag = m.group(1).lower()
        close = _RAW_CLOSE[tag].search(text, m.end()) if tag in open_tags else None
        if close is None:
            open_tags.discard(tag)
            search_from = m.start() + 1
            continue
        out.append(text[pos:m.start()])
        out.append(" ")
        pos = search_from = close.end()
    out.append(text[pos:])
    return "".join(out)


def _strip_markup(text: str) -> str:
    if not text.lstrip().startswith("<"):
        return text
    body = _drop_raw_blocks(text)
    body = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</h\d>|</li>|</tr>", "\n\n", body)
    return html.unescape(_TAG.sub(" ", body))


@register(NAME, fallback=True)  # detection lets it win only when no other format claims the input
class DocumentFormat:
    name = NAME
    description = "Fallback: any readable text (titled, dated, split into paragraphs); CIA CREST OCR recognised"

    def sniff(self, doc: InputDoc) -> float:
        try:
            ensure_text(doc)
        except Exception:
            return 0.0
        # white space collapsed first, so a file of a few sentences between long runs of blank lines
        # still shows its letters (issue 10: 40,000 blank lines between two sentences)
        sample = " ".join(doc.text[:1_000_000].split())[:20000]
        if _letters(sample) < 20:
            return 0.0
        if is_crest(sample):
            return 0.45
        return 0.25

    def parse(self, doc: InputDoc) -> Iterator[Record]:  # noqa: C901  (owned elsewhere, see issue 9)
        ensure_text(doc)
        raw = doc.text
        source_text = _strip_markup(raw.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))
        crest = is_crest(source_text)
        lines = source_text.split("\n")
        warnings = [*doc.warnings, FALLBACK_WARNING]
        dropped = 0
        kept_lines: list[str] = []
        for line in lines:
            s = re.sub(r"[ \t]+", " ", line).strip()
            if crest and s and (_is_furniture(s) or _garbage(s)):
                dropped += 1
                s = ""
            kept_lines.append(s)
        paragraphs: list[str] = []
        current: list[str] = []
        for s in [*kept_lines, ""]:
            if s:
                current.append(s)
            elif current:
                paragraphs.append("\n".join(current))
                current = []
        text = "\n\n".join(paragraphs)
        blocks = []
        for p in paragraphs:
            m = _PARA_NO.match(p)
            blocks.append(Block(n=int(m.group(1)) if m else None, text=p))

        date, precision, date_warning = find_date([s for s in kept_lines if s] if crest else lines[:400])
        if date_warning:
            warnings.append(date_warning)
        title = ""
        subject = find_subject(kept_lines) if crest else ""
        for p in paragraphs:
            for line in p.split("\n"):
                if _meaningful(line):
                    title = line.strip()[:200]
                    break
            if title:
                break
        kind = "document"
        to: list[Address] = []
        archive = Archive()
        review = Review()
        aliases: list[str] = []
        if crest:
            memo = _MEMO_FOR.search(source_text)
            if re.search(r"MEMORANDUM\s+FOR", source_text, re.I):
                kind = "memorandum"
            elif re.search(r"Intelligence\s+Information\s+Cable", source_text, re.I):
                kind = "telegram"
            if memo:
                to = [Address(name=re.sub(r"\s+", " ", memo.group(1)).strip())]
            number = document_number(source_text, doc.name)
            archive = Archive(repository="CIA CREST", document_number=number)
            if number:
                aliases.append(number)
            rel = _RELEASE.search(source_text)
            if rel:
                released = f"{rel.group(1)}-{rel.group(2)}-{rel.group(3)}"
                stamps = [re.sub(r"\s+", " ", line).strip() for line in lines if _RELEASE.search(line)]
                stamp = next((st for st in stamps if number and number in st.replace(" ", "")), stamps[0])
                review = Review(events=[ReviewEvent(action="APPROVED FOR RELEASE", date=released)],
                                markings=[stamp], release_date=released)
            if subject:
                title = subject
            if dropped:
                warnings.append(f"{dropped} line(s) of release stamps, redaction marks and OCR debris kept out of the text")
        if not text.strip():
            warnings.append("no readable paragraph was found")
        yield Record(
            id=f"doc-{doc.sha256[:12]}",
            collection=COLLECTION,
            kind=kind,
            title=title,
            subject=subject,
            date=date,
            date_precision=as_precision(precision),
            to=to,
            body=blocks,
            archive=archive,
            review=review,
            aliases=aliases,
            warnings=warnings,
            text=text,
            raw=raw,
            source=Source(path=doc.path, sha256=doc.sha256, format=NAME),
        )
