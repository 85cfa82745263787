"""The command line's rough edges (issue 15): missing catalogues, wording, help, --version, conflicts, ids, batch."""

from __future__ import annotations

import csv
import io
import json
import re
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from legation.batch import BATCH_COLUMNS, batch_search, read_queries
from legation.catalogue import Catalogue
from legation.cli import app
from legation.errors import UsageError
from tests.web.conftest import CABLE_ID, build_catalogue, need_seeds

runner = CliRunner()


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("cli") / "c.db"
    build_catalogue(path).close()
    return str(path)


@pytest.mark.parametrize("command", [["search", "zanzibar"], ["stats"], ["serve"], ["show", CABLE_ID],
                                     ["export", "zanzibar"], ["reindex"], ["refs", CABLE_ID], ["thread", CABLE_ID]])
def test_a_mistyped_db_is_an_error_not_a_new_catalogue(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "typo.db"
    code, out, err = run(*command, "--db", str(missing))
    assert code == 1
    assert err.strip().splitlines() == [f"legation: [L402] no catalogue at {missing}; run legation ingest first"]
    assert out == "" and not missing.exists()


def test_ingest_still_creates_the_catalogue(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text("A plain document about the Zanzibar fishery.\n", encoding="utf-8")
    db = tmp_path / "new.db"
    code, _, err = run("ingest", str(src), "--db", str(db))
    assert code == 0, err
    assert db.exists()


def test_one_record_matches(db: str) -> None:
    code, out, _ = run("search", "fishery", "--db", db)
    assert code == 0 and out.startswith("1 record matches "), out
    code, out, _ = run("search", "zanzibar", "--db", db)
    assert out.startswith("3 records match "), out


def test_help_shows_no_types() -> None:
    for name in ("ingest", "check", "show", "search", "stats", "export", "serve", "demo", "refs", "thread",
                 "reindex", "formats", "enrich", "entities", "entity"):
        code, out, _ = run(name, "--help")
        assert code == 0
        options = out[out.index("Options:"):]
        assert "<bool>" not in out and not re.search(r"<(str|int|float)", options), out
    _, out, _ = run("search", "--help")
    assert "--json " in out and "--limit N" in out and "--queries FILE" in out


def test_version() -> None:
    from legation.model import PARSER_VERSION

    code, out, _ = run("--version")
    assert code == 0 and out.strip() == f"legation {PARSER_VERSION}"


@pytest.mark.parametrize("flags", [["--cite", "chicago", "--json"], ["--json", "--text"], ["--raw", "--text"]])
def test_conflicting_flags_are_refused(db: str, flags: list[str]) -> None:
    code, out, err = run("show", CABLE_ID, "--db", db, *flags)
    assert code == 2 and out == ""
    assert "[L800]" in err and "cannot be used together" in err and len(err.strip().splitlines()) == 1


def test_unknown_formats_share_one_code(db: str) -> None:
    code, _, err = run("export", "zanzibar", "--format", "xml", "--db", db)
    assert code == 1 and "[L610] unknown export format 'xml'" in err and "L000" not in err
    code, _, err = run("show", CABLE_ID, "--cite", "mla", "--db", db)
    assert code == 1 and "[L610] unknown citation style 'mla'" in err


def test_export_bibtex_and_ris(db: str) -> None:
    code, out, _ = run("export", "zanzibar", "--format", "bibtex", "--db", db)
    assert code == 0 and out.count("@misc{") == 3
    code, out, _ = run("export", "zanzibar", "--format", "ris", "--db", db)
    assert code == 0 and out.count("ER  -") == 3


def test_busy_port_is_one_line(db: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, _, err = run("serve", "--db", db, "--port", str(port))
    assert code == 1
    assert err.strip().splitlines()[-1] == (f"legation: [L810] port {port} on 127.0.0.1 is in use; "
                                            "is another server running? (pick another with --port)")
    assert "Traceback" not in err and "Errno" not in err


def test_wilson_ids_resolve_loosely(tmp_path: Path) -> None:
    need_seeds()
    path = tmp_path / "s.db"
    build_catalogue(path).close()
    for given in ("wilson-198181", "WILSON-198181", "198181", " Wilson-198181 "):
        code, out, err = run("show", given, "--db", str(path), "--json")
        assert code == 0, (given, err)
        assert json.loads(out)["id"] == "wilson-198181"


def test_cli_year_facet_is_ordered_by_year(db: str) -> None:
    _, out, _ = run("search", "zanzibar", "--facets", "--db", db)
    line = next(x for x in out.splitlines() if x.strip().startswith("year:"))
    years = [int(part.split()[0]) for part in line.split(":", 1)[1].split(",")]
    assert years == sorted(years) and len(years) == 3


# -- batch search ---------------------------------------------------------------------------------------
def test_read_queries_skips_blanks_and_comments() -> None:
    assert read_queries("# names\nzanzibar\n\n  brezhnev  \n") == ["zanzibar", "brezhnev"]
    with pytest.raises(UsageError):
        read_queries("\n# nothing\n")


def test_batch_search_rows(db: str) -> None:
    with Catalogue(db) as cat:
        rows = list(batch_search(cat, ["zanzibar", "nothingmatchesthis", "bad)"], limit=2))
    zanzibar = [r for r in rows if r.query == "zanzibar"]
    assert [r.rank for r in zanzibar] == [1, 2] and all(r.total == 3 and r.id for r in zanzibar)
    nothing = [r for r in rows if r.query == "nothingmatchesthis"]
    assert len(nothing) == 1 and nothing[0].total == 0 and nothing[0].id == ""
    bad = [r for r in rows if r.query == "bad)"]
    assert len(bad) == 1 and bad[0].error.startswith("[L600]") and bad[0].total is None


def test_search_queries_file_gives_csv(db: str, tmp_path: Path) -> None:
    queries = tmp_path / "q.txt"
    queries.write_text("zanzibar\nfishery\n", encoding="utf-8")
    code, out, err = run("search", "--queries", str(queries), "--db", db, "--limit", "5")
    assert code == 0, err
    table = list(csv.reader(io.StringIO(out)))
    assert table[0] == BATCH_COLUMNS
    per_query = {q: [r for r in table[1:] if r[0] == q] for q in ("zanzibar", "fishery")}
    assert len(per_query["zanzibar"]) == 3 and {r[1] for r in per_query["zanzibar"]} == {"3"}
    assert [r[3] for r in per_query["fishery"]] == [CABLE_ID]
    code, out, _ = run("search", "--queries", "-", "--db", db, "--json", stdin="fishery\n")
    assert code == 0 and [json.loads(line)["id"] for line in out.splitlines()] == [CABLE_ID]


def test_search_queries_conflicts_with_a_query(db: str, tmp_path: Path) -> None:
    queries = tmp_path / "q.txt"
    queries.write_text("zanzibar\n", encoding="utf-8")
    code, _, err = run("search", "brezhnev", "--queries", str(queries), "--db", db)
    assert code == 2 and "--queries and QUERY cannot be used together" in err
    code, _, err = run("search", "--queries", str(tmp_path / "none.txt"), "--db", db)
    assert code == 2 and "cannot read the query file" in err
