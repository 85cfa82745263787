"""``legation check``: parse without storing, report failures, warnings and field coverage.

With ``--profile`` it also shows where the time went: per format (files,
records, seconds) and per pipeline step (``parse``, each Clean and Enrich
pass, ``finish``), added up from each file's :attr:`Parsed.timings
<legation.ingest.pipeline.Parsed.timings>` (:func:`profile`, :func:`profile_lines`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from legation.ingest.budget import Budgets, parse_with_budget
from legation.ingest.inputs import Skipped, Unreadable, iter_inputs
from legation.model import Record

# Field -> test of whether a record has it.  The names are those of the coverage table.
COVERAGE_FIELDS: dict[str, Callable[[Record], bool]] = {
    "date": lambda r: bool(r.date),
    "from": lambda r: r.from_ is not None and bool(r.from_.name or r.from_.post),
    "to": lambda r: bool(r.to),
    "subject": lambda r: bool(r.subject or r.title),
    "tags": lambda r: bool(r.tags),
    "classification": lambda r: bool(r.classification.original or r.classification.current),
    "body": lambda r: bool(r.body) and any(b.text.strip() for b in r.body),
    "references": lambda r: bool(r.references),
    "people": lambda r: bool(r.participants or r.tag_persons
                             or any(e.type == "PERSON" for e in r.entities)),
}


@dataclass
class FormatCheck:
    files: int = 0
    records: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    warnings: int = 0
    have: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COVERAGE_FIELDS, 0))

    def coverage(self) -> dict[str, float]:
        return {k: (v / self.records if self.records else 0.0) for k, v in self.have.items()}


@dataclass
class CheckReport:
    by_format: dict[str, FormatCheck] = field(default_factory=dict)
    failures: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    #: format -> pipeline step (``parse``, ``clean:<pass>``, ``enrich:<pass>``, ``finish``) -> seconds
    timings: dict[str, dict[str, float]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failures

    def add_timings(self, fmt: str, timings: dict[str, float]) -> None:
        mine = self.timings.setdefault(fmt, {})
        for step, seconds in timings.items():
            mine[step] = mine.get(step, 0.0) + seconds

    def add_record(self, fmt: str, rec: Record) -> None:
        fc = self.by_format.setdefault(fmt, FormatCheck())
        fc.records += 1
        fc.warnings += len(rec.warnings)
        for name, test in COVERAGE_FIELDS.items():
            if test(rec):
                fc.have[name] += 1

    def to_dict(self, *, with_profile: bool = False) -> dict[str, Any]:
        """The report as JSON; ``with_profile`` adds :func:`profile` (seconds vary from run to run)."""
        out: dict[str, Any] = {
            "ok": self.ok,
            "formats": {
                name: {"files": fc.files, "records": fc.records, "warnings": fc.warnings,
                       "failures": [{"path": p, "reason": r} for p, r in fc.failures],
                       "coverage": {k: round(v, 4) for k, v in fc.coverage().items()}}
                for name, fc in sorted(self.by_format.items())
            },
            "failures": [{"path": p, "reason": r} for p, r in self.failures],
            "skipped": [{"path": p, "reason": r} for p, r in self.skipped],
        }
        if with_profile:
            out["profile"] = profile(self)
        return out


def check_items(items: Iterable[Any], *, fmt: str | None = None,
                progress: Callable[[str], None] | None = None, budgets: Budgets | None = None) -> CheckReport:
    report = CheckReport()
    for item in items:
        if isinstance(item, Skipped):
            report.skipped.append((item.path, item.reason))
            continue
        if isinstance(item, Unreadable):
            report.failures.append((item.path, item.reason))
            continue
        if progress:
            progress(item.path)
        parsed = parse_with_budget(item, fmt, budgets)
        name = parsed.format or "(undetected)"
        fc = report.by_format.setdefault(name, FormatCheck())
        fc.files += 1
        report.add_timings(name, parsed.timings)
        if not parsed.ok:
            fc.failures.append((parsed.path, parsed.error))
            report.failures.append((parsed.path, parsed.error))
            continue
        for rec in parsed.records:
            report.add_record(name, rec)
    return report


def check_paths(paths: Sequence[str], *, fmt: str | None = None,
                progress: Callable[[str], None] | None = None, ignore: Sequence[str] = (),
                budgets: Budgets | None = None, follow_symlinks: bool = False) -> CheckReport:
    items = iter_inputs(paths, ignore=ignore, budgets=budgets, follow_symlinks=follow_symlinks)
    return check_items(items, fmt=fmt, progress=progress, budgets=budgets)


# -- profile -------------------------------------------------------------------------------------

def profile(report: CheckReport) -> dict[str, Any]:
    """Seconds per format (all steps of its files) and per step (over every format), slowest first."""
    formats: list[dict[str, Any]] = []
    steps: dict[str, float] = {}
    for fmt, timings in report.timings.items():
        fc = report.by_format.get(fmt, FormatCheck())
        formats.append({"format": fmt, "files": fc.files, "records": fc.records,
                        "seconds": round(sum(timings.values()), 6), "parse_seconds": round(timings.get("parse", 0.0), 6),
                        "steps": {step: round(sec, 6) for step, sec in sorted(timings.items())}})
        for step, seconds in timings.items():
            steps[step] = steps.get(step, 0.0) + seconds
    total = sum(steps.values())
    return {
        "seconds": round(total, 6),
        "formats": sorted(formats, key=lambda f: (-f["seconds"], f["format"])),
        "steps": [{"step": step, "seconds": round(sec, 6), "share": round(sec / total, 4) if total else 0.0}
                  for step, sec in sorted(steps.items(), key=lambda kv: (-kv[1], kv[0]))],
    }


def profile_lines(report: CheckReport) -> str:
    """:func:`profile` as two small tables: time per format, time per step (parse, each pass, finish)."""
    prof = profile(report)
    lines = [f"{'time per format':24} {'files':>6} {'records':>8} {'seconds':>9} {'ms/file':>8}"]
    for f in prof["formats"]:
        per = 1000 * f["seconds"] / f["files"] if f["files"] else 0.0
        lines.append(f"{f['format']:24} {f['files']:>6} {f['records']:>8} {f['seconds']:>9.3f} {per:>8.2f}")
    lines.append("")
    lines.append(f"{'time per step':40} {'seconds':>9} {'share':>7}")
    for st in prof["steps"]:
        lines.append(f"{st['step']:40} {st['seconds']:>9.3f} {st['share'] * 100:>6.1f}%")
    lines.append(f"{'total':40} {prof['seconds']:>9.3f}")
    return "\n".join(lines)
