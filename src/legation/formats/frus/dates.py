"""TEI date values (``@when``, ``@notBefore``/``@notAfter``, ``frus:doc-dateTime-min/max``)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

_WHEN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?)?)?$")


def parse_when(value: str) -> tuple[str, str, str]:
    """TEI date value -> (ISO date, ISO UTC datetime or '', precision)."""
    m = _WHEN.match(value.strip())
    if not m:
        return "", "", ""
    y, mo, d, t, tz = m.groups()
    if not mo:
        return y, "", "year"
    if not d:
        return f"{y}-{mo}", "", "month"
    date = f"{y}-{mo}-{d}"
    if t and tz:
        try:
            dt = datetime.fromisoformat(f"{date}{t}{'+00:00' if tz == 'Z' else tz}")
        except ValueError:
            return date, "", "day"
        return date, dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), "day"
    return date, "", "day"


def range_date(lo: str, hi: str) -> tuple[str, str, str]:
    d1, t1, p1 = parse_when(lo)
    d2, t2, _ = parse_when(hi) if hi else (d1, t1, p1)
    if not d1:
        return "", "", ""
    if d1 == d2:
        return d1, (t1 if t1 and t1 == t2 and lo == hi else ""), p1
    if d1[:7] == d2[:7] and len(d1) >= 7:
        return d1[:7], "", "month"
    if d1[:4] == d2[:4]:
        return d1[:4], "", "year"
    return "", "", ""
