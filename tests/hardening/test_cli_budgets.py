"""The budget and link flags of `legation ingest` and `legation check` reach the library."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from typer.testing import CliRunner

from legation.cli import app
from tests.conftest import SEED_CABLE, need_shared


def _folder(tmp_path: Path) -> Path:
    need_shared()
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "cable.txt").write_text(SEED_CABLE.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "long.txt").write_text("SOME WORDS OF A DOCUMENT. " * 2000, encoding="utf-8")
    (folder / "packed.txt.gz").write_bytes(gzip.compress(b"PACKED WORDS. " * 200_000))
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "other.txt").write_text(SEED_CABLE.read_text(encoding="utf-8").replace("12732", "12733"))
    (folder / "link.txt").symlink_to(outside / "other.txt")
    return folder


def test_check_flags(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    result = CliRunner().invoke(app, ["check", str(folder), "--json", "--max-text-chars", "10000",
                                      "--max-member-mb", "1"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    failures = {Path(f["path"]).name: f["reason"] for f in data["failures"]}
    assert failures["long.txt"].startswith("[L112]")
    assert failures["packed.txt.gz"].startswith("[L113]") or failures["packed.txt.gz"].startswith("[L115]")
    skipped = {Path(s["path"]).name: s["reason"] for s in data["skipped"]}
    assert "--follow-symlinks" in skipped["link.txt"]


def test_ingest_flags(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    db = str(tmp_path / "t.db")
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", db, "--json", "--follow-symlinks",
                                      "--max-ratio", "0", "--max-member-mb", "0", "-j", "1"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    by = {Path(f["path"]).name: f for f in data["files"]}
    assert by["link.txt"]["records"] == ["1976TOKYO12733"]  # followed out of the folder, as asked
    assert by["packed.txt.gz"]["status"] == "new"  # no ratio or size limit
    assert data["files_over_budget"] == 0 and data["aborted"] == ""
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "u.db"), "--max-ratio", "10",
                                      "-j", "1"])
    assert result.exit_code == 1
    assert "1 failed (1 over budget)" in result.stdout and "[L115]" in result.stderr
