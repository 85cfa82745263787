"""A small cable-text reader for cablegate pages, used only where the telegram parser is
missing, fails, or leaves a field empty (``attributes["filled_by_fallback"]`` says which)."""

from __future__ import annotations

import re

from legation.cableids import canonical_cable_id
from legation.dates import parse_dtg
from legation.model import PRECEDENCE_NAMES, Address, Block, Record, Reference

_LEVELS = ("TOP SECRET", "SECRET", "CONFIDENTIAL", "UNCLASSIFIED", "LIMITED OFFICIAL USE", "UNCLAS")


_ROUTING_LINE = re.compile(r"^(VZCZC\S*|[OPRZ]{2}\s+R[A-Z]{4}.*|R[A-Z]{4,6}(?:\s+R[A-Z]{4,6})*|DE\s+R[A-Z]{3,6}\b.*"
                           r"|ZN[RY]\s+.*|ZFF\S*.*|BT|NNNN)$")
_DTG_LINE = re.compile(r"^(?:(?P<prec>[OPRZ])(?:\s+[OPRZ])?\s+)?\d{6}Z\s+[A-Za-z]{3}\s+\d{2,4}\s*$")
_ADDR_PREC = re.compile(r"(?<!\s)\s+(NIACT\s+IMMEDIATE|IMMEDIATE|PRIORITY|PRIOITY|ROUTINE|FLASH)\b")
_KEY = re.compile(r"^\s*(?:SUBJ(?:ECT)?\b|REFS?\b|TAGS\b|E\.?\s?O\.?\s*\d|CLASSIFIED\s+BY|\d{1,3}\s*\.)", re.I)
_PARA = re.compile(r"^\s*(\d{1,3})\s*\.(?!\d)\s*")
_REF_ITEM = re.compile(r"(?:\b(?P<letter>[A-H])[.)]\s*)?(?:\b(?P<yy>\d{4}|\d{2})\s+)?\b(?P<post>[A-Z]{3,}(?: [A-Z]{3,})?)"
                       r"\s+0*(?P<serial>\d{1,6})\b")
# (the first letter outside the IGNORECASE group, as "[Dd]": the same matches, but the engine skips to
# the next D or d instead of trying the pattern at every position)
STAMP_PLAIN = (r"(?i)Declassified/Released\s+US\s+Department\s+of\s+State\s+EO\s+Systematic\s+Review\s+"
               r"(\d{1,2}\s+[A-Z]{3}\s+\d{4})")
_STAMP = re.compile(r"[Dd](?i:eclassified/Released\s+US\s+Department\s+of\s+State\s+EO\s+Systematic\s+Review\s+"
                    r"(\d{1,2}\s+[A-Z]{3}\s+\d{4}))")
_MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC", "PARA", "PARAS"}
# a dashed rule (a heading's underline); "---" in the line is the cheap test before the pattern
_DASHED_HEAD_END = re.compile(r"\s*-{3,}[- ]*")
_DASH_LINE = re.compile(r"\s*-{3,}\s*")
_NOT_SIGNER = {"CONFIDENTIAL", "SECRET", "UNCLASSIFIED", "UNCLAS", "NOFORN", "SIPDIS", "END", "BT", "NNNN"}


def clean_text(cable_text: str) -> str:
    """Reading text: trailing blanks and declassification stamps gone, at most one blank line in a row."""
    text = _STAMP.sub("", cable_text)
    lines = [line.rstrip() for line in text.splitlines()]
    text = "\n".join(line for line in lines if not _ROUTING_LINE.match(line.strip()) or not line.strip())
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _address(line: str) -> Address:
    s = re.sub(r"\s+", " ", line).strip()
    indicator = ""
    m = re.match(r"^(R[A-Z]{3,6})/(.+)$", s)
    if m:
        indicator, s = m[1], m[2]
    seq = ""
    m = re.search(r"(?<!\s)\s+(\d{1,5})$", s)
    if m:
        seq, s = m[1], s[: m.start()]
    prec = ""
    m = _ADDR_PREC.search(s)
    if m:
        prec, s = m[1].replace("PRIOITY", "PRIORITY"), s[: m.start()]
    name = s.strip()
    post, kind = name, "other"
    for prefix, k in (("AMEMBASSY ", "embassy"), ("AMCONSUL ", "consulate"), ("AMCONGEN ", "consulate"),
                      ("USMISSION ", "mission")):
        if name.startswith(prefix):
            post, kind = name[len(prefix):], k
    if name.endswith(" WASHDC") or name == "SECSTATE":
        post, kind = "WASHINGTON", "department"
    return Address(name=name, post=post, kind=kind, sequence=seq, precedence=prec, routing_indicator=indicator)


