"""The search layer as served: facet and histogram links edit the AST, one parse per request, one
classification rule, concurrent reads during an ingest, reads never write, response schemas, deep queries."""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import legation.query.parser as query_parser
from legation.api import SortParam, create_app
from legation.catalogue import Catalogue
from legation.cli import app as cli_app
from legation.errors import QueryError
from legation.model import Classification, Record
from legation.query import DateRange, Node, conjuncts, parse
from legation.search import API, LIBRARY, SORTS, SearchRequest, facet_node
from legation.web.pages import facet_view
from tests.web.conftest import CABLE_ID, build_catalogue

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

DEEP = "(" * 250 + "soviet" + ")" * 250


def soviet_records() -> list[Record]:
    """Cables about 'soviet' with TAGS PFOR / PREL / EFIS and mixed classifications."""
    def cable(n: int, tags: list[str], original: str, current: str = "") -> Record:
        return Record(id=f"1976TEST{n:05d}", collection="aad", kind="telegram", date=f"197{n % 4 + 3}-0{n % 9 + 1}-01",
                      subject=f"SOVIET TOPIC {n}", tags=tags, text=f"The soviet delegation, item {n}.",
                      classification=Classification(original=original, current=current))

    return [cable(1, ["PFOR"], "SECRET", "UNCLASSIFIED"), cable(2, ["PFOR", "PREL"], "CONFIDENTIAL"),
            cable(3, ["PREL"], "SECRET"), cable(4, ["EFIS", "PREL"], "Secret"),
            cable(5, ["EFIS"], "LIMITED OFFICIAL USE", "UNCLASSIFIED"), cable(6, ["PFOR", "EFIS"], "")]


@pytest.fixture(scope="module")
def soviet_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("soviet") / "s.db"
    with Catalogue(str(path)) as cat:
        cat.store.upsert(soviet_records())
        cat.sync_index()
    return str(path)


@pytest.fixture(scope="module")
def client(soviet_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(soviet_db), raise_server_exceptions=False) as c:
        yield c


# -- links on the search page ------------------------------------------------------------------
_LINK = re.compile(r'<a (?:class="bar" )?href="(/\?[^"]*)"[^>]*?(?:data-clause="([^"]*)")?>')


