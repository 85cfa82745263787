"""The hot API routes serialise once (orjson) yet answer exactly what their response models would have produced,
and OpenAPI still documents those models."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import TypeAdapter

from legation.api import create_app
from legation.model import Record
from legation.web.schemas import CitationBody, FacetsBody, SearchBody
from legation.web.service import ReadingRoom
from tests.web.conftest import CABLE_ID, EVIL_ID, TALK_ID, need_seeds

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

RECORD_OR_CITATION: TypeAdapter[Record | CitationBody] = TypeAdapter(Record | CitationBody)


@pytest.fixture(scope="module")
def room(web_db: str) -> Iterator[ReadingRoom]:
    r = ReadingRoom(web_db)
    yield r
    r.close()


@pytest.fixture(scope="module")
def client(room: ReadingRoom) -> Iterator[TestClient]:
    with TestClient(create_app(room=room), raise_server_exceptions=False) as c:
        yield c


def as_before(model: Any, data: Any) -> bytes:
    """What FastAPI made of a route's return value through its response model (validate, dump, json.dumps)."""
    adapter = model if isinstance(model, TypeAdapter) else TypeAdapter(model)
    dumped = adapter.dump_python(adapter.validate_python(data), mode="json", by_alias=True)
    return json.dumps(dumped, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")


SEARCHES: list[dict[str, Any]] = [
    {"q": "zanzibar"},
    {"q": "zanzibar", "facets": ["collection", "kind", "tags", "year", "from", "to", "classification"]},
    {"q": "zanzibar OR soviet OR tokyo", "limit": 2, "offset": 1, "sort": "-date"},
    {"q": "", "limit": 5, "sort": "date", "facets": ["year"]},
    {"q": "nothingmatchesthisword"},
]


@pytest.mark.parametrize("params", SEARCHES)
def test_search_json_is_what_the_response_model_gave(client: TestClient, room: ReadingRoom,
                                                     params: dict[str, Any]) -> None:
    r = client.get("/api/search", params=params)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    request = room.request(params["q"], limit=params.get("limit", 20), offset=params.get("offset", 0),
                           sort=params.get("sort", "relevance"), facets=params.get("facets", []))
    expected = as_before(SearchBody, room.search(request))
    assert r.json() == json.loads(expected)
    assert r.content == expected  # byte for byte: same key order, same number formatting, UTF-8 kept


def test_facets_json_is_what_the_response_model_gave(client: TestClient, room: ReadingRoom) -> None:
    r = client.get("/api/facets", params={"field": "tags", "q": "zanzibar", "limit": 5})
    assert r.status_code == 200
    expected = as_before(FacetsBody, {"query": "zanzibar", "field": "tags", "values": room.facets("zanzibar", "tags", 5)})
    assert r.content == expected and r.json()["values"]


@pytest.mark.parametrize("record_id", [CABLE_ID, EVIL_ID, TALK_ID, "1976TOKYO12732", "wilson-198181"])
def test_record_json_is_what_the_response_model_gave(client: TestClient, room: ReadingRoom, record_id: str) -> None:
    if not record_id.startswith("test") and record_id != CABLE_ID:
        need_seeds()
    r = client.get(f"/api/records/{record_id}")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    rec = room.record(record_id)
    expected = as_before(RECORD_OR_CITATION, rec.model_dump(by_alias=True))
    assert r.json() == json.loads(expected)
    assert Record.model_validate(r.json()) == rec
    assert r.content == expected


def test_citation_json_is_what_the_response_model_gave(client: TestClient) -> None:
    r = client.get(f"/api/records/{CABLE_ID}", params={"cite": "chicago"})
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"id", "style", "citation"} and body["id"] == CABLE_ID
    assert r.content == as_before(RECORD_OR_CITATION, body)


def test_openapi_keeps_the_response_models_of_the_fast_routes(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()

    def ok_schema(path: str) -> dict[str, Any]:
        schema: dict[str, Any] = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        return schema

    assert ok_schema("/api/search") == {"$ref": "#/components/schemas/SearchBody"}
    assert ok_schema("/api/facets") == {"$ref": "#/components/schemas/FacetsBody"}
    refs = {s.get("$ref") for s in ok_schema("/api/records/{record_id}")["anyOf"]}
    assert refs == {"#/components/schemas/Record", "#/components/schemas/CitationBody"}
    hit = spec["components"]["schemas"]["HitBody"]["properties"]
    assert {"id", "score", "snippet", "highlights", "snippet_html"} <= set(hit)


def test_errors_keep_the_one_shape_on_fast_routes(client: TestClient) -> None:
    for path, params in (("/api/search", {"q": "date:2x"}), ("/api/facets", {"field": "nope"}),
                         ("/api/records/no-such-record", {})):
        r = client.get(path, params=params)
        assert r.status_code in (400, 404), r.text
        assert set(r.json()) == {"ok", "error", "status"}
