"""General Wilson page behaviour: headings, kinds, speaker forms, strict sniffing, bad input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from legation.errors import LegationError
from legation.formats import get
from legation.formats.base import InputDoc
from legation.formats.transcript.body import build_body, continues, speaker_key
from legation.formats.transcript.meta import kind_from_title, parse_citation

HERE = Path(__file__).resolve()
SHARED = HERE.parents[2] / ".." / "shared"
SEED = SHARED / "samples" / "seeds" / "003_a471758ded6c4cfe.txt"

PAGE = """\
January 1, 1950 Record of Conversation between Comrade Roshchin and Mao Zedong

Citation:

"Record of Conversation between Comrade Roshchin and Mao Zedong," January 01, 1950, Wilson Center Digital Archive, AVPRF, f. 0100, op. 43, d. 8, ll. 1-4. Translated by Sergey Radchenko. https://digitalarchive.wilsoncenter.org/document/111245

Summary:

Roshchin and Mao discuss recognition.

Credits:

This document was made possible with support from the Leon Levy Foundation.

Original Language:

Russian

Contents:

Transcript - Russian
Translation - English

Top Secret

MAO ZEDONG: The governments of Burma and India are ready to recognize us.

ROSHCHIN: I will report this.

MAO ZEDONG: Good.

Ambassador N. Roshchin

Associated People & Organizations:

Mao, Zedong
Communist Party of China

Associated Places:

