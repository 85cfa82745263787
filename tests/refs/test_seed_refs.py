"""The seeds through the CLI: the cable's reference resolves, refs --missing lists it, thread runs,
show --json carries the glossary expansions."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from legation.cli import app
from tests.conftest import SEEDS, need_shared


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


def test_seed_refs_thread_missing_and_glossary(tmp_path: Path) -> None:
    need_shared()
    db = str(tmp_path / "t.db")
    assert _run("ingest", str(SEEDS), "--db", db)[0] == 0
    code, out = _run("refs", "1976TOKYO12732", "--db", db, "--json")
    assert code == 0
    cites = json.loads(out)["cites"]
    assert [(e["cited"], e["present"]) for e in cites] == [("1976TOKYO12490", False)]
    code, out = _run("refs", "--missing", "--db", db, "--json")
    assert code == 0 and json.loads(out) == [{"id": "1976TOKYO12490", "cited_by": 1}]
    code, out = _run("thread", "1976TOKYO12732", "--db", db)
    assert code == 0 and "1976TOKYO12490" in out and "not in the catalogue" in out
    code, out = _run("thread", "1976TOKYO12732", "--db", db, "--graphml")
    assert code == 0 and out.startswith("<?xml") and "1976TOKYO12490" in out
    code, out = _run("refs", "--stats", "--db", db, "--json")
    assert code == 0 and json.loads(out)["missing_ids"] == 1
    code, out = _run("show", "1976TOKYO12732", "--db", db, "--json")
    terms = json.loads(out)["attributes"]["glossary"]
    assert terms["FONMIN"]["expansion"] == "foreign minister"
    assert terms["GOJ"]["expansion"] == "Government of Japan"
    assert terms["EMBOFF"]["expansion"] == "embassy officer"
    code, out = _run("show", "1976TOKYO12732", "--db", db)
    assert code == 0 and "glossary:" in out and "foreign minister" in out
    code, out = _run("refs", "--db", db)
    assert code == 2
    code, out = _run("refs", "1999NOWHERE1", "--db", db)
    assert code == 1 and "no record" in out
