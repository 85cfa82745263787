"""The AAD "Message Attributes" block: run-together ``Key: value`` pairs and the review history.

AAD pages print the attribute table flattened, several keys on one line
(``Automatic Decaptioning: X Capture Date: 01 JAN 1994 Channel Indicators: n/a``),
with some keys in bold (``**Review Event:**``) and some values on the next
line.  :func:`split_attributes` splits on a vocabulary of known AAD keys
(longest first) and also keeps unknown Title-Case keys at the start of a
line.  Values are kept exactly as printed (``n/a`` and empty values too).
"""

from __future__ import annotations

import re
from typing import Any

from legation.dates import parse_date
from legation.model import Archive, Review, ReviewEvent
from legation.text import squeeze, strip_accents

AAD_KEYS = (
    "Automatic Decaptioning", "Capture Date", "Channel Indicators", "Current Classification",
    "Current Handling Restrictions", "Concepts", "Control Number", "Copy", "Draft Date", "Decaption Date",
    "Decaption Note", "Disposition Action", "Disposition Approved on Date", "Disposition Authority",
    "Disposition Case Number", "Disposition Comment", "Disposition Date", "Disposition Event",
    "Disposition History", "Disposition Reason", "Disposition Remarks", "Document Number", "Document Source",
    "Document Unique ID", "Drafter", "Enclosure", "Executive Order", "Errors", "Expiration", "Film Number",
    "From", "Format", "Handling Restrictions", "Image Path", "ISecure", "Legacy Key", "Line Count",
    "Litigation Code", "Litigation Comments", "Litigation History", "Locator", "Markings", "Message ID",
    "Office", "Original Classification", "Original Handling Restrictions", "Original Previous Classification",
    "Original Previous Handling Restrictions", "Page Count", "Password", "Previous Channel Indicators",
    "Previous Classification", "Previous Handling Restrictions", "Reference", "Retention", "Review Action",
    "Review Authority", "Review Comment", "Review Content Flags", "Review Date", "Review Event",
    "Review Exemptions", "Review History", "Review Markings", "Review Media Identifier", "Review Referrals",
    "Review Release Date", "Review Release Event", "Review Transfer Date", "Review Withdrawn Fields",
    "SAS ID", "Secure", "Sent Date", "Status", "Subject", "TAGS", "To", "Type", "Message Type",
)

_KEY_RE = re.compile(
    r"(?<![A-Za-z])(?P<key>" + "|".join(re.escape(k) for k in sorted(AAD_KEYS, key=len, reverse=True)) + r")\s*:"
)
_UNKNOWN_KEY = re.compile(r"^(?P<key>[A-Z][a-z]+(?: (?:[A-Z][a-z]*|ID|of|on)){0,4})\s*:")


def split_attributes(block: str) -> dict[str, Any]:
    """Split the attribute block into ``{key: value}``; a key printed twice with different values gives a list."""
    text = block.replace("**", "").replace("\r", "")
    # find key positions: known keys anywhere, unknown Title-Case keys at line starts
    hits: list[tuple[int, int, str]] = []
    for m in _KEY_RE.finditer(text):
        hits.append((m.start(), m.end(), m["key"]))
    pos = 0
    for line in text.split("\n"):
        stripped = line.lstrip()
        lead = len(line) - len(stripped)
        mu = _UNKNOWN_KEY.match(stripped)
        if mu and not any(h[0] == pos + lead for h in hits):
            hits.append((pos + lead, pos + lead + mu.end(), mu["key"]))
        pos += len(line) + 1
    hits.sort()
    out: dict[str, Any] = {}
    for i, (_start, end, key) in enumerate(hits):
        stop = hits[i + 1][0] if i + 1 < len(hits) else len(text)
        value = squeeze(text[end:stop])
        if key in out:
            prev = out[key]
            vals = prev if isinstance(prev, list) else [prev]
            if value not in vals:
                out[key] = [*vals, value]
        else:
            out[key] = value
    return out


def first(attrs: dict[str, Any], key: str) -> str:
    """The value of ``key`` as printed (the first one when the key is repeated), ``""`` when absent."""
    v = attrs.get(key, "")
    if isinstance(v, list):
        v = v[0] if v else ""
    return str(v)


def present(value: str) -> str:
    """``n/a``/``N/A``/empty -> ``""``; anything else as is."""
    return "" if value.strip().lower() in {"", "n/a", "na", "none"} else value.strip()


