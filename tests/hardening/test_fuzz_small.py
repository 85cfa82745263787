"""A small fixed-seed fuzz run (bench/fuzz): mutated corpus files through check and ingest, generated
queries through the Python API, the CLI and HTTP.  0 crashes, 0 HTTP 500s.

Failures on queries nested deeper than the parser's depth limit are counted apart (``known_deep``)
until the query parser has that limit; they are not asserted here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from legation.ingest.budget import Budgets
from tests.conftest import CORPUS, SEEDS, need_shared

BENCH = Path(__file__).resolve().parents[2] / "bench"

pytestmark = pytest.mark.corpus


def test_fuzz_files_and_queries_fixed_seed(tmp_path: Path) -> None:
    need_shared()
    sys.path.insert(0, str(BENCH))
    from fuzz.harness import run_files, run_queries

    stats, db = run_files(36, 20261202, tmp_path, [CORPUS, SEEDS], Budgets(parse_seconds=3), batch_size=12)
    assert stats.cases == 36
    assert stats.records > 0
    run_queries(40, 20261202, db, stats, cli_every=8)
    assert stats.queries == 40 and stats.http_requests > 0 and stats.cli_runs == 5
    assert stats.crashes == [], stats.crashes
    assert stats.http_500 == [], stats.http_500


def test_mutators_are_deterministic_and_cover_every_kind() -> None:
    need_shared()
    sys.path.insert(0, str(BENCH))
    import random

    from fuzz.mutate import MUTATORS, load_corpus, make_case

    corpus = load_corpus([SEEDS])
    a = [make_case(random.Random(5), corpus, i) for i in range(3)]
    b = [make_case(random.Random(5), corpus, i) for i in range(3)]
    assert [c.data for c in a] == [c.data for c in b]
    data = corpus[0][1]
    rng = random.Random(1)
    for name, fn in MUTATORS.items():
        out = fn(rng, data, corpus[1][1])
        assert isinstance(out, bytes), name
        if name not in ("truncate", "splice", "del_lines", "dup_lines", "encoding"):
            assert out != data, name
