"""References read from a record's text: REFTEL / REF A linked to the REF entries, SEPTEL, prose citations.

``text_references(record, refs)`` gives the new references only (the caller
merges them); ``refs`` are the record's references read so far (its REF
line), which ``REFTEL`` and ``REF B`` point into: such a mention is added to
the target's ``mentions`` (``paragraph 2: REFTEL``), not made a second
reference.  A prose citation of a cable not in ``refs`` is a new reference
of kind ``text`` whose ``source`` says where it was read (``text:paragraph
3``, or ``text`` for an unnumbered block).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from legation.cableids import MULTIWORD_POSTS, canonical_cable_id
from legation.formats.telegram.references import canonical_origin
from legation.model import Record, Reference

CABLE_COLLECTIONS = frozenset(["aad", "cablegate", "historylab"])
# REFTEL, REFTELS A AND B, REF A, REFS A-C, (REF B), REF TEL A
REFTEL_PLAIN = (r"(?i)\b(?P<word>REF\s?TELS?|REFS?\.?|REFERENCES?)"
                r"(?P<letters>(?:\s*(?:,|AND|&|-|/)?\s*\(?[A-Z]\)?(?![A-Za-z0-9]))*)")
# REFTEL_PLAIN with the word's first letter outside the IGNORECASE group and ``\b`` as a look-behind after
# it: the same matches (R is a word character, so ``\b`` before it is "no word character before it"), but
# the engine skips to the next R or r instead of trying every position.
_REFTEL = re.compile(r"(?P<word>[Rr](?<!\w[Rr])(?i:EF\s?TELS?|EFS?\.?|EFERENCES?))"
                     r"(?P<letters>(?i:\s*(?:,|AND|&|-|/)?\s*\(?[A-Z]\)?(?![A-Za-z0-9]))*)")
_LETTER = re.compile(r"(?<![A-Za-z])([A-Z])(?![A-Za-z])")
_SEPTEL = re.compile(r"\bSEPTELS?\b", re.IGNORECASE)
# a post and a serial in prose: "STATE 123456", "76 TOKYO 12490", "Tokyo 12490".  Serials are found first
# (digits are rarer than words), then the words before each are matched against the record's posts.
# ``(?<=\s)\d{3,7}`` written with the look-behind after the first digit: the same matches, but a pattern
# that opens with ``\d`` lets the engine skip to the next digit instead of trying every position.
SERIAL_PLAIN = r"(?<=\s)\d{3,7}(?!\d)(?![\w/:.,]\d|\s*(?:Z\b|OF\s+\d|[-/]\d))"
_SERIAL = re.compile(r"\d(?<=\s\d)\d{2,6}(?!\d)(?![\w/:.,]\d|\s*(?:Z\b|OF\s+\d|[-/]\d))")


@lru_cache(maxsize=512)
def _post_before(posts: frozenset[str]) -> re.Pattern[str]:
    """``[YY ]POST `` at the end of a window, for these posts (spaced spellings included)."""
    names = {n for p in posts for n in (p, MULTIWORD_POSTS.get(p, p))}
    alternation = "|".join(r"\s+".join(map(re.escape, n.split())) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w/.-])(?:(?P<y>\d{{2}})\s+)?(?P<post>{alternation})\s+$", re.IGNORECASE)


@lru_cache(maxsize=512)
def _first_words(posts: frozenset[str]) -> tuple[str, ...] | None:
    """The first word (upper case) of every name :func:`_post_before` looks for; ``None`` if a name is not
    ASCII (then the substring test below could miss a case-insensitive match, and is not used)."""
    names = {n for p in posts for n in (p, MULTIWORD_POSTS.get(p, p))}
    if not all(n.isascii() for n in names):
        return None
    return tuple(sorted({n.split()[0].upper() for n in names if n.split()}))


def _may_name_post(window: str, firsts: tuple[str, ...] | None) -> bool:
    """False only when ``window`` cannot hold a post :func:`_post_before` matches: an ASCII window (where
    IGNORECASE is upper-casing) without the first word of any name.  A cheap test before the regex."""
    if firsts is None or not window.isascii():
        return True
    up = window.upper()
    return any(f in up for f in firsts)


_NOT_CITE_BEFORE = re.compile(r"(?:\bOF|\bPAGE\s+\d+|\bPARAS?|\bSECTION|\bNO\.?|\bNUMBER|\bRES(?:OLUTION)?)\s*$",
                              re.IGNORECASE)


def _blocks(record: Record) -> Iterator[tuple[str, str]]:
    for block in record.body:
        if block.text:
            yield (f"text:paragraph {block.n}" if block.n is not None else "text"), block.text
    if not record.body and record.text:
        yield "text", record.text


def text_references(record: Record, refs: list[Reference]) -> list[Reference]:
    """REFTEL / REF A / SEPTEL mentions and prose citations in ``record``'s text (see the module doc)."""
    if record.kind != "telegram" and record.collection not in CABLE_COLLECTIONS:
        return []  # prose citations are read in cables only (a FRUS note or a test file is not a cable)
    lettered = {r.letter: r for r in refs if r.letter and r.kind in ("ref", "")}
    cables = [r for r in refs if r.kind in ("ref", "") and r.id]
    posts = frozenset(_known_posts(record, refs))
    out: list[Reference] = []
    septel = False
    # one look-up table for the whole record: a citation found is added to it as it is added to ``out``
    by_id = {r.id: r for r in refs if r.id}
    for where, text in _blocks(record):
        if "REF" in text or "ref" in text or "Ref" in text:  # the regex only where it can match (cheap)
            _reftels(text, where, lettered, cables)
        if not septel and ("SEPTEL" in text or "eptel" in text) and _SEPTEL.search(text):
            septel = True
            out.append(Reference(label="SEPTEL", kind="septel", source=where))
        for cite in _prose(text, where, posts, record):
            known = by_id.get(cite.id)
            if known is not None:
                if known.kind != "text":  # a prose citation is not a mention of itself (idempotence)
                    _mention(known, where, cite.label)
            else:
                out.append(cite)
                by_id[cite.id] = cite
    return out


