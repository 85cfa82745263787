"""The record: one model for every archive.

Every parser returns :class:`Record` objects.  A field a format lacks stays
empty (``None``, ``""``, ``[]`` or ``{}``); nothing is invented.  The JSON
names follow ``DESIGN.md``; ``from`` is spelled ``from_`` in Python.

``Record.to_json()`` gives the stable JSON form (keys in model order, empty
values kept so every record has the same keys), ``Record.from_json()`` reads
it back, and ``record_json_schema()`` is the JSON Schema served by
``legation schema``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr
from pydantic_core import PydanticSerializationError

PARSER_VERSION = "0.1.0"

Collection = Literal["aad", "wilson", "frus", "cablegate", "historylab", "document"]
DatePrecision = Literal["day", "month", "year", ""]
BlockKind = Literal["paragraph", "turn", "heading", "quote", "footnote", "list", "signature", "table"]

PRECEDENCE_NAMES = {
    "R": "ROUTINE",
    "P": "PRIORITY",
    "O": "IMMEDIATE",
    "Z": "FLASH",
    "NIACT": "NIACT IMMEDIATE",
}


class _Model(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="forbid", validate_assignment=False)


class Address(_Model):
    """An originator or addressee, as printed and normalised."""

    name: str = Field(description="As printed, e.g. 'AMEMBASSY TOKYO'")
    post: str = Field("", description="Normalised post or office, e.g. 'TOKYO', 'WASHINGTON'")
    kind: str = Field("", description="embassy, consulate, department, mission, command, liaison, other")
    sequence: str = Field("", description="Message sequence number printed after a TO address, e.g. '1798'")
    precedence: str = Field("", description="Per-address precedence such as IMMEDIATE, NIACT IMMEDIATE")
    routing_indicator: str = Field("", description="ACP-127 routing indicator such as RUEHC")


class Office(_Model):
    """One office in a telegram's distribution line: 'EA-09' -> office EA, 9 copies."""

    office: str
    copies: int | None = None


class Routing(_Model):
    """The distribution block at the head of an AAD telegram."""

    action: list[Office] = Field(default_factory=list)
    info: list[Office] = Field(default_factory=list)
    total_copies: int | None = Field(None, description="The '/084 W' total copy count")
    lines: list[str] = Field(default_factory=list, description="Other routing lines as printed (VZCZC, RR RUEH..., DE ...)")


class Classification(_Model):
    original: str = ""
    current: str = ""
    previous: str = ""


class Reference(_Model):
    """A reference to another document (REF:, cross-references, repeats)."""

    label: str = Field(description="As printed, e.g. 'TOKYO 12490'")
    id: str = Field("", description="Canonical record id when it can be worked out, e.g. '1976TOKYO12490'")
    note: str = Field("", description="e.g. NOTAL")
    letter: str = Field("", description="A), B) ... for lettered references")
    kind: str = Field("", description="ref, repeat, crossref, reftel, text, septel, other (memcon, telcon, e-mail ...)")
    year: str = Field("", description="The year as printed with the reference ('06', '2009'); empty when the "
                                      "citing record's date gives it")
    source: str = Field("", description="Where it was read and how it was resolved: ref-line, text, repeat, "
                                        "attributes, markup; '+year:record-date' when the year was inferred")
    mentions: list[str] = Field(default_factory=list, description="Where the text cites it: 'paragraph 2: REFTEL', "
                                                                  "'paragraph 4: REF B', 'paragraph 5: STATE 1234'")


class Participant(_Model):
    name: str
    side: str = ""
    role: str = ""


class Block(_Model):
    """One block of the body: a numbered paragraph, a speaker turn, a heading ..."""

    n: int | None = Field(None, description="Paragraph number as printed, or the turn's ordinal")
    kind: BlockKind = "paragraph"
    speaker: str = Field("", description="Normalised speaker key, e.g. 'TANAKA'")
    speakers: list[str] = Field(default_factory=list, description="All speakers of a joint turn")
    speaker_label: str = Field("", description="Speaker as printed, e.g. 'K.TANAKA.'")
    label: str = Field("", description="A paragraph label such as 'COMMENT' or 'SUMMARY'")
    text: str = ""


class Note(_Model):
    n: str
    text: str
    anchor: str = Field("", description="Where the note is referenced from, if known")


class Archive(_Model):
    repository: str = ""
    fond: str = ""
    opis: str = ""
    delo: str = ""
    listy: str = ""
    film_number: str = ""
    legacy_key: str = ""
    document_number: str = ""
    line_count: int | None = None
    page_count: int | None = None
    locator: str = ""
    office: str = ""
    document_source: str = ""
    capture_date: str = ""
    volume: str = ""
    extra: dict[str, str] = Field(default_factory=dict)


class ReviewEvent(_Model):
    action: str
    date: str = ""
    by: str = ""
    stage: str = Field("review", description="review or disposition")
    comment: str = ""


class Review(_Model):
    events: list[ReviewEvent] = Field(default_factory=list)
    authority: str = ""
    comment: str = ""
    markings: list[str] = Field(default_factory=list)
    release_date: str = ""


class Mention(_Model):
    start: int
    end: int
    text: str = ""


class Entity(_Model):
    name: str
    type: str = Field(description="PERSON, PLACE, ORG, COUNTRY, TERM ...")
    key: str = Field("", description="Normalised key used to link the same entity across records")
    source: str = Field("", description="tags, participants, speakers, gold, ner, frus-list ...")
    role: str = ""
    mentions: list[Mention] = Field(default_factory=list)
    ref: str = Field("", description="The source's own identifier for it, e.g. a FRUS persons-list xml:id")


