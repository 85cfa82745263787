"""Run fuzz cases through legation and count what happened.

- Files: mutated corpus files are written in batches to a folder and go through ``check_paths``
  (every other batch) or ``Catalogue.ingest`` (the others; one batch in ten with 2 parser
  processes), with budgets.  A *crash* is an exception that escapes, an ingest that stops
  (``aborted``), a parser's internal error (caught by the pipeline, but a bug), or a record that
  cannot be written.  A clear per-file failure (binary, empty, no record, over budget) is not.
- Queries: each goes through ``Catalogue.search`` (anything but a ``LegationError`` is a crash),
  HTTP (``/api/search``, ``/api/facets``, ``/``: a 5xx is counted) and, one in ten, the CLI
  (exit 0 or 2; ``[L999]`` is a crash).  Failures on queries nested deeper than
  :data:`DEPTH_LIMIT` are counted apart as ``known_deep`` until the query parser has a depth limit.
"""

from __future__ import annotations

import logging
import random
import resource
import shutil
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fuzz.mutate import Case, load_corpus, make_case
from fuzz.queries import make_query
from legation.catalogue import Catalogue
from legation.check import check_paths
from legation.errors import LegationError
from legation.ingest.budget import Budgets, is_budget_failure

DEPTH_LIMIT = 32
CRASH_MARKERS = ("internal error", "[L999]", "[L401]", "[L400]")


@dataclass
class Stats:
    cases: int = 0
    records: int = 0
    rejected: int = 0
    over_budget: int = 0
    crashes: list[dict[str, Any]] = field(default_factory=list)
    queries: int = 0
    query_errors: int = 0
    http_requests: int = 0
    http_500: list[dict[str, Any]] = field(default_factory=list)
    cli_runs: int = 0
    known_deep: list[dict[str, Any]] = field(default_factory=list)
    verbose: bool = False

    def summary(self) -> dict[str, Any]:
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        return {"file_cases": self.cases, "records": self.records, "clear_failures": self.rejected,
                "over_budget": self.over_budget, "crashes": len(self.crashes), "queries": self.queries,
                "query_errors": self.query_errors, "http_requests": self.http_requests,
                "http_500": len(self.http_500), "cli_runs": self.cli_runs, "known_deep": len(self.known_deep),
                "max_rss_mib": round(own, 1), "max_rss_children_mib": round(kids, 1)}


# -- files ---------------------------------------------------------------------------------------

def _case_of(path: str, cases: dict[str, Case]) -> Case | None:
    name = path.split("!", 1)[0].rsplit("/", 1)[-1]
    return cases.get(name[:6])


def _classify(stats: Stats, reason: str, case: Case | None, where: str) -> None:
    if any(m in reason for m in CRASH_MARKERS):
        entry = {"where": where, "error": reason[:500], "case": case.name if case else "?",
                 "mutators": case.mutators if case else [], "source": case.source if case else ""}
        stats.crashes.append(entry)
        if stats.verbose:
            print(f"  CRASH {entry}", flush=True)
    elif is_budget_failure(reason):
        stats.over_budget += 1
    else:
        stats.rejected += 1


def _write_batch(folder: Path, batch: list[Case]) -> dict[str, Case]:
    folder.mkdir(parents=True)
    for case in batch:
        (folder / case.name).write_bytes(case.data)
    return {c.name[:6]: c for c in batch}


def _run_check(stats: Stats, folder: Path, cases: dict[str, Case], budgets: Budgets) -> None:
    report = check_paths([str(folder)], budgets=budgets)
    stats.records += sum(fc.records for fc in report.by_format.values())
    for path, reason in report.failures:
        _classify(stats, reason, _case_of(path, cases), "check")


def _run_ingest(stats: Stats, cat: Catalogue, folder: Path, cases: dict[str, Case], budgets: Budgets,
                workers: int) -> None:
    report = cat.ingest([str(folder)], budgets=budgets, workers=workers)
    stats.records += report.records_new + report.records_updated + report.records_unchanged
    for f in report.failed:
        _classify(stats, f.reason, _case_of(f.path, cases), f"ingest -j {workers}")
    if report.aborted:
        _classify(stats, f"[L999] aborted: {report.aborted}", None, "ingest")


