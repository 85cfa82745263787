"""The serving layer's pure helpers: facet clauses (on the AST), entity matching, histograms, snippets, corrections."""

from __future__ import annotations

import pytest

from legation.errors import QueryError
from legation.model import Block, Correction, Entity, Record
from legation.query import parse, to_text
from legation.search import check_facets, check_query, facet_node, is_active, toggle_text
from legation.web.service import entity_norm, histogram_bars, record_entities
from legation.web.views import body_blocks, safe_url, snippet_markup


def facet_clause(name: str, value: str) -> str:
    return to_text(facet_node(name, value))


def test_facet_clause_quotes_when_needed() -> None:
    assert facet_clause("tags", "PFOR") == "tag:PFOR"
    assert facet_clause("classification", "CONFIDENTIAL") == "class:CONFIDENTIAL"
    assert facet_clause("to", "HONG KONG") == 'to:"HONG KONG"'
    assert facet_clause("from", 'A "B" (C)') == 'from:"A B (C)"'
    assert facet_clause("year", "1976") == "year:1976"
    for value in ("HONG KONG", "PFOR", 'x"y', "a(b)", "OR", "-x", "a:b"):
        assert parse(facet_clause("to", value)) == facet_node("to", value)  # every clause parses back to itself


def toggled(q: str, name: str, value: str) -> tuple[bool, str]:
    return toggle_text(parse(q), facet_node(name, value))


def test_add_and_remove_clauses_on_the_ast() -> None:
    assert toggled("", "tags", "PFOR") == (False, "tag:PFOR")
    assert toggled("japan", "tags", "PFOR") == (False, "japan tag:PFOR")
    assert toggled("japan OR korea", "tags", "PFOR") == (False, "(japan OR korea) tag:PFOR")
    assert is_active(parse("japan tag:PFOR"), facet_node("tags", "PFOR"))
    assert not is_active(parse("japan tag:PFORX"), facet_node("tags", "PFOR"))
    assert toggled("japan tag:PFOR moscow", "tags", "PFOR") == (True, "japan moscow")
    assert toggled("(japan OR korea) tag:PFOR", "tags", "PFOR") == (True, "japan OR korea")
    assert toggled("tag:PFORX", "tags", "PFOR") == (False, "tag:PFORX tag:PFOR")
    assert toggled("japan year:1976", "year", "1976") == (True, "japan")


def test_the_two_string_editing_bugs() -> None:
    # A negated clause is not an active facet, and toggling it adds the clause (never leaves "soviet NOT").
    assert toggled("soviet NOT tag:PFOR", "tags", "PFOR") == (False, "soviet NOT tag:PFOR tag:PFOR")
    # A clause inside an OR group is not cut out of the group (never "( OR tag:PREL) soviet").
    assert toggled("(tag:PFOR OR tag:PREL) soviet", "tags", "PFOR") == (
        False, "(tag:PFOR OR tag:PREL) soviet tag:PFOR")
    assert toggled("(tag:PFOR OR tag:PREL) soviet tag:PFOR", "tags", "PFOR") == (
        True, "(tag:PFOR OR tag:PREL) soviet")


def test_check_limits() -> None:
    with pytest.raises(QueryError):
        check_query("x" * 1001)
    with pytest.raises(QueryError):
        check_query("date:soon")
    assert check_facets(["tags,year", "year", " "]) == ("tags", "year")
    with pytest.raises(QueryError):
        check_facets(["colour"])


def test_record_entities_dedupe_by_key() -> None:
    """The page lists a record's entities (the enrich passes collect TAGS persons and participants there)."""
    rec = Record(id="r", entities=[Entity(name="Sakhalin", type="PLACE", key="SAKHALIN"),
                                   Entity(name="sakhalin", type="PLACE", key="sakhalin")])
    assert entity_norm("Tōkyō, JAPAN") == "tokyo japan"
    assert [e.name for e in record_entities(rec)] == ["Sakhalin"]  # deduplicated by linking key


