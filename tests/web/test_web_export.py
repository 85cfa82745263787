"""Exports from the search page and the API, batch search over HTTP, facets=true, the /api index."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from legation.api import create_app
from legation.catalogue import Catalogue
from legation.export import CSV_COLUMNS
from legation.model import Record
from legation.search import FACET_NAMES
from tests.web.conftest import CABLE_ID, TALK_ID

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def client(web_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(web_db), raise_server_exceptions=False) as c:
        yield c


def test_search_page_offers_the_whole_result_set(client: TestClient) -> None:
    tree = HTMLParser(client.get("/?q=zanzibar+collection:aad").text)
    links = {a.text(): a.attributes["href"] for a in tree.css(".exports a")}
    assert set(links) == {"CSV", "JSON lines", "BibTeX", "RIS"}
    assert links["CSV"] == "/export?q=zanzibar+collection%3Aaad&format=csv"  # the query with its facet clauses
    assert HTMLParser(client.get("/?q=nothingmatchesthis").text).css(".exports") == []


def test_csv_export_respects_the_filters(client: TestClient) -> None:
    r = client.get("/export", params={"q": "zanzibar collection:aad", "format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.headers["content-disposition"] == 'attachment; filename="legation-zanzibar-collection-aad.csv"'
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0] == CSV_COLUMNS and [row[0] for row in rows[1:]] == [CABLE_ID]


@pytest.mark.parametrize(("fmt", "marker"), [("bibtex", "@misc{"), ("ris", "ER  -")])
def test_citation_exports(client: TestClient, fmt: str, marker: str) -> None:
    r = client.get("/export", params={"q": "zanzibar", "format": fmt})
    assert r.status_code == 200 and r.text.count(marker) == 3


def test_jsonl_export_and_api_export(client: TestClient) -> None:
    for url in ("/export", "/api/export"):
        r = client.get(url, params={"q": "zanzibar", "format": "jsonl"})
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-ndjson")
        ids = {Record.model_validate_json(line).id for line in r.text.splitlines()}
        assert {CABLE_ID, TALK_ID} <= ids and len(ids) == 3


def test_bad_export_requests(client: TestClient) -> None:
    r = client.get("/export", params={"q": "zanzibar", "format": "xml"})
    assert r.status_code == 400 and "unknown export format" in r.text
    r = client.get("/api/export", params={"q": "(zanzibar", "format": "csv"})
    assert r.status_code == 400 and r.json()["ok"] is False


def test_export_has_no_page_cap(tmp_path: Path) -> None:
    """More records than one page of the API (100) and than a search batch (500) all come out."""
    path = tmp_path / "many.db"
    cat = Catalogue(str(path))
    cat.store.upsert([Record(id=f"test-many-{i}", collection="document", kind="memorandum", title=f"memo {i}",
                             text=f"walrus memo number {i}", date=f"1975-01-{1 + i % 28:02d}") for i in range(1203)])
    cat.sync_index()
    cat.close()
    with TestClient(create_app(str(path))) as c:
        r = c.get("/export", params={"q": "walrus", "format": "csv"})
        rows = list(csv.reader(io.StringIO(r.text)))[1:]
        assert len(rows) == 1203 and len({row[0] for row in rows}) == 1203
        r = c.get("/export", params={"q": "", "format": "jsonl"})
        assert len(r.text.splitlines()) == 1203


# -- API ------------------------------------------------------------------------------------------------
def test_api_batch_json_and_csv(client: TestClient) -> None:
    r = client.post("/api/batch", params={"limit": 2}, json={"queries": ["zanzibar", "fishery", "bad)"]})
    assert r.status_code == 200, r.text
    data = r.json()
    assert data["queries"] == 3
    assert [row["id"] for row in data["rows"] if row["query"] == "fishery"] == [CABLE_ID]
    assert [row["rank"] for row in data["rows"] if row["query"] == "zanzibar"] == [1, 2]
    assert next(row for row in data["rows"] if row["query"] == "bad)")["error"].startswith("[L600]")
    r = client.post("/api/batch", params={"format": "csv"}, content="zanzibar\n\nfishery\n",
                    headers={"content-type": "text/plain"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0][:4] == ["query", "total", "rank", "id"] and len(rows) == 1 + 3 + 1


def test_api_batch_refuses_an_empty_batch(client: TestClient) -> None:
    r = client.post("/api/batch", json={"queries": []})
    assert r.status_code == 400 and "no queries" in r.json()["error"]
    r = client.post("/api/batch", content="{not json", headers={"content-type": "application/json"})
    assert r.status_code == 400


@pytest.mark.parametrize("value", ["true", "all"])
def test_api_facets_true_means_every_facet(client: TestClient, value: str) -> None:
    r = client.get("/api/search", params={"q": "zanzibar", "facets": value})
    assert r.status_code == 200, r.text
    assert set(r.json()["facets"]) == set(FACET_NAMES)
    r = client.get("/api/search", params={"q": "zanzibar", "facets": "tags"})
    assert set(r.json()["facets"]) == {"tags"}


def test_api_index_lists_the_endpoints(client: TestClient) -> None:
    r = client.get("/api")
    assert r.status_code == 200
    data = r.json()
    paths = {e["path"] for e in data["endpoints"]}
    assert {"/api/search", "/api/records/{record_id}", "/api/export", "/api/batch", "/api/stats"} <= paths
    assert data["docs"] == "/docs"
    assert json.dumps(data)  # plain JSON


def test_api_batch_applies_the_server_limits(client: TestClient) -> None:
    from legation.search import API

    r = client.post("/api/batch", json={"queries": ["x" * (API.max_query_length + 1), "zanzibar"]})
    rows = r.json()["rows"]
    assert rows[0]["error"].startswith("[L600]") and "limit" in rows[0]["error"]
    assert any(row["query"] == "zanzibar" and row["id"] for row in rows)
