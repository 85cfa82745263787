"""The JSON API: search, records, facets, entities, stats, the one error shape, write access, limits."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from legation.api import MAX_UPLOAD_BYTES, create_app
from legation.model import Record
from tests.web.conftest import CABLE_ID, EVIL_ID, TALK_ID, build_catalogue, need_seeds

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def client(web_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(web_db), raise_server_exceptions=False) as c:
        yield c


def assert_error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"ok", "error", "status"}, body
    assert body["ok"] is False and body["status"] == status
    assert isinstance(body["error"], str) and body["error"]
    assert "Traceback" not in response.text
    return body


# -- search ---------------------------------------------------------------------------------
def test_search_finds_the_seed_cable(client: TestClient) -> None:
    need_seeds()
    r = client.get("/api/search", params={"q": "northern territories"})
    assert r.status_code == 200
    data = r.json()
    ids = [h["id"] for h in data["hits"]]
    assert "1976TOKYO12732" in ids and "wilson-198181" in ids
    assert data["total"] == len(ids)
    assert "northern" in data["description"]
    cable = next(h for h in data["hits"] if h["id"] == "1976TOKYO12732")
    assert cable["title"].startswith("JAPAN-USSR RELATIONS")
    assert "<b>" in cable["snippet_html"] or "<mark>" in cable["snippet_html"]


def test_search_hand_records_with_facets(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": "zanzibar", "facets": "collection,kind", "limit": 10})
    assert r.status_code == 200
    data = r.json()
    assert {h["id"] for h in data["hits"]} == {CABLE_ID, EVIL_ID, TALK_ID}
    assert dict(map(tuple, data["facets"]["collection"])) == {"aad": 1, "document": 1, "wilson": 1}
    assert data["description"] and data["sort"] == "relevance"


def test_facet_field_narrows(client: TestClient) -> None:
    everything = client.get("/api/search", params={"q": "zanzibar"}).json()["total"]
    narrowed = client.get("/api/search", params={"q": "zanzibar collection:aad"}).json()
    assert narrowed["total"] < everything
    assert [h["id"] for h in narrowed["hits"]] == [CABLE_ID]


def test_search_sort_by_date(client: TestClient) -> None:
    up = [h["date"] for h in client.get("/api/search", params={"q": "zanzibar", "sort": "date"}).json()["hits"]]
    down = [h["date"] for h in client.get("/api/search", params={"q": "zanzibar", "sort": "-date"}).json()["hits"]]
    assert up == ["1975-05-01", "1977-03-05", "1980-01-02"]
    assert down == list(reversed(up))


def test_search_paging(client: TestClient) -> None:
    first = client.get("/api/search", params={"q": "zanzibar", "sort": "date", "limit": 2}).json()
    second = client.get("/api/search", params={"q": "zanzibar", "sort": "date", "limit": 2, "offset": 2}).json()
    assert [h["id"] for h in first["hits"]] == [TALK_ID, CABLE_ID]
    assert [h["id"] for h in second["hits"]] == [EVIL_ID]
    assert first["total"] == second["total"] == 3


def test_facets_endpoint(client: TestClient) -> None:
    r = client.get("/api/facets", params={"q": "zanzibar", "field": "tags"})
    assert r.status_code == 200
    values = dict(map(tuple, r.json()["values"]))
    assert values == {"PFOR": 1, "EFIS": 1, "TZ": 1}
    assert_error(client.get("/api/facets", params={"field": "shoe size"}), 400)
    assert_error(client.get("/api/facets"), 400)  # field is required


@pytest.mark.parametrize("params", [
    {"q": "date:soon"},
    {"q": '"unclosed'},
    {"q": "nosuchfield:x"},
    {"q": "x" * 1001},
    {"limit": "1001"},
    {"limit": "many"},
    {"offset": "-1"},
    {"sort": "sideways"},
    {"facets": "shoe"},
])
def test_bad_search_is_400_in_the_one_shape(client: TestClient, params: dict[str, str]) -> None:
    assert_error(client.get("/api/search", params=params), 400)


def test_malformed_date_names_the_problem(client: TestClient) -> None:
    body = assert_error(client.get("/api/search", params={"q": "date:soon"}), 400)
    assert "soon" in body["error"] and "date" in body["error"]


# -- records -----------------------------------------------------------------------------------
def test_record_json_round_trips(client: TestClient) -> None:
    r = client.get(f"/api/records/{CABLE_ID}")
    assert r.status_code == 200
    rec = Record.from_dict(r.json())
    assert rec.id == CABLE_ID and rec.subject == "ZANZIBAR FISHERY TALKS"
    assert rec.from_ is not None and rec.from_.post == "TESTVILLE"


def test_seed_record_json(client: TestClient) -> None:
    need_seeds()
    data = client.get("/api/records/1976TOKYO12732").json()
    assert data["subject"] == "JAPAN-USSR RELATIONS: FOLLOW UP ON DOKO MEETING WITH BREZHNEV"
    assert client.get("/api/records/76TOKYO12732").json()["id"] == "1976TOKYO12732"  # short form finds it


def test_record_citation(client: TestClient) -> None:
    r = client.get(f"/api/records/{CABLE_ID}", params={"cite": "bibtex"})
    assert r.status_code == 200
    body = r.json()
    assert body["id"] == CABLE_ID and body["style"] == "bibtex"
    assert body["citation"].startswith(f"@misc{{{CABLE_ID},")
    chicago = client.get(f"/api/records/{CABLE_ID}", params={"cite": "chicago"}).json()["citation"]
    assert "ZANZIBAR FISHERY TALKS" in chicago and "March 5, 1977" in chicago
    assert_error(client.get(f"/api/records/{CABLE_ID}", params={"cite": "harvard-ish"}), 400)


def test_unknown_record_is_404_in_the_one_shape(client: TestClient) -> None:
    body = assert_error(client.get("/api/records/1999NOWHERE00001"), 404)
    assert "1999NOWHERE00001" in body["error"]
    assert "/" not in body["error"].replace("1999NOWHERE00001", "")  # no server path in the message
    assert_error(client.get("/api/no/such/endpoint"), 404)
    assert_error(client.post("/api/search"), 405)


# -- entities and stats --------------------------------------------------------------------------
def test_entity_api(client: TestClient) -> None:
    r = client.get("/api/entities/POLYANSKY")
    assert r.status_code == 200
    data = r.json()
    ids = [rec["id"] for rec in data["records"]]
    # oldest first; the seed cable names "SOVIET AMBASSADOR POLYANSKY" in its text (text-entities pass)
    assert [i for i in ids if i in {TALK_ID, CABLE_ID}] == [TALK_ID, CABLE_ID]
    assert data["years"]["1975"] == 1 and data["years"]["1977"] == 1
    co = {e["name"]: e["count"] for e in data["co_mentioned"]}
    assert co.get("Zanzibar") == 2
    assert_error(client.get("/api/entities/nobody-at-all"), 404)


def test_entity_across_records_by_surname(client: TestClient) -> None:
    need_seeds()
    data = client.get("/api/entities/brezhnev").json()
    ids = {rec["id"] for rec in data["records"]}
    assert "1976TOKYO12732" in ids  # TAGS person BREZHNEV, LEONID I


def test_stats(client: TestClient) -> None:
    data = client.get("/api/stats").json()
    assert data["records"] >= 3
    assert data["collections"]["wilson"] >= 1
    assert "catalogue" not in data and "index" not in data  # no server paths


def test_openapi_and_docs(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/api/search", "/api/records/{record_id}", "/api/facets", "/api/entities/{key}", "/api/stats",
                 "/api/ingest"):
        assert path in spec["paths"], path
    docs = client.get("/docs")
    assert docs.status_code == 200
    # Swagger UI is vendored: no CDN, no inline script, and its files are served.
    assert "http" not in docs.text and "<script>" not in docs.text
    assert "'unsafe-inline'" not in docs.headers["content-security-policy"].split("script-src")[1].split(";")[0]
    for asset in ("/static/swagger/swagger-ui-bundle.js", "/static/swagger/swagger-ui.css", "/static/swagger/init.js"):
        assert client.get(asset).status_code == 200, asset


# -- safety -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/", "/?q=zanzibar", f"/records/{CABLE_ID}", "/api/search?q=x", "/about",
                                  "/api/records/nope", "/nope", "/static/style.css"])
def test_security_headers_everywhere(client: TestClient, path: str) -> None:
    r = client.get(path)
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert r.headers["x-content-type-options"] == "nosniff"


def test_unexpected_error_is_generic_500(web_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app(web_db)

    def boom(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("secret detail /etc/shadow")

    monkeypatch.setattr(app.state.room, "search", boom)
    monkeypatch.setattr(app.state.room, "record", boom)
    with TestClient(app, raise_server_exceptions=False) as c:
        body = assert_error(c.get("/api/search", params={"q": "x"}), 500)
        assert "secret" not in body["error"]
        page = c.get(f"/records/{CABLE_ID}")
        assert page.status_code == 500
        assert "secret" not in page.text and "Traceback" not in page.text and "RuntimeError" not in page.text
        assert "content-security-policy" in page.headers


# -- writing ---------------------------------------------------------------------------------------------
TINY_DOC = b"""MEMORANDUM FOR THE RECORD

