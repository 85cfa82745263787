"""Page furniture: recognise and remove it, never touching words.

Pure functions over lines of cable text.  A printed or OCRed telegram carries
page headers (``PAGE 02 TOKYO 12732 240754Z``), repeated classification
banners (alone on a line or glued to the last line of a page), end-of-message
marks (``NNN``), sequence lines (``------------------076325 251606Z /40``),
declassification stamps and their OCR garbage.  :func:`strip_furniture`
removes them, says where a page break was, so a paragraph broken by the
page can be joined again, and hands back the declassification stamps it
removed (a stamp printed over two lines as one marking).  Each test runs
on every line of every cable, so cheap checks on the first characters
come before any regular expression.  ``raw`` always keeps the input; these functions
only shape ``text``.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from legation.text import squeeze

CLASSIFICATION_WORDS = (
    "TOP SECRET", "SECRET", "CONFIDENTIAL", "LIMITED OFFICIAL USE", "UNCLASSIFIED",
    "UNCLAS", "SENSITIVE BUT UNCLASSIFIED",
)

HANDLING_WORDS = (
    "NODIS", "EXDIS", "LIMDIS", "STADIS", "NOFORN", "SIPDIS", "ROGER CHANNEL", "CHEROKEE",
    "FOR OFFICIAL USE ONLY", "EFTO", "E F T O", "SENSITIVE", "NOCONTRACT", "ORCON", "WNINTEL",
)

_SPACED = re.compile(r"\b(?:[A-Z] ){3,}[A-Z]\b")

_BANNER = re.compile(
    r"^\W*(?:TOP\s+SECRET|SECRET|CONFIDENTIAL|LIMITED\s+OFFICIAL\s+USE(?:\s+ONLY)?|UNCLASSIFIED|UNCLAS"
    r"|SENSITIVE\s+BUT\s+UNCLASSIFIED)"
    r"(?:(?:\s*+//?\s*+|\s++)(?:NODIS|EXDIS|LIMDIS|STADIS|NOFORN|SIPDIS|FOR\s+OFFICIAL\s+USE\s+ONLY|EFTO|E\s+F\s+T\s+O|SENSITIVE))*"
    r"\W*$"
)
_PAGE = re.compile(r"^\s*(?:TO\s+|INFO\s+)?PAGE\s+\d{1,3}\b(?P<rest>.*)$")
_SECTION_HEAD = re.compile(r"^\s*[A-Z][A-Z ]{1,20}\s+\d{5,8}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}\s*$")
_SEQUENCE = re.compile(r"^\s*[.\-_]{3,}+[\-.\s]*+\d{3,7}(?:\s+\d{6}Z)?(?:\s*/\d{1,3})?\s*$")
_END_MARK = re.compile(r"^\s*(?:NNNN?|BT|#+|//END//|\d{1,3})\s*$")
_GARBAGE = re.compile(r"^[\s\d\W_]*$")
_STAMP_HINT = re.compile(
    r"(?i)(?:declassified\s*/\s*released|systematic\s+review|e\.?o\.?\s+systematic|"
    r"jeciass|/neieas|released\s+us\s+department|^\s*review\s+\d{1,2}\s+[a-z]{3}\s+\d{4}\s*$"
    # a stamp broken over lines: "US Department of State EO" alone (not "the Department of State" in prose)
    r"|^\W*(?:US\s+department\s+of\s+sta\w*(?:\s+\w{1,3})?(?:\s+EO)?|department\s+of\s+sta\w*(?:\s+\w{1,3})?\s+EO)"
    r"\W*$)"
)
_STAMP_NAMES = ("GRAFELD", "GRAFEIU")  # the reviewer's surname, as printed and as OCRed
_STAMP_FIRST_NAMES = ("MARGARET", "WALTER", "SHERYL")  # a stamp line opens with the reviewer's first name
_SPLIT_PAGE_REST = re.compile(r"^\s*[A-Z][A-Z ]{1,20}\s+\d{4,6}(?:\s+\d{2}\s+OF\s+\d{2})?(?:\s+\d{6}Z)?\s*$")
_SIPDIS = re.compile(r"^\s*SIPDIS\s*$")
_CABLEGATE_FOOTER = re.compile(
    r"^\s*(?:\d{4}[A-Z]+\d+\s+-\s+(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE|Classification:.*)|>)\s*$"
)


_MD_HEADING = re.compile(r"^\s*#{1,6}\s+")


def normalize_line(line: str) -> str:
    """Strip markdown emphasis/heading marks, tabs and trailing blanks from one line."""
    return _markdown(line.replace("\u00a0", " ").replace("\t", " ").rstrip())


def _markdown(s: str) -> str:
    if "#" in s:
        s = _MD_HEADING.sub("", s)
    if "**" in s:
        s = s.replace("**", "").rstrip()
    return s


def normalize_lines(text: str) -> list[str]:
    """``[normalize_line(ln) for ln in text.split("\n")]``, with the replacements made once over the text
    and the markdown marks looked for only when the text holds them."""
    flat = text.replace("\u00a0", " ").replace("\t", " ")
    lines = [ln.rstrip() for ln in flat.split("\n")]
    if "#" in flat or "**" in flat:
        return [_markdown(ln) for ln in lines]
    return lines


def collapse_spaced(word: str) -> str:
    """``C O N F I D E N T I A L`` -> ``CONFIDENTIAL`` (letters spaced out in some cables)."""
    return _SPACED.sub(lambda m: m.group(0).replace(" ", ""), word)


_BANNER_STARTS = frozenset(["TOP", "SEC", "CON", "LIM", "UNC", "SEN"])


def is_banner(line: str) -> bool:
    """A classification banner alone on a line (``CONFIDENTIAL``, ``SECRET NODIS``)."""
    s = line.strip()
    if not s:
        return False
    c = s[0]
    # cheap refusal: a banner's first word character is the first letter of a classification word,
    # printed whole or spaced out (``C O N F I D E N T I A L``)
    if c.isalnum() and (c not in "TSCLUtsclu" or (s[:3].upper() not in _BANNER_STARTS and s[1:2] != " ")):
        return False
    s = s.upper()
    if _BANNER.match(s):
        return True
    return " " in s and bool(_BANNER.match(collapse_spaced(s)))


_PAGE_REST = re.compile(r"(?:[A-Z](?:[A-Z ]*[A-Z])?\s+\d{2,6}\s*+)?(?:\d{2}\s+OF\s+\d{2}\s*+)?(?:\d{6}Z)?\s*+"
                        r"(?:[A-Z]+\s+\d{5,6}\s*+)?")


def page_header(line: str) -> str | None:
    """If ``line`` is a page header (``PAGE 02 TOKYO 12732 240754Z``) return what follows PAGE NN."""
    first = line.lstrip()[:1]
    if not first or first not in "PpTtIi":  # PAGE, TO PAGE, INFO PAGE
        return None
    up = line.upper()
    m = _PAGE.match(up)
    if not m:
        return None
    rest = m["rest"].strip()
    # A real page header carries nothing but the post/serial/section/DTG after the page number.
    if rest and not _PAGE_REST.fullmatch(rest):
        return None
    return rest


def is_sequence_line(line: str) -> bool:
    """``------------------076325 251606Z /40`` or ``.---- 100670``."""
    return bool(_SEQUENCE.match(line))


_STAMP_DATE = re.compile(r"\b\d{2}\s+[A-Z]{3}\s+\d{4}\b")


def is_stamp(line: str) -> bool:
    """A declassification stamp (``Margaret P. Grafeld Declassified/Released ...``) or its OCR garbage."""
    low = line.lower()
    # every alternative of _STAMP_HINT holds one of these words: search only when one is there
    if ("declassified" in low or "systematic" in low or "department" in low or "review" in low
            or "jeciass" in low or "/neieas" in low) and _STAMP_HINT.search(line):
        return True
    if "graf" not in low and not low.lstrip().startswith(("margaret", "walter", "sheryl")):
        return False
    up = line.strip().upper()
    if len(up) > 120 or not (up.startswith(_STAMP_FIRST_NAMES) or any(n in up for n in _STAMP_NAMES)):
        return False
    return bool(_STAMP_DATE.search(up))


# every way is_stamp can say yes needs one of these (lower case) in the line: a _STAMP_HINT word, "graf"
# (the surnames) or a first name the line starts with
_STAMP_WORDS = ("declassified", "systematic", "department", "review", "jeciass", "/neieas", "graf",
                "margaret", "walter", "sheryl")


def lines_with(lines: list[str], words: tuple[str, ...], fold: Callable[[str], str] = str.lower) -> set[int] | None:
    """Indexes of the lines whose ``fold`` (lower case by default) holds one of ``words``, found over the
    whole text at once (a few C-speed searches instead of a test per line).  ``None`` when folding changes
    the text's length (a few non-ASCII letters): then offsets do not map back to lines, and the caller
    must treat every line as a candidate."""
    text = "\n".join(lines)
    low = fold(text)
    if len(low) != len(text):
        return None
    starts: list[int] = []
    for word in words:
        at = low.find(word)
        while at >= 0:
            starts.append(at)
            at = low.find(word, at + 1)
    if not starts:
        return set()
    ends = list(itertools.accumulate(len(ln) + 1 for ln in lines))  # ends[i]: the offset after line i's "\n"
    return {bisect.bisect_right(ends, at) for at in starts}


def stamp_lines(lines: list[str]) -> set[int] | None:
    """Indexes of the lines :func:`is_stamp` may accept: those holding a word of :data:`_STAMP_WORDS` in
    lower case (the words its own tests look for); ``None``: any line may be (see :func:`lines_with`)."""
    return lines_with(lines, _STAMP_WORDS)


_BARE_PARA_NUMBER = re.compile(r"[-\u00b6]?\s*+\d{1,2}\.\s*")


def is_garbage(line: str) -> bool:
    """Lines of punctuation and digits only (``11111``, ``.----``), but not a bare paragraph number."""
    s = line.strip()
    if not s:
        return False
    if not _GARBAGE.match(s):
        return False
    if _BARE_PARA_NUMBER.fullmatch(s):
        return False
    return s not in ("-", "--")


def is_furniture(line: str, stamp_possible: bool = True) -> bool:
    """True for any line that belongs to the page, not to the message.

    ``stamp_possible=False``: the caller knows the line holds none of the words a stamp needs
    (:func:`stamp_lines`), so :func:`is_stamp` is not asked.
    """
    s = line.strip()
    if not s:
        return False
    c = s[0]
    if c.isalpha():
        # a line that starts with a letter is no sequence line, cablegate footer or garbage
        return (
            is_banner(s)
            or page_header(s) is not None
            or (c in "NB" and bool(_END_MARK.match(s)))
            or (stamp_possible and is_stamp(s))
            or s == "SIPDIS"
            or ("OF" in s and bool(_SECTION_HEAD.match(s)))
        )
    return (
        is_banner(s)
        or page_header(s) is not None
        or is_sequence_line(s)
        or bool(_END_MARK.match(s))
        or (stamp_possible and is_stamp(s))
        or bool(_SIPDIS.match(s))
        or bool(_SECTION_HEAD.match(s))
        or bool(_CABLEGATE_FOOTER.match(s))
        or (is_garbage(s) and s.strip("-") != "")
    )


_TRAILING_BANNER = re.compile(
    r"(?<!\s)\s+(?:TOP\s+SECRET|SECRET|CONFIDENTIAL|LIMITED\s+OFFICIAL\s+USE|UNCLASSIFIED)\s*$"
)


_TRAILING_WORDS = ("SECRET", "CONFIDENTIAL", "USE", "UNCLASSIFIED")


def strip_trailing_banner(line: str) -> str:
    """``... ON DEPFONMIN). CONFIDENTIAL`` -> ``... ON DEPFONMIN).`` (banner glued at a page foot)."""
    return _TRAILING_BANNER.sub("", line)


@dataclass
class Cleaned:
    """Lines with furniture removed; ``breaks`` holds indexes (into ``lines``) where a page ended."""

    lines: list[str]
    breaks: set[int] = field(default_factory=set)
    removed: list[str] = field(default_factory=list)
    stamps: list[str] = field(default_factory=list)  # declassification stamps, a stamp over two lines joined


def _next_nonblank(lines: list[str]) -> list[int]:
    """``out[i]``: the index of the first non-blank line at or after ``i`` (``len(lines)`` if none).

    Computed once from the end, so looking ahead from every line costs one pass, not a slice per line.
    """
    out = [len(lines)] * (len(lines) + 1)
    for i in range(len(lines) - 1, -1, -1):
        out[i] = i if lines[i].strip() else out[i + 1]
    return out


def strip_furniture(lines: list[str]) -> Cleaned:  # noqa: C901  (one pass over the lines, each rule a branch)
    """Remove page furniture from ``lines`` (already normalised).

    A banner glued to the end of a line is removed when the next non-blank
    line is furniture or there is none.  Where a page header was removed,
    the index of the next kept line is recorded in ``breaks``.
    """
    out: list[str] = []
    breaks: set[int] = set()
    removed: list[str] = []
    stamps: list[list[str]] = []  # the lines of each stamp (joined once, at the end)
    last_was_stamp = False
    pending_break = False
    split_next = False
    next_kept = _next_nonblank(lines)
    maybe_stamp = stamp_lines(lines)
    for i, line in enumerate(lines):
        s = line.strip()
        if s and is_furniture(s, maybe_stamp is None or i in maybe_stamp):
            removed.append(s)
            stamp = (maybe_stamp is None or i in maybe_stamp) and is_stamp(s)
            if stamp:
                # a stamp printed over two lines is one marking
                if last_was_stamp and stamps:
                    stamps[-1].append(s)
                else:
                    stamps.append([s])
            last_was_stamp = stamp
            header = page_header(s)
            if header == "":
                split_next = True
            if header is not None or is_banner(s):
                pending_break = True
                # a page break is not a paragraph break: drop the blank lines around it
                while out and not out[-1].strip():
                    out.pop()
            continue
        if s:
            last_was_stamp = False
        if not s and pending_break:
            continue
        if s and split_next and _SPLIT_PAGE_REST.match(s):
            removed.append(s)
            split_next = False
            continue
        if s:
            split_next = False
            if s.endswith(_TRAILING_WORDS) and _TRAILING_BANNER.search(line):
                j = next_kept[i + 1]
                nxt = lines[j].strip() if j < len(lines) else ""
                if not nxt or is_furniture(nxt, maybe_stamp is None or j in maybe_stamp):
                    new = strip_trailing_banner(line)
                    if new.strip():
                        removed.append(line[len(new):].strip())
                        line = new
            if pending_break:
                breaks.add(len(out))
                pending_break = False
        out.append(line)
    return Cleaned(out, breaks, removed, [squeeze(" ".join(x)) for x in stamps])