def test_histogram_levels_and_gaps() -> None:
    bars = histogram_bars({1973: 4, 1976: 1})
    assert [b["year"] for b in bars] == [1973, 1974, 1975, 1976]
    assert [b["level"] for b in bars] == [20, 0, 0, 5]
    assert histogram_bars({}) == []
    wide = histogram_bars({1800: 1, 2000: 1})
    assert [b["year"] for b in wide] == [1800, 2000]  # a long span is not filled year by year


def test_snippet_markup_builds_from_offsets() -> None:
    hit = {"snippet": "a <b>NORTHERN</b> & territories", "highlights": [[5, 13], [20, 31]]}
    assert str(snippet_markup(hit)) == "a &lt;b&gt;<mark>NORTHERN</mark>&lt;/b&gt; &amp; <mark>territories</mark>"


def test_snippet_markup_ignores_bad_offsets() -> None:
    hit = {"snippet": "x word <y>", "highlights": [[2, 6], [4, 5], [8, 99], [5, 4], "junk"]}
    assert str(snippet_markup(hit)) == "x <mark>word</mark> &lt;y&gt;"
    assert str(snippet_markup({"snippet_html": "<script>x</script>"})) == ""  # only the marking is trusted


def test_safe_url() -> None:
    assert safe_url("https://digitalarchive.wilsoncenter.org/document/1") != ""
    assert safe_url("javascript:alert(1)") == ""
    assert safe_url('https://x.org/"onmouseover=alert(1)') == ""


def test_corrections_become_marked_segments() -> None:
    text = "POLYANSKY CALLED.\n\nSOVIETS REPLIED."
    rec = Record(id="c", text=text,
                 body=[Block(n=1, text="POLYANSKY CALLED."), Block(n=2, text="SOVIETS REPLIED.")],
                 corrections=[Correction(start=0, end=9, original="PLOYANSKY", replacement="POLYANSKY", rule="r"),
                              Correction(start=19, end=26, original="SOVITS", replacement="SOVIETS", rule="r"),
                              Correction(start=3, end=5, original="zz", replacement="nope", rule="stale")])
    blocks = body_blocks(rec)
    assert [b.anchor for b in blocks] == ["p1", "p2"]
    assert [(s.text, s.original) for s in blocks[0].segments] == [("POLYANSKY", "PLOYANSKY"), (" CALLED.", "")]
    assert [(s.text, s.original) for s in blocks[1].segments] == [("SOVIETS", "SOVITS"), (" REPLIED.", "")]


def test_body_falls_back_to_text_paragraphs() -> None:
    blocks = body_blocks(Record(id="t", text="One.\n\nTwo.\n\n\nThree."))
    assert [b.segments[0].text for b in blocks] == ["One.", "Two.", "Three."]
    assert all(b.n is None for b in blocks)


def test_turn_speakers() -> None:
    rec = Record(id="t", body=[Block(kind="turn", speaker="TANAKA", speaker_label="K.TANAKA.", text="Yes."),
                               Block(kind="turn", speakers=["BREZHNEV", "GROMYKO"], text="Agreed.")])
    assert [b.speaker for b in body_blocks(rec)] == ["K.TANAKA", "BREZHNEV and GROMYKO"]


def test_footnote_marks_link_to_notes() -> None:
    from legation.model import Note

    rec = Record(id="n", body=[Block(kind="heading", text="Talks 1973[1] and [9] more[2]")],
                 notes=[Note(n="1", text="one"), Note(n="2", text="two")])
    segs = body_blocks(rec)[0].segments
    assert [(s.text, s.note) for s in segs] == [("Talks 1973", ""), ("[1]", "1"), (" and [9] more", ""), ("[2]", "2")]


def test_paragraph_number_printed_in_the_text_is_not_shown_twice() -> None:
    from legation.model import Block, Record
    from legation.web.views import body_blocks

    rec = Record(id="frus-x", body=[Block(n=1, text="267. 1. I had hour and one-half talk."),
                                    Block(n=2, text="2. On Okinawa he again emphasized."),
                                    Block(n=3, text="ON AUGUST 20 DEPFONMIN ARITA CALLED")])
    assert [b.number_in_text for b in body_blocks(rec)] == [True, True, False]
