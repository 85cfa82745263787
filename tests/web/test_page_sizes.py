"""One page size for the library, the CLI and the JSON API, from the limits table, and said in --help and /docs."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from legation.api import create_app
from legation.cli import app
from legation.search import API, LIBRARY, MAX_PAGE_SIZE


def test_one_max_page_size() -> None:
    assert API.max_limit == LIBRARY.max_limit == MAX_PAGE_SIZE


def test_cli_help_states_the_max(monkeypatch: object) -> None:
    out = CliRunner().invoke(app, ["search", "--help"], env={"COLUMNS": "200", "TERM": "dumb"}).output
    flat = re.sub(r"[\s│]+", " ", out)
    assert f"1 to {MAX_PAGE_SIZE}" in flat and "JSON API" in flat


def test_cli_and_api_refuse_past_the_max_alike(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", "--db", db, "-"], input="x").exit_code in (0, 1)
    ok = runner.invoke(app, ["search", "--db", db, "--limit", str(MAX_PAGE_SIZE), "x"])
    assert ok.exit_code == 0, ok.output
    bad = runner.invoke(app, ["search", "--db", db, "--limit", str(MAX_PAGE_SIZE + 1), "x"])
    assert bad.exit_code != 0 and str(MAX_PAGE_SIZE) in bad.output
    with TestClient(create_app(db)) as client:
        assert client.get("/api/search", params={"q": "x", "limit": MAX_PAGE_SIZE}).status_code == 200
        r = client.get("/api/search", params={"q": "x", "limit": MAX_PAGE_SIZE + 1})
        assert r.status_code == 400 and str(MAX_PAGE_SIZE) in r.text
        spec = client.get("/openapi.json").json()
        limit = next(p for p in spec["paths"]["/api/search"]["get"]["parameters"] if p["name"] == "limit")
        assert limit["schema"]["maximum"] == MAX_PAGE_SIZE
        assert "--limit" in limit["description"] and str(MAX_PAGE_SIZE) in limit["description"]
