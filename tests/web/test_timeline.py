"""The search page's timeline: years zoom to months, a range edits the query's date clause (on the AST), no JS needed."""

from __future__ import annotations

from collections.abc import Iterator
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from legation.api import create_app
from legation.catalogue import Catalogue
from legation.model import Record
from legation.query import parse, to_text
from legation.search.edits import date_node, date_scope, set_dates
from legation.search.facets import facet
from legation.search.timeline import range_query, zoom_year

DATES = {"t-1": "1976-03-02", "t-2": "1976-03-15", "t-3": "1976-08-24", "t-4": "1976", "t-5": "1977-01-05",
         "t-6": "1975-05"}


def records() -> list[Record]:
    return [Record(id=i, collection="aad", kind="telegram", title=f"FISHERY {i}", date=d,
                   date_precision="day" if len(d) == 10 else "month" if len(d) == 7 else "year",
                   tags=["EFIS"], text="FISHERY TALKS") for i, d in DATES.items()]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = tmp_path_factory.mktemp("timeline") / "t.db"
    with Catalogue(str(path)) as cat:
        cat.store.upsert(records())
        cat.sync_index()
    with TestClient(create_app(str(path)), raise_server_exceptions=False) as c:
        yield c


def q_of(href: str) -> str:
    return parse_qs(urlsplit(unescape(href)).query).get("q", [""])[0]


def bars(client: TestClient, q: str) -> tuple[HTMLParser, list[tuple[str, str, int, bool, str]]]:
    r = client.get("/", params={"q": q})
    assert r.status_code == 200, r.text
    tree = HTMLParser(r.text)
    out = []
    for b in tree.css("figure.timeline .bars .bar"):
        title = b.attributes["title"] or ""
        out.append((b.attributes["data-value"] or "", title, int(title.split(": ")[1].split()[0]),
                    "active" in (b.attributes["class"] or ""), q_of(b.attributes.get("href") or "")))
    return tree, out


# -- the search layer ----------------------------------------------------------------------------
def test_date_edits_on_the_ast() -> None:
    ast = parse("fishery tag:EFIS date:1975..1977 year:1976")
    assert date_scope(ast) == ("1976-01-01", "1976-12-31") and zoom_year(ast) == 1976
    assert to_text(set_dates(ast, None)) == "fishery tag:EFIS"
    assert to_text(set_dates(ast, date_node("1976-03"))) == "fishery tag:EFIS date:1976-03"
    assert to_text(set_dates(parse("(a OR b) NOT date:1976"), date_node("1977"))) == "(a OR b) NOT date:1976 date:1977"
    assert zoom_year(parse("date:1975..1976")) is None and zoom_year(parse("fishery")) is None
    assert range_query(parse("tag:EFIS date:1976"), "1977", "1975-03") == "tag:EFIS date:1975-03..1977"
    assert range_query(parse("tag:EFIS date:1976"), "", "") == "tag:EFIS"
    assert range_query(parse("x"), "1975", "") == "x date:1975.."


def test_month_facet_counts_only_dates_with_a_month() -> None:
    f = facet("month")
    assert [f.values(r) for r in records()] == [["1976-03"], ["1976-03"], ["1976-08"], [], ["1977-01"], ["1975-05"]]
    assert f.dates and not f.sidebar


# -- the page --------------------------------------------------------------------------------------
def test_years_link_to_their_months(client: TestClient) -> None:
    tree, got = bars(client, "fishery")
    assert [(v, n) for v, _t, n, _a, _q in got] == [("1975", 1), ("1976", 4), ("1977", 1)]
    assert [q for *_x, q in got] == ["fishery date:1975", "fishery date:1976", "fishery date:1977"]
    assert tree.css_first("figure.timeline").attributes["data-level"] == "year"
    assert tree.css_first("figure.timeline .zoom-out") is None


def test_a_year_shows_its_months(client: TestClient) -> None:
    tree, got = bars(client, "fishery date:1976")
    assert tree.css_first("figure.timeline").attributes["data-level"] == "month"
    assert [v for v, *_ in got] == [f"1976-{m:02d}" for m in range(1, 13)]
    counts = {v: n for v, _t, n, _a, _q in got if n}
    assert counts == {"1976-03": 2, "1976-08": 1}  # the year-only record is in no month
    assert "1 dated to the year only" in tree.css_first("figure.timeline .zoom").text()
    march = next(x for x in got if x[0] == "1976-03")
    assert march[4] == "fishery date:1976-03" and not march[3]
    assert q_of(tree.css_first("figure.timeline .zoom-out").attributes["href"] or "") == "fishery"
    labels = [s.text() for s in tree.css("figure.timeline .labels span")]
    assert labels[:3] == ["Jan", "Feb", "Mar"]


def test_a_month_is_chosen_and_unchosen(client: TestClient) -> None:
    tree, got = bars(client, "fishery date:1976-03")
    assert "2 records" in tree.css_first("p.described").text()
    march = next(x for x in got if x[0] == "1976-03")
    assert march[3] and march[4] == "fishery date:1976"  # the chosen month zooms back to its year
    assert not any(a for v, _t, _n, a, _q in got if v != "1976-03")
    start = tree.css_first("form.range select[name=start] option[selected]")
    assert start is not None and start.attributes["value"] == "1976-03"


def test_range_form_edits_the_date_clause(client: TestClient) -> None:
    r = client.get("/range", params={"q": "fishery tag:EFIS year:1976", "start": "1977", "end": "1975"},
                   follow_redirects=False)
    assert r.status_code == 303
    assert q_of(r.headers["location"]) == "fishery tag:EFIS date:1975..1977"
    r = client.get("/range", params={"q": "fishery date:1976", "start": "", "end": "", "sort": "date"},
                   follow_redirects=False)
    assert q_of(r.headers["location"]) == "fishery" and "sort=date" in r.headers["location"]
    assert client.get("/range", params={"q": "fishery", "start": "soon"}).status_code == 400
    assert client.get("/range", params={"q": '"open', "start": "1975"}).status_code == 400
    tree, got = bars(client, "fishery date:1975..1976")
    assert [(v, a) for v, _t, _n, a, _q in got] == [("1975", True), ("1976", True), ("1977", False)]
    form = tree.css_first("figure.timeline form.range")
    assert form.attributes["action"] == "/range" and form.css_first("input[name=q]").attributes["value"] == \
        "fishery date:1975..1976"
    assert q_of(tree.css_first("figure.timeline a.clear-dates").attributes["href"] or "") == "fishery"