def _mention(ref: Reference, where: str, label: str) -> None:
    text = f"{where.removeprefix('text:').removeprefix('text').split('+')[0] or 'text'}: {label}"
    if text not in ref.mentions:
        ref.mentions.append(text)


def _reftels(text: str, where: str, lettered: dict[str, Reference], cables: list[Reference]) -> None:
    for m in _REFTEL.finditer(text):
        word = m["word"].upper().replace(" ", "").rstrip(".")
        letters = _LETTER.findall(m["letters"] or "")
        if "-" in (m["letters"] or "") and len(letters) == 2:
            letters = [chr(c) for c in range(ord(letters[0]), ord(letters[1]) + 1)]
        if letters:
            targets = [lettered[x] for x in letters if x in lettered]
        elif word.startswith("REFTEL") and (len(cables) == 1 or (word.endswith("S") and cables)):
            targets = cables  # "reftel" with one REF entry, "reftels" for all of them
        else:
            continue
        for t in targets:
            _mention(t, where, m.group(0).strip())


def _known_posts(record: Record, refs: list[Reference]) -> set[str]:
    """Posts a prose citation may name: STATE, the record's own posts, the posts of its REF line."""
    posts = {"STATE", "SECSTATE", "DEPTEL"}
    for addr in [record.from_, *record.to, *record.info]:
        if addr is not None and addr.post and addr.post not in ("WASHINGTON", "WASHDC"):
            posts.add(canonical_origin(addr.post))
    for r in refs:
        m = re.match(r"^\s*(?:\d{2,4}\s+)?([A-Za-z][A-Za-z .\-]*?)\s+\d", r.label)
        if m and r.kind in ("ref", "repeat"):
            posts.add(canonical_origin(m[1]))
    return {p for p in posts if len(p) >= 4}


def _prose(text: str, where: str, key: frozenset[str], record: Record) -> Iterator[Reference]:
    firsts = _first_words(key)
    before: re.Pattern[str] | None = None  # compiled (or found in the cache) only when a window may need it
    for d in _SERIAL.finditer(text):
        start = max(0, d.start() - 48)
        if not _may_name_post(text[start:d.start()], firsts):
            continue
        if before is None:
            before = _post_before(key)
        m = before.search(text, start, d.start())
        if m is None or not m["post"][0].isupper() or _NOT_CITE_BEFORE.search(text[max(0, m.start() - 20):m.start()]):
            continue
        post = canonical_origin(m["post"])
        serial = int(d.group(0))
        if len(d.group(0)) == 4 and 1940 <= serial <= 2030 and not m["y"]:
            continue  # "TOKYO 1976": a year, not a serial
        year = (2000 + int(m["y"]) if int(m["y"]) < 40 else 1900 + int(m["y"])) if m["y"] else record.year
        rid = canonical_cable_id(year, post, serial) if year else ""
        label = " ".join(text[m.start():d.end()].split())
        yield Reference(label=label, id=rid, kind="text", year=m["y"] or "",
                        source=where + ("" if m["y"] else "+year:record-date"))
