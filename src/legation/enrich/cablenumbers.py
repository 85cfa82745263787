"""Enrich pass ``cable-number``: what a History Lab cable's CFPF document number tells, marked as derived.

History Lab's annotated bodies print no header: no FM line, no date, no subject
line in most of them.  The document number (``1977TOKYO13557``, from the file
name) does say which post sent the cable and in which year, and a few bodies
date themselves (``CALLED THIS MORNING (JAN 27)``).  This pass fills only
fields the record leaves empty, and says how each was found:

- ``from``: the post of the number's abbreviation (:func:`legation.cableids.post_of_number`);
- ``title``: ``Telegram 1977TOKYO13557 from Tokyo`` when the text has no subject line;
- ``date``: the day a body names for "today" / "this morning" (``(JAN 27)``), in the number's year.

``attributes['derived']`` maps each filled field to where it came from, and one
warning says it; the citation leaves a derived title out.  Idempotent: a
record that already has ``attributes['derived']`` is left as it is.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from legation.cableids import Post, post_of_number
from legation.clean.registry import enrich_pass
from legation.dates import MONTHS
from legation.model import Address, Record

#: Words kept in capitals when a post is written in title case.
_ACRONYMS = frozenset({"OECD", "EC", "USUN", "NATO", "USNATO", "IAEA", "USEU", "MBFR", "SALT", "USBERLIN"})
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
# "THIS MORNING (JAN 27)", "TODAY (SEPTEMBER 3)", "YESTERDAY, JANUARY 5": the day the cable was written
_SELF_DATE = re.compile(
    rf"\b(?P<when>TODAY|TONIGHT|THIS\s+(?:MORNING|AFTERNOON|EVENING)|YESTERDAY)\s*[(,]\s*"
    rf"(?:ON\s+)?(?P<mon>{_MONTH})\.?\s+(?P<day>\d{{1,2}})\b\)?")


def post_title(post: str) -> str:
    """``NEW DELHI`` -> ``New Delhi``; ``OECD PARIS`` -> ``OECD Paris``."""
    return " ".join(w if w in _ACRONYMS else w.capitalize() for w in post.split())


def derived_title(number: str, post: Post) -> str:
    return f"Telegram {number} from {post_title(post.post)}"


def self_date(text: str, year: int) -> tuple[str, str] | None:
    """(ISO day, the words that gave it) when the text dates itself, in ``year``; else ``None``."""
    m = _SELF_DATE.search(text)
    if not m:
        return None
    try:
        day = date(year, MONTHS[m["mon"]], int(m["day"]))
    except ValueError:
        return None
    if m["when"] == "YESTERDAY":
        day += timedelta(days=1)
        if day.year != year:
            return None
    return day.isoformat(), " ".join(m.group().split())


def _number(record: Record) -> str:
    return record.archive.document_number or record.id


@enrich_pass("cable-number", order=5, collections=("historylab",))
def cable_number(record: Record) -> Record:
    """From, title and date of a History Lab cable from its CFPF number and its text, marked as derived."""
    if "derived" in record.attributes:
        return record
    number = _number(record)
    post = post_of_number(number)
    if post is None:
        return record
    derived: dict[str, str] = {}
    sender = record.from_
    if sender is None:
        sender = Address(name=post.originator, post=post.post, kind=post.kind)
        derived["from"] = f"the document number {number} (post abbreviation {post.code})"
    title = record.title
    if not title and not record.subject:
        title = derived_title(number, post)
        derived["title"] = f"made from the document number {number}; the text prints no subject line"
    when, precision = record.date, record.date_precision
    if precision in ("year", "") and (found := self_date(record.text, int(number[:4]))) is not None:
        when, precision = found[0], "day"
        derived["date"] = f"the text: {found[1]!r} (year from the document number {number})"
    elif precision == "year":
        derived["date"] = f"the year of the document number {number}; the text gives no day"
    if not derived:
        return record
    record.from_, record.title, record.date, record.date_precision = sender, title, when, precision
    record.attributes = {**record.attributes, "derived": derived}
    record.warnings = [*record.warnings, "derived from the document number and the text, not printed as fields: "
                       + ", ".join(derived)]
    return record


__all__ = ["cable_number", "derived_title", "post_title", "self_date"]
