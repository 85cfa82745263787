"""Unit tests for the FRUS TEI parser: sniffing, truncation, page breaks, dates, heads, source notes."""

from __future__ import annotations

from pathlib import Path

import pytest

from legation.errors import ParseError
from legation.formats import get
from legation.formats.base import InputDoc
from legation.formats.frus.dates import parse_when
from legation.formats.frus.heads import kind_of, read_source_note, split_head
from legation.formats.frus.xmltext import inline
from legation.model import Record

REPO = Path(__file__).resolve().parents[2]
SHARED = (REPO / ".." / "shared").resolve()
CORPUS = SHARED / "corpus"
HEAD = CORPUS / "frus" / "frus1969-76v19p2.head.xml"
FIXTURES = REPO / "tests" / "golden" / "frus" / "fixtures"


def _head_text() -> str:
    if not HEAD.is_file():
        pytest.skip(f"{HEAD} is not present")
    return HEAD.read_text(encoding="utf-8")


def _parse_text(text: str, path: str = "frus1969-76v19p2.xml") -> list[Record]:
    return list(get("frus").parse(InputDoc.from_text(path, text)))


def _tei(body: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0" '
        'xml:id="frus1969-76v98"><teiHeader><fileDesc><titleStmt><title type="complete">T</title>'
        '</titleStmt><publicationStmt><idno type="frus">frus1969-76v98</idno></publicationStmt>'
        f"</fileDesc></teiHeader><text><body>{body}</body></text></TEI>"
    )


# --- the cut-off corpus file ------------------------------------------------------

def test_whole_truncated_file_parses_without_exceptions_and_warns() -> None:
    recs = _parse_text(_head_text(), str(HEAD))
    assert [r.id for r in recs] == ["frus1969-76v19p2", "frus1969-76v19p2d1", "frus1969-76v19p2d2",
                                    "frus1969-76v19p2d3"]
    vol = recs[0]
    assert any("cut off inside document d3" in w for w in vol.warnings)
    assert any("not well-formed" in w for w in vol.warnings)
    assert any("truncated" in w for w in recs[3].warnings)
    assert recs[3].attributes["truncated"] is True
    assert "truncated" not in recs[1].attributes and "truncated" not in recs[2].attributes
    for r in recs:
        Record.from_json(r.to_json())  # every record survives a JSON round trip


def test_closing_the_open_tags_removes_the_truncation_warning() -> None:
    text = _head_text() + "</p></div></div></div></body></text></TEI>\n"
    recs = _parse_text(text)
    assert len(recs) == 4
    assert recs[0].warnings == []
    assert recs[0].attributes["truncated_documents"] == []
    assert not any("truncated" in w for w in recs[3].warnings)
    assert recs[3].raw.endswith("</div>")


def test_cut_inside_document_2_keeps_document_1_and_flags_document_2() -> None:
    text = _head_text()
    cut = text.index("The President has directed that the")
    recs = _parse_text(text[:cut])
    ids = [r.id for r in recs]
    assert ids == ["frus1969-76v19p2", "frus1969-76v19p2d1", "frus1969-76v19p2d2"]
    assert recs[0].attributes["truncated_documents"] == ["d2"]
    assert any("truncated" in w for w in recs[2].warnings)
    assert recs[1].warnings == []
    assert recs[1].signer == "Johnson"


def test_cut_before_any_document_gives_the_volume_record_only() -> None:
    text = _head_text()
    cut = text.index('<div type="document" n="1"')
    recs = _parse_text(text[:cut])
    assert [r.kind for r in recs] == ["volume"]
    assert any("no complete document" in w for w in recs[0].warnings)
    assert len(recs[0].attributes["persons"]) == 190


def test_record_raw_is_the_exact_slice() -> None:
    text = _head_text()
    recs = _parse_text(text)
    for r in recs[1:3]:
        assert r.raw in text
        assert r.raw.startswith(f'<div type="document" n="{r.attributes["document_n"]}"')
        assert r.raw.endswith("</div>")
    assert text.endswith(recs[3].raw)


