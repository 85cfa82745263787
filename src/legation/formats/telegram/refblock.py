"""Where a cable's REF block is and how it is brought to one form before its items are read.

:func:`ref_block` finds the block (``REF:`` ... up to the summary, paragraph 1,
"Classified By" or a blank line that does not fall inside a lettered list);
:func:`next_sections` adds REF sections that follow it; :func:`normalise`
upper-cases it, removes page furniture and brings printed variants to one
spelling (posts with spaces, OCR zeros, ``#``, classification marks, doubled
bullets).  Used by :mod:`legation.formats.telegram.references`.
"""

from __future__ import annotations

import re

from legation.cableids import MULTIWORD_POSTS

_PAGE_HEAD = re.compile(r"(?:\b(?:UNCLASSIFIED|CONFIDENTIAL|SECRET)\s+)?\bPAGE\s+\d{2}\s+[A-Z ]+?\s+\d{4,6}\s+"
                        r"(?:\d{2}\s+OF\s+\d{2}\s+)?\d{6}Z")
_SECTION_MARK = re.compile(r"\b[A-Z][A-Z ]{0,60}?\s+\d{8}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}\b")
_WS = re.compile(r"\s+")
_OCR_O = re.compile(r"(?<=[A-Z]{3} )O(?=\d{2,7}\b)")
_OCR_ZERO = re.compile(r"(?<=[A-Z])0(?=[A-Z])|\b0(?=[A-Z]{3,}\s+\d)|(?<=[A-Z]{3})0(?=\s+\d)")
_YEAR_GLUED = re.compile(r"\b(\d{2})(?!JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)([A-Z]{3,})\s+(?=\d{1,7}\b)")
_BLOCK_START = re.compile(
    r"(?:REF(?:S|TEL|TELS|ERENCES?)?|Ref\(s\)|Refs?|Reftels?|REFS?\(S\))\s*[:.]\s*"
    r"|(?:^|\n|\s)(?:REF|Ref)S?\s+(?=\(?[A-Za-z][.):]?\s)|(?:^|\n)\s*(?=A[.)]\s+REF\s)")
_BLOCK_STOP = re.compile(
    r"\n\s*\n(?!\s*(?:\(?[A-Za-z][.)]|\u00b6\s*[A-Z][.)]|\d{3,}|\d{2}\s+[A-Z]|-\s*\([A-Za-z]\)"
    r"|[A-Z]{3,}(?:\s[A-Z]{2,}){0,2}\s+\d{1,7}\b))|\bClassified\s+By\b|\bCLASSIFIED\s+BY"
    r"|\n\s*(?:\u00b6\s*)?1\s*\.\s|\bSUMMARY\b|\bSummary\b|\bSensitive\s+[Bb]ut\b|\bSENSITIVE\s+BUT\b|\bThis message\b"
    r"|\(U\)\s+CLASSIFIED"
)
# The block before a blank line ends in a bullet, a comma or a post without its serial: it goes on.
_PARAGRAPH = re.compile(r"\s*(?:\u00b6\s*)?\d{1,2}\s*\.\s")  # "1. (SBU) ...": the body begins
_DANGLING = re.compile(r"(?:\b[A-Za-z][.)]|,|\b[A-Za-z]{2,}|\b(?:and|AND))\s*$")


def ref_block(text: str) -> str:
    """The REF block of a cable: from ``REF:`` to the first blank line (or summary/paragraph 1).

    A blank line does not end the block when the text before it dangles (``C) RIO`` / ``D)``): page
    breaks in cablegate texts fall inside lettered lists.
    """
    m = _BLOCK_START.search(text)
    if not m:
        return ""
    tail = text[m.end():]
    pos = 0
    while True:
        stop = _BLOCK_STOP.search(tail, pos)
        if stop is None:
            return tail
        if stop.group(0).startswith("\n") and not stop.group(0).strip() and _DANGLING.search(tail[:stop.start()]) \
                and not _PARAGRAPH.match(tail, stop.end()):
            pos = stop.end()
            continue
        return tail[: stop.start()]