def _read_header(rec: Record, header: str) -> None:
    slot = ""
    for raw_line in header.splitlines():
        line = raw_line.strip()
        if not line:
            continue
        if _ROUTING_LINE.match(line) and slot != "addr":
            rec.routing.lines.append(line)
            continue
        if _DTG_LINE.match(line):
            dtg = parse_dtg(line)
            if dtg:
                rec.date, rec.datetime, rec.date_precision = dtg[0], dtg[1], "day"
            prec = _DTG_LINE.match(line)
            if prec and prec["prec"]:
                rec.precedence = PRECEDENCE_NAMES.get(prec["prec"], "")
            continue
        word, _, rest = line.partition(" ")
        if word == "FM":
            rec.from_, slot = _address(rest), ""
        elif word == "TO":
            rec.to.append(_address(rest))
            slot = "to"
        elif word == "INFO":
            rec.info.append(_address(rest))
            slot = "info"
        elif slot == "to":
            rec.to.append(_address(line))
        elif slot == "info":
            rec.info.append(_address(line))


def _collect(lines: list[str], i: int, first: str) -> tuple[str, int]:
    """A keyed field's value: its first line plus continuation lines up to a blank line or the next key."""
    parts = [first.strip()]
    j = i + 1
    while j < len(lines) and lines[j].strip() and not _KEY.match(lines[j]):
        parts.append(lines[j].strip())
        j += 1
    return " ".join(p for p in parts if p), j


def _level(first_line: str) -> str:
    squeezed = re.sub(r"(?<=\b\w) (?=\w\b)", "", first_line.strip()).upper()
    if squeezed.startswith("UNCLAS"):
        return "UNCLASSIFIED"
    for level in _LEVELS:
        if squeezed.startswith(level):
            return level
    return ""


def _references(text: str, year: str) -> list[Reference]:
    refs: list[Reference] = []
    for m in _REF_ITEM.finditer(text.upper()):
        if m["post"] in _MONTHS or m["post"].split(" ")[0] in _MONTHS:
            continue
        yy = m["yy"] or year
        cid = canonical_cable_id(yy, m["post"], m["serial"]) if yy else ""
        start = m.start("yy") if m["yy"] else m.start("post")
        label = text[start:m.end("serial")]  # as printed (same length as the upper-cased text)
        refs.append(Reference(label=label, id=cid, letter=m["letter"] or "", kind="ref"))
    return refs


def _split_chunk(chunk: list[str]) -> list[list[str]]:
    """Split a blank-line-separated chunk where a numbered paragraph starts or a dashed heading ends."""
    parts: list[list[str]] = [[]]
    for line in chunk:
        if parts[-1] and _PARA.match(line):
            parts.append([])
        parts[-1].append(line)
        if "---" in line and _DASHED_HEAD_END.fullmatch(line) and len(parts[-1]) > 1:
            parts.append([])
    return [p for p in parts if p]


def _blocks(chunks: list[list[str]]) -> list[Block]:
    blocks: list[Block] = []
    for chunk in (part for c in chunks for part in _split_chunk(c)):
        text = " ".join(line.strip() for line in chunk if line.strip() and not ("---" in line and _DASH_LINE.fullmatch(line)))
        if not text:
            continue
        m = _PARA.match(text)
        if m:
            blocks.append(Block(n=int(m[1]), kind="paragraph", text=text[m.end():].strip()))
        elif len(chunk) <= 2 and len(text) < 60 and not text.endswith("."):
            blocks.append(Block(kind="heading", text=text))
        else:
            blocks.append(Block(kind="paragraph", text=text))
    return blocks