# --- sniffing --------------------------------------------------------------------

def test_sniff_high_for_frus() -> None:
    fmt = get("frus")
    assert fmt.sniff(InputDoc.from_text("x", _head_text())) >= 0.9
    for p in FIXTURES.glob("*.xml"):
        assert fmt.sniff(InputDoc.from_bytes(str(p), p.read_bytes())) >= 0.85, p


def _other_corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    out: list[Path] = []
    for sub in ["historylab-gt", "cablegate-html", "cablegate-csv", "wilson", "misc"]:
        files = sorted(p for p in (CORPUS / sub).rglob("*") if p.is_file())
        out.extend(files[:6])
    seeds = SHARED / "samples" / "seeds"
    out.extend(sorted(seeds.glob("*.txt")))
    return out


@pytest.mark.parametrize("path", _other_corpus_files(), ids=lambda p: p.name)
def test_sniff_zero_for_other_formats(path: Path) -> None:
    doc = InputDoc.from_bytes(str(path), path.read_bytes())
    assert get("frus").sniff(doc) < 0.05


@pytest.mark.parametrize("text", [
    "<html><body>See https://history.state.gov/historicaldocuments/frus1969-76v19p2/d1 type=\"document\"</body></html>",
    '<?xml version="1.0"?><TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>A poem</p></body></text></TEI>',
    '<?xml version="1.0"?><rss><channel><title>history.state.gov frus</title></channel></rss>',
    "FRUS 1969-76 v19p2 d1: <div type=\"document\"> in prose",
    '{"collection": "frus", "id": "frus1969-76v19p2d1"}',
])
def test_sniff_low_for_lookalikes(text: str) -> None:
    assert get("frus").sniff(InputDoc.from_text("x", text)) < 0.2


# --- bad input --------------------------------------------------------------------

def test_non_tei_xml_is_a_parse_error() -> None:
    with pytest.raises(ParseError):
        _parse_text('<?xml version="1.0"?><rss><channel/></rss>')


def test_garbage_is_a_parse_error() -> None:
    with pytest.raises(ParseError):
        _parse_text("<<<not xml at all")


def test_tei_without_documents_is_a_parse_error() -> None:
    with pytest.raises(ParseError):
        _parse_text(_tei("<div type='chapter'><p>x</p></div>"))


# --- inline text -------------------------------------------------------------------

def test_pb_inside_word_does_not_split_it_and_notes_are_out_of_text() -> None:
    from lxml import etree  # type: ignore[import-untyped, unused-ignore]

    el = etree.fromstring(
        '<p xmlns="http://www.tei-c.org/ns/1.0">It was in<pb n="5"/>cluded,<note n="2">A note.</note> '
        'said <persName corresp="#p_X_1">Mr.\n   X</persName>—“twice.”</p>')
    res = inline(el)
    assert res.text == "It was included, said Mr. X—“twice.”"
    assert [p.n for p in res.pages] == ["5"]
    assert res.text[:res.pages[0].offset] == "It was in"
    assert res.text[:res.notes[0].offset] == "It was included,"
    (span,) = res.spans
    assert (span.kind, span.keys, res.text[span.start:span.end]) == ("person", ["p_X_1"], "Mr. X")


def test_refs_to_this_volume_other_volumes_and_footnotes() -> None:
    recs = _parse_text(_tei(
        '<div type="document" n="1" xml:id="d1"><head>1. Editorial Note</head>'
        '<p>See <ref target="#d12">Document 12</ref>, <ref target="#d39fn3">footnote 3, Document 39</ref>, '
        '<ref target="frus1969-76v17d4">vol. XVII, Doc. 4</ref>, <ref target="frus1961-63v17">vol. XVII</ref>, '
        '<ref target="#pg_12">page 12</ref>.</p></div>'))
    (rec,) = recs
    assert rec.kind == "editorial-note"
    got = [(r.label, r.id, r.note) for r in rec.references]
    assert got == [("Document 12", "frus1969-76v98d12", ""),
                   ("footnote 3, Document 39", "frus1969-76v98d39", "footnote 3"),
                   ("vol. XVII, Doc. 4", "frus1969-76v17d4", ""),
                   ("vol. XVII", "frus1961-63v17", "")]
    assert all(r.kind == "crossref" for r in rec.references)
    assert any("no date" in w for w in rec.warnings)


