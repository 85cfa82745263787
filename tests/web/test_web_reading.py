"""The record page as a reader meets it: text first, a compact field panel, links in the text, moving on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from legation.api import create_app
from legation.catalogue import Catalogue
from legation.model import Address, Archive, Block, Classification, Correction, Record, Reference
from legation.web import views
from tests.web.conftest import CABLE_ID, TALK_ID, need_seeds

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def client(web_db: str) -> Iterator[TestClient]:
    with TestClient(create_app(web_db), raise_server_exceptions=False) as c:
        yield c


def page(client: TestClient, url: str, status: int = 200) -> HTMLParser:
    r = client.get(url)
    assert r.status_code == status, r.text[:300]
    return HTMLParser(r.text)


def labels(tree: HTMLParser, css: str) -> list[str]:
    return [n.text(strip=True) for n in tree.css(css)]


# -- layout ----------------------------------------------------------------------------------------
def test_text_comes_before_the_fields(client: TestClient) -> None:
    r = client.get(f"/records/{CABLE_ID}")
    html = r.text
    assert html.index('class="text"') < html.index('class="meta"')
    tree = HTMLParser(html)
    assert tree.css(".record-main table.fields") == []  # no field table above the text
    panel = labels(tree, ".meta table.compact th")
    assert panel[:5] == ["Id", "Date", "From", "To", "Classification"]
    folded = labels(tree, ".meta details.more-fields table.fields th")
    assert "Sources" in folded and "Info" in folded and "Id" not in folded
    assert tree.css_first(".meta details.more-fields").attributes.get("open") is None
    assert tree.css_first(".facts").text() == "AMEMBASSY TESTVILLE → SECSTATE WASHDC, info 1 · SECRET, now UNCLASSIFIED"


def test_wilson_fields_are_not_repeated() -> None:
    rec = Record(id="wilson-1", collection="wilson", kind="transcript", translator="Sergey Radchenko",
                 archive=Archive(repository="RGANI", fond="80", opis="1", delo="940", listy="26-43",
                                 extra={"archive_citation": "RGANI, fond 80, opis 1, delo 940, listy 26-43",
                                        "credit_line": "Obtained and translated by Sergey Radchenko.",
                                        "obtained_by": "Sergey Radchenko"}),
                 citation='"Talks", Wilson Center Digital Archive, RGANI, fond 80, opis 1, delo 940, listy 26-43.')
    key, more = views.split_rows(views.header_rows(rec))
    shown = [r.label for r in key + more]
    assert shown.count("Archive citation") == 1  # the printed citation stays; its repeat in the archive goes
    assert "Obtained by" not in shown and "Translator" not in shown  # both are in the credit line
    assert "Credit line" in shown and "Repository" in shown


def test_seed_transcript_has_no_repeated_fields(client: TestClient) -> None:
    need_seeds()
    tree = page(client, "/records/wilson-198181")
    rows = labels(tree, ".meta table.fields th")
    assert rows.count("Archive citation") == 1
    assert "Obtained by" not in rows and "Translator" not in rows
    values = [" ".join(td.text().split()) for td in tree.css(".meta table.fields td")]
    assert len(values) == len(set(values))


# -- links in the text -------------------------------------------------------------------------------
def test_names_and_references_in_the_text_are_links(client: TestClient) -> None:
    need_seeds()
    tree = page(client, f"/records/{CABLE_ID}")
    links = {a.text(): a.attributes["href"] for a in tree.css(".text a.ent")}
    assert links["ZANZIBAR"] == "/entities/ZANZIBAR"  # from the entity's mention offsets
    assert links["TOKYO 12732"] == "/records/1976TOKYO12732"  # a reference present in the catalogue
    fix = tree.css_first(".text mark.fix")
    assert fix.text() == "POLYANSKY" and fix.attributes["data-original"] == "PLOYANSKY"


def test_absent_reference_says_so(client: TestClient) -> None:
    tree = page(client, f"/records/{CABLE_ID}")
    moscow = next(li for li in tree.css(".refs li") if "MOSCOW 999" in li.text())
    assert moscow.css("a") == [] and "not in the catalogue" in moscow.css_first(".absent").text()


def test_flagged_repairs_are_marked_and_listed() -> None:
    if "applied" not in Correction.model_fields:
        pytest.skip("Correction.applied (flagged repairs) has not landed")
    text = "THE AMBASADOR SPOKE."
    flagged = Correction.model_validate({"start": 4, "end": 13, "original": "AMBASADOR", "replacement": "AMBASSADOR",
                                         "rule": "lexicon", "confidence": 0.4, "applied": False})
    rec = Record(id="x", text=text, body=[Block(kind="paragraph", text=text)], corrections=[flagged])
    segs = views.body_blocks(rec)[0].segments
    marked = [s for s in segs if s.flag]
    assert [(s.text, s.flag) for s in marked] == [("AMBASADOR", "AMBASSADOR")]
    assert not any(s.original for s in segs)  # not shown as repaired


def test_spans_prefer_repairs_and_never_overlap() -> None:
    text = "POLYANSKY MET POLYANSKY"
    rec = Record(id="x", text=text, corrections=[Correction(start=0, end=9, original="PLOYANSKY",
                                                            replacement="POLYANSKY", rule="r")])
    spans = views.text_spans(rec, {"POLYANSKY": "/records/y"})
    assert [(s.start, s.end, bool(s.original), s.href) for s in spans] == [(0, 9, True, ""), (14, 23, False, "/records/y")]


def test_original_links() -> None:
    cable = Record(id="1976TOKYO12732", collection="aad", kind="telegram")
    assert views.original_links(cable) == [("WikiLeaks PlusD (the Central Foreign Policy Files)",
                                            "https://wikileaks.org/plusd/cables/1976TOKYO12732_b.html")]
    frus = Record(id="frus1969-76v19p2d1", collection="frus",
                  source_url="https://history.state.gov/historicaldocuments/frus1969-76v19p2/d1")
    assert views.original_links(frus)[0][0].startswith("history.state.gov")
    assert views.original_links(Record(id="x", source_url="javascript:alert(1)")) == []


def test_original_link_on_the_page(client: TestClient) -> None:
    tree = page(client, f"/records/{TALK_ID}")
    link = tree.css_first(".views a.original")
    assert link.attributes["href"] == "https://digitalarchive.wilsoncenter.org/document/1"
    assert "Wilson Center" in link.text()


# -- back to results ---------------------------------------------------------------------------------
def test_results_link_back(client: TestClient) -> None:
    tree = page(client, "/?q=zanzibar&sort=date")
    hrefs = [a.attributes["href"] for a in tree.css("a.hit-title")]
    assert all(h.endswith("?q=zanzibar&sort=date") for h in hrefs), hrefs
    record = page(client, hrefs[0])
    assert record.css_first(".back a").attributes["href"] == "/?q=zanzibar&sort=date"
    assert page(client, f"/records/{CABLE_ID}").css(".back") == []


def test_short_id_redirect_keeps_the_search(client: TestClient) -> None:
    need_seeds()
    r = client.get("/records/76TOKYO12732?q=brezhnev&page=2", follow_redirects=False)
    assert r.status_code == 301 and r.headers["location"] == "/records/1976TOKYO12732?q=brezhnev&page=2"


# -- moving on ---------------------------------------------------------------------------------------
VOL = "frus1901-02v9"


def _moving_records() -> list[Record]:
    def doc(n: int, date: str) -> Record:
        return Record(id=f"{VOL}d{n}", collection="frus", kind="memorandum", title=f"Document {n}", date=date,
                      archive=Archive(volume=VOL), text=f"document {n} text", body=[Block(text=f"document {n}")])

    def cable(i: str, date: str) -> Record:
        return Record(id=i, collection="aad", kind="telegram", subject=f"cable {i}", date=date, text="cable text",
                      from_=Address(name="AMEMBASSY X", post="X"), classification=Classification(original="SECRET"))

    return [Record(id=VOL, collection="frus", kind="volume", title="The Test Volume", text="volume"),
            doc(1, "1901-01-05"), doc(2, "1901-01-02"), doc(10, "1901-01-03"),
            cable("1975AAA00001", "1975-01-01"), cable("1975BBB00002", "1975-01-02"),
            cable("1975AAA00003", "1975-01-02"), cable("1975CCC00004", "1975-01-09"),
            Record(id="2009AAA123", collection="cablegate", kind="telegram", aliases=["09AAA123"], date="2009-01-01",
                   text="the cited cable"),
            Record(id="2009BBB7", collection="cablegate", kind="telegram", date="2009-01-02", text="cites 09AAA123",
                   references=[Reference(label="AAA 123", id="09AAA123")])]


@pytest.fixture(scope="module")
def moving_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path: Path = tmp_path_factory.mktemp("moving") / "m.db"
    cat = Catalogue(str(path))
    cat.store.upsert(_moving_records())
    cat.sync_index()
    cat.close()
    with TestClient(create_app(str(path)), raise_server_exceptions=False) as c:
        yield c


def test_previous_and_next_in_a_volume(moving_client: TestClient) -> None:
    tree = page(moving_client, f"/records/{VOL}d1")
    assert tree.css(".moves a.vol-prev") == []
    assert tree.css_first(".moves a.vol-next").attributes["href"] == f"/records/{VOL}d2"
    tree = page(moving_client, f"/records/{VOL}d2")  # by document number, not by date
    assert tree.css_first(".moves a.vol-prev").attributes["href"] == f"/records/{VOL}d1"
    assert tree.css_first(".moves a.vol-next").attributes["href"] == f"/records/{VOL}d10"
    assert page(moving_client, f"/records/{VOL}d10").css(".moves a.vol-next") == []
    assert tree.css_first(".moves .in-volume a").attributes["href"] == f"/volumes/{VOL}"


def test_volume_contents_page(moving_client: TestClient) -> None:
    tree = page(moving_client, f"/volumes/{VOL}")
    assert [a.attributes["href"] for a in tree.css("ol.contents a.hit-title")] == [
        f"/records/{VOL}d1", f"/records/{VOL}d2", f"/records/{VOL}d10"]
    assert labels(tree, "ol.contents a.hit-title") == ["Document 1", "Document 2", "Document 10"]
    assert tree.css_first("h1").text() == "The Test Volume"
    page(moving_client, "/volumes/frus1800v1", status=404)


def test_previous_and_next_by_date_in_a_collection(moving_client: TestClient) -> None:
    # Same day: ordered by id (1975AAA00003 < 1975BBB00002); the day before and the week after.
    tree = page(moving_client, "/records/1975AAA00003")
    assert tree.css_first(".moves a.date-prev").attributes["href"] == "/records/1975AAA00001"
    assert tree.css_first(".moves a.date-next").attributes["href"] == "/records/1975BBB00002"
    tree = page(moving_client, "/records/1975BBB00002")
    assert tree.css_first(".moves a.date-prev").attributes["href"] == "/records/1975AAA00003"
    assert tree.css_first(".moves a.date-next").attributes["href"] == "/records/1975CCC00004"
    tree = page(moving_client, "/records/1975CCC00004")
    assert tree.css(".moves a.date-next") == []
    # Moving by date stays inside the collection.
    assert "frus" not in " ".join(a.attributes["href"] for a in tree.css(".moves a"))


# -- threads -----------------------------------------------------------------------------------------------
def test_thread_page_shows_the_conversation(client: TestClient) -> None:
    need_seeds()
    tree = page(client, f"/threads/{CABLE_ID}")
    nodes = tree.css("ol.timeline-thread li.node")
    # by date; a cable not in the catalogue stands just before the first record citing it
    assert [n.attributes["id"] for n in nodes] == ["n-1976TOKYO12490", "n-1976TOKYO12732", "n-1977MOSCOW00999",
                                                   f"n-{CABLE_ID}"]
    present = {n.attributes["id"]: bool(n.css("a.node-title")) for n in nodes}
    assert present == {"n-1976TOKYO12490": False, "n-1976TOKYO12732": True, f"n-{CABLE_ID}": True,
                       "n-1977MOSCOW00999": False}
    root = tree.css_first("li.root")
    assert root.attributes["id"] == f"n-{CABLE_ID}" and "cites" in root.text()
    assert labels(tree, "li.year") == ["1976", "1977"]
    record = page(client, f"/records/{CABLE_ID}")
    assert record.css_first(".moves .in-thread a").attributes["href"] == f"/threads/{CABLE_ID}"


def test_thread_of_a_lone_record(client: TestClient) -> None:
    tree = page(client, f"/threads/{TALK_ID}")
    assert len(tree.css("li.node")) == 1 and "No other record" in tree.css_first(".none").text()
    assert page(client, f"/records/{TALK_ID}").css(".moves .in-thread") == []
    page(client, "/threads/1999NOWHERE00001", status=404)


def test_seed_cable_lists_furniture_apart_and_explains_codes(client: TestClient) -> None:
    need_seeds()
    tree = page(client, "/records/1976TOKYO12732")
    left_out = labels(tree, "details.left-out li code")
    assert "PAGE 02 TOKYO 12732 240754Z" in left_out  # removals are not shown as word repairs
    assert not any("PAGE 02" in t for t in labels(tree, ".corrections table td"))
    glossary = dict(zip(labels(tree, ".glossary dt"), labels(tree, ".glossary dd"), strict=True))
    assert glossary["FONMIN"] == "foreign minister" and glossary["PFOR"].startswith("Foreign Policy Relations")
    assert "glossary" not in labels(tree, "details.attributes th")


def test_loose_wilson_ids_redirect_to_the_record(client: TestClient) -> None:
    need_seeds()
    for given in ("WILSON-198181", "198181"):
        r = client.get(f"/records/{given}", follow_redirects=False)
        assert r.status_code == 301 and r.headers["location"] == "/records/wilson-198181"


def test_a_reference_to_an_alias_links_the_record(moving_client: TestClient) -> None:
    tree = page(moving_client, "/records/2009BBB7")
    ref = tree.css_first(".refs li a")
    assert ref is not None and ref.attributes["href"] == "/records/2009AAA123"
