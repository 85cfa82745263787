"""`legation formats --passes` and `legation check --profile`: the library functions and the thin CLI."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from legation.check import check_paths, profile, profile_lines
from legation.clean.registry import pass_lines, pass_table, passes
from legation.cli import app

CABLE = """UNCLASSIFIED
PAGE 01 TOKYO 12732 240754Z
R 240727Z AUG 76
FM AMEMBASSY TOKYO
TO SECSTATE WASHDC 1798
E.O. 11652: N/A
TAGS: PFOR, JA, UR
SUBJECT: A SHORT TEST CABLE

1. ONE PARAGRAPH OF TEXT.
SHOESMITH
"""


def _files(tmp_path: Path) -> Path:
    (tmp_path / "1976TOKYO12732.txt").write_text(CABLE, encoding="utf-8")
    (tmp_path / "note.txt").write_text("A plain note.\n\nIt says little.\n", encoding="utf-8")
    return tmp_path


def test_pass_table_lists_every_pass_in_running_order() -> None:
    rows = pass_table()
    assert [r["name"] for r in rows] == [p.name for p in passes()]
    names = [r["name"] for r in rows]
    for name in ("furniture", "structure-entities", "entity-keys", "cable-aliases"):
        assert name in names
    assert names.index("structure-entities") < names.index("entity-keys")  # keys after every entity is there
    furniture = next(r for r in rows if r["name"] == "furniture")
    assert furniture["stage"] == "clean" and furniture["formats"] == "telegram, cablegate, cablegate-csv"
    text = pass_lines()
    assert text.splitlines()[0].split()[:3] == ["stage", "pass", "formats"]
    assert any(line.startswith("enrich  entity-keys") for line in text.splitlines())


def test_profile_adds_up_per_format_and_per_step(tmp_path: Path) -> None:
    report = check_paths([str(_files(tmp_path))])
    assert report.ok
    prof = profile(report)
    formats = {f["format"]: f for f in prof["formats"]}
    assert set(formats) == {"telegram", "document"}
    assert formats["telegram"]["files"] == 1 and formats["telegram"]["records"] == 1
    steps = {s["step"] for s in prof["steps"]}
    assert {"parse", "clean:furniture", "enrich:structure-entities", "enrich:entity-keys", "finish"} <= steps
    assert "clean:furniture" not in report.timings["document"]  # the pass runs on telegram-read formats only
    assert "clean:furniture" in formats["telegram"]["steps"] and "clean:furniture" not in formats["document"]["steps"]
    assert abs(sum(s["share"] for s in prof["steps"]) - 1.0) < 0.01
    text = profile_lines(report)
    assert "time per format" in text and "time per step" in text and "enrich:entity-keys" in text
    assert "profile" not in report.to_dict() and "profile" in report.to_dict(with_profile=True)


def test_cli_is_thin(tmp_path: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(app, ["formats", "--passes"])
    assert out.exit_code == 0 and out.output.strip() == pass_lines()
    out = runner.invoke(app, ["check", "--profile", str(_files(tmp_path))])
    assert out.exit_code == 0, out.output
    assert "time per step" in out.output and "clean:furniture" in out.output
    out = runner.invoke(app, ["formats"])
    assert "telegram" in out.output and "furniture" not in out.output
