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


def test_budget_option_defaults_are_the_library_defaults() -> None:
    """The options' defaults come from legation.budgets (one place for the numbers), in the CLI's units."""
    import typer.main

    from legation.budgets import DEFAULT, MIB

    want = {"max_parse_seconds": DEFAULT.parse_seconds, "max_text_chars": DEFAULT.text_chars,
            "max_member_mb": DEFAULT.member_bytes / MIB, "max_archive_mb": DEFAULT.archive_bytes / MIB,
            "max_ratio": DEFAULT.ratio}
    group = typer.main.get_command(app)
    for name in ("ingest", "check"):
        params = {p.name: p.default for p in group.commands[name].params}  # type: ignore[attr-defined]
        assert {k: params[k] for k in want} == want


def test_cli_import_loads_no_parser_or_model() -> None:
    """`legation --help` pays for typer and the CLI module: the budget numbers do not bring the parsers."""
    import subprocess
    import sys

    code = ("import sys, legation.cli; bad = [m for m in ('pydantic', 'tantivy', 'legation.ingest', "
            "'legation.model') if m in sys.modules]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