def value_of(attrs: dict[str, Any], key: str) -> str:
    """The value of ``key`` when it says something (``n/a`` and empty give ``""``)."""
    return present(first(attrs, key))


def iso_date(printed: str) -> str:
    iso, prec = parse_date(strip_accents(printed))
    return iso if prec == "day" else ""


def archive_from_attributes(attrs: dict[str, Any]) -> Archive:
    arc = Archive()
    arc.film_number = value_of(attrs, "Film Number")
    arc.legacy_key = value_of(attrs, "Legacy Key")
    arc.document_number = value_of(attrs, "Document Number")
    lc = value_of(attrs, "Line Count")
    arc.line_count = int(lc) if lc.isdigit() else None
    pc = value_of(attrs, "Page Count")
    arc.page_count = int(pc) if pc.isdigit() else None
    arc.locator = value_of(attrs, "Locator")
    arc.office = value_of(attrs, "Office")
    arc.document_source = value_of(attrs, "Document Source")
    arc.capture_date = iso_date(value_of(attrs, "Capture Date"))
    if arc.film_number or arc.legacy_key or arc.document_number:
        arc.repository = "NARA AAD, Central Foreign Policy Files"
    draft = iso_date(value_of(attrs, "Draft Date"))
    if draft:
        arc.extra["draft_date"] = draft
    uid = value_of(attrs, "Document Unique ID")
    if uid:
        arc.extra["document_unique_id"] = uid
    return arc


_HISTORY = re.compile(r"(?P<action>[A-Z][A-Z ]{0,60}?)\s*<\s*(?P<date>[^<>]{0,60}?)\s+by\s+(?P<by>[^<>]{1,80}?)\s*>")


def review_from_attributes(attrs: dict[str, Any]) -> Review:
    """Review and disposition history: ``RELEASED <10 MAY 2004 by ElyME>; APPROVED <11 MAY 2004 by GolinoFR>``."""
    rev = Review()
    history = value_of(attrs, "Review History")
    for m in _HISTORY.finditer(history):
        rev.events.append(ReviewEvent(action=m["action"].strip(), date=iso_date(m["date"]), by=m["by"].strip(),
                                      stage="review"))
    disp_action = value_of(attrs, "Disposition Action")
    disp_hist = value_of(attrs, "Disposition History")
    disp_comment = value_of(attrs, "Disposition Comment")
    disp_auth = value_of(attrs, "Disposition Authority")
    found_disp = False
    for m in _HISTORY.finditer(disp_hist):
        rev.events.append(ReviewEvent(action=m["action"].strip(), date=iso_date(m["date"]), by=m["by"].strip(),
                                      stage="disposition", comment=disp_comment))
        found_disp = True
    if disp_action and not found_disp:
        rev.events.append(ReviewEvent(action=disp_action, date=iso_date(value_of(attrs, "Disposition Date")),
                                      by=disp_auth, stage="disposition", comment=disp_comment))
    if not rev.events:
        action = value_of(attrs, "Review Action")
        date = iso_date(value_of(attrs, "Review Date"))
        if action:
            for a in [x.strip() for x in action.split(",") if x.strip()]:
                rev.events.append(ReviewEvent(action=a, date=date, stage="review"))
    rev.authority = value_of(attrs, "Review Authority") or disp_auth
    rev.comment = value_of(attrs, "Review Comment") or disp_comment
    rev.release_date = iso_date(value_of(attrs, "Review Release Date"))
    seen: set[str] = set()
    for key in ("Markings", "Review Markings"):
        v = value_of(attrs, key)
        if v and strip_accents(v) not in seen:
            seen.add(strip_accents(v))
            rev.markings.append(v)
    return rev


def tag_persons(tags_value: str) -> list[str]:
    """Parenthesised person tags: ``PFOR, US, JA, (MIYAZAWA, KIICHI), (ARITA)`` -> the names."""
    return [squeeze(p) for p in re.findall(r"\(([^()]+)\)", tags_value) if squeeze(p)]


def split_list(value: str) -> list[str]:
    """``FOREIGN RELATIONS, DIPLOMATIC DISCUSSIONS`` -> two items; ``n/a`` -> []."""
    v = present(value)
    return [squeeze(x) for x in v.split(",") if squeeze(x)] if v else []
