"""Catalogues for the web tests: the two seeds (when ../shared is present) plus small hand-written records."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from legation.catalogue import Catalogue
from legation.model import (
    Address,
    Block,
    Classification,
    Correction,
    Entity,
    Mention,
    Note,
    Participant,
    Record,
    Reference,
    Review,
    ReviewEvent,
    Source,
)

REPO = Path(__file__).resolve().parents[2]
SEEDS = (REPO / ".." / "shared" / "samples" / "seeds").resolve()
SCREENSHOTS = REPO / "test-output" / "screenshots"

EVIL = "<script>alert(1)</script>"
EVIL_ID = "test-evil-1"
CABLE_ID = "1977TESTVILLE00042"
TALK_ID = "test-talk-1"

def cable_record() -> Record:
    """An AAD-like telegram with two numbered paragraphs, one repaired word, references and a review history."""
    text = ("AMBASSADOR POLYANSKY CALLED ON DEPFONMIN TODAY ABOUT THE ZANZIBAR FISHERY (TOKYO 12732).\n\n"
            "COMMENT: WE EXPECT NO PROGRESS ON THE ZANZIBAR QUESTION.")
    start = text.index("POLYANSKY")
    zanzibar = text.index("ZANZIBAR")
    first, second = text.split("\n\n")
    return Record(
        id=CABLE_ID, collection="aad", kind="telegram", subject="ZANZIBAR FISHERY TALKS",
        date="1977-03-05", datetime="1977-03-05T10:00:00Z", date_precision="day",
        from_=Address(name="AMEMBASSY TESTVILLE", post="TESTVILLE", kind="embassy"),
        to=[Address(name="SECSTATE WASHDC", post="WASHINGTON", sequence="77")],
        info=[Address(name="AMEMBASSY MOSCOW", post="MOSCOW")],
        precedence="ROUTINE",
        classification=Classification(original="SECRET", current="UNCLASSIFIED", previous="CONFIDENTIAL"),
        executive_order="11652", declassify="GDS", tags=["PFOR", "EFIS", "TZ"], tag_persons=["POLYANSKY"],
        references=[Reference(label="TOKYO 12732", id="1976TOKYO12732"),
                    Reference(label="MOSCOW 999", id="1977MOSCOW00999", note="NOTAL")],
        body=[Block(n=1, kind="paragraph", text=first), Block(n=2, kind="paragraph", label="COMMENT", text=second)],
        text=text,
        corrections=[Correction(start=start, end=start + len("POLYANSKY"), original="PLOYANSKY",
                                replacement="POLYANSKY", rule="document-spelling", confidence=0.9)],
        signer="TESTER",
        review=Review(events=[ReviewEvent(action="RELEASED", date="2008-01-02", by="ReviewerA"),
                              ReviewEvent(action="APPROVED", date="2008-01-03", by="ReviewerB")],
                      authority="ReviewerB"),
        entities=[Entity(name="POLYANSKY", type="PERSON", key="POLYANSKY", source="test"),
                  Entity(name="Zanzibar", type="PLACE", key="ZANZIBAR", source="test",
                         mentions=[Mention(start=zanzibar, end=zanzibar + 8, text="ZANZIBAR")])],
        notes=[Note(n="1", text="A note about the fishery.")],
        raw="RAW CABLE TEXT\n" + text,
        source=Source(path="/secret/server/path/cable.txt", sha256="ab" * 32, format="telegram"),
    )


def hand_records() -> list[Record]:
    """Small records written for these tests (facts chosen, not parsed)."""
    evil = Record(
        id=EVIL_ID, collection="document", kind="memorandum", title=f"Zanzibar memo {EVIL}",
        subject=f"subject {EVIL}", date="1980-01-02", summary=f"summary {EVIL}",
        body=[Block(kind="paragraph", text=f"The zanzibar text holds {EVIL} and <img src=x onerror=alert(2)>.")],
        text=f"The zanzibar text holds {EVIL} and <img src=x onerror=alert(2)>.",
        source_url="javascript:alert(3)", citation=f"citation {EVIL}",
        references=[Reference(label=f"ref {EVIL}")],
        entities=[Entity(name=f"Mallory {EVIL}", type="PERSON", key="MALLORY")],
        notes=[Note(n="1", text=f"note {EVIL}")],
        attributes={"Evil": EVIL}, warnings=[f"warning {EVIL}"],
        raw=f"raw {EVIL}",
    )
    talk = Record(
        id=TALK_ID, collection="wilson", kind="transcript", title="Zanzibar Talks, 1 May 1975", date="1975-05-01",
        participants=[Participant(name="A. Polyansky", side="Soviet"), Participant(name="B. Tester", side="US")],
        body=[Block(n=1, kind="turn", speaker="POLYANSKY", speaker_label="A. POLYANSKY.", text="Zanzibar first."),
              Block(n=2, kind="turn", speaker="TESTER", speaker_label="B. TESTER.", text="Agreed.")],
        text="A. POLYANSKY. Zanzibar first.\n\nB. TESTER. Agreed.",
        entities=[Entity(name="A. Polyansky", type="PERSON", key="POLYANSKY"),
                  Entity(name="Zanzibar", type="PLACE", key="ZANZIBAR")],
        source_url="https://digitalarchive.wilsoncenter.org/document/1",
    )
    return [cable_record(), evil, talk]


def build_catalogue(path: Path, *, seeds: bool = True) -> Catalogue:
    cat = Catalogue(str(path))
    if seeds and SEEDS.is_dir():
        report = cat.ingest([str(SEEDS)])
        assert report.ok, report.to_dict()
    cat.store.upsert(hand_records())
    cat.sync_index()
    return cat


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A catalogue shared by the read-only web tests (never written to by a test)."""
    path = tmp_path_factory.mktemp("web") / "web.db"
    build_catalogue(path).close()
    yield str(path)


def have_seeds() -> bool:
    return SEEDS.is_dir()


def need_seeds() -> None:
    if not SEEDS.is_dir():
        pytest.skip("../shared/samples/seeds is not present beside the repository")


def screenshots_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"