def page_links(html: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(facet links as (query, clause), histogram bar queries) of a search page."""
    facets_html = html.split('<nav class="facets"', 1)[1].split("</nav>", 1)[0] if 'class="facets"' in html else ""
    facets = [(link_query(href), unescape(clause))
              for href, clause in re.findall(r'<a href="([^"]*)" title="[^"]*" data-clause="([^"]*)">', facets_html)]
    bars = [link_query(href) for href in re.findall(r'<a class="bar" href="([^"]*)"', html)]
    return facets, bars


def link_query(href: str) -> str:
    return parse_qs(urlsplit(unescape(href)).query).get("q", [""])[0]


def plus_or_minus(before: Node, after: Node, clause: Node) -> str:
    """'plus' or 'minus' when ``after`` is ``before`` with exactly ``clause`` added or removed, else ''."""
    b, a = list(conjuncts(before)), list(conjuncts(after))
    if a == [*b, clause]:
        return "plus"
    if clause in b and a == [c for c in b if c != clause]:
        return "minus"
    return ""


@pytest.mark.parametrize("q", ["soviet", "soviet NOT tag:PFOR", "(tag:PFOR OR tag:PREL) soviet", "soviet tag:PFOR",
                               "tag:PFOR year:1974", "", "soviet -tag:EFIS class:SECRET"])
def test_every_facet_and_histogram_link_is_the_query_plus_or_minus_its_clause(client: TestClient, q: str) -> None:
    r = client.get("/", params={"q": q})
    assert r.status_code == 200, r.text
    before = parse(q)
    facets, bars = page_links(r.text)
    assert facets and bars
    for target, clause_text in facets:
        clause = parse(clause_text)
        edit = plus_or_minus(before, parse(target), clause)  # every link parses
        assert edit, (q, target, clause_text)
        # a value is shown active exactly when its link removes it
        li = re.search(r'<li( class="active")?><a href="[^"]*" title="(add|remove) ' + re.escape(clause_text) + '"',
                       unescape(r.text))
        assert li is not None and (li[2] == "remove") == (edit == "minus"), (q, clause_text)
    for target in bars:
        # a bar's link is the query with its date clauses replaced by the bar's one date clause
        after = parse(target)
        kept = [c for c in conjuncts(before) if not isinstance(c, DateRange)]
        dates = [c for c in conjuncts(after) if isinstance(c, DateRange)]
        assert [c for c in conjuncts(after) if not isinstance(c, DateRange)] == kept, (q, target)
        assert len(dates) == 1 and dates[0].field == "date" and conjuncts(after)[-1] == dates[0], (q, target)


def test_the_two_reported_bugs_on_the_page(client: TestClient) -> None:
    # soviet NOT tag:PFOR: PFOR is not active, and no link yields the broken "soviet NOT".
    facets, _ = page_links(client.get("/", params={"q": "soviet NOT tag:PFOR"}).text)
    assert all(not t.rstrip().endswith("NOT") for t, _c in facets)
    assert ("soviet NOT tag:PFOR tag:PREL", "tag:PREL") in facets
    # (tag:PFOR OR tag:PREL) soviet: the OR group stays whole in every link.
    facets, _ = page_links(client.get("/", params={"q": "(tag:PFOR OR tag:PREL) soviet"}).text)
    assert facets and all(t.startswith("(tag:PFOR OR tag:PREL) soviet") for t, _c in facets)
    assert all("( OR" not in t for t, _c in facets)


def test_facet_view_on_a_negated_clause() -> None:
    view = facet_view(parse("soviet NOT tag:PFOR"), None, {"tags": [["PFOR", 3], ["PREL", 2]]})
    items = {i["value"]: i for i in view[0]["items"]}
    assert items["PFOR"]["active"] is False
    assert link_query(items["PFOR"]["href"]) == "soviet NOT tag:PFOR tag:PFOR"
    assert parse(link_query(items["PFOR"]["href"]))  # parses


# -- one classification rule ------------------------------------------------------------------
def about_counts(html: str) -> dict[str, int]:
    table = html.split('class="counts classifications"', 1)[1].split("</table>", 1)[0]
    return {unescape(k): int(v) for k, v in re.findall(r"<a [^>]*>([^<]+)</a></th><td>(\d+)</td>", table)}


def sidebar_counts(html: str) -> dict[str, int]:
    block = html.split("<h2>Classification</h2>", 1)[1].split("</section>", 1)[0]
    return {unescape(k): int(v) for k, v in re.findall(r'>([^<]+)</a> <span class="count">(\d+)</span>', block)}


def test_about_and_sidebar_give_the_same_classification_counts(client: TestClient) -> None:
    about = about_counts(client.get("/about").text)
    sidebar = sidebar_counts(client.get("/").text)
    # current if printed, else original; upper case: "Secret" counts with "SECRET"; no classification, no row
    assert about == sidebar == {"UNCLASSIFIED": 2, "SECRET": 2, "CONFIDENTIAL": 1}
    stats = client.get("/api/stats").json()["classifications"]
    facets = dict(map(tuple, client.get("/api/facets", params={"field": "classification"}).json()["values"]))
    assert {k: v for k, v in stats.items() if k} == facets == about


def test_about_and_sidebar_agree_on_the_web_catalogue(web_db: str) -> None:
    with TestClient(create_app(web_db)) as c:
        assert about_counts(c.get("/about").text) == sidebar_counts(c.get("/").text)


# -- one parse per request ----------------------------------------------------------------------
@pytest.fixture
def parse_count(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    counter = {"n": 0}
    original = query_parser._Parser.parse

    def counted(self: Any) -> Node:
        counter["n"] += 1
        return original(self)

    monkeypatch.setattr(query_parser._Parser, "parse", counted)
    return counter


@pytest.mark.parametrize("url", ["/?q=soviet", "/?q=soviet%20NOT%20tag:PFOR&sort=date&page=1",
                                 "/?q=(tag:PFOR%20OR%20tag:PREL)%20soviet",
                                 "/api/search?q=soviet&facets=tags,from,to,kind,collection,classification,year",
                                 "/api/facets?q=soviet&field=tags"])
def test_at_most_two_parses_per_search_request(client: TestClient, parse_count: dict[str, int], url: str) -> None:
    parse_count["n"] = 0
    assert client.get(url).status_code == 200
    assert 1 <= parse_count["n"] <= 2, parse_count["n"]


# -- concurrency ----------------------------------------------------------------------------------
def test_eight_concurrent_searches_are_answered_while_an_ingest_runs(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "c.db"
    build_catalogue(db, seeds=False).close()
    app = create_app(str(db), write_token="tok")
    room = app.state.room
    ingest_started, searches_done, ingest_done = threading.Event(), threading.Event(), threading.Event()
    real_ingest = room.catalogue.ingest

    def held_ingest(paths: list[str], **kw: Any) -> Any:
        def progress(_path: str) -> None:  # the ingest is mid-parse (holding the write lock) until reads finish
            ingest_started.set()
            searches_done.wait(60)
        try:
            return real_ingest(paths, progress=progress, **kw)
        finally:
            ingest_done.set()

    monkeypatch.setattr(room.catalogue, "ingest", held_ingest)
    outcomes: list[tuple[str, int, bool]] = []
    errors: list[BaseException] = []
    urls = ["/api/search?q=zanzibar&facets=tags", "/?q=zanzibar", f"/records/{CABLE_ID}",
            "/api/facets?field=collection", "/api/search?q=polyansky%20OR%20tester&sort=-date", "/about"]
    with TestClient(app, raise_server_exceptions=False) as c:
        upload: dict[str, Any] = {}

        def do_ingest() -> None:
            files = [("files", (f"memo{i}.txt", io.BytesIO(b"MEMORANDUM\n\nSubject: Wombat count %d\n\n"
                                                          b"1. The wombat census.\n" % i), "text/plain"))
                     for i in range(3)]
            upload["response"] = c.post("/api/ingest", files=files, headers={"Authorization": "Bearer tok"})

        def reader(n: int) -> None:
            try:
                assert ingest_started.wait(60)
                for k in range(3):
                    url = urls[(n + k) % len(urls)]
                    r = c.get(url)
                    outcomes.append((url, r.status_code, ingest_done.is_set()))
            except BaseException as exc:  # reported below
                errors.append(exc)

        writer = threading.Thread(target=do_ingest)
        writer.start()
        readers = [threading.Thread(target=reader, args=(n,)) for n in range(8)]
        for t in readers:
            t.start()
        for t in readers:
            t.join(120)
        searches_done.set()
        writer.join(120)
        assert not errors, errors
        assert len(outcomes) == 24
        assert all(status == 200 for _u, status, _d in outcomes), outcomes
        assert not any(done for _u, _s, done in outcomes), "a read waited for the ingest"
        report = upload["response"].json()
        assert upload["response"].status_code == 200 and report["ok"] is True and report["records_new"] == 3
        assert c.get("/api/search", params={"q": "wombat"}).json()["total"] == 3  # the ingest caught the index up


def test_reads_never_write_the_index(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    build_catalogue(db, seeds=False).close()
    app = create_app(str(db))
    room = app.state.room
    with TestClient(app) as c:
        room.stop_following()  # only this test moves the index
        seq = room.catalogue.index.last_seq()
        room.catalogue.store.upsert([Record(id="LATE-1", subject="numbat sighting", text="A numbat.")])  # another writer
        assert c.get("/api/search", params={"q": "numbat"}).json()["total"] == 0
        assert c.get("/", params={"q": "numbat"}).status_code == 200
        assert room.catalogue.index.last_seq() == seq  # no GET caught the index up
        assert room.catch_up() == 1  # the follower's job, off the request path
        assert c.get("/api/search", params={"q": "numbat"}).json()["total"] == 1


def test_upload_with_a_failed_file_is_reported_honestly(tmp_path: Path) -> None:
    db = tmp_path / "u.db"
    build_catalogue(db, seeds=False).close()
    with TestClient(create_app(str(db), write_token="tok")) as c:
        files = [("files", ("good.txt", io.BytesIO(b"MEMORANDUM\n\nSubject: Bilby survey\n\n1. Bilbies.\n"),
                            "text/plain")),
                 ("files", ("empty.txt", io.BytesIO(b""), "text/plain")),
                 ("files", ("binary.bin", io.BytesIO(b"\x00\x01\x02\xff" * 64), "application/octet-stream"))]
        r = c.post("/api/ingest", files=files, headers={"Authorization": "Bearer tok"})
        assert r.status_code == 200, r.text
        report = r.json()
        assert report["ok"] is False and report["files_failed"] == 2 and report["records_new"] == 1
        assert sorted(f["path"] for f in report["failures"]) == ["upload:binary.bin", "upload:empty.txt"]
        assert all(f["reason"] for f in report["failures"]) and "2 of 3 files failed" in report["error"]
        assert c.get("/api/search", params={"q": "bilby OR bilbies"}).json()["total"] == 1  # the good file is stored


# -- schemas and limits ------------------------------------------------------------------------------
def test_every_api_route_has_a_response_schema(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    routes = [(p, m) for p, ops in spec["paths"].items() if p.startswith("/api") for m in ops]
    assert len(routes) >= 7
    for path, method in routes:
        ok = spec["paths"][path][method]["responses"]["200"]
        if "application/json" not in ok["content"]:  # a download (/api/export): every media type has a schema
            assert all(c["schema"]["type"] == "string" for c in ok["content"].values()), (path, ok)
            continue
        schema = ok["content"]["application/json"]["schema"]
        assert schema.get("$ref") or schema.get("anyOf") or schema.get("properties"), (path, schema)
        assert "400" in spec["paths"][path][method]["responses"] or path == "/api/stats"
    names = spec["components"]["schemas"]
    assert {"SearchBody", "HitBody", "FacetsBody", "IngestBody", "ErrorBody", "Record"} <= set(names)
    assert names["SearchBody"]["properties"]["limit"]
    search = spec["paths"]["/api/search"]["get"]["parameters"]
    limit = next(p for p in search if p["name"] == "limit")
    assert limit["schema"]["maximum"] == API.max_limit  # the API cap comes from the limits table


def test_limits_come_from_one_table() -> None:
    assert API.max_limit <= LIBRARY.max_limit and API.max_offset <= LIBRARY.max_offset
    assert API.max_facet_values <= LIBRARY.max_facet_values
    assert tuple(SortParam.__args__) == SORTS  # type: ignore[attr-defined]
    with pytest.raises(QueryError, match=f"limit must be a whole number from 0 to {API.max_limit}"):
        SearchRequest.build("x", limit=API.max_limit + 1, limits=API)
    assert SearchRequest.build("x", limit=API.max_limit).limit == API.max_limit
    with pytest.raises(QueryError, match="offset"):
        SearchRequest.build("x", offset=-1)
    with pytest.raises(QueryError, match="unknown facet"):
        SearchRequest.build("x", facets=["shoe"])
    req = SearchRequest.build("soviet tag:PFOR", facets=["tags,year"])
    assert req.facets == ("tags", "year") and req.ast == parse("soviet tag:PFOR")
    assert facet_node("year", "1976") == parse("year:1976")


# -- deep nesting ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("url", ["/api/search", "/", "/api/facets"])
def test_deeply_nested_query_is_a_400(client: TestClient, url: str) -> None:
    params = {"q": DEEP, "field": "tags"} if url == "/api/facets" else {"q": DEEP}
    r = client.get(url, params=params)
    assert r.status_code == 400, r.text[:300]
    assert "nests too deeply" in r.text and "Traceback" not in r.text
    if url.startswith("/api"):
        assert r.json() == {"ok": False, "error": r.json()["error"], "status": 400}


def test_deeply_nested_query_from_python_and_the_cli(soviet_db: str) -> None:
    with Catalogue(soviet_db) as cat:
        with pytest.raises(QueryError, match="nests too deeply"):
            cat.search(DEEP)
        with pytest.raises(QueryError):
            list(cat.iter_matching(DEEP))
        with pytest.raises(QueryError):
            cat.facets(DEEP)
    result = CliRunner().invoke(cli_app, ["search", DEEP, "--db", soviet_db])
    assert result.exit_code == 2, result.output
    result = CliRunner().invoke(cli_app, ["export", DEEP, "--db", soviet_db])
    assert result.exit_code == 2, result.output


def test_not_found_is_structured(soviet_db: str, client: TestClient) -> None:
    from legation.errors import NotFoundError

    with Catalogue(soviet_db) as cat, pytest.raises(NotFoundError) as exc:
        cat.get("1999NOWHERE00001")
    assert (exc.value.what, exc.value.key, exc.value.path) == ("record", "1999NOWHERE00001", soviet_db)
    assert soviet_db not in exc.value.message  # the location is kept apart from the message
    body = client.get("/api/records/1999NOWHERE00001").json()
    assert body == {"ok": False, "error": "no record with id '1999NOWHERE00001'", "status": 404}
    assert client.get("/api/entities/nobody-here").json()["error"] == "no record mentions 'nobody-here'"
