"""`legation demo`: the packaged sample (US government works only) and the README's counts against a real ingest."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from legation.catalogue import Catalogue
from legation.cli import app
from legation.demo import SAMPLE_DIR, demo_inputs, sample_files
from tests.conftest import SHARED, need_shared

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text(encoding="utf-8")
runner = CliRunner()
#: A few hundred KB at most (the issue: "a few MB at most").
SAMPLE_MAX_BYTES = 400_000


def readme_counts(label: str) -> tuple[int, int, int]:
    """(files read, skipped, records) from the README sentence after ``label``."""
    at = README.index(label)
    m = re.search(r"\*\*([\d,]+) files read \((\d+) skipped\) into ([\d,]+) records\*\*", README[at:])
    assert m, f"no counts after {label!r} in README.md"
    return int(m[1].replace(",", "")), int(m[2]), int(m[3].replace(",", ""))


def test_sample_is_small_and_listed_with_its_provenance() -> None:
    files = sample_files()
    assert files and sum(f.stat().st_size for f in files) <= SAMPLE_MAX_BYTES
    provenance = (SAMPLE_DIR / "README.md").read_text(encoding="utf-8")
    for f in files:
        row = next((line for line in provenance.splitlines() if line.startswith(f"| `{f.name}` |")), "")
        assert row, f"{f.name} is not listed in data/sample/README.md"
        assert hashlib.sha256(f.read_bytes()).hexdigest() in row, f"{f.name}: sha256 differs from the README"


def test_sample_is_us_government_work_only(tmp_path: Path) -> None:
    with Catalogue(str(tmp_path / "s.db")) as cat:
        assert cat.ingest([str(SAMPLE_DIR)]).ok
        collections = {r.collection for r in cat.store.iter_records()}
    assert collections <= {"aad", "frus", "cablegate"}  # State Department telegrams and FRUS; no Wilson, no History Lab


def test_demo_without_shared_ingests_the_sample(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    result = runner.invoke(app, ["demo", "--shared", str(tmp_path / "no-shared-here"), "--db", str(db), "--no-serve"])
    assert result.exit_code == 0, result.output
    files, skipped, records = readme_counts("Without `../shared`")
    assert f"demo (sample): {files} files read, {skipped} skipped, 0 failed; {records} records" in result.stdout
    assert "using the packaged sample" in result.stderr
    with Catalogue(str(db)) as cat:
        assert cat.get("1976TOKYO12732").subject.startswith("JAPAN-USSR RELATIONS")
        assert cat.search('"northern territories"').total >= 1
        assert {r.id for r in cat.store.iter_records()} >= {"frus1969-76v19p2", "frus1969-76v19p2d1"}


@pytest.mark.corpus
def test_readme_counts_match_what_make_demo_ingests(tmp_path: Path) -> None:
    need_shared()
    inputs = demo_inputs(SHARED)
    assert inputs.source == "shared"
    with Catalogue(str(tmp_path / "d.db")) as cat:
        report = cat.ingest(inputs.paths, ignore=inputs.ignore, workers=2)
        summary = report.summary()
        got = (summary["files_read"], summary["files_skipped"], cat.stats()["records"])
    assert report.ok
    assert got == readme_counts("`make demo` runs"), "update the README's demo counts"