def run_files(n: int, seed: int, workdir: Path, roots: list[Path], budgets: Budgets, *,
              batch_size: int = 25, progress: bool = False) -> tuple[Stats, str]:
    """``n`` mutated files through check and ingest; returns the stats and the catalogue built."""
    rng = random.Random(seed)
    corpus = load_corpus(roots)
    stats = Stats(verbose=progress)
    db = str(workdir / "fuzz.db")
    with Catalogue(db) as cat:
        for b, start in enumerate(range(0, n, batch_size)):
            batch = [make_case(rng, corpus, i) for i in range(start, min(n, start + batch_size))]
            folder = workdir / f"batch-{b:05}"
            cases = _write_batch(folder, batch)
            stats.cases += len(batch)
            try:
                if b % 2 == 0:
                    _run_check(stats, folder, cases, budgets)
                else:
                    _run_ingest(stats, cat, folder, cases, budgets, 2 if b % 10 == 1 else 1)
            except Exception as exc:  # the batch itself broke: every one of its cases counts as a suspect
                stats.crashes.append({"where": f"batch {b}", "error": "".join(traceback.format_exception(exc))[-800:],
                                      "case": ",".join(c.name for c in batch), "mutators": [], "source": ""})
            shutil.rmtree(folder)
            if progress and (b + 1) % 20 == 0:
                print(f"  files {stats.cases}/{n}: {stats.summary()}", flush=True)
    return stats, db


# -- queries -------------------------------------------------------------------------------------

def _note(bucket: list[dict[str, Any]], known: list[dict[str, Any]], depth: int, entry: dict[str, Any]) -> None:
    (known if depth > DEPTH_LIMIT else bucket).append(entry)


def _query_api(stats: Stats, cat: Catalogue, q: str, depth: int) -> None:
    try:
        cat.search(q, limit=5, facets=["tags", "year"])
    except LegationError:
        stats.query_errors += 1
    except Exception as exc:
        _note(stats.crashes, stats.known_deep, depth,
              {"where": "python", "error": f"{type(exc).__name__}: {exc}"[:300], "case": q[:200]})


def _query_http(stats: Stats, client: Any, q: str, depth: int) -> None:
    for url, params in (("/api/search", {"q": q, "limit": "5"}), ("/api/facets", {"q": q, "field": "tags"}),
                        ("/", {"q": q})):
        try:
            resp = client.get(url, params=params)
        except UnicodeEncodeError:  # the client cannot send a lone surrogate: not the server's fault
            continue
        stats.http_requests += 1
        if resp.status_code >= 500:
            _note(stats.http_500, stats.known_deep, depth,
                  {"where": f"http {url}", "error": f"{resp.status_code} {resp.text[:200]}", "case": q[:200]})


def _query_cli(stats: Stats, runner: Any, app: Any, db: str, q: str, depth: int) -> None:
    stats.cli_runs += 1
    result = runner.invoke(app, ["search", q, "--db", db, "--limit", "3"])
    if result.exit_code not in (0, 2) or "[L999]" in result.output:
        _note(stats.crashes, stats.known_deep, depth,
              {"where": "cli", "error": f"exit {result.exit_code}: {result.output[-300:]}", "case": q[:200]})


def run_queries(n: int, seed: int, db: str, stats: Stats | None = None, *, cli_every: int = 10) -> Stats:
    """``n`` generated queries through the Python API, HTTP and (one in ``cli_every``) the CLI."""
    from fastapi.testclient import TestClient
    from typer.testing import CliRunner

    from legation.api import create_app
    from legation.cli import app

    rng = random.Random(seed)
    stats = stats or Stats()
    runner = CliRunner()
    logging.getLogger("legation.api").setLevel(logging.CRITICAL)  # the 500s are counted, not printed
    with Catalogue(db) as cat, TestClient(create_app(db), raise_server_exceptions=False) as client:
        for i in range(n):
            q, depth = make_query(rng)
            stats.queries += 1
            _query_api(stats, cat, q, depth)
            _query_http(stats, client, q, depth)
            if i % cli_every == 0:
                _query_cli(stats, runner, app, db, q, depth)
    return stats
