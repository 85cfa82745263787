"""The parsing fast paths give exactly what the plain code they replace gives (issue 14, parsing speed).

Each plain version below is the earlier code, kept here word for word (a regex tried at every position,
a slice copied before a search, a deep copy); the fast one must agree with it on every input hypothesis
makes (words the patterns look for, digits, blanks, punctuation, non-ASCII letters that fold under
IGNORECASE) and on the real records of ``../shared`` (``scripts/dump_records.py``, main against branch,
is the end-to-end check; these pin each piece).
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from legation.enrich import textrefs
from legation.enrich.references import copy_reference
from legation.formats.cablegate.fallback import fallback_parse
from legation.formats.frus import parser as frus
from legation.formats.historylab import export
from legation.formats.historylab import parser as historylab
from legation.formats.telegram import parser as telegram
from legation.formats.transcript import api, csvdoc
from legation.model import Reference

# pieces the patterns look for, and the characters around them
_PIECES = st.sampled_from([
    "REF", "ref", "Ref", "REFTEL", "reftels", "REF TEL", "REFS.", "REFERENCE", "REFERENCES", "PREFER", "A", "B",
    "(C)", " AND ", ",", "&", "-", "/", "STATE", "TOKYO", "tokyo", "SAO PAULO", "76", "123", "4567", "12345",
    "1234567", "12345678", "Z", "OF 3", "/5", ".", ":", " ", "  ", "\n", "\t", "\u017f", "\u212a", "K", "x",
    "@@", "@@@", "[[", "]]", "|| 3", "PER.X", "ORG.Y", "GPE.Z", "Message Text", "Message Attributes",
    "Wilson Center", "Record of a Conversation", "Record of Conversation", "\ufeff", "{", "[", "doc_id,body,title",
])
_TEXTS = st.lists(_PIECES, max_size=40).map("".join)


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], dict[str, str | None]]]:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
@example(" 123 456\n7890 12345678 1234Z 123 OF 4 99/9")
def test_serial_pattern_is_the_plain_one(text: str) -> None:
    assert _spans(textrefs._SERIAL, text) == _spans(re.compile(textrefs.SERIAL_PLAIN), text)


@settings(max_examples=400, deadline=None)
@given(_TEXTS)
@example("REFTEL, REFS A AND B, (REF C), xREF D, PREFER, reftels a-c, REF\u017fA")
def test_reftel_pattern_is_the_plain_one(text: str) -> None:
    assert _spans(textrefs._REFTEL, text) == _spans(re.compile(textrefs.REFTEL_PLAIN), text)


_POSTS = st.sets(st.sampled_from(["STATE", "SECSTATE", "DEPTEL", "TOKYO", "SAOPAULO", "KATHMANDU", "\u212aABUL",
                                  "TEL AVIV"]), min_size=1, max_size=4)


@settings(max_examples=300, deadline=None)
@given(_TEXTS, _POSTS)
def test_post_prefilter_never_refuses_a_match(window: str, posts: set[str]) -> None:
    key = frozenset(posts)
    if textrefs._post_before(key).search(window):
        assert textrefs._may_name_post(window, textrefs._first_words(key))


def _plain_sniff_annotated(text: str) -> float:
    head = text[:20000]
    marks = len(historylab._MARK_SNIFF.findall(head))
    sep = bool(historylab._SEPARATOR.search(head))
    table = len(historylab._TABLE_SNIFF.findall(head[:6000]))
    if marks and (sep or table):
        return 0.95
    if marks >= 3 and marks * 500 >= len(head):
        return 0.85
    if sep and table >= 2:
        return 0.7
    return 0.0


_TABLE_LINES = st.lists(st.sampled_from(["1. John Smith PER.IND", "2 Paris GPE.CITY", "3 UN ORG.INT", "@@@",
                                         "[[Smith || 1]] said", "text", ""]), max_size=12).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_TEXTS, _TABLE_LINES))
def test_sniff_annotated_is_the_plain_one(text: str) -> None:
    assert historylab.sniff_annotated(text) == _plain_sniff_annotated(text)


def _plain_sniff_text(text: str) -> float:
    """telegram.sniff_text as it was: the strong patterns and the Wilson test as regexes over slices."""
    head = telegram.first_lines(text, 120)
    stripped = head.lstrip()
    if stripped.startswith(("<", "{", "[")) or "<html" in head.lower() or "<?xml" in head:
        return 0.0
    if head.count(",") > 40 and head.count('"') > 20:
        return 0.0
    score = 0.0
    if any(p.search(text[:200000]) for _word, p in telegram._SNIFF_STRONG):
        score = 0.9
    signals = sum(bool(p.search(head)) for p in (telegram._SNIFF_FM, telegram._SNIFF_TO, telegram._SNIFF_SUBJ,
                                                telegram._SNIFF_PAGE, telegram._SNIFF_DTG))
    if signals >= 3:
        score = max(score, 0.85)
    elif signals == 2:
        score = max(score, 0.6)
    elif signals == 1 and re.search(r"^\s*(?:E\.\s*O\.|TAGS\s*:)", head, re.M):
        score = max(score, 0.4)
    if re.search(r"digitalarchive\.wilsoncenter\.org|Wilson Center|Record of (?:a )?Conversation", head) and \
            score < 0.9:
        score = min(score, 0.1)
    if "@@@" in text[:20000] and "[[" in text[:50000]:
        score = min(score, 0.2)
    return score


_CABLE_LINES = st.lists(st.sampled_from(["FM AMEMBASSY TOKYO", "TO SECSTATE WASHDC", "SUBJ: TALKS", "PAGE 01 TOKYO 1",
                                         "R 091126Z JUL 74", "E.O. 11652: GDS", "Message Text", "## Message Text",
                                         "Message Attributes", "Wilson Center", "Record of a Conversation", "@@@",
                                         "[[x || 1]]", "1. TEXT.", ""]), max_size=12).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_TEXTS, _CABLE_LINES))
def test_sniff_text_is_the_plain_one(text: str) -> None:
    assert telegram.sniff_text(text) == _plain_sniff_text(text)


def _plain_export_header(text: str) -> tuple[str, set[str]]:
    s = text.lstrip("\ufeff \t\r\n")
    if s[:1] in "[{":
        keys = {k.lower() for k in re.findall(r'"([A-Za-z_]+)"\s*:', s[:8000])}
        first = s.split("\n", 1)[0].strip()
        shape = "jsonl" if first.startswith("{") and first.endswith("}") and "\n{" in s[:200000] else "json"
        return shape, keys
    first_line = s.split("\n", 1)[0]
    if "," not in first_line and ";" not in first_line and "\t" not in first_line:
        return "", set()
    import csv

    try:
        header = next(csv.reader([first_line], dialect=export._dialect(first_line)))
    except (csv.Error, StopIteration):
        return "", set()
    return "csv", {h.strip().lower() for h in header}


def _plain_csv_first(text: str) -> str:
    return text.lstrip("\ufeff").split("\n", 1)[0].strip().lower()


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
@example("\ufeff\ufeff document_url,title,text_body,record_id\nrow")
@example("   \n{\"doc_id\": 1}")
def test_first_line_readers_are_the_plain_ones(text: str) -> None:
    assert export._export_header(text) == _plain_export_header(text)
    plain_first = _plain_csv_first(text)
    start = csvdoc._BOMS.match(text).end()  # type: ignore[union-attr]
    end = text.find("\n", start)
    assert (text[start:] if end < 0 else text[start:end]).strip().lower() == plain_first
    plain_json = text.lstrip("\ufeff \t\r\n").startswith("{")
    assert (api.sniff_json(text) == 0.0) or plain_json


def test_fallback_without_body_and_text_differs_only_there(shared: Path) -> None:
    from selectolax.lexbor import LexborHTMLParser

    from legation.formats.cablegate.parser import join_cable_text

    pages = sorted((shared / "corpus" / "cablegate-html").rglob("*.html"))[:60]
    assert pages
    for page in pages:
        tree = LexborHTMLParser(page.read_text(errors="replace"))
        pres = [p.text(deep=True) for p in tree.css("code > pre")]
        cable = join_cable_text(pres[0], "\n".join(pres[1:])) if len(pres) > 1 else join_cable_text("", pres[0])
        full = fallback_parse(cable, has_header=len(pres) > 1)
        lean = fallback_parse(cable, has_header=len(pres) > 1, body=False, text=False)
        assert lean.body == [] and lean.text == ""
        assert lean.model_copy(update={"body": full.body, "text": full.text}) == full


_REFS = st.builds(Reference, label=st.text(max_size=8), id=st.text(max_size=8), note=st.text(max_size=3),
                  letter=st.sampled_from(["", "A"]), kind=st.sampled_from(["", "ref", "text"]),
                  year=st.sampled_from(["", "06"]), source=st.text(max_size=5),
                  mentions=st.lists(st.text(max_size=5), max_size=3))


@settings(max_examples=200, deadline=None)
@given(_REFS)
def test_copy_reference_is_a_deep_copy(ref: Reference) -> None:
    deep, fast = ref.model_copy(deep=True), copy_reference(ref)
    assert fast == deep
    assert fast.model_fields_set == deep.model_fields_set
    assert fast.model_dump_json() == deep.model_dump_json()
    fast.mentions.append("paragraph 9: REFTEL")
    assert ref.mentions == deep.mentions  # the copy's list is its own


_LINES = st.lists(st.sampled_from([
    "", "   ", "PAGE 02 TOKYO 12732 240754Z", "CONFIDENTIAL", "Margaret P. Grafeld Declassified/Released US "
    "Department of State EO Systematic Review 30 JUN 2005", "the Department said", "REVIEW 12 MAR 2009",
    "WALTER 01 JAN 2006 GRAF", "\u0130stanbul review", "SIPDIS", "NNNN", "1. TEXT FOLLOWS.", "\t# heading",
    "**bold** text\u00a0", "---------------- 076325 251606Z /40", "graf", "sheryl x",
]), max_size=25)


@settings(max_examples=300, deadline=None)
@given(_LINES)
def test_stamp_lines_hold_every_stamp(lines: list[str]) -> None:
    from legation.formats.telegram import furniture

    maybe = furniture.stamp_lines(lines)
    for i, line in enumerate(lines):
        if furniture.is_stamp(line.strip()):
            assert maybe is None or i in maybe
        if maybe is not None and i not in maybe:
            assert furniture.is_furniture(line.strip(), False) == furniture.is_furniture(line.strip())


@settings(max_examples=300, deadline=None)
@given(_LINES.map("\n".join))
def test_normalize_lines_is_normalize_line_per_line(text: str) -> None:
    from legation.formats.telegram import furniture

    assert furniture.normalize_lines(text) == [furniture.normalize_line(ln) for ln in text.split("\n")]


def test_fallback_stamp_pattern_is_the_plain_one() -> None:
    from legation.formats.cablegate import fallback

    text = ("x Declassified/Released US Department of State EO Systematic Review 30 JUN 2005 y "
            "dECLASSIFIED/released us department OF state eo systematic review 1 jan 1999 zdeclassified/Released")
    fast = [m.span() for m in fallback._STAMP.finditer(text)]
    assert fast == [m.span() for m in re.finditer(fallback.STAMP_PLAIN, text)] and len(fast) == 2


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["SUBJ: TALKS", "  subject: x", "\u017fUBJ: long s", "SUBJECT", "SUBJ.", "1. TEXT",
                                 "\u00df SUBJ: sharp s", "", "REF: A"]), max_size=20))
def test_subject_candidates_hold_every_subject_line(lines: list[str]) -> None:
    from legation.formats.telegram import furniture, head

    maybe = furniture.lines_with(lines, ("subj",), str.casefold)
    for j, line in enumerate(lines):
        if head._SUBJ_LINE.match(line.strip()):
            assert maybe is None or j in maybe


_CABLE_PIECES = st.sampled_from([
    "FM AMEMBASSY TOKYO\n", "TO SECSTATE WASHDC\n", "R 240727Z AUG 76\n", "PAGE 01 TOKYO 12345 240727Z\n",
    "PAGE 02 TOKYO 12345\n", "VZCZC\n", "## Message Text\n", "Message Text\n", "NNNN\n", "\n", "1. TEXT.\n",
    "SECTION 02 OF 03\n", "CONFIDENTIAL\n", "INFORM\n", "F**M X\n", "Message\u00a0Text\n", "\tFM X\n", "\r\n",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(_CABLE_PIECES, max_size=30).map("".join))
def test_one_cable_shortcut_agrees_with_the_line_reader(text: str) -> None:
    from legation.formats.telegram import split

    if split._one_cable(text):
        assert split.split_lines(text) == [text]
    assert split.split_cables(text) == split.split_lines(text)


def _plain_frus_guard(text: str) -> bool:
    """The frus sniffer's first tests as they were (slices copied): False = "not FRUS", stop."""
    head = text[:16384]
    body = head.lstrip("\ufeff \t\r\n")
    if not body.startswith("<"):
        return False
    return not ("TEI" not in head and not ("document" in head and frus._DOC_TYPE.search(head)))


