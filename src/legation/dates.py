"""Dates as diplomatic records print them, turned into ISO strings with a precision."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from legation.model import DatePrecision

MONTHS = {
    "JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6,
    "JUL": 7, "AUG": 8, "SEP": 9, "SEPT": 9, "OCT": 10, "NOV": 11, "DEC": 12,
    "JANUARY": 1, "FEBRUARY": 2, "MARCH": 3, "APRIL": 4, "JUNE": 6, "JULY": 7,
    "AUGUST": 8, "SEPTEMBER": 9, "OCTOBER": 10, "NOVEMBER": 11, "DECEMBER": 12,
}

_DTG = re.compile(r"\b(?P<day>\d{2})(?P<hh>\d{2})(?P<mm>\d{2})Z\s+(?P<mon>[A-Z]{3})\s+(?P<yy>\d{2}|\d{4})\b")


def expand_year(yy: str) -> int:
    """Two-digit years: 00-45 are 2000s, 46-99 are 1900s (cables run 1946-2010)."""
    y = int(yy)
    if len(yy) == 4:
        return y
    return 2000 + y if y <= 45 else 1900 + y


def parse_dtg(text: str) -> tuple[str, str] | None:
    """A date-time group like ``240727Z AUG 76`` -> (``1976-08-24``, ``1976-08-24T07:27:00Z``)."""
    m = _DTG.search(text.upper())
    if not m:
        return None
    mon = MONTHS.get(m["mon"])
    if not mon:
        return None
    try:
        dt = datetime(expand_year(m["yy"]), mon, int(m["day"]), int(m["hh"]), int(m["mm"]), tzinfo=UTC)
    except ValueError:
        return None
    return dt.date().isoformat(), dt.strftime("%Y-%m-%dT%H:%M:00Z")


_DMY = re.compile(r"\b(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4}|\d{2})\b")
_MDY = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})\b")
_MY = re.compile(r"\b([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_US = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_YEAR = re.compile(r"\b(1[89]\d\d|20[0-4]\d)\b")


def _mk(y: int, m: int, d: int) -> str | None:
    try:
        return datetime(y, m, d).date().isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> tuple[str, str]:
    """Free-text date -> (ISO date, precision); ``("", "")`` when none is found.

    Reads ``24 AUG 1976``, ``October 9, 1973``, ``9 October 1973``,
    ``1973-10-09``, ``08/24/1976``, ``November 1967`` (month) and ``1949`` (year).
    """
    if not text:
        return "", ""
    m = _ISO.search(text)
    if m:
        iso = _mk(int(m[1]), int(m[2]), int(m[3]))
        if iso:
            return iso, "day"
    m = _DMY.search(text)
    if m and m[2].upper() in MONTHS:
        iso = _mk(expand_year(m[3]), MONTHS[m[2].upper()], int(m[1]))
        if iso:
            return iso, "day"
    m = _MDY.search(text)
    if m and m[1].upper() in MONTHS:
        iso = _mk(int(m[3]), MONTHS[m[1].upper()], int(m[2]))
        if iso:
            return iso, "day"
    m = _US.search(text)
    if m:
        iso = _mk(int(m[3]), int(m[1]), int(m[2]))
        if iso:
            return iso, "day"
    m = _MY.search(text)
    if m and m[1].upper() in MONTHS:
        return f"{int(m[2]):04d}-{MONTHS[m[1].upper()]:02d}", "month"
    m = _YEAR.search(text)
    if m:
        return m[1], "year"
    return "", ""


def as_precision(value: str) -> DatePrecision:
    """A precision word from :func:`parse_date` as the model's literal type."""
    if value == "day":
        return "day"
    if value == "month":
        return "month"
    if value == "year":
        return "year"
    return ""
