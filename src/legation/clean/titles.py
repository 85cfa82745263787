"""Titles and dates of OCR'd documents: prefer a clean source over garbled OCR, and say which.

CIA CREST files carry their title twice: in the OCR (``1) CUBAN PROMISE- TO BOLIVIAN EXILES
TO STE F_ W PACE O F``) and in the file name (``(1) CUBAN PROMISE TO BOLIVIAN EXILES TO
STEP UP PACE OF REVOLUTIONARY ACTIVITY DOC_0000096975_djvu.txt``). The document parser
calls::

    title, source = prefer_clean_title(ocr_title, doc.name)      # source: "filename" or "ocr"
    date, source = prefer_clean_date(ocr_date, metadata_date)    # source: "metadata" or "ocr"

and records the source (e.g. ``record.attributes["title_source"] = source`` and a warning
naming the OCR reading it did not use), so a reader knows where the title came from.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from rapidfuzz import fuzz

from legation.clean.lexicon import Lexicon, english
from legation.clean.registry import clean_pass
from legation.dates import parse_date
from legation.model import Record

_CREST_ID = re.compile(r"\s*(?:CIA-)?(?:RDP\w+-\d|DOC_\d+)\s*$", re.I)
_SUFFIX = re.compile(r"(?:_djvu)?(?:\.txt|\.pdf|\.html?)+$", re.I)
_WORD = re.compile(r"[A-Za-z]+")
_JUNK = re.compile(r"[_~^■|\\{}<>§®©]")
_SHORT_OK = frozenset("a i o of to in on at by or an as is it up no us vs".split())


def title_from_filename(filename: str) -> str:
    """The title a CREST-style file name carries, without its extension and document id."""
    stem = _SUFFIX.sub("", PurePath(filename).name)
    stem = _CREST_ID.sub("", stem)
    stem = stem.replace("_", " ")
    return re.sub(r"\s+", " ", stem).strip()


def garble(text: str, lexicon: Lexicon | None = None) -> float:
    """How garbled a line reads: 0 (every word a word) .. 1 (nothing readable)."""
    lex = lexicon or english()
    words = _WORD.findall(text)
    if not words:
        return 1.0
    bad = 0
    for w in words:
        low = w.lower()
        if len(low) <= 2:
            bad += low not in _SHORT_OK
        elif lex.zipf(low) < 2.5:
            bad += 1
    junk = len(_JUNK.findall(text))
    return min(1.0, (bad + junk) / (len(words) + junk))


def prefer_clean_title(ocr_title: str, filename: str, *, metadata_title: str = "",
                       lexicon: Lexicon | None = None) -> tuple[str, str]:
    """``(title, source)``: the metadata's title, the file name's, or the OCR's, whichever is clean.

    ``source`` is ``"metadata"``, ``"filename"`` or ``"ocr"``. The file name wins only when it
    reads cleaner than the OCR and is recognisably the same title (most of the OCR title's
    words are in it), so a file named ``scan_0001.txt`` never replaces a real title.
    """
    if metadata_title.strip():
        return metadata_title.strip(), "metadata"
    named = title_from_filename(filename)
    ocr = ocr_title.strip()
    if not named:
        return ocr, "ocr"
    if not ocr:
        return (named, "filename") if garble(named, lexicon) < 0.5 else ("", "ocr")
    same = fuzz.partial_ratio(_letters(ocr), _letters(named)) >= 60
    if same and garble(named, lexicon) + 0.1 < garble(ocr, lexicon):
        return named, "filename"
    return ocr, "ocr"


def prefer_clean_date(ocr_date: str, metadata_date: str = "") -> tuple[str, str]:
    """``(iso date, source)``: a well-formed metadata date wins over one read from OCR."""
    if metadata_date:
        iso, precision = parse_date(metadata_date)
        if precision:
            return iso, "metadata"
    return ocr_date, "ocr" if ocr_date else ""


def _letters(s: str) -> str:
    return " ".join(_WORD.findall(s)).lower()


@clean_pass("clean-title", order=30, formats=("document",))
def clean_title(record: Record) -> Record:
    """An OCR'd document's title from its file name when the OCR garbled it (says which it used)."""
    if not record.title or record.attributes.get("title_source"):
        return record
    title, source = prefer_clean_title(record.title, record.source.path)
    record.attributes["title_source"] = source
    if source == "filename" and title != record.title:
        record.attributes["title_as_printed"] = record.title
        record.warnings.append(f"title taken from the file name; the OCR read {record.title[:80]!r}")
        record.title = title
    return record