# Posts printed with spaces, dots or hyphens -> the joined spelling (before candidates are read, so that
# ``RIO DE JAN 138`` or ``ST. PETERSBURG 75`` is one origin and ``JAN`` is not read as a month).
_EXTRA_MULTIWORD = ("RIO DE JAN", "ST PETERSBURG", "PORT AU PRINCE", "PORT OF SPAIN", "OSAKA KOBE",
                    "USDA FAS", "US MISSION GENEVA", "USEU BRUSSELS", "USUN NEW YORK", "HO CHI MINH")
_MULTIWORD = re.compile(
    r"\b(?:" + "|".join(
        r"[\s.\-]+".join(map(re.escape, name.split()))
        for name in sorted({*MULTIWORD_POSTS.values(), *_EXTRA_MULTIWORD}, key=len, reverse=True)
        if " " in name) + r")\b")
_CLASS_MARK = re.compile(r"\((?:U|C|S|SBU|S/NF|C/NF|S//NF|NF)\)(?=\d)")
_PAREN_YEAR = re.compile(r"\b([A-Z]{3,})\s+\((\d{2})\)\s+(\d{2,7})\b")  # STATE (01) 201265
_DOUBLE_BULLET = re.compile(r"(?:(?<=\s)|^)\(?([A-Z])[.):]\s*\(?\1[.):](?=\s|[A-Z])")  # A. A) / A. A:
_BRACKET_BULLET = re.compile(r"\[([A-Z])\]")
_LEAD_WORDS = re.compile(r"^\s*(?:REFERENCES?|REFTELS?|REFS?)\s*[:.]\s*")
# A whitespace run is tried once, from its first character: the lookbehind stops a search from retrying
# ``\s+`` at every later space of the run (a 200,000-space REF line took minutes; the matches are the same,
# since ``\s+`` from the run's start reaches every space a later start could).
_AND_PREVIOUS = re.compile(r"(?<!\s)\s+AND\s+(?:PREVIOUS|OTHERS)\b")


def normalise(block: str) -> str:
    """The REF block upper-cased, with page furniture gone and printed variants brought to one form."""
    block = block.replace("\u00b6", " ").replace("\\\n", "\n").replace("\\n", " ").upper()
    block = _PAGE_HEAD.sub(" ", block)
    block = _SECTION_MARK.sub(" ", block)
    block = _LEAD_WORDS.sub("", block)
    block = re.sub(r"#(?=\d)", "", block)
    block = _CLASS_MARK.sub("", block)
    block = re.sub(r"\bO(\d)\b", r"0\1", block)
    block = re.sub(r"\b(\d{2})-([A-Z]{3,})-(\d{1,7})\b", r"\1 \2 \3", block)
    block = _OCR_O.sub("0", block)  # LAGOS O1512
    block = _OCR_ZERO.sub("O", block)  # COTON0U, SANTIAG0, 0TTAWA
    block = _MULTIWORD.sub(lambda m: re.sub(r"[\s.\-]+", "", m.group(0)), block)
    block = _PAREN_YEAR.sub(r"\2 \1 \3", block)
    block = _YEAR_GLUED.sub(r"\1 \2 ", block)  # 09DHAHRAN 201
    block = _AND_PREVIOUS.sub(" ;", block)  # STATE 297614 AND PREVIOUS 03 RANGOON 1427
    block = _BRACKET_BULLET.sub(r"\1)", block)
    block = _WS.sub(" ", block)
    return _DOUBLE_BULLET.sub(r"\1)", block)


SECTION = re.compile(r"(?:^|(?<=\s))(?<![A-Z][.)]\s)REF(?:S|TELS?|ERENCES?)?\s*:\s*")
_NEXT_SECTION = re.compile(r"\s*(?=(?:REF(?:S|TELS?|ERENCES?)?|Refs?|Reftels?)\s*:)")


def next_sections(rest: str) -> str:
    """Another REF section right after the first one (``REF: ...`` / blank line / ``REFS: ...``)."""
    m = _NEXT_SECTION.match(rest)
    if not m:
        return ""
    more = ref_block(rest)
    return " REF: " + more + next_sections(rest[rest.find(more) + len(more):]) if more.strip() else ""