China
Burma
"""


def _page(text: str, name: str = "page.txt") -> list:
    return list(get("transcript").parse(InputDoc.from_text(name, text)))


def test_general_page() -> None:
    [r] = _page(PAGE)
    assert r.id == "wilson-111245" and r.kind == "memcon"
    assert (r.date, r.date_precision) == ("1950-01-01", "day")
    assert r.title == "Record of Conversation between Comrade Roshchin and Mao Zedong"
    assert (r.archive.repository, r.archive.fond, r.archive.opis, r.archive.delo, r.archive.listy) == (
        "AVPRF", "0100", "43", "8", "1-4")
    assert r.translator == "Sergey Radchenko"
    assert r.archive.extra["credits"].startswith("This document was made possible")
    assert r.language == "English" and r.original_language == "Russian"
    assert r.classification.original == "Top Secret"
    assert [b.speaker for b in r.body if b.kind == "turn"] == ["MAO ZEDONG", "ROSHCHIN", "MAO ZEDONG"]
    assert r.signer == "N. Roshchin"
    assert ("Mao, Zedong", "PERSON") in {(e.name, e.type) for e in r.entities}
    assert ("Burma", "PLACE") in {(e.name, e.type) for e in r.entities}
    assert "Associated Places" in r.attributes and "Mao, Zedong" not in r.text


@pytest.mark.parametrize(("title", "kind"), [
    ("Record of Conversation between Mao Zedong and Khrushchev", "memcon"),
    ("Memorandum of Conversation, Kissinger and Zhou", "memcon"),
    ("Record of Soviet-Japanese Talks, 9 October 1973", "transcript"),
    ("Letter, Jawaharlal Nehru to All Provincial Premiers", "letter"),
    ("Letter from Kim Il Sung to Stalin", "letter"),
    ("Telegram from Roshchin to Filippov", "telegram"),
    ("Report on the Situation in Xinjiang", "report"),
    ("Statement of Nakajima Kenzo", "document"),
])
def test_kind_from_title(title: str, kind: str) -> None:
    assert kind_from_title(title) == kind


def test_citation_with_initials_in_credit() -> None:
    c = parse_citation('"Note," 1962, Wilson Center Digital Archive, RGANI, f. 3, op. 16, d. 947, ll. 36-41. '
                       "Obtained by Vladislav M. Zubok and translated by Mark H. Doctoroff. "
                       "https://digitalarchive.wilsoncenter.org/document/5")
    assert c.title == "Note" and c.date_text == "1962" and c.url.endswith("/5")
    assert c.archive_text == "RGANI, f. 3, op. 16, d. 947, ll. 36-41"
    assert c.translator == "Mark H. Doctoroff"


@pytest.mark.parametrize(("label", "key"), [
    ("L.I. BREZHNEV", "BREZHNEV"), ("K.TANAKA", "TANAKA"), ("Comrade Mao Zedong", "MAO ZEDONG"),
    ("The President", "PRESIDENT"), ("Prime Minister Tanaka", "TANAKA"), ("MAO ZEDONG", "MAO ZEDONG"),
])
def test_speaker_key(label: str, key: str) -> None:
    assert speaker_key(label) == key


def test_speaker_forms_need_support() -> None:
    # one-off weak labels and report headings are not turns
    r = build_body(["I. INTRODUCTION. This report covers the talks.", "II. BACKGROUND. Little is known.",
                    "Kissinger: once only.", "TANAKA. Once only."])
    assert not any(b.kind == "turn" for b in r.blocks)
    # repeated weak labels are
    r = build_body(["Kissinger: Good morning.", "Zhou: Welcome.", "Kissinger: Thanks.", "Zhou: Sit down.",
                    "Note: this paragraph continues Zhou."])
    assert [b.speaker for b in r.blocks] == ["KISSINGER", "ZHOU", "KISSINGER", "ZHOU"]
    assert r.blocks[-1].text.endswith("\n\nNote: this paragraph continues Zhou.")


def test_broken_line_joins() -> None:
    assert continues("we have not found people", "who would like to leave.")
    assert not continues("We have not found people.", "who would like to leave.")
    assert not continues("European Economic and Monetary Union", "PM stated that ...")
    assert continues("It was also unlikely that", "Britain would lead")


def test_page_without_turns() -> None:
    text = PAGE.replace("MAO ZEDONG: ", "").replace("ROSHCHIN: ", "")
    [r] = _page(text)
    assert not any(b.kind == "turn" for b in r.body)
    assert "The governments of Burma and India are ready to recognize us." in r.text
    assert r.id == "wilson-111245"


def test_record_of_talks_without_turns_warns() -> None:
    text = PAGE.replace("Record of Conversation", "Record of Talks").replace("MAO ZEDONG: ", "")
    text = text.replace("ROSHCHIN: ", "")
    [r] = _page(text)
    assert r.kind == "transcript"
    assert any("no speaker turns" in w for w in r.warnings)


def test_truncated_page() -> None:
    if not SEED.exists():
        pytest.skip("shared samples are absent")
    full = SEED.read_text(encoding="utf-8")
    cut = full[: full.index("Summary:") + 20]  # cut inside the summary: no contents at all
    [r] = _page(cut, "cut.txt")
    assert r.id == "wilson-198181" and r.date == "1973-10-09" and r.archive.delo == "940"
    assert r.body == [] and r.raw == cut
    cut2 = full[: full.index("Citation:") + 60]  # cut inside the citation
    [r2] = _page(cut2, "cut2.txt")
    assert r2.id.startswith("wilson-sha-")
    assert r2.title == "Record of Soviet-Japanese Talks, 9 October 1973" and r2.date == "1973-10-09"
    assert any("URL" in w for w in r2.warnings)
    half = full[: len(full) // 2]  # cut mid-dialogue
    [r3] = _page(half, "half.txt")
    assert 20 < sum(b.kind == "turn" for b in r3.body) < 86


def test_plain_text_forced() -> None:
    [r] = _page("Just some words of a document that is not a Wilson page at all.\n\nSecond paragraph.")
    assert r.collection == "wilson" and len(r.body) == 2
    assert any("does not look like" in w for w in r.warnings)


def test_sniff_is_strict_on_other_corpora() -> None:
    corpus = SHARED / "corpus"
    if not corpus.exists():
        pytest.skip("shared corpus is absent")
    fmt = get("transcript")
    checked = 0
    for root, _dirs, files in os.walk(corpus):
        if os.sep + "wilson" in root:
            continue
        for name in files:
            path = os.path.join(root, name)
            try:
                doc = InputDoc.from_bytes(path, Path(path).read_bytes())
            except LegationError:
                continue
            assert fmt.sniff(doc) < 0.1, path
            checked += 1
    seed0 = SHARED / "samples" / "seeds" / "000_a3b791d980bf280d.txt"
    if seed0.exists():
        assert fmt.sniff(InputDoc.from_bytes(str(seed0), seed0.read_bytes())) == 0.0
    assert checked > 100


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=400))
def test_any_text_parses_or_raises_a_legation_error(text: str) -> None:
    if not text.strip():
        return
    try:
        recs = _page("Citation:\n\n" + text)
    except LegationError:
        return
    assert len(recs) == 1 and recs[0].collection == "wilson"
