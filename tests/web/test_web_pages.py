"""The HTML reading room through TestClient: search, record, entity and about pages; escaping; no inline code."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qs, unquote, urlparse

import pytest
from fastapi.testclient import TestClient
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from legation.api import create_app
from tests.web.conftest import CABLE_ID, EVIL, EVIL_ID, TALK_ID, need_seeds

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def client(web_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(web_db), raise_server_exceptions=False) as c:
        yield c


def page(client: TestClient, url: str, status: int = 200) -> HTMLParser:
    r = client.get(url)
    assert r.status_code == status, r.text[:500]
    assert r.headers["content-type"].startswith("text/html")
    return HTMLParser(r.text)


def texts(tree: HTMLParser, css: str) -> list[str]:
    return [n.text(strip=True) for n in tree.css(css)]


def assert_no_inline_code(html: str) -> None:
    tree = HTMLParser(html)
    for script in tree.css("script"):
        assert script.attributes.get("src"), "inline <script> would be blocked by the CSP"
    for node in tree.css("*"):
        for name in node.attributes:
            assert not name.lower().startswith("on"), f"inline handler {name} on <{node.tag}>"
            assert name.lower() != "style", f"inline style on <{node.tag}>"


# -- search page ------------------------------------------------------------------------------
def test_search_page_lists_hits_with_snippets(client: TestClient) -> None:
    tree = page(client, "/?q=zanzibar")
    links = [a.attributes.get("href", "").split("?")[0] for a in tree.css("a.hit-title")]
    assert {f"/records/{CABLE_ID}", f"/records/{TALK_ID}", f"/records/{EVIL_ID}"} == set(links)
    marks = [m.text().lower() for m in tree.css(".snippet mark")]
    assert marks and all(m == "zanzibar" for m in marks)
    described = tree.css_first(".described").text()
    assert "3 records" in described and "zanzibar" in described


def test_search_page_facets_add_a_clause(client: TestClient) -> None:
    tree = page(client, "/?q=zanzibar")
    facet_links = {a.text(strip=True): a.attributes["href"] for a in tree.css(".facets a")}
    assert "aad" in facet_links and "PFOR" in facet_links
    q = parse_qs(urlparse(facet_links["aad"]).query)["q"][0]
    assert q == "zanzibar collection:aad"
    narrowed = page(client, facet_links["aad"])
    assert [a.attributes["href"].split("?")[0] for a in narrowed.css("a.hit-title")] == [f"/records/{CABLE_ID}"]
    active = narrowed.css_first(".facets li.active a")
    assert active is not None and active.text(strip=True) == "aad"
    # The active value's link takes the clause out again.
    assert parse_qs(urlparse(active.attributes["href"]).query)["q"][0] == "zanzibar"


def test_search_page_histogram_and_sort(client: TestClient) -> None:
    tree = page(client, "/?q=zanzibar&sort=date")
    bars = tree.css(".histogram .bar")
    years = [b.attributes["title"].split(":")[0] for b in bars]
    assert years == [str(y) for y in range(1975, 1981)]
    filled = {b.attributes["title"].split(":")[0] for b in tree.css(".histogram a.bar")}
    assert filled == {"1975", "1977", "1980"}
    assert [a.attributes["href"].split("?")[0] for a in tree.css("a.hit-title")] == [
        f"/records/{TALK_ID}", f"/records/{CABLE_ID}", f"/records/{EVIL_ID}"]
    assert tree.css_first("select[name=sort] option[selected]").attributes["value"] == "date"


def test_search_page_histogram_follows_field_queries(client: TestClient) -> None:
    tree = page(client, "/?q=zanzibar+collection:wilson")
    assert [b.attributes["title"].split(":")[0] for b in tree.css(".histogram a.bar")] == ["1975"]


def test_search_page_explains_syntax_and_bad_query(client: TestClient) -> None:
    tree = page(client, "/")
    assert any("date:1973..1976" in t for t in texts(tree, ".syntax code"))
    bad = page(client, "/?q=date:soon", status=400)
    assert "soon" in bad.css_first(".error").text()
    assert bad.css_first("input[name=q]").attributes["value"] == "date:soon"
    long = page(client, "/?q=" + "x" * 1001, status=400)
    assert "1000" in long.css_first(".error").text()


def test_search_page_paging(web_db: str) -> None:
    from legation.web import pages

    old = pages.PAGE_SIZE
    pages.PAGE_SIZE = 1
    try:
        with TestClient(create_app(web_db)) as c:
            first = HTMLParser(c.get("/?q=zanzibar&sort=date").text)
            assert [a.attributes["href"].split("?")[0] for a in first.css("a.hit-title")] == [f"/records/{TALK_ID}"]
            nxt = first.css_first(".pager a[rel=next]").attributes["href"]
            second = HTMLParser(c.get(nxt).text)
            assert [a.attributes["href"].split("?")[0] for a in second.css("a.hit-title")] == [f"/records/{CABLE_ID}"]
            assert second.css_first(".pager .current").text() == "2"
            assert second.css_first("ol.hits").attributes["start"] == "2"
    finally:
        pages.PAGE_SIZE = old


def test_search_finds_seed_cable_page(client: TestClient) -> None:
    need_seeds()
    tree = page(client, "/?q=northern+territories")
    assert "/records/1976TOKYO12732" in [a.attributes.get("href", "").split("?")[0] for a in tree.css("a.hit-title")]


# -- record page -----------------------------------------------------------------------------------
def test_record_page_header_body_and_citations(client: TestClient) -> None:
    tree = page(client, f"/records/{CABLE_ID}")
    assert tree.css_first("h1.record-title").text(strip=True) == "ZANZIBAR FISHERY TALKS"
    rows = {tr.css_first("th").text(strip=True): " ".join(tr.css_first("td").text().split())
            for tr in tree.css("table.fields tr")}
    assert rows["From"] == "AMEMBASSY TESTVILLE"
    assert rows["Classification"] == "SECRET → CONFIDENTIAL → UNCLASSIFIED"
    assert rows["TAGS"] == "PFOR, EFIS, TZ"
    assert "cable.txt" in rows["Sources"] and "/secret/server" not in tree.html
    numbered = tree.css(".text p.numbered")
    assert [p.attributes["id"] for p in numbered] == ["p1", "p2"]
    assert numbered[0].css_first(".pn").text() == "1."
    assert numbered[1].text(strip=True).startswith("2.COMMENT:")  # label already printed: not repeated
    fix = tree.css_first("mark.fix")
    assert fix.text() == "POLYANSKY" and fix.attributes["data-original"] == "PLOYANSKY"
    assert "PLOYANSKY" in fix.attributes["title"]
    styles = [p.attributes["id"] for p in tree.css(".cite pre")]
    assert styles == ["cite-chicago", "cite-bibtex", "cite-ris", "cite-csl"]
    assert tree.css_first("#cite-bibtex").text().startswith(f"@misc{{{CABLE_ID},")
    assert len(tree.css("button.copy[data-copy]")) == 4
    events = texts(tree, ".review .events li")
    assert events[0].startswith("RELEASED") and "ReviewerA" in events[0]
    assert texts(tree, ".notes li") == ["[1]A note about the fishery."]


def test_record_page_links_references_and_entities(client: TestClient) -> None:
    need_seeds()
    tree = page(client, f"/records/{CABLE_ID}")
    refs = {li.text(strip=True): (li.css_first("a").attributes["href"] if li.css_first("a") else "")
            for li in tree.css(".refs li")}
    assert refs["TOKYO 12732"] == "/records/1976TOKYO12732"
    moscow = next(k for k in refs if k.startswith("MOSCOW 999"))
    assert refs[moscow] == ""  # not in this catalogue: shown, not linked
    ents = {a.text(): a.attributes["href"] for a in tree.css(".entities a")}
    assert ents["POLYANSKY"] == "/entities/POLYANSKY" and ents["Zanzibar"] == "/entities/ZANZIBAR"


def test_record_page_raw_view(client: TestClient) -> None:
    tree = page(client, f"/records/{CABLE_ID}?view=raw")
    assert tree.css_first("pre.raw-text").text().startswith("RAW CABLE TEXT")
    assert tree.css(".text p") == []
    assert tree.css_first(".views a").attributes["href"] == f"/records/{CABLE_ID}"


def test_record_page_short_id_redirects(client: TestClient) -> None:
    need_seeds()
    r = client.get("/records/76TOKYO12732", follow_redirects=False)
    assert r.status_code == 301 and r.headers["location"] == "/records/1976TOKYO12732"


def test_seed_cable_page(client: TestClient) -> None:
    need_seeds()
    tree = page(client, "/records/1976TOKYO12732")
    assert tree.css_first("h1").text(strip=True) == "JAPAN-USSR RELATIONS: FOLLOW UP ON DOKO MEETING WITH BREZHNEV"
    assert [p.css_first(".pn").text() for p in tree.css(".text p.numbered")] == ["1.", "2.", "3.", "4.", "5."]
    assert "Film number" in texts(tree, "table.fields th")


def test_transcript_page_shows_speakers(client: TestClient) -> None:
    tree = page(client, f"/records/{TALK_ID}")
    assert texts(tree, ".turn .speaker") == ["A. POLYANSKY", "B. TESTER"]
    assert texts(tree, ".turn .said") == ["Zanzibar first.", "Agreed."]


def test_seed_transcript_speakers(client: TestClient) -> None:
    need_seeds()
    tree = page(client, "/records/wilson-198181")
    speakers = texts(tree, ".turn .speaker")
    assert len(speakers) == 86
    assert speakers[0] == "K. TANAKA"
    assert "L.I. BREZHNEV and A.A. GROMYKO" in speakers or any("GROMYKO" in s and "BREZHNEV" in s for s in speakers)
    assert [a.attributes["href"] for a in tree.css("a.fnref")][:1] == ["#note-1"]  # 1973[1] links its footnote
    assert tree.css_first("#note-1") is not None


def test_unknown_record_page_is_404(client: TestClient) -> None:
    tree = page(client, "/records/1999NOWHERE00001", status=404)
    assert "1999NOWHERE00001" in tree.css_first(".error-page").text()


# -- escaping -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("url", [f"/records/{EVIL_ID}", f"/records/{EVIL_ID}?view=raw", "/?q=zanzibar",
                                 "/entities/MALLORY", "/?q=" + EVIL, "/records/" + EVIL])
def test_markup_in_records_is_escaped(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code in (200, 400, 404)
    assert EVIL not in r.text
    assert "<img src=x" not in r.text
    assert 'href="javascript:' not in r.text.lower()
    assert_no_inline_code(r.text)


def test_evil_record_text_survives_as_text(client: TestClient) -> None:
    tree = page(client, f"/records/{EVIL_ID}")
    assert EVIL in tree.css_first(".text").text()  # shown, as text
    assert tree.css_first("h1").text() == f"Zanzibar memo {EVIL}"
    assert tree.css(".text script") == []


@pytest.mark.parametrize("url", ["/", "/?q=zanzibar", f"/records/{CABLE_ID}", f"/records/{TALK_ID}", "/about",
                                 "/entities/POLYANSKY", "/nope"])
def test_pages_have_no_inline_code(client: TestClient, url: str) -> None:
    assert_no_inline_code(client.get(url).text)


# -- entity and about --------------------------------------------------------------------------------------
def test_entity_page(client: TestClient) -> None:
    tree = page(client, "/entities/POLYANSKY")
    assert [a.attributes["href"] for a in tree.css("ol.timeline a")][:2] == [f"/records/{TALK_ID}",
                                                                             f"/records/{CABLE_ID}"]
    assert "Zanzibar" in texts(tree, ".entities a")
    assert unquote(tree.css_first(".entities a").attributes["href"]).startswith("/entities/")
    page(client, "/entities/nobody-at-all", status=404)


def test_about_page(client: TestClient) -> None:
    tree = page(client, "/about")
    rows = {tr.css_first("th").text(strip=True): tr.css_first("td").text() for tr in tree.css("table.counts tr")}
    assert rows["Wilson Center Digital Archive"] >= "1"
    assert "1977" in rows and "1980" in rows
    assert re.search(r"\d+ records", tree.css_first(".lead").text())


def test_tags_facet_explains_the_codes(client: TestClient) -> None:
    tree = page(client, "/?q=zanzibar")
    meanings = {li.css_first("a").text(): li.css_first(".meaning").text() for li in tree.css(".facets li")
                if li.css_first(".meaning") is not None}
    assert meanings.get("PFOR", "").startswith("Foreign Policy Relations")