def fallback_parse(cable_text: str, *, has_header: bool | None = None, body: bool = True,
                   text: bool = True) -> Record:
    """A small reader of cable text: header addresses, DTG, E.O., TAGS, SUBJECT, REF, paragraphs, signer.

    ``has_header``: the text starts with a routing header ended by the first blank line
    (as :func:`join_cable_text` writes it); ``None`` guesses from the first line.  ``body=False`` /
    ``text=False`` leave ``body`` / ``text`` empty (a caller that will not read them saves their cost;
    every other field is the same).
    """
    rec = Record(id="", collection="cablegate", kind="telegram")
    if has_header is None:
        first = cable_text.lstrip().split("\n", 1)[0].strip()
        has_header = first.startswith(("FM ", "VZCZC")) or bool(_DTG_LINE.match(first))
    header, _, rest = cable_text.partition("\n\n") if has_header else ("", "", cable_text)
    _read_header(rec, header)
    lines = _review_stamp(rec, rest)
    start = _read_fields(rec, lines)
    chunks = _drop_trailing_banners(_chunks(lines[start:]))
    _take_signer(rec, chunks)
    if body:
        rec.body = _blocks(chunks)
    if text:
        rec.text = clean_text(cable_text)
    return rec


def _review_stamp(rec: Record, body: str) -> list[str]:
    """The State Department review stamp goes to ``review.markings``; the classification read from the
    first line becomes ``previous`` (and ``current`` UNCLASSIFIED) when there is one.  Returns the lines
    of the body without the stamp."""
    stamp = _STAMP.search(body)
    if stamp:
        rec.review.markings.append(re.sub(r"\s+", " ", stamp.group(0)).strip())
        body = _STAMP.sub("", body)
    lines = body.splitlines()
    first = next((line for line in lines if line.strip()), "")
    rec.classification.original = _level(first)
    if stamp and rec.classification.original:
        rec.classification.previous, rec.classification.current = rec.classification.original, "UNCLASSIFIED"
    return lines


_FIELD_LINE = re.compile(r"^\s*(SUBJ(?:ECT)?|REFS?|TAGS)\s*:?\s+(.*)$", re.I)
_EO_LINE = re.compile(r"^\s*E\.?\s?O\.?\s*(\d{5})\s*:?\s*(.*)$", re.I)


def _read_fields(rec: Record, lines: list[str]) -> int:
    """SUBJECT, REF, TAGS and E.O. among the first 80 lines, up to paragraph 1; returns where the body starts."""
    start, i = 0, 0
    while i < min(len(lines), 80):
        line = lines[i]
        if _PARA.match(line):
            break
        m = _FIELD_LINE.match(line)
        if m:
            value, j = _collect(lines, i, m[2])
            _set_field(rec, m[1].upper(), value)
            start, i = j, j
            continue
        eo = _EO_LINE.match(line)
        if eo:
            rec.executive_order = f"E.O. {eo[1]}"
            decl = re.search(r"\bDECL\b\s*:?\s*(.*)", eo[2], re.I)
            rec.declassify = (decl[1] if decl else eo[2]).strip()
            start = i + 1
        i += 1
    return start


def _set_field(rec: Record, key: str, value: str) -> None:
    if key.startswith("SUBJ"):
        rec.subject = value
    elif key == "TAGS":
        rec.tags = [t for t in re.split(r"[,;\s]+", value.upper()) if t]
    else:
        rec.references = _references(value, rec.date[:4])


def _chunks(lines: list[str]) -> list[list[str]]:
    """Blank-line separated chunks of lines."""
    chunks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            chunks[-1].append(line)
        elif chunks[-1]:
            chunks.append([])
    return [c for c in chunks if c]


def _drop_trailing_banners(chunks: list[list[str]]) -> list[list[str]]:
    """The closing classification banner lines (``CONFIDENTIAL``) are not text."""
    while chunks and _level(chunks[-1][-1]) and len(chunks[-1][-1].split()) <= 4:
        chunks[-1].pop()
        if not chunks[-1]:
            chunks.pop()
    return chunks


def _take_signer(rec: Record, chunks: list[list[str]]) -> None:
    """The signer: a last line that is one name, or a name closing the last sentence ("... requested. CRETZ")."""
    if not chunks:
        return
    last = chunks[-1][-1].strip()
    tail = re.search(r"[.)]\s+([A-Z]{3,24})$", last)
    if re.fullmatch(r"[A-Z][A-Za-z'\-]{1,24}", last) and last.upper() not in _NOT_SIGNER:
        rec.signer = last
        chunks[-1].pop()
        if not chunks[-1]:
            chunks.pop()
    elif tail and tail[1] not in _NOT_SIGNER:
        rec.signer = tail[1]
        chunks[-1][-1] = chunks[-1][-1].rstrip()[: -len(tail[1])].rstrip()