Subject: Quokka census on Rottnest

1. The quokka count this season was the highest on record.
"""


def test_read_only_without_token(client: TestClient) -> None:
    files = {"files": ("memo.txt", io.BytesIO(TINY_DOC), "text/plain")}
    assert_error(client.post("/api/ingest", files=files), 403)
    assert_error(client.post("/api/ingest", files=files, headers={"Authorization": "Bearer guess"}), 403)


def test_token_ingest(tmp_path: Path) -> None:
    cat = build_catalogue(tmp_path / "w.db", seeds=False)
    cat.close()
    app = create_app(str(tmp_path / "w.db"), write_token="s3cret-token")
    with TestClient(app, raise_server_exceptions=False) as c:
        files = {"files": ("../../etc/memo.txt", io.BytesIO(TINY_DOC), "text/plain")}
        assert_error(c.post("/api/ingest", files=files), 401)
        assert_error(c.post("/api/ingest", files=files, headers={"Authorization": "Bearer wrong"}), 401)
        assert_error(c.post("/api/ingest", files=files, headers={"Authorization": "Basic s3cret-token"}), 401)
        assert_error(c.post("/api/ingest", headers={"Authorization": "Bearer s3cret-token"}), 400)
        assert c.get("/api/search", params={"q": "quokka"}).json()["total"] == 0
        files = {"files": ("../../etc/memo.txt", io.BytesIO(TINY_DOC), "text/plain")}
        r = c.post("/api/ingest", files=files, headers={"Authorization": "Bearer s3cret-token"})
        assert r.status_code == 200, r.text
        report = r.json()
        assert report["ok"] is True and report["records_new"] == 1 and report["files_failed"] == 0
        assert [f["path"] for f in report["files"]] == ["upload:memo.txt"]  # no server temp path leaks
        hits = c.get("/api/search", params={"q": "quokka"}).json()["hits"]
        assert len(hits) == 1
        rec = c.get(f"/api/records/{hits[0]['id']}")
        assert rec.status_code == 200 and rec.json()["source"]["path"] == "upload:memo.txt"


def test_upload_size_limit(tmp_path: Path) -> None:
    build_catalogue(tmp_path / "w.db", seeds=False).close()
    app = create_app(str(tmp_path / "w.db"), write_token="tok")
    with TestClient(app, raise_server_exceptions=False) as c:
        big = b"x" * (MAX_UPLOAD_BYTES + 1)
        files = {"files": ("big.txt", io.BytesIO(big), "text/plain")}
        assert_error(c.post("/api/ingest", files=files, headers={"Authorization": "Bearer tok"}), 413)


def test_repeated_facets_parameter(client: TestClient) -> None:
    data = client.get("/api/search", params=[("q", "zanzibar"), ("facets", "tags"), ("facets", "year")]).json()
    assert set(data["facets"]) == {"tags", "year"}
    assert dict(map(tuple, data["facets"]["year"])) == {"1975": 1, "1977": 1, "1980": 1}


def test_entity_page_reads_the_entity_table_not_the_records(web_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """No record is scanned: the entity's records come from the catalogue's entity table."""
    from legation.store.sql import SQLStore

    def no_scan(self: object, batch_size: int = 500) -> object:
        raise AssertionError("the entity page scanned the records")

    monkeypatch.setattr(SQLStore, "iter_records", no_scan)
    with TestClient(create_app(web_db)) as c:
        ids = [r["id"] for r in c.get("/api/entities/POLYANSKY").json()["records"]]
    assert ids == [TALK_ID, CABLE_ID]


def test_body_limit_without_content_length() -> None:
    """A chunked body (no Content-Length) is cut off at the limit while it streams in."""
    import asyncio

    from starlette.requests import Request
    from starlette.responses import JSONResponse

    from legation.api import GuardMiddleware

    async def reader(scope: Any, receive: Any, send: Any) -> None:
        body = await Request(scope, receive).body()
        await JSONResponse({"read": len(body)})(scope, receive, send)

    async def run(chunks: list[bytes]) -> tuple[int, bytes]:
        messages = [{"type": "http.request", "body": c, "more_body": i < len(chunks) - 1} for i, c in enumerate(chunks)]
        sent: list[dict[str, Any]] = []

        async def receive() -> dict[str, Any]:
            return messages.pop(0)

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        scope = {"type": "http", "method": "POST", "path": "/api/ingest", "headers": [], "query_string": b""}
        await GuardMiddleware(reader, max_body=10)(scope, receive, send)
        return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])

    status, body = asyncio.run(run([b"12345", b"67890", b"x"]))
    assert status == 413 and b'"status":413' in body
    status, body = asyncio.run(run([b"12345", b"67890"]))
    assert status == 200 and body == b'{"read":10}'


def test_related_records_api_and_page(client: TestClient) -> None:
    need_seeds()
    data = client.get("/api/related/1976TOKYO12732").json()
    assert data["id"] == "1976TOKYO12732"
    assert "wilson-198181" in [r["id"] for r in data["similar"]]
    assert all(r["id"] != "1976TOKYO12732" for r in data["similar"])
    page = client.get("/records/wilson-198181").text
    assert "Similar records" in page and 'href="/records/1976TOKYO12732"' in page
    assert client.get("/api/related/nope").json()["status"] == 404