class Correction(_Model):
    """One change a Clean pass made to the text (or a piece it left out), so a reader can see and undo it.

    ``rule`` names the pass's rule; what ``start``/``end`` index is the rule's to say (``furniture``:
    ``raw``, with ``original == raw[start:end]``, or -1 when the piece could not be found in ``raw``;
    ``ocr-*``: the record's repaired ``text``, ``text[start:end] == replacement`` when ``applied``,
    ``== original`` when only flagged).  ``applied`` False marks a flag: proposed, not made; ``note``
    says why (below the confidence threshold, inside quotation marks, or rejected by the historian).
    """

    start: int
    end: int
    original: str
    replacement: str
    rule: str
    confidence: float = 1.0
    applied: bool = Field(True, description="True if the change was made to text; False if it is only flagged")
    note: str = Field("", description="Why a flagged correction was not applied: 'below threshold', 'quoted', 'rejected'")


@dataclass
class CleanInput:
    """What a parser hands to the Clean passes beside the record (never serialised, never stored).

    ``text`` is the text the parser read (for a telegram file ``raw`` itself; for a
    cablegate page or CSV row the cable text cut out of it); ``furniture`` is the
    page furniture the parser left out of ``text``, each piece as printed (stripped),
    in the order it stands in ``text``.  The furniture pass turns each piece into a
    :class:`Correction`; the pipeline drops the hand-over once the Clean stage ran.
    """

    text: str = ""
    furniture: list[str] = field(default_factory=list)


class Source(_Model):
    path: str = ""
    sha256: str = ""
    format: str = ""
    parser_version: str = PARSER_VERSION
    part: str = Field("", description="Which part of a multi-record file, e.g. a CSV row or TEI div id")


class Variant(_Model):
    """A value one source gave for a field that another source gave differently."""

    field: str
    value: Any
    source: str = Field("", description="Path or format of the source that gave this value")


class Record(_Model):
    id: str
    collection: str = ""
    kind: str = ""
    title: str = ""
    subject: str = ""
    date: str = ""
    datetime: str = ""
    date_precision: DatePrecision = ""
    from_: Address | None = Field(None, alias="from")
    to: list[Address] = Field(default_factory=list)
    info: list[Address] = Field(default_factory=list)
    precedence: str = ""
    routing: Routing = Field(default_factory=Routing)
    classification: Classification = Field(default_factory=Classification)
    handling: list[str] = Field(default_factory=list)
    executive_order: str = ""
    declassify: str = ""
    tags: list[str] = Field(default_factory=list)
    tag_subjects: list[str] = Field(default_factory=list)
    tag_countries: list[str] = Field(default_factory=list)
    tag_persons: list[str] = Field(default_factory=list)
    concepts: list[str] = Field(default_factory=list)
    summary: str = ""
    references: list[Reference] = Field(default_factory=list)
    signer: str = ""
    drafter: str = ""
    approver: str = ""
    participants: list[Participant] = Field(default_factory=list)
    body: list[Block] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)
    archive: Archive = Field(default_factory=Archive)
    source_url: str = ""
    citation: str = ""
    translator: str = ""
    review: Review = Field(default_factory=Review)
    attributes: dict[str, Any] = Field(default_factory=dict)
    entities: list[Entity] = Field(default_factory=list)
    corrections: list[Correction] = Field(default_factory=list)
    language: str = ""
    original_language: str = ""
    aliases: list[str] = Field(default_factory=list, description="Other ids this record is known by")
    warnings: list[str] = Field(default_factory=list, description="What the parser could not read or had to guess")
    text: str = ""
    raw: str = ""
    source: Source = Field(default_factory=Source)
    sources: list[Source] = Field(default_factory=list)
    variants: list[Variant] = Field(default_factory=list, description="Conflicting values from other sources of the same document")

    _clean_input: CleanInput | None = PrivateAttr(default=None)

    # -- the parser's hand-over to the Clean stage -------------------------
    @property
    def clean_input(self) -> CleanInput | None:
        """What the parser handed to the Clean passes (see :class:`CleanInput`), or ``None``."""
        return self._clean_input

    def hand_over(self, data: CleanInput | None) -> None:
        """Set (or, with ``None``, drop) the parser's hand-over to the Clean passes."""
        self._clean_input = data

    # -- JSON -------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True, mode="json")

    def to_json(self, *, indent: int | None = None) -> str:
        """Stable JSON: keys in model order, UTF-8 text (pydantic's serializer; compact unless ``indent``)."""
        if indent is None:
            try:
                return self.model_dump_json(by_alias=True)
            except PydanticSerializationError:
                # e.g. a lone surrogate: json.dumps keeps it, and the catalogue reports the record by id.
                return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        return cls.model_validate(data)

    @classmethod
    def from_json(cls, text: str | bytes) -> Record:
        return cls.model_validate_json(text)

    # -- helpers ----------------------------------------------------------
    @property
    def year(self) -> int | None:
        if len(self.date) >= 4 and self.date[:4].isdigit():
            return int(self.date[:4])
        return None

    def display_title(self) -> str:
        return self.title or self.subject or self.id


def record_json_schema() -> dict[str, Any]:
    """JSON Schema of the record, as printed by ``legation schema``."""
    schema = Record.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://legation.invalid/schema/record.json"
    return schema