_XML_PIECES = st.sampled_from(["<", "TEI", "document", " type='document'", "\ufeff", " ", "\n", "<TEI>", "x",
                               "<div type=\"document\">", "<?xml version='1.0'?>"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_XML_PIECES, max_size=20).map("".join), st.integers(min_value=0, max_value=16390))
def test_frus_sniff_guard_is_the_plain_one(text: str, pad: int) -> None:
    from legation.formats.base import InputDoc

    for t in (text, " " * pad + text):
        if not t.strip():
            continue
        doc = InputDoc(path="x.xml", data=t.encode())
        doc.text = t
        score = frus.FrusFormat().sniff(doc)
        if not _plain_frus_guard(t):
            assert score == 0.0


def test_addresses_are_not_shared() -> None:
    from legation.formats.telegram.header import make_address

    a, b = make_address("RUEHC/SECSTATE WASHDC IMMEDIATE 6818"), make_address("RUEHC/SECSTATE WASHDC IMMEDIATE 6818")
    assert a == b and a is not b
    assert (a.name, a.post, a.kind, a.precedence, a.sequence, a.routing_indicator) == \
        ("SECSTATE WASHDC", "WASHINGTON", "department", "IMMEDIATE", "6818", "RUEHC")
    a.post = "EDITED"
    assert make_address("RUEHC/SECSTATE WASHDC IMMEDIATE 6818").post == "WASHINGTON"
