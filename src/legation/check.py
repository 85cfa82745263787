"""``legation check``: parse without storing, report failures, warnings and field coverage."""

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

    @property
    def ok(self) -> bool:
        return not self.failures

    def add_record(self, fmt: str, rec: Record) -> None:
        fc = self.by_format.setdefault(fmt, FormatCheck())
        fc.records += 1
        fc.warnings += len(rec.warnings)
        for name, test in COVERAGE_FIELDS.items():
            if test(rec):
                fc.have[name] += 1

    def to_dict(self) -> dict[str, Any]:
        return {
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
