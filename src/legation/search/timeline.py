"""The search page's timeline: records per year, zoomed to the months of one year, and date-range edits.

The timeline reads the query's top-level date clauses (:func:`legation.search.edits.date_scope`):
when they fall within one year it shows that year's twelve months, else every year.  A bar's
link sets the query's date clause to the bar (a year zooms to its months; a month narrows to
it; the bar already chosen zooms back out), and a range replaces the date clauses with
``date:START..END``: every link is the query with its date clauses edited on the AST, so
every other clause is kept as it was.  Counts come from the ``year`` and ``month`` facets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from legation.query import Node, to_text
from legation.search.edits import date_node, date_scope, set_dates

MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: Year spans longer than this are drawn without the empty years between.
MAX_GAP_FILL = 120


@dataclass
class Bar:
    value: str  # the bar's date as a query value: 1977 or 1977-09
    label: str  # 1977 or Sep
    count: int
    level: int = 0  # 0..20, the height in twentieths of the tallest bar
    active: bool = False  # inside the query's date scope
    query: str = ""  # the query the bar's link searches


@dataclass
class Timeline:
    level: Literal["year", "month"]
    bars: list[Bar] = field(default_factory=list)
    year: int | None = None  # the zoomed year (month level)
    undated: int = 0  # records of the zoomed year dated to the year only (in no month bar)
    out_query: str = ""  # zoom out: the query without date clauses (month level)
    clear_query: str = ""  # the query without its date clauses ("" when it has none)
    start: str = ""  # the scope as range-form values (1975, 1977-03), or ""
    end: str = ""


def zoom_year(ast: Node) -> int | None:
    """The one year the query's date clauses fall within, else ``None``."""
    start, end = date_scope(ast)
    if start and end and start[:4] == end[:4]:
        return int(start[:4])
    return None


def _levels(bars: list[Bar]) -> None:
    top = max((b.count for b in bars), default=0) or 1
    for b in bars:
        b.level = 0 if b.count == 0 else max(1, round(20 * b.count / top))


def _within(value: str, start: str, end: str) -> bool:
    """Does the bar ``value`` (1977 / 1977-09) lie inside the scope [start, end] (ISO days, open ends)?"""
    first, last = date_node(value).start, date_node(value).end
    return bool(start or end) and (not start or first >= start) and (not end or last <= end)


def year_timeline(ast: Node, counts: dict[int, int]) -> Timeline:
    """Every year of ``counts`` (gaps as 0 when the span is short); a bar's link zooms to its year."""
    start, end = date_scope(ast)
    years = sorted(counts)
    if years and years[-1] - years[0] <= MAX_GAP_FILL:
        years = list(range(years[0], years[-1] + 1))
    bars = [Bar(str(y), str(y), counts.get(y, 0)) for y in years]
    for b in bars:
        b.active = _within(b.value, start, end)
        b.query = to_text(set_dates(ast, date_node(b.value)))
    _levels(bars)
    first, last = _value(start, end)
    return Timeline("year", bars, clear_query=_clear(ast), start=first, end=last)


def month_timeline(ast: Node, year: int, months: dict[str, int], year_total: int) -> Timeline:
    """The twelve months of ``year``; a month's link narrows to it, the chosen month's link back to the year."""
    start, end = date_scope(ast)
    bars = [Bar(f"{year}-{m:02d}", MONTH_NAMES[m - 1], months.get(f"{year}-{m:02d}", 0)) for m in range(1, 13)]
    whole_year = date_node(str(year))
    for b in bars:
        node = date_node(b.value)
        b.active = _within(b.value, start, end) and (start, end) != (whole_year.start, whole_year.end)
        chosen = (node.start, node.end) == (start, end)
        b.query = to_text(set_dates(ast, whole_year if chosen else node))
    _levels(bars)
    undated = max(0, year_total - sum(months.values()))
    first, last = _value(start, end)
    return Timeline("month", bars, year=year, undated=undated, out_query=_clear(ast), clear_query=_clear(ast),
                    start=first, end=last)


def _clear(ast: Node) -> str:
    return to_text(set_dates(ast, None))


def _value(start: str, end: str) -> tuple[str, str]:
    """The scope as range-form values: whole years as 1977, whole months as 1977-09, else the day."""
    def one(day: str, first: bool) -> str:
        if not day:
            return ""
        y, m, d = day[:4], day[5:7], day[8:10]
        if first and m == "01" and d == "01":
            return y
        if not first and m == "12" and d == "31":
            return y
        node = date_node(day[:7])
        if (first and day == node.start) or (not first and day == node.end):
            return day[:7]
        return day
    return one(start, True), one(end, False)


def range_query(ast: Node, start: str, end: str) -> str:
    """The query with its date clauses replaced by ``date:START..END`` (swapped if given backwards; both empty:
    removed).  Raises :class:`~legation.errors.QueryError` for a value that is not a date."""
    start, end = start.strip(), end.strip()
    if not start and not end:
        return _clear(ast)
    if start and end and date_node(start).start > date_node(end).end:
        start, end = end, start
    return to_text(set_dates(ast, date_node(start if start == end else f"{start}..{end}")))


__all__ = ["Bar", "Timeline", "month_timeline", "range_query", "year_timeline", "zoom_year"]
