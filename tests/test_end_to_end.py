"""The issue's acceptance path through the CLI: ingest the seeds, show, search, re-ingest."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from legation.catalogue import Catalogue
from legation.cli import app
from tests.conftest import SEEDS, need_shared

runner = CliRunner()


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_ingest_show_search_reingest(tmp_path: Path) -> None:
    need_shared()
    db = str(tmp_path / "t.db")
    code, out = _run("ingest", str(SEEDS), "--db", db)
    assert code == 0, out
    assert "2 new" in out

    code, out = _run("show", "1976TOKYO12732", "--db", db, "--json")
    assert code == 0, out
    rec = json.loads(out)
    assert rec["id"] == "1976TOKYO12732"
    assert rec["collection"] == "aad" and rec["kind"] == "telegram"
    assert rec["datetime"] == "1976-08-24T07:27:00Z"
    assert rec["from"]["name"] == "AMEMBASSY TOKYO" and rec["from"]["post"] == "TOKYO"
    assert rec["to"][0]["name"] == "SECSTATE WASHDC" and rec["to"][0]["sequence"] == "1798"
    assert [a["name"] for a in rec["info"]] == ["AMEMBASSY MOSCOW", "AMEMBASSY SEOUL", "AMEMBASSY TAIPEI",
                                                "AMCONGEN HONG KONG", "USLO PEKING", "CINCPAC HONOLULU HAWAII"]
    assert rec["classification"]["original"] == "CONFIDENTIAL"
    assert rec["classification"]["current"] == "UNCLASSIFIED"
    assert rec["tags"] == ["PFOR", "US", "JA"]
    assert rec["subject"] == "JAPAN-USSR RELATIONS: FOLLOW UP ON DOKO MEETING WITH BREZHNEV"
    assert [r["id"] for r in rec["references"]] == ["1976TOKYO12490"]
    assert rec["signer"] == "SHOESMITH"
    paragraphs = [b for b in rec["body"] if b["kind"] == "paragraph" and b["n"] is not None]
    assert [b["n"] for b in paragraphs] == [1, 2, 3, 4, 5]
    assert [(e["action"], e["date"], e["by"]) for e in rec["review"]["events"] if e["stage"] == "review"] == [
        ("RELEASED", "2004-05-10", "ElyME"), ("APPROVED", "2004-05-11", "GolinoFR")]
    assert rec["attributes"]["Film Number"] == "D760322-1014"
    assert rec["attributes"]["Capture Date"] == "01 JAN 1994"
    assert "PAGE 02" not in rec["text"] and "NNN" not in rec["text"] and "/084 W" not in rec["text"]
    assert rec["raw"] == (SEEDS / "000_a3b791d980bf280d.txt").read_text(encoding="utf-8")

    code, out = _run("show", "wilson-198181", "--db", db, "--json")
    assert code == 0, out
    rec = json.loads(out)
    turns = [b for b in rec["body"] if b["kind"] == "turn"]
    assert len(turns) == 86 and all(b["speaker"] for b in turns)

    code, out = _run("search", "northern territories", "--db", db, "--json")
    assert code == 0, out
    res = json.loads(out)
    hits = {h["id"]: h for h in res["hits"]}
    assert "1976TOKYO12732" in hits
    assert "NORTHERN" in hits["1976TOKYO12732"]["snippet"].upper()

    code, out = _run("show", "76TOKYO12732", "--db", db, "--text")  # the cablegate spelling finds it too
    assert code == 0 and "SHOESMITH" in out

    code, out = _run("ingest", str(SEEDS), "--db", db)
    assert code == 0 and "0 new" in out and "2 unchanged" in out

    code, out = _run("stats", "--db", db, "--json")
    stats = json.loads(out)
    assert stats["records"] == 2


def test_show_unknown_id_is_one_line_error(tmp_path: Path) -> None:
    Catalogue(str(tmp_path / "t.db")).close()  # an empty catalogue: a missing one is another error (L401)
    code, out = _run("show", "1999NOWHERE00001", "--db", str(tmp_path / "t.db"))
    assert code == 1
    assert out.strip().count("\n") == 0 and "no record" in out and "Traceback" not in out


def test_schema_lists_record_fields() -> None:
    code, out = _run("schema")
    assert code == 0
    schema = json.loads(out)
    for name in ("id", "from", "to", "info", "routing", "classification", "references", "body", "review",
                 "attributes", "text", "raw", "source"):
        assert name in schema["properties"], name


def test_show_cite_styles_and_bad_style(tmp_path: Path) -> None:
    need_shared()
    db = str(tmp_path / "t.db")
    assert _run("ingest", str(SEEDS), "--db", db)[0] == 0
    code, out = _run("show", "1976TOKYO12732", "--db", db, "--cite", "bibtex")
    assert code == 0 and out.lstrip().startswith("@") and "1976TOKYO12732" in out
    code, out = _run("show", "wilson-198181", "--db", db, "--cite", "chicago")
    assert code == 0 and "Record of Soviet-Japanese Talks, 9 October 1973" in out and "RGANI" in out
    code, out = _run("show", "wilson-198181", "--db", db, "--cite", "csl")
    assert code == 0 and json.loads(out)[0]["title"].startswith("Record of Soviet-Japanese Talks")
    code, out = _run("show", "wilson-198181", "--db", db, "--cite", "mla")
    assert code == 1 and out.count("\n") == 1 and "mla" in out


def test_unexpected_error_is_one_line_not_a_traceback(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import legation.catalogue

    def boom(self, *a, **k):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk on fire")

    Catalogue(str(tmp_path / "t.db")).close()
    monkeypatch.setattr(legation.catalogue.Catalogue, "stats", boom)
    code, out = _run("stats", "--db", str(tmp_path / "t.db"))
    assert code == 1
    assert out.strip() == ("legation: [L999] internal error: RuntimeError: disk on fire "
                           "(please report it; LEGATION_DEBUG=1 shows the traceback)")