def test_date_from_div_attributes_when_no_dateline() -> None:
    (rec,) = _parse_text(_tei(
        '<div type="document" n="4" xml:id="d4" frus:doc-dateTime-min="1969-05-01T00:00:00-04:00" '
        'frus:doc-dateTime-max="1969-05-31T23:59:59-04:00"><head>4. Paper Prepared in the Department of State'
        '</head><p>Text.</p></div>'))
    assert (rec.date, rec.date_precision, rec.datetime, rec.kind) == ("1969-05", "month", "", "paper")


# --- dates, heads, source notes -----------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("1969-01-14T11:25:00+00:00", ("1969-01-14", "1969-01-14T11:25:00Z", "day")),
    ("1969-01-14T06:25:00-05:00", ("1969-01-14", "1969-01-14T11:25:00Z", "day")),
    ("1969-01-14T22:00:00-05:00", ("1969-01-14", "1969-01-15T03:00:00Z", "day")),
    ("1969-01-21", ("1969-01-21", "", "day")),
    ("1969-01", ("1969-01", "", "month")),
    ("1969", ("1969", "", "year")),
    ("January 1969", ("", "", "")),
])
def test_parse_when(value: str, expected: tuple[str, str, str]) -> None:
    assert parse_when(value) == expected


@pytest.mark.parametrize(("head", "kind"), [
    ("1. Telegram From the Embassy in Japan to the Department of State", "telegram"),
    ("2. National Security Study Memorandum 5", "memorandum"),
    ("3. National Intelligence Estimate", "intelligence-estimate"),
    ("14. Memorandum of Conversation", "memcon"),
    ("15. Memorandum From the President’s Assistant for National Security Affairs (Kissinger) to President Nixon",
     "memorandum"),
    ("16. Letter From Prime Minister Sato to President Nixon", "letter"),
    ("17. Editorial Note", "editorial-note"),
    ("18. Special National Intelligence Estimate", "intelligence-estimate"),
    ("19. Backchannel Message From the Ambassador to Japan (Meyer) to Kissinger", "backchannel"),
    ("20. Airgram From the Embassy in Japan to the Department of State", "airgram"),
    ("21. Transcript of Telephone Conversation Between Kissinger and Rogers", "telcon"),
    ("22. Minutes of a Senior Review Group Meeting", "minutes"),
])
def test_kind_of_heads(head: str, kind: str) -> None:
    _, title = split_head(head)
    assert kind_of(title, "historical-document") == kind


def test_source_note_fields() -> None:
    sn = read_source_note(
        "Source: National Archives, RG 59, Central Files 1970–73, POL 7 JAPAN. Secret; Immediate; Exdis. "
        "Drafted by Richard L. Sneider (EA/J); cleared in S/S; and approved by U. Alexis Johnson.")
    assert sn.repository == "National Archives"
    assert sn.record_group == "RG 59"
    assert sn.citation == "National Archives, RG 59, Central Files 1970–73, POL 7 JAPAN."
    assert (sn.classification, sn.handling, sn.precedence) == ("Secret", ["EXDIS"], "IMMEDIATE")
    assert sn.drafter == "Richard L. Sneider (EA/J)"
    assert sn.approver == "U. Alexis Johnson"


def test_secretary_is_not_secret() -> None:
    sn = read_source_note("Source: Department of State, Secretary’s Memoranda of Conversation, Lot 72 D 1.")
    assert sn.classification == ""
    assert sn.repository == "Department of State"
