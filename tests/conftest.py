"""Shared test helpers: where ../shared is, and a fresh catalogue per test."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()
SEEDS = SHARED / "samples" / "seeds"
CORPUS = SHARED / "corpus"
SEED_CABLE = SEEDS / "000_a3b791d980bf280d.txt"
SEED_TRANSCRIPT = SEEDS / "003_a471758ded6c4cfe.txt"


def need_shared() -> None:
    if not SEEDS.is_dir():
        pytest.skip("../shared is not present beside the repository")


@pytest.fixture
def shared() -> Path:
    need_shared()
    return SHARED


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    return str(tmp_path / "t.db")
