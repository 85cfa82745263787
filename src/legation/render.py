"""Plain-text renderings for the terminal: a record's header, search hits, stats, check tables."""

from __future__ import annotations

from typing import Any

from legation.check import COVERAGE_FIELDS, CheckReport
from legation.model import Address, Record


def _addr(a: Address) -> str:
    s = a.name
    if a.sequence:
        s += f" ({a.sequence})"
    return s


def record_summary(rec: Record) -> str:
    rows: list[tuple[str, str]] = [
        ("id", rec.id),
        ("collection", f"{rec.collection} / {rec.kind}"),
        ("title" if rec.title else "subject", rec.title or rec.subject),
        ("date", rec.datetime or rec.date),
    ]
    if rec.from_:
        rows.append(("from", _addr(rec.from_)))
    if rec.to:
        rows.append(("to", "; ".join(_addr(a) for a in rec.to)))
    if rec.info:
        rows.append(("info", "; ".join(_addr(a) for a in rec.info)))
    c = rec.classification
    if c.original or c.current:
        rows.append(("classification", " / ".join(x for x in (
            c.original and f"original {c.original}", c.current and f"now {c.current}") if x)))
    if rec.tags:
        rows.append(("tags", ", ".join(rec.tags)))
    if rec.references:
        rows.append(("references", "; ".join(r.label + (f" [{r.id}]" if r.id else "") for r in rec.references)))
    if rec.participants:
        rows.append(("participants", "; ".join(p.name for p in rec.participants)))
    if rec.citation:
        rows.append(("citation", rec.citation))
    if rec.archive.film_number:
        rows.append(("film", rec.archive.film_number))
    if rec.sources:
        rows.append(("sources", "; ".join(f"{s.format}: {s.path}" for s in rec.sources)))
    width = max(len(k) for k, _ in rows)
    head = "\n".join(f"{k:>{width}}  {v}" for k, v in rows if v)
    return f"{head}\n\n{rec.text}"


def search_lines(query: str, result: Any) -> str:
    data = result.to_dict()
    what = data.get("description") or repr(query)
    lines = [f"{data.get('total', 0)} records match {what}"]
    for i, hit in enumerate(data.get("hits", []), start=1 + int(data.get("offset", 0))):
        title = hit.get("title") or hit.get("id")
        lines.append(f"{i:>3}. {hit.get('id')}  {hit.get('date', '')}  {title}")
        snippet = " ".join((hit.get("snippet") or "").split())
        if snippet:
            lines.append(f"     {snippet}")
    for name, values in (data.get("facets") or {}).items():
        if values:
            lines.append(f"  {name}: " + ", ".join(f"{v} ({n})" for v, n in values))
    return "\n".join(lines)


def stats_lines(data: dict[str, Any]) -> str:
    lines = [f"catalogue {data.get('catalogue')}: {data.get('records', 0)} records, "
             f"{data.get('sources', 0)} source files"]
    for key in ("collections", "kinds", "years"):
        part = data.get(key) or {}
        if part:
            lines.append(f"  {key}: " + ", ".join(f"{k} {v}" for k, v in part.items()))
    if data.get("min_date"):
        lines.append(f"  dates: {data.get('min_date')} .. {data.get('max_date')}")
    idx = data.get("index") or {}
    lines.append(f"  index {idx.get('path')}: at change {idx.get('last_seq')} of {idx.get('catalogue_seq')}")
    return "\n".join(lines)


def check_lines(report: CheckReport) -> str:
    names = list(COVERAGE_FIELDS)
    header = f"{'format':16} {'files':>6} {'records':>8} {'failed':>7} {'warn':>5}  " + " ".join(f"{n[:7]:>7}" for n in names)
    lines = [header, "-" * len(header)]
    for fmt, fc in sorted(report.by_format.items()):
        cov = fc.coverage()
        lines.append(f"{fmt:16} {fc.files:>6} {fc.records:>8} {len(fc.failures):>7} {fc.warnings:>5}  "
                     + " ".join(f"{cov[n] * 100:>6.0f}%" for n in names))
    if report.skipped:
        lines.append(f"skipped {len(report.skipped)} files (README, LICENSE, dotfiles, .legationignore)")
    for path, reason in report.failures:
        lines.append(f"FAILED {reason if path in reason else f'{path}: {reason}'}")
    return "\n".join(lines)
